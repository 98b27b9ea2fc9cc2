/**
 * Frustum culling of bounding spheres held in typed arrays.
 *
 * Planes are the rows of the view-projection matrix combined as Gribb and
 * Hartmann describe, for WebGL clip space (-w <= x, y, z <= w; gl-matrix
 * column-major). Each plane (a, b, c, d) is normalised so that
 * a*x + b*y + c*z + d is the signed distance of a point, positive inside: a
 * sphere is outside when that distance is below -radius for any plane.
 */
import type { ReadonlyMat4, ReadonlyVec3 } from 'gl-matrix';
import { assertSphereArgs, assertSphereListArgs, type BoundingSpheres } from './bounding-spheres.ts';

/** Six planes of four numbers: left, right, bottom, top, near, far. */
export type FrustumPlanes = Float64Array;

export const FRUSTUM_PLANE_COUNT = 6;
export const PLANE_LEFT = 0;
export const PLANE_RIGHT = 1;
export const PLANE_BOTTOM = 2;
export const PLANE_TOP = 3;
export const PLANE_NEAR = 4;
export const PLANE_FAR = 5;

export function createFrustumPlanes(): FrustumPlanes {
  return new Float64Array(FRUSTUM_PLANE_COUNT * 4);
}

// Row r of a column-major matrix is (m[r], m[4 + r], m[8 + r], m[12 + r]).
function setPlane(out: FrustumPlanes, plane: number, m: ReadonlyMat4, row: number, sign: number): void {
  const a = m[3]! + sign * m[row]!;
  const b = m[7]! + sign * m[4 + row]!;
  const c = m[11]! + sign * m[8 + row]!;
  const d = m[15]! + sign * m[12 + row]!;
  // Math.hypot would box its arguments: an allocation per call.
  const length = Math.sqrt(a * a + b * b + c * c);
  const o = plane * 4;
  out[o] = a / length;
  out[o + 1] = b / length;
  out[o + 2] = c / length;
  out[o + 3] = d / length;
}

/**
 * Extracts the six planes of `viewProj` into `out`. With a finite
 * `drawDistance` (PerformanceSettings.rendering.drawDistance) and the `eye`
 * it is measured from, the far plane is pulled in to that distance when the
 * projection's own far plane lies beyond it; an infinite far plane is
 * replaced the same way. Allocates nothing.
 */
export function extractFrustumPlanes(
  out: FrustumPlanes,
  viewProj: ReadonlyMat4,
  eye?: ReadonlyVec3,
  drawDistance = Number.POSITIVE_INFINITY,
): FrustumPlanes {
  if (out.length < FRUSTUM_PLANE_COUNT * 4) throw new RangeError(`extractFrustumPlanes: out holds ${out.length} numbers, 24 needed`);
  if (viewProj.length < 16) throw new RangeError(`extractFrustumPlanes: viewProj holds ${viewProj.length} numbers, 16 needed`);
  // v - v === 0 is Number.isFinite(v) without a call: this runs once a frame, in code V8 may
  // not have optimised yet, where passing a number to a call boxes it (an allocation).
  for (let i = 0; i < 16; i++) {
    if (!(viewProj[i]! - viewProj[i]! === 0)) throw new RangeError(`extractFrustumPlanes: viewProj[${i}] is ${viewProj[i]}`);
  }
  if (!(drawDistance > 0)) throw new RangeError(`extractFrustumPlanes: drawDistance must be > 0, got ${drawDistance}`);
  setPlane(out, PLANE_LEFT, viewProj, 0, 1);
  setPlane(out, PLANE_RIGHT, viewProj, 0, -1);
  setPlane(out, PLANE_BOTTOM, viewProj, 1, 1);
  setPlane(out, PLANE_TOP, viewProj, 1, -1);
  setPlane(out, PLANE_NEAR, viewProj, 2, 1);
  setPlane(out, PLANE_FAR, viewProj, 2, -1);
  for (let p = 0; p < PLANE_FAR; p++) {
    if (!(out[p * 4]! - out[p * 4]! === 0)) throw new RangeError(`extractFrustumPlanes: viewProj is singular (plane ${p} has no normal)`);
  }
  const n = PLANE_NEAR * 4;
  const f = PLANE_FAR * 4;
  const nx = out[n]!;
  const ny = out[n + 1]!;
  const nz = out[n + 2]!;
  // The far plane is parallel to the near one; written as the exact opposite of its
  // normal (through the point of the far plane nearest the origin) so culling can
  // share one dot product between them. An infinite far plane (no normal) is at +∞.
  let farW = Number.POSITIVE_INFINITY;
  if (out[f]! - out[f]! === 0) {
    const w = out[f + 3]!;
    farW = -(nx * out[f]! + ny * out[f + 1]! + nz * out[f + 2]!) * w;
  }
  if (drawDistance !== Number.POSITIVE_INFINITY) {
    if (eye === undefined || eye.length < 3) throw new RangeError('extractFrustumPlanes: a finite drawDistance needs the eye position');
    // Facing the near plane's normal back, `drawDistance` ahead of the eye, when nearer than the projection's.
    const atDrawDistance = drawDistance + nx * eye[0]! + ny * eye[1]! + nz * eye[2]!;
    if (atDrawDistance < farW) farW = atDrawDistance;
  }
  out[f] = -nx;
  out[f + 1] = -ny;
  out[f + 2] = -nz;
  out[f + 3] = farW;
  return out;
}

/**
 * Writes the index of every sphere of `0..count-1` that touches the frustum
 * into `outVisible`, in order, and returns how many. A sphere with a NaN
 * field is kept: culling never hides what it cannot judge.
 *
 * Spheres made by `createBoundingSpheres` where WebAssembly SIMD runs are
 * culled four at a time by the kernel in wasm/sphere-cull.wat, in f32 with a
 * slack that keeps it conservative: it keeps every sphere the scalar f64
 * test keeps, and may also keep one lying within about 1e-6 of its
 * coordinates' magnitude outside a plane. Passing the kernel's own
 * `visible` array as `outVisible` saves the copy.
 */
export function frustumCullSpheres(planes: FrustumPlanes, spheres: BoundingSpheres, count: number, outVisible: Uint32Array): number {
  assertSphereArgs('frustumCullSpheres', spheres, count, outVisible);
  const kernel = spheres.kernel;
  if (kernel === undefined || count > kernel.capacity) return cullScalar(planes, spheres, null, count, outVisible);
  const visible = kernel.cull(planes, count);
  const own = kernel.visible;
  if (outVisible.buffer !== own.buffer || outVisible.byteOffset !== own.byteOffset) {
    // A loop, not set(subarray()): a subarray is an allocation per call.
    for (let k = 0; k < visible; k++) outVisible[k] = own[k]!;
  }
  return visible;
}

/**
 * The scalar f64 loop of `frustumCullSpheres`, whatever the spheres' memory:
 * what engines without WebAssembly SIMD run, and the reference the kernel is
 * tested against.
 */
export function frustumCullSpheresScalar(planes: FrustumPlanes, spheres: BoundingSpheres, count: number, outVisible: Uint32Array): number {
  assertSphereArgs('frustumCullSpheresScalar', spheres, count, outVisible);
  return cullScalar(planes, spheres, null, count, outVisible);
}

/**
 * The same over a list of sphere indices (entity ids, e.g. a query's
 * result): writes the ids whose spheres touch the frustum into `outVisible`
 * and returns how many. `outVisible` may be `list` itself. Scalar: the
 * kernel reads spheres in runs of four, which a list of ids does not give.
 */
export function frustumCullList(
  planes: FrustumPlanes,
  spheres: BoundingSpheres,
  list: Uint32Array,
  count: number,
  outVisible: Uint32Array,
): number {
  assertSphereListArgs('frustumCullList', spheres, list, count, outVisible);
  return cullScalar(planes, spheres, list, count, outVisible);
}

/** Spheres 0..count-1, or those `list` names; writes the kept indices (ids) into `outVisible`. */
function cullScalar(planes: FrustumPlanes, spheres: BoundingSpheres, list: Uint32Array | null, count: number, outVisible: Uint32Array): number {
  const { x, y, z, radius } = spheres;
  const lx = planes[0]!, ly = planes[1]!, lz = planes[2]!, lw = planes[3]!;
  const rx = planes[4]!, ry = planes[5]!, rz = planes[6]!, rw = planes[7]!;
  const bx = planes[8]!, by = planes[9]!, bz = planes[10]!, bw = planes[11]!;
  const tx = planes[12]!, ty = planes[13]!, tz = planes[14]!, tw = planes[15]!;
  // The far plane faces the near one (see extractFrustumPlanes): one dot product serves both.
  const nx = planes[16]!, ny = planes[17]!, nz = planes[18]!, nw = planes[19]!, fw = planes[23]!;
  let visible = 0;
  for (let k = 0; k < count; k++) {
    const i = list === null ? k : list[k]!;
    const cx = x[i]!;
    const cy = y[i]!;
    const cz = z[i]!;
    const nr = -radius[i]!;
    const ahead = nx * cx + ny * cy + nz * cz;
    // Every plane tested and the verdicts OR-ed: no branch for the predictor to miss.
    // NaN compares false, so a sphere with a NaN is kept.
    const outside =
      +(lx * cx + ly * cy + lz * cz + lw < nr) |
      +(rx * cx + ry * cy + rz * cz + rw < nr) |
      +(bx * cx + by * cy + bz * cz + bw < nr) |
      +(tx * cx + ty * cy + tz * cz + tw < nr) |
      +(ahead + nw < nr) |
      +(fw - ahead < nr);
    outVisible[visible] = i;
    visible += outside ^ 1;
  }
  return visible;
}
