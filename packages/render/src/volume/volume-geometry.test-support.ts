/**
 * Geometry checks for the volume tests: welding coincident vertices, edge use,
 * winding against normals, and shape parameter builders.
 */
import { DEFAULT_BOX_SHAPE } from './bounding-box.ts';
import type { PrimVolume } from './prim-volume.ts';
import type { PrimShapeParams } from './volume-shape.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The default box with `changes` applied. */
export function shapeOf(changes: Partial<PrimShapeParams>): PrimShapeParams {
  const shape: Mutable<PrimShapeParams> = { ...DEFAULT_BOX_SHAPE };
  Object.assign(shape, changes);
  return shape;
}

/** The build tool's shapes (lltoolplacer.cpp / the build floater's defaults). */
export const SHAPES: Record<string, PrimShapeParams> = {
  box: shapeOf({}),
  cylinder: shapeOf({ profileCurve: 0x00 }),
  prism: shapeOf({ pathScaleX: 0, pathShearX: -0.5 }),
  sphere: shapeOf({ pathCurve: 0x20, profileCurve: 0x05 }),
  torus: shapeOf({ pathCurve: 0x20, profileCurve: 0x00, pathScaleY: 0.25 }),
  tube: shapeOf({ pathCurve: 0x20, profileCurve: 0x01, pathScaleY: 0.25 }),
  ring: shapeOf({ pathCurve: 0x20, profileCurve: 0x03, pathScaleY: 0.25 }),
};

/** Vertex ids after merging vertices within `tolerance` of each other (grid cells of that size, neighbours included). */
export function weld(volume: PrimVolume, tolerance = 1e-4): Int32Array {
  const ids = new Int32Array(volume.vertexCount);
  const cells = new Map<string, number[]>();
  const representatives: number[] = [];
  const p = volume.positions;
  for (let v = 0; v < volume.vertexCount; v++) {
    const x = p[3 * v]!;
    const y = p[3 * v + 1]!;
    const z = p[3 * v + 2]!;
    const cx = Math.floor(x / tolerance);
    const cy = Math.floor(y / tolerance);
    const cz = Math.floor(z / tolerance);
    let found = -1;
    for (let dx = -1; dx <= 1 && found < 0; dx++) {
      for (let dy = -1; dy <= 1 && found < 0; dy++) {
        for (let dz = -1; dz <= 1 && found < 0; dz++) {
          for (const id of cells.get(`${cx + dx},${cy + dy},${cz + dz}`) ?? []) {
            const r = representatives[id]!;
            if (Math.abs(p[3 * r]! - x) <= tolerance && Math.abs(p[3 * r + 1]! - y) <= tolerance && Math.abs(p[3 * r + 2]! - z) <= tolerance) {
              found = id;
              break;
            }
          }
        }
      }
    }
    if (found < 0) {
      found = representatives.length;
      representatives.push(v);
      const key = `${cx},${cy},${cz}`;
      const list = cells.get(key);
      if (list) list.push(found);
      else cells.set(key, [found]);
    }
    ids[v] = found;
  }
  return ids;
}

export interface EdgeReport {
  /** Triangles left after dropping those with two welded corners in common. */
  triangles: number;
  /** Directed edges used other than exactly once in each direction. */
  badEdges: number;
}

/**
 * Welds the vertices, drops collapsed triangles, and counts edges not shared by exactly
 * two triangles in opposite directions: zero means closed and consistently wound.
 */
export function edgeReport(volume: PrimVolume): EdgeReport {
  const ids = weld(volume);
  const directed = new Map<string, number>();
  let triangles = 0;
  const idx = volume.indices;
  for (let i = 0; i < volume.indexCount; i += 3) {
    const a = ids[idx[i]!]!;
    const b = ids[idx[i + 1]!]!;
    const c = ids[idx[i + 2]!]!;
    if (a === b || b === c || a === c) continue;
    triangles++;
    for (const [from, to] of [[a, b], [b, c], [c, a]] as const) {
      const key = `${from}>${to}`;
      directed.set(key, (directed.get(key) ?? 0) + 1);
    }
  }
  let badEdges = 0;
  for (const [key, count] of directed) {
    const [from, to] = key.split('>');
    if (count !== 1 || directed.get(`${to}>${from}`) !== 1) badEdges++;
  }
  return { triangles, badEdges };
}

/** Triangles (with more than sliver area) whose winding disagrees with their vertices' normals. */
export function windingMismatches(volume: PrimVolume, firstIndex = 0, indexCount = volume.indexCount): number {
  const p = volume.positions;
  const n = volume.normals;
  const idx = volume.indices;
  let bad = 0;
  for (let i = firstIndex; i < firstIndex + indexCount; i += 3) {
    const a = idx[i]!;
    const b = idx[i + 1]!;
    const c = idx[i + 2]!;
    const ux = p[3 * b]! - p[3 * a]!; const uy = p[3 * b + 1]! - p[3 * a + 1]!; const uz = p[3 * b + 2]! - p[3 * a + 2]!;
    const vx = p[3 * c]! - p[3 * a]!; const vy = p[3 * c + 1]! - p[3 * a + 1]!; const vz = p[3 * c + 2]! - p[3 * a + 2]!;
    const gx = uy * vz - uz * vy;
    const gy = uz * vx - ux * vz;
    const gz = ux * vy - uy * vx;
    // Sliver triangles (poles, collapsed hollow columns) have no meaningful winding.
    if (Math.hypot(gx, gy, gz) < 1e-6) continue;
    const nx = n[3 * a]! + n[3 * b]! + n[3 * c]!;
    const ny = n[3 * a + 1]! + n[3 * b + 1]! + n[3 * c + 1]!;
    const nz = n[3 * a + 2]! + n[3 * b + 2]! + n[3 * c + 2]!;
    if (gx * nx + gy * ny + gz * nz <= 0) bad++;
  }
  return bad;
}

/** The largest deviation of a normal's length from 1. */
export function normalLengthError(volume: PrimVolume): number {
  let worst = 0;
  for (let v = 0; v < volume.vertexCount; v++) {
    const n = volume.normals;
    worst = Math.max(worst, Math.abs(Math.hypot(n[3 * v]!, n[3 * v + 1]!, n[3 * v + 2]!) - 1));
  }
  return worst;
}

/** Vertices whose normal points towards the origin (for shapes convex about it). */
export function inwardNormals(volume: PrimVolume): number {
  let bad = 0;
  const p = volume.positions;
  const n = volume.normals;
  for (let v = 0; v < volume.vertexCount; v++) {
    const d = p[3 * v]! * n[3 * v]! + p[3 * v + 1]! * n[3 * v + 1]! + p[3 * v + 2]! * n[3 * v + 2]!;
    if (d <= 0) bad++;
  }
  return bad;
}
