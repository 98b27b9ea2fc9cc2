/**
 * Bounding spheres as a structure of typed arrays: centre x, y, z and radius,
 * indexed like the entity components they describe (`x[eid]`). Culling reads
 * them in place; nothing is copied per frame.
 */
import { createSphereCullKernel, type SphereCullKernel } from './wasm/sphere-cull-kernel.ts';

export interface BoundingSpheres {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly z: Float32Array;
  readonly radius: Float32Array;
  /**
   * The SIMD culling kernel whose memory holds these arrays, when they were
   * made by `createBoundingSpheres` on an engine with WebAssembly SIMD.
   */
  readonly kernel?: SphereCullKernel;
}

export interface BoundingSpheresOptions {
  /** Put the arrays in WebAssembly memory for the SIMD kernel where it runs (default true). */
  readonly simd?: boolean;
}

export function createBoundingSpheres(capacity: number, options: BoundingSpheresOptions = {}): BoundingSpheres {
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 1 << 26) {
    throw new RangeError(`createBoundingSpheres: capacity must be an integer in 0..${1 << 26}, got ${capacity}`);
  }
  const kernel = options.simd === false ? null : createSphereCullKernel(capacity);
  if (kernel !== null) return { x: kernel.x, y: kernel.y, z: kernel.z, radius: kernel.radius, kernel };
  return {
    x: new Float32Array(capacity),
    y: new Float32Array(capacity),
    z: new Float32Array(capacity),
    radius: new Float32Array(capacity),
  };
}

/** Checks once per call what the loops then take for granted: every array holds `count` spheres, `out` has room for them. */
export function assertSphereArgs(where: string, spheres: BoundingSpheres, count: number, out: Uint32Array): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${where}: count must be an integer >= 0, got ${count}`);
  const shortest = Math.min(spheres.x.length, spheres.y.length, spheres.z.length, spheres.radius.length);
  if (shortest < count) throw new RangeError(`${where}: ${count} spheres asked for but the sphere arrays hold only ${shortest}`);
  if (out.length < count) throw new RangeError(`${where}: output has room for ${out.length} indices, ${count} may be written`);
}

/** The same for a list of sphere indices (entity ids): every id must address the sphere arrays. */
export function assertSphereListArgs(
  where: string,
  spheres: BoundingSpheres,
  list: Uint32Array,
  count: number,
  out: Uint32Array,
): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${where}: count must be an integer >= 0, got ${count}`);
  if (list.length < count) throw new RangeError(`${where}: ${count} entries asked for but the list holds only ${list.length}`);
  if (out.length < count) throw new RangeError(`${where}: output has room for ${out.length} indices, ${count} may be written`);
  const shortest = Math.min(spheres.x.length, spheres.y.length, spheres.z.length, spheres.radius.length);
  let largest = -1;
  for (let k = 0; k < count; k++) if (list[k]! > largest) largest = list[k]!;
  if (largest >= shortest) throw new RangeError(`${where}: the list holds index ${largest} but the sphere arrays hold only ${shortest}`);
}
