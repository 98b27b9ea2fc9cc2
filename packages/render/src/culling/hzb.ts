/**
 * Hierarchical-Z occlusion, CPU side: the depth pyramid and the sphere test
 * that runs on it, whether the pyramid was reduced here (tests, fallback) or
 * read back from the GPU (`hzb-gpu.ts`).
 *
 * Depth convention: standard WebGL depth, window depth 0 at the near plane
 * and 1 at the far plane (default depthRange 0..1), depth test LESS. A
 * pyramid texel therefore keeps the MAX of the depths below it: the farthest
 * surface in that area, so anything nearer than it may show through. Rows go
 * bottom-up, as glReadPixels returns them (row 0 is NDC y = -1).
 *
 * Coverage: level n+1 has max(1, floor(w/2)) columns; when level n has an
 * odd width each texel also takes the third column 2x+2 (the same for rows),
 * so texel x of any level covers at least the normalised screen range
 * [x/w, (x+1)/w]. The test leans on that alone, so a pyramid whose first
 * level is already a reduction (the GPU one) works the same.
 */
import type { ReadonlyMat4 } from 'gl-matrix';
import { assertSphereArgs, assertSphereListArgs, type BoundingSpheres } from './bounding-spheres.ts';

/** Largest level-0 edge accepted, texels (the WebGL2 texture size limit of desktop GPUs). */
export const MAX_HZB_SIZE = 16384;

export interface HzbPyramid {
  /** Level 0 size, texels. */
  readonly width: number;
  readonly height: number;
  /** Levels down to 1×1 inclusive. */
  readonly levelCount: number;
  readonly widths: Int32Array;
  readonly heights: Int32Array;
  /** Where each level starts in `data`. */
  readonly offsets: Int32Array;
  /** Every level, row-major, bottom row first, one after another. */
  readonly data: Float32Array;
  /** Views of `data`, one per level. */
  readonly levels: readonly Float32Array[];
}

/** The matrices of the frame a pyramid was rendered with. The view must be rigid (no scale): radii are used as they are. */
export interface HzbFrame {
  readonly view: ReadonlyMat4;
  /** A perspective projection (gl-matrix `perspective`/`frustum`, finite or infinite far). */
  readonly projection: ReadonlyMat4;
}

function assertEdge(where: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1 || v > MAX_HZB_SIZE) throw new RangeError(`${where}: ${name} must be an integer in 1..${MAX_HZB_SIZE}, got ${v}`);
}

function assertSize(where: string, width: number, height: number): void {
  assertEdge(where, 'width', width);
  assertEdge(where, 'height', height);
}

export function createHzbPyramid(width: number, height: number): HzbPyramid {
  assertSize('createHzbPyramid', width, height);
  let levelCount = 1;
  for (let w = width, h = height; w > 1 || h > 1; levelCount++) {
    w = Math.max(1, w >> 1);
    h = Math.max(1, h >> 1);
  }
  const widths = new Int32Array(levelCount);
  const heights = new Int32Array(levelCount);
  const offsets = new Int32Array(levelCount);
  let total = 0;
  for (let l = 0, w = width, h = height; l < levelCount; l++) {
    widths[l] = w;
    heights[l] = h;
    offsets[l] = total;
    total += w * h;
    w = Math.max(1, w >> 1);
    h = Math.max(1, h >> 1);
  }
  const data = new Float32Array(total);
  const levels: Float32Array[] = [];
  for (let l = 0; l < levelCount; l++) levels.push(data.subarray(offsets[l]!, offsets[l]! + widths[l]! * heights[l]!));
  return { width, height, levelCount, widths, heights, offsets, data, levels };
}

/**
 * Fills levels 1.. from level 0. Each texel is the max of its 2×2 footprint,
 * widened to 3 columns (rows) when the finer level's width (height) is odd.
 * Math.max keeps a NaN, which the sphere test reads as "visible".
 */
export function reduceHzbPyramid(pyramid: HzbPyramid): HzbPyramid {
  const { data, widths, heights, offsets } = pyramid;
  for (let l = 1; l < pyramid.levelCount; l++) {
    const pw = widths[l - 1]!;
    const ph = heights[l - 1]!;
    const src = offsets[l - 1]!;
    const w = widths[l]!;
    const h = heights[l]!;
    const dst = offsets[l]!;
    const oddX = (pw & 1) === 1;
    const oddY = (ph & 1) === 1;
    for (let y = 0; y < h; y++) {
      const r0 = src + 2 * y * pw;
      const r1 = src + Math.min(2 * y + 1, ph - 1) * pw;
      const r2 = src + Math.min(2 * y + 2, ph - 1) * pw;
      for (let x = 0; x < w; x++) {
        const c0 = 2 * x;
        const c1 = Math.min(c0 + 1, pw - 1);
        let m = Math.max(data[r0 + c0]!, data[r0 + c1]!, data[r1 + c0]!, data[r1 + c1]!);
        if (oddX) {
          const c2 = Math.min(c0 + 2, pw - 1);
          m = Math.max(m, data[r0 + c2]!, data[r1 + c2]!);
          if (oddY) m = Math.max(m, data[r2 + c2]!);
        }
        if (oddY) m = Math.max(m, data[r2 + c0]!, data[r2 + c1]!);
        data[dst + y * w + x] = m;
      }
    }
  }
  return pyramid;
}

/** Builds `out` from a depth buffer (row-major, bottom row first, window depth 0..1) of the same size. */
export function buildHzbFromDepth(depth: Float32Array, width: number, height: number, out: HzbPyramid): HzbPyramid {
  assertSize('buildHzbFromDepth', width, height);
  if (depth.length < width * height) throw new RangeError(`buildHzbFromDepth: ${width}×${height} needs ${width * height} depths, got ${depth.length}`);
  if (out.width !== width || out.height !== height) {
    throw new RangeError(`buildHzbFromDepth: the pyramid is ${out.width}×${out.height} but the depth buffer is ${width}×${height}`);
  }
  out.data.set(depth.length === width * height ? depth : depth.subarray(0, width * height));
  return reduceHzbPyramid(out);
}

// Entries a perspective projection leaves at 0: x and y depend on x, y and z only, w is -z.
const PERSPECTIVE_ZEROS: readonly number[] = [1, 2, 3, 4, 6, 7, 12, 13, 15];

/**
 * Checks that a projection has the perspective shape the test assumes. Its
 * near plane, p[14] / (p[10] - 1), is left to the caller to compute: these
 * run once a frame, in code V8 has not fully optimised yet, where a number
 * returned or passed to a call is boxed (an allocation), as is a for-of
 * iterator.
 */
function assertPerspective(where: string, p: ReadonlyMat4): void {
  if (p.length < 16) throw new RangeError(`${where}: projection holds ${p.length} numbers, 16 needed`);
  for (let k = 0; k < PERSPECTIVE_ZEROS.length; k++) {
    const i = PERSPECTIVE_ZEROS[k]!;
    if (p[i] !== 0) throw new RangeError(`${where}: projection[${i}] is ${p[i]}, not 0: only perspective projections are supported`);
  }
  if (p[11] !== -1) throw new RangeError(`${where}: projection[11] is ${p[11]}, not -1: only perspective projections are supported`);
  if (!(p[0]! > 0 && p[5]! > 0)) throw new RangeError(`${where}: projection scales x by ${p[0]} and y by ${p[5]}; both must be > 0`);
  const near = p[14]! / (p[10]! - 1);
  if (!(p[14]! < 0 && near > 0 && near < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`${where}: projection[10], [14] = ${p[10]}, ${p[14]} give no positive near plane with standard (not reversed) depth`);
  }
}

function assertFrame(where: string, pyramid: HzbPyramid, frame: HzbFrame): void {
  if (frame.view.length < 16) throw new RangeError(`${where}: view holds ${frame.view.length} numbers, 16 needed`);
  const last = pyramid.levelCount - 1;
  if (pyramid.widths[last] !== 1 || pyramid.heights[last] !== 1) throw new RangeError(`${where}: the pyramid does not end in a 1×1 level`);
  assertPerspective(where, frame.projection);
}

/**
 * Writes the index of every sphere of `0..count-1` that may be visible
 * against `pyramid` into `outVisible` and returns how many; see
 * `testSphereListAgainstHzb`.
 */
export function testSpheresAgainstHzb(
  pyramid: HzbPyramid,
  frame: HzbFrame,
  spheres: BoundingSpheres,
  count: number,
  outVisible: Uint32Array,
): number {
  assertSphereArgs('testSpheresAgainstHzb', spheres, count, outVisible);
  assertFrame('testSpheresAgainstHzb', pyramid, frame);
  return cullAgainstHzb(pyramid, frame, spheres, null, count, outVisible);
}

/**
 * Keeps the ids of `list` whose spheres may be visible against `pyramid`,
 * rendered with `frame`'s matrices. A sphere's view-space bounds give its
 * exact screen rectangle (tangent planes, as in Mara & McGuire 2013) and its
 * nearest depth; the pyramid level where that rectangle spans at most 2×2
 * texels gives the farthest depth there. Culled only when the nearest point
 * is behind it. Conservative: a sphere crossing the near plane, reaching past
 * the screen edge (the pyramid is a frame or more old and knows nothing
 * there) or holding a NaN is kept. `outVisible` may be `list` itself.
 */
export function testSphereListAgainstHzb(
  pyramid: HzbPyramid,
  frame: HzbFrame,
  spheres: BoundingSpheres,
  list: Uint32Array,
  count: number,
  outVisible: Uint32Array,
): number {
  assertSphereListArgs('testSphereListAgainstHzb', spheres, list, count, outVisible);
  assertFrame('testSphereListAgainstHzb', pyramid, frame);
  return cullAgainstHzb(pyramid, frame, spheres, list, count, outVisible);
}

function cullAgainstHzb(
  pyramid: HzbPyramid,
  frame: HzbFrame,
  spheres: BoundingSpheres,
  list: Uint32Array | null,
  count: number,
  out: Uint32Array,
): number {
  const { x, y, z, radius } = spheres;
  const { data, widths, heights, offsets } = pyramid;
  const last = pyramid.levelCount - 1;
  const w0 = pyramid.width;
  const h0 = pyramid.height;
  const v = frame.view;
  const v0 = v[0]!, v1 = v[1]!, v2 = v[2]!, v4 = v[4]!, v5 = v[5]!, v6 = v[6]!;
  const v8 = v[8]!, v9 = v[9]!, v10 = v[10]!, v12 = v[12]!, v13 = v[13]!, v14 = v[14]!;
  const p = frame.projection;
  const p0 = p[0]!, p5 = p[5]!, p8 = p[8]!, p9 = p[9]!, p10 = p[10]!, p14 = p[14]!;
  const near = p14 / (p10 - 1);
  let visible = 0;
  for (let k = 0; k < count; k++) {
    const i = list === null ? k : list[k]!;
    const wx = x[i]!;
    const wy = y[i]!;
    const wz = z[i]!;
    const r = radius[i]!;
    const cx = v0 * wx + v4 * wy + v8 * wz + v12;
    const cy = v1 * wx + v5 * wy + v9 * wz + v13;
    // Distance in front of the eye: view space looks down -z.
    const d = -(v2 * wx + v6 * wy + v10 * wz + v14);
    // Written so that NaN anywhere falls through to "visible".
    if (r >= 0 && d - r > near) {
      const dd = d * d - r * r;
      const sx = r * Math.sqrt(cx * cx + dd);
      const sy = r * Math.sqrt(cy * cy + dd);
      // Tangent slopes x/d of the sphere, through the projection, into 0..1.
      const scaleX = (0.5 * p0) / dd;
      const scaleY = (0.5 * p5) / dd;
      const u0 = 0.5 - 0.5 * p8 + scaleX * (cx * d - sx);
      const u1 = 0.5 - 0.5 * p8 + scaleX * (cx * d + sx);
      const t0 = 0.5 - 0.5 * p9 + scaleY * (cy * d - sy);
      const t1 = 0.5 - 0.5 * p9 + scaleY * (cy * d + sy);
      if (u0 >= 0 && u1 <= 1 && t0 >= 0 && t1 <= 1) {
        const nearest = 0.5 + 0.5 * (p14 / (d - r) - p10);
        const extent = Math.max((u1 - u0) * w0, (t1 - t0) * h0);
        // ceil(log2(extent)) without a log: ceil(log2(n)) = 32 - clz32(n - 1) for whole n >= 1.
        let level = Math.min(last, 32 - Math.clz32(Math.ceil(extent) - 1));
        let w = widths[level]!;
        let h = heights[level]!;
        let x0 = Math.floor(u0 * w);
        let x1 = Math.min(w - 1, Math.floor(u1 * w));
        let y0 = Math.floor(t0 * h);
        let y1 = Math.min(h - 1, Math.floor(t1 * h));
        // Rounding can leave a rectangle of exactly one texel straddling three.
        while ((x1 - x0 > 1 || y1 - y0 > 1) && level < last) {
          level++;
          w = widths[level]!;
          h = heights[level]!;
          x0 = Math.floor(u0 * w);
          x1 = Math.min(w - 1, Math.floor(u1 * w));
          y0 = Math.floor(t0 * h);
          y1 = Math.min(h - 1, Math.floor(t1 * h));
        }
        const row0 = offsets[level]! + y0 * w;
        const row1 = offsets[level]! + y1 * w;
        const farthest = Math.max(data[row0 + x0]!, data[row0 + x1]!, data[row1 + x0]!, data[row1 + x1]!);
        if (nearest > farthest) continue;
      }
    }
    out[visible++] = i;
  }
  return visible;
}
