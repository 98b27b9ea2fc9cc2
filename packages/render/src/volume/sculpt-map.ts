/**
 * Sculpt maps and the vertex grid the viewer samples them on (llvolume.cpp:
 * sculpt_calc_mesh_resolution, LLVolume::sculpt, and LLPath / LLProfile::generate
 * with is_sculpted). A sculpted prim is a circle profile swept around a circle
 * path (what the build tools and PRIM_TYPE_SCULPT give every sculpt), so the grid
 * is a closed n-gon profile by a closed m-gon path; the map then decides where each
 * grid point lies. Counts and texture coordinates follow the viewer's 32-bit floats.
 */
import { VOLUME_DETAIL_SCALES, type PrimLod } from './volume-lod.ts';

/** LL_SCULPT_TYPE_*: the stitching in the SculptType byte's low 3 bits. */
export const SCULPT_TYPE_SPHERE = 1;
export const SCULPT_TYPE_TORUS = 2;
export const SCULPT_TYPE_PLANE = 3;
export const SCULPT_TYPE_CYLINDER = 4;
/** Not a sculpt: the sculpt block names a mesh asset. */
export const SCULPT_TYPE_MESH = 5;
export const SCULPT_TYPE_MASK = 0x07;
/** LL_SCULPT_FLAG_*: flags above the stitching. */
export const SCULPT_FLAG_MIRROR = 64;
export const SCULPT_FLAG_INVERT = 128;

/**
 * A decoded sculpt map as the texture pipeline delivers it (`@slv/assets`'
 * DecodedTexture fits): row-major 8-bit samples with the image's top row first.
 * Red, green and blue are x, y and z; other samples are ignored.
 */
export interface SculptMap {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  /** Samples per texel: 3 or 4 (default 4). */
  readonly components?: number;
}

/** The smallest map side accepted: the viewer's grid needs four texels a side to mean anything. */
export const MIN_SCULPT_MAP_SIDE = 4;
/** Second Life's largest texture side. */
export const MAX_SCULPT_MAP_SIDE = 2048;

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/**
 * Why `map` cannot be sampled, or null when it can: sides must be powers of two
 * from 4 to 2048 (what Second Life's uploader makes), 3 or 4 samples a texel, and
 * enough pixels for the size.
 */
export function sculptMapProblem(map: SculptMap | null | undefined): string | null {
  if (map === null || map === undefined) return 'no sculpt map';
  const { width, height, pixels } = map;
  const components = map.components ?? 4;
  if (!isPowerOfTwo(width) || !isPowerOfTwo(height)) {
    return `sculpt map is ${String(width)}x${String(height)}; each side must be a power of two`;
  }
  if (width < MIN_SCULPT_MAP_SIDE || height < MIN_SCULPT_MAP_SIDE) {
    return `sculpt map is ${width}x${height}; each side must be at least ${MIN_SCULPT_MAP_SIDE}`;
  }
  if (width > MAX_SCULPT_MAP_SIDE || height > MAX_SCULPT_MAP_SIDE) {
    return `sculpt map is ${width}x${height}; each side must be at most ${MAX_SCULPT_MAP_SIDE}`;
  }
  if (components !== 3 && components !== 4) return `sculpt map has ${String(components)} samples a texel; 3 or 4 are needed`;
  if (!(pixels instanceof Uint8Array)) return 'sculpt map pixels must be a Uint8Array';
  const needed = width * height * components;
  if (pixels.length < needed) return `sculpt map has ${pixels.length} bytes; ${width}x${height}x${components} needs ${needed}`;
  return null;
}

/** sculpt_sides: the grid side the LOD allows (detail 1, 1.5, 2.5, 4 give 6, 8, 16, 32). */
export function sculptSides(lod: PrimLod): number {
  const detail = VOLUME_DETAIL_SCALES[lod]!;
  return detail <= 1 ? 6 : detail <= 2 ? 8 : detail <= 3 ? 16 : 32;
}

/**
 * sculpt_calc_mesh_resolution: the path (`s`, map rows) and profile (`t`, map columns)
 * side counts for a `width` x `height` map at `lod`. At most sculptSides(lod)^2 and
 * width * height / 4 vertices, in the map's aspect ratio, never fewer than 4 a side
 * before the last division. A 0 x 0 map (no map) takes the LOD's full count.
 */
export function sculptMeshResolution(width: number, height: number, lod: PrimLod): { s: number; t: number } {
  const sides = sculptSides(lod);
  const lodVertices = sides * sides;
  const mapVertices = Math.trunc((width * height) / 4);
  const vertices = mapVertices > 0 ? Math.min(lodVertices, mapVertices) : lodVertices;
  const ratio = width === 0 || height === 0 ? 1 : Math.fround(width / height);
  let s = Math.trunc(Math.fround(Math.sqrt(Math.fround(vertices / ratio))));
  s = Math.max(s, 4);
  let t = Math.trunc(vertices / s);
  t = Math.max(t, 4);
  s = Math.trunc(vertices / t);
  return { s, t };
}

/** The sampled grid: its point counts and the texture coordinate of each path row and profile column. */
export class SculptGrid {
  /** Path points: the grid's rows, along the map's height. */
  rows = 0;
  /** Profile points: the grid's columns, along the map's width. */
  columns = 0;
  /** Texture v per row (the path's texT). */
  rowV = new Float32Array(0);
  /** Texture u per column (the profile point's z). */
  columnU = new Float32Array(0);
}

const f = Math.fround;

function reserve(a: Float32Array<ArrayBuffer>, n: number): Float32Array<ArrayBuffer> {
  return a.length >= n ? a : new Float32Array(Math.max(n, 2 * a.length));
}

/**
 * LLPath::genNGon's t values (the texture v) for an uncut circle path of `sides` sides, into
 * `out` (sides + 4 long at least). Returns the count: sides + 1, one more where float steps fall short of 1.
 */
function pathParameters(sides: number, out: Float32Array): number {
  const step = f(1 / sides);
  let n = 0;
  out[n++] = 0;
  // Snapped to the quantized step, as the viewer does for cuts.
  let t = f(Math.trunc(f(step * sides)) / sides);
  while (t < 1 && n < out.length - 1) {
    out[n++] = t;
    t = f(t + step);
  }
  out[n++] = 1;
  return n;
}

/** LLProfile::genNGon's point z (the texture u) for an uncut circle of `sides` sides, into `out`. Returns the count. */
function profileParameters(sides: number, out: Float32Array): number {
  const step = f(1 / sides);
  let n = 0;
  // The first point lerps from t = 0 by a zero fraction.
  out[n++] = 0;
  let last = 0;
  let t = step;
  while (t < 1 && n < out.length - 1) {
    out[n++] = t;
    last = t;
    t = f(t + step);
  }
  // The end point, unless the last step already reached it.
  const fraction = f(f(1 - f(t - step)) * sides);
  if (fraction > f(0.0001)) out[n++] = f(last + f(f(t - last) * fraction));
  return n;
}

/** The grid LLVolume::sculpt builds for a `width` x `height` map (0 x 0: no map) at `lod`, into `grid`. */
export function sculptGrid(width: number, height: number, lod: PrimLod, grid: SculptGrid = new SculptGrid()): SculptGrid {
  const { s, t } = sculptMeshResolution(width, height, lod);
  const sides = Math.max(s, 1);
  grid.rowV = reserve(grid.rowV, sides + 4);
  grid.columnU = reserve(grid.columnU, t + 4);
  grid.rows = pathParameters(sides, grid.rowV);
  grid.columns = profileParameters(t, grid.columnU);
  return grid;
}
