/**
 * The GPU's side of occlusion culling, done on the CPU for the coverage
 * checks: a depth pyramid (the render package's own buildHzbFromDepth) of
 * a wall across the whole view `distance` metres ahead, as the GPU would
 * have read it back, behind the HzbCuller interface render.cull uses. The
 * culling itself is the render package's testSphereListAgainstHzb.
 */
import { buildHzbFromDepth, createHzbPyramid, testSphereListAgainstHzb, type HzbCuller } from '@slv/render';
import { mat4, vec4 } from 'gl-matrix';
import { EYE } from './render-scene.test-support.ts';

const SIZE = 64;

export function wallCuller(distance: number): HzbCuller {
  const view = new Float32Array(16);
  const projection = new Float32Array(16);
  mat4.lookAt(view, EYE, [EYE[0], EYE[1] + 1, EYE[2]], [0, 0, 1]);
  mat4.perspective(projection, Math.PI / 3, 4 / 3, 0.5, 1000);
  const clip = vec4.transformMat4(vec4.create(), [0, 0, -distance, 1], projection);
  const depth = (clip[2]! / clip[3]!) * 0.5 + 0.5;
  const pyramid = buildHzbFromDepth(new Float32Array(SIZE * SIZE).fill(depth), SIZE, SIZE, createHzbPyramid(SIZE, SIZE));
  const latest = { pyramid, view, projection, frame: 1 };
  return {
    available: true,
    reason: '',
    latest,
    capture: () => {},
    update: () => false,
    cullList: (spheres, list, count, out) => testSphereListAgainstHzb(pyramid, latest, spheres, list, count, out),
    contextLost: () => {},
    contextRestored: () => true,
    dispose: () => {},
  };
}
