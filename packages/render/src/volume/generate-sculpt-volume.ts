/**
 * Sculpted prim geometry as the Second Life viewer builds it (LLVolume::sculpt,
 * sculptGenerateMapVertices, sculptGetSurfaceArea, the placeholders, and
 * LLVolumeFace::createSide's sculpt branch, llvolume.cpp): a grid sized by the LOD
 * and the map (sculpt-map.ts) whose points are read from the map's red, green and
 * blue, stitched by the sculpt type, in one face like the prim volumes.
 *
 * The viewer's decoder stores image rows bottom-up, so its map row y is the
 * pipeline's row height - 1 - y: the image's top row is the sculpt's last row.
 * Mirror negates x and reverses the columns (the winding is kept); invert reverses
 * the columns alone, which turns the surface inside out (normals and winding).
 */
import { PrimVolume, updateVolumeBounds } from './prim-volume.ts';
import {
  sculptGrid, sculptMapProblem, SculptGrid, SCULPT_FLAG_INVERT, SCULPT_FLAG_MIRROR, SCULPT_TYPE_CYLINDER, SCULPT_TYPE_MASK,
  SCULPT_TYPE_MESH, SCULPT_TYPE_PLANE, SCULPT_TYPE_SPHERE, SCULPT_TYPE_TORUS, type SculptMap,
} from './sculpt-map.ts';
import { gridNormals, gridTriangles, normalize, sumNormals } from './volume-faces.ts';
import type { PrimLod } from './volume-lod.ts';
import { FACE_OUTER_SIDE_0 } from './volume-profile.ts';

const WHERE = 'generateSculptVolume';
const f = Math.fround;
const F_PI = f(3.1415926535);
const INV_255 = f(1 / 255);
/** sculptGetSurfaceArea bounds: outside them the map is judged degenerate (SCULPT_MIN_AREA, SCULPT_MAX_AREA). */
const SCULPT_MIN_AREA = f(0.002);
const SCULPT_MAX_AREA = 384;
/** The sphere placeholder's radius. */
const PLACEHOLDER_RADIUS = f(0.3);

/**
 * Where a sculpt volume's points came from: the map; the sphere placeholder because the map
 * was flat or crumpled beyond the area test (`degenerate`), unusable (`bad-map`, see `problem`)
 * or missing; or nothing yet (`loading`: no triangles, as the viewer draws a sculpt whose map
 * has not arrived).
 */
export type SculptSource = 'map' | 'degenerate' | 'bad-map' | 'missing' | 'loading';

/** A PrimVolume with one face (0, outer side) that says where its points came from. */
export class SculptVolume extends PrimVolume {
  source: SculptSource = 'loading';
  /** Why the map was not used ('' when it was). */
  problem = '';
  /** The sampled grid: path rows by profile columns (0 x 0 while loading). */
  rows = 0;
  columns = 0;
  /** sculptGetSurfaceArea of the sampled points in unit space (0 where not measured). */
  surfaceArea = 0;
}

export interface SculptVolumeOptions {
  /** The SculptType byte: stitching (1 sphere, 2 torus, 3 plane, 4 cylinder) in the low 3 bits, 64 mirror, 128 invert. */
  readonly sculptType: number;
  /** Level of detail, 0 (lowest) .. 3. */
  readonly lod: PrimLod;
  /** Volume to fill, reusing its buffers. */
  readonly out?: SculptVolume;
}

/** Why the viewer draws a placeholder: the map is still on its way, or the asset does not exist. */
export type SculptPlaceholderReason = 'loading' | 'missing';

// Module scratch: generation is synchronous and allocates only when a volume needs more room than any before.
const grid = new SculptGrid();

/** The stitching the grid follows: none (0) and the unused 6 and 7 sample and light as a plane does. */
function stitchingOf(sculptType: number): number {
  if (!Number.isInteger(sculptType) || sculptType < 0 || sculptType > 0xff) {
    throw new RangeError(`${WHERE}: sculptType must be a byte, got ${String(sculptType)}`);
  }
  const stitching = sculptType & SCULPT_TYPE_MASK;
  if (stitching === SCULPT_TYPE_MESH) throw new RangeError(`${WHERE}: sculpt type 5 is a mesh, not a sculpt map`);
  return stitching >= SCULPT_TYPE_SPHERE && stitching <= SCULPT_TYPE_CYLINDER ? stitching : SCULPT_TYPE_PLANE;
}

function checkLod(lod: PrimLod): void {
  if (lod !== 0 && lod !== 1 && lod !== 2 && lod !== 3) {
    throw new RangeError(`${WHERE}: lod must be 0, 1, 2 or 3, got ${String(lod)}`);
  }
}

/** sculptGenerateMapVertices into out.positions (grid order: column fastest). */
function sampleMap(map: SculptMap, stitching: number, sculptType: number, out: PrimVolume): void {
  const { width, height, pixels } = map;
  const components = map.components ?? 4;
  const mirror = (sculptType & SCULPT_FLAG_MIRROR) !== 0;
  const invert = (sculptType & SCULPT_FLAG_INVERT) !== 0;
  const reverse = mirror !== invert;
  const wraps = stitching === SCULPT_TYPE_SPHERE || stitching === SCULPT_TYPE_TORUS || stitching === SCULPT_TYPE_CYLINDER;
  const { rows, columns } = grid;
  const p = out.positions;
  let o = 0;
  for (let s = 0; s < rows; s++) {
    let y = Math.trunc(f(f(s / (rows - 1)) * height));
    let pole = y === 0 && stitching === SCULPT_TYPE_SPHERE;
    if (y === height) {
      // Past the last row: the torus wraps to the first, the rest repeat the last.
      y = stitching === SCULPT_TYPE_TORUS ? 0 : height - 1;
      pole = stitching === SCULPT_TYPE_SPHERE;
    }
    const rowStart = (height - 1 - y) * width;
    for (let t = 0; t < columns; t++) {
      let x = Math.trunc(f(f((reverse ? columns - t - 1 : t) / (columns - 1)) * width));
      // The sphere's poles pinch to the middle texel of the first and last rows.
      if (pole) x = width >> 1;
      if (x === width) x = wraps ? 0 : width - 1;
      const i = (rowStart + x) * components;
      const px = f(f(pixels[i]! * INV_255) - 0.5);
      p[o++] = mirror ? -px : px;
      p[o++] = f(f(pixels[i + 1]! * INV_255) - 0.5);
      p[o++] = f(f(pixels[i + 2]! * INV_255) - 0.5);
    }
  }
}

/** sculptGenerateSpherePlaceholder: a sphere of radius 0.3 over the grid, rows around, columns pole to pole. */
function sphereGrid(out: PrimVolume): void {
  const { rows, columns } = grid;
  const p = out.positions;
  let o = 0;
  for (let s = 0; s < rows; s++) {
    const u = f(f(f(s / (rows - 1)) * 2) * F_PI);
    for (let t = 0; t < columns; t++) {
      const v = f(f(t / (columns - 1)) * F_PI);
      p[o++] = f(f(f(Math.sin(v)) * f(Math.cos(u))) * PLACEHOLDER_RADIUS);
      p[o++] = f(f(f(Math.sin(v)) * f(Math.sin(u))) * PLACEHOLDER_RADIUS);
      p[o++] = f(f(Math.cos(v)) * PLACEHOLDER_RADIUS);
    }
  }
}

function length3(x: number, y: number, z: number): number {
  return Math.sqrt(x * x + y * y + z * z);
}

/** sculptGetSurfaceArea: half the cross-product lengths of both triangles of each grid quad. */
function surfaceArea(p: Float32Array): number {
  const { rows, columns } = grid;
  let area = 0;
  for (let s = 0; s < rows - 1; s++) {
    for (let t = 0; t < columns - 1; t++) {
      const a = 3 * (s * columns + t);
      const b = a + 3 * columns;
      const c = a + 3;
      const d = b + 3;
      // (a - b) x (a - c) and (d - b) x (d - c)
      const ux = p[a]! - p[b]!; const uy = p[a + 1]! - p[b + 1]!; const uz = p[a + 2]! - p[b + 2]!;
      const vx = p[a]! - p[c]!; const vy = p[a + 1]! - p[c + 1]!; const vz = p[a + 2]! - p[c + 2]!;
      const wx = p[d]! - p[b]!; const wy = p[d + 1]! - p[b + 1]!; const wz = p[d + 2]! - p[b + 2]!;
      const qx = p[d]! - p[c]!; const qy = p[d + 1]! - p[c + 1]!; const qz = p[d + 2]! - p[c + 2]!;
      area += (length3(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) +
        length3(wy * qz - wz * qy, wz * qx - wx * qz, wx * qy - wy * qx)) * 0.5;
    }
  }
  return area;
}

/** Sizes `out` for the grid (or for nothing) and describes its one face. */
function layOut(out: SculptVolume, lod: PrimLod, vertices: number): void {
  const indices = vertices === 0 ? 0 : (grid.rows - 1) * (grid.columns - 1) * 6;
  out.reserve(vertices, indices);
  out.lod = lod;
  out.vertexCount = vertices;
  out.indexCount = indices;
  out.rows = vertices === 0 ? 0 : grid.rows;
  out.columns = vertices === 0 ? 0 : grid.columns;
  out.setFaceCount(1);
  const face = out.faces[0]!;
  face.index = 0;
  face.id = FACE_OUTER_SIDE_0;
  face.kind = 'side';
  face.firstVertex = 0;
  face.vertexCount = vertices;
  face.firstIndex = 0;
  face.indexCount = indices;
}

/** Gives every vertex of a sphere's pole row the row's summed normal. */
function shareRowNormal(n: Float32Array, first: number, columns: number): void {
  let x = 0; let y = 0; let z = 0;
  for (let v = first; v < first + columns; v++) {
    x += n[3 * v]!; y += n[3 * v + 1]!; z += n[3 * v + 2]!;
  }
  for (let v = first; v < first + columns; v++) {
    n[3 * v] = x; n[3 * v + 1] = y; n[3 * v + 2] = z;
  }
}

/** createSide for the sculpt's one face: texture coordinates, triangles, and normals stitched by type. */
function buildFace(out: SculptVolume, stitching: number): void {
  const { rows, columns } = grid;
  const uv = out.uvs;
  for (let s = 0, v = 0; s < rows; s++) {
    for (let t = 0; t < columns; t++, v++) {
      uv[2 * v] = grid.columnU[t]!;
      uv[2 * v + 1] = grid.rowV[s]!;
    }
  }
  gridTriangles(out, 0, 0, columns, rows);
  gridNormals(out, 0, 0, columns, rows);
  const n = out.normals;
  if (stitching === SCULPT_TYPE_SPHERE) {
    shareRowNormal(n, 0, columns);
    shareRowNormal(n, columns * (rows - 1), columns);
  }
  if (stitching !== SCULPT_TYPE_PLANE) {
    // Sphere, torus and cylinder close around: the first and last columns meet.
    for (let s = 0; s < rows; s++) sumNormals(n, columns * s, columns * s + columns - 1);
  }
  if (stitching === SCULPT_TYPE_TORUS) {
    // The torus also closes top to bottom: the first and last rows meet.
    for (let t = 0; t < columns; t++) sumNormals(n, t, columns * (rows - 1) + t);
  }
  normalize(out, 0, out.vertexCount);
}

function finish(out: SculptVolume, stitching: number, source: SculptSource, problem: string): SculptVolume {
  if (out.vertexCount > 0) buildFace(out, stitching);
  out.source = source;
  out.problem = problem;
  updateVolumeBounds(out);
  return out;
}

/**
 * Generates the sculpted prim `map` describes, at `options.lod`, stitched by `options.sculptType`,
 * into `options.out` (a new SculptVolume when omitted). Positions are in unit space (the map's
 * 0..255 become -0.5..0.5); the renderer scales them by the prim's scale like any prim volume.
 * A map sculptMapProblem rejects becomes the sphere placeholder with `source` 'bad-map' and the
 * reason in `problem`; at LOD 1 and above a map whose surface area is below 0.002 or above 384
 * becomes the sphere placeholder with `source` 'degenerate', as in the viewer (LOD 0 is not
 * tested, for old content). Throws a RangeError only for a LOD outside 0..3, a sculptType that
 * is not a byte, or a mesh sculpt type (5).
 */
export function generateSculptVolume(map: SculptMap, options: SculptVolumeOptions): SculptVolume {
  const { lod, sculptType } = options;
  checkLod(lod);
  const stitching = stitchingOf(sculptType);
  const out = options.out ?? new SculptVolume();
  const problem = sculptMapProblem(map);
  if (problem !== null) {
    sculptGrid(0, 0, lod, grid);
    layOut(out, lod, grid.rows * grid.columns);
    sphereGrid(out);
    out.surfaceArea = 0;
    return finish(out, stitching, 'bad-map', problem);
  }
  sculptGrid(map.width, map.height, lod, grid);
  layOut(out, lod, grid.rows * grid.columns);
  sampleMap(map, stitching, sculptType, out);
  out.surfaceArea = surfaceArea(out.positions);
  if (lod > 0 && (out.surfaceArea < SCULPT_MIN_AREA || out.surfaceArea > SCULPT_MAX_AREA)) {
    sphereGrid(out);
    return finish(out, stitching, 'degenerate', `surface area ${out.surfaceArea.toFixed(4)} is outside 0.002..384`);
  }
  return finish(out, stitching, 'map', '');
}

/**
 * What the viewer draws for a sculpt without a usable map: nothing while the map is `loading`
 * (one face with no vertices; the renderer's bounding box, generateBoundingBox, is the other
 * choice), and the 0.3-radius sphere placeholder when the asset is `missing`.
 */
export function generateSculptPlaceholder(reason: SculptPlaceholderReason, options: SculptVolumeOptions): SculptVolume {
  const { lod, sculptType } = options;
  checkLod(lod);
  const stitching = stitchingOf(sculptType);
  const out = options.out ?? new SculptVolume();
  out.surfaceArea = 0;
  if (reason === 'loading') {
    layOut(out, lod, 0);
    return finish(out, stitching, 'loading', '');
  }
  sculptGrid(0, 0, lod, grid);
  layOut(out, lod, grid.rows * grid.columns);
  sphereGrid(out);
  return finish(out, stitching, 'missing', '');
}
