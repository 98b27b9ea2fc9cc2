/** Visibility culling: frustum tests over typed arrays and hierarchical-Z occlusion (CPU test, WebGL2 pyramid). */
export { createBoundingSpheres } from './bounding-spheres.ts';
export type { BoundingSpheres, BoundingSpheresOptions } from './bounding-spheres.ts';
export { sphereCullKernelSupported } from './wasm/sphere-cull-kernel.ts';
export type { SphereCullKernel } from './wasm/sphere-cull-kernel.ts';
export {
  createFrustumPlanes,
  extractFrustumPlanes,
  frustumCullList,
  frustumCullSpheres,
  frustumCullSpheresScalar,
  FRUSTUM_PLANE_COUNT,
  PLANE_BOTTOM,
  PLANE_FAR,
  PLANE_LEFT,
  PLANE_NEAR,
  PLANE_RIGHT,
  PLANE_TOP,
} from './frustum-cull.ts';
export type { FrustumPlanes } from './frustum-cull.ts';
export {
  buildHzbFromDepth,
  createHzbPyramid,
  MAX_HZB_SIZE,
  reduceHzbPyramid,
  testSphereListAgainstHzb,
  testSpheresAgainstHzb,
} from './hzb.ts';
export type { HzbFrame, HzbPyramid } from './hzb.ts';
export { createHzbGpu, DEFAULT_HZB_READBACK_SIZE } from './hzb-gpu.ts';
export type { HzbGpu, HzbGpuOptions, HzbReadback } from './hzb-gpu.ts';
export { createHzbCuller, DEFAULT_HZB_MAX_AGE_FRAMES } from './hzb-culler.ts';
export type { HzbCuller, HzbCullerOptions } from './hzb-culler.ts';
