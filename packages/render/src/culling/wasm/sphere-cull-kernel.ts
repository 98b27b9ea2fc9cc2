/**
 * The WebAssembly SIMD frustum-culling kernel (sphere-cull.wat) and the
 * memory it works in. Sphere arrays handed out by `createBoundingSpheres`
 * are views of this memory, so culling reads them in place: nothing is
 * copied into WebAssembly per frame.
 *
 * Memory layout, fixed at creation (the memory never grows, so the views
 * stay attached): 128 bytes of planes, then x, y, z, radius and the visible
 * list, each padded to a multiple of four entries because the kernel reads
 * whole groups of four.
 */
import { SPHERE_CULL_WASM } from './sphere-cull.wasm.ts';

interface SphereCullExports {
  cullSpheres(x: number, y: number, z: number, r: number, planes: number, count: number, out: number): number;
}

export interface SphereCullKernel {
  /** Spheres the arrays hold. */
  readonly capacity: number;
  readonly memory: WebAssembly.Memory;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly z: Float32Array;
  readonly radius: Float32Array;
  /** Where `cull` writes the indices of the spheres it keeps. */
  readonly visible: Uint32Array;
  /**
   * Culls spheres 0..count-1 against `planes` (the FrustumPlanes layout),
   * writes the kept indices, in order, into `visible` and returns how many.
   */
  cull(planes: Float64Array, count: number): number;
}

const PLANES_BYTES = 128;
const PAGE_BYTES = 65536;
/** wasm32 addresses 4 GiB; beyond this the scalar path is used. */
const MAX_MEMORY_BYTES = 2 ** 31;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where the engine has no WebAssembly SIMD. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly === 'object' && WebAssembly.validate(SPHERE_CULL_WASM)) {
    // Small enough for synchronous compilation on a browser's main thread (limit 4 KiB).
    compiled = new WebAssembly.Module(SPHERE_CULL_WASM);
  }
  return compiled;
}

/** Whether this engine runs the SIMD kernel (WebAssembly with 128-bit SIMD). */
export function sphereCullKernelSupported(): boolean {
  return kernelModule() !== null;
}

/**
 * A kernel with room for `capacity` spheres, or null when WebAssembly SIMD is
 * missing or the memory cannot be had (the caller then uses plain arrays and
 * the scalar loop).
 */
export function createSphereCullKernel(capacity: number): SphereCullKernel | null {
  const module = kernelModule();
  if (module === null) return null;
  const padded = Math.max(4, Math.ceil(capacity / 4) * 4);
  const arrayBytes = padded * 4;
  const bytes = PLANES_BYTES + 5 * arrayBytes;
  if (bytes > MAX_MEMORY_BYTES) return null;
  const pages = Math.ceil(bytes / PAGE_BYTES);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch {
    return null;
  }
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as SphereCullExports;
  const xAt = PLANES_BYTES;
  const yAt = xAt + arrayBytes;
  const zAt = yAt + arrayBytes;
  const rAt = zAt + arrayBytes;
  const outAt = rAt + arrayBytes;
  const buffer = memory.buffer;
  const planeView = new Float32Array(buffer, 0, 25);
  return {
    capacity,
    memory,
    x: new Float32Array(buffer, xAt, capacity),
    y: new Float32Array(buffer, yAt, capacity),
    z: new Float32Array(buffer, zAt, capacity),
    radius: new Float32Array(buffer, rAt, capacity),
    visible: new Uint32Array(buffer, outAt, capacity),
    cull(planes, count) {
      let maxW = 0;
      for (let p = 0; p < 24; p++) {
        planeView[p] = planes[p]!;
        if ((p & 3) === 3) {
          const w = Math.abs(planes[p]!);
          if (w > maxW && w !== Number.POSITIVE_INFINITY) maxW = w;
        }
      }
      planeView[24] = maxW;
      return exports.cullSpheres(xAt, yAt, zAt, rAt, 0, count, outAt);
    },
  };
}
