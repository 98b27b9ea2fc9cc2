/**
 * The terrain as one grid mesh over a region's heightmap: a vertex every
 * `step` metres from 0 to regionSize on both axes (the last row and column
 * repeat the edge samples, so the grid reaches the region's edge), a
 * central-difference normal per vertex, and a colour from the height/slope
 * ramp. The topology (indices) is fixed when the mesh is created; a new
 * heightmap revision rewrites positions, normals and colours in place.
 */
import { terrainColor } from './terrain-colors.ts';

export interface TerrainMesh {
  readonly regionSize: number;
  /** Metres between neighbouring vertices. */
  readonly step: number;
  readonly verticesPerEdge: number;
  readonly vertexCount: number;
  readonly triangleCount: number;
  /** x, y, z per vertex, region coordinates. */
  readonly positions: Float32Array;
  /** Unit normal per vertex. */
  readonly normals: Float32Array;
  /** RGBA bytes per vertex. */
  readonly colors: Uint8Array;
  /** Two triangles per grid cell, counter-clockwise seen from above. */
  readonly indices: Uint16Array | Uint32Array;
  minHeight: number;
  maxHeight: number;
  /** Heightmap revision last written (RegionTerrain.revision); -1 before the first. */
  revision: number;
  /** Water height the colours were computed for. */
  waterHeight: number;
  /** Bumped by every update, whatever its source: what a GPU copy compares. */
  version: number;
}

/** Largest grid edge accepted, in vertices (a 8192 m region at 4 m). */
export const MAX_TERRAIN_VERTICES_PER_EDGE = 2049;

export function createTerrainMesh(regionSize: number, step: number): TerrainMesh {
  if (!Number.isInteger(regionSize) || regionSize < 16 || regionSize > 8192) {
    throw new RangeError(`createTerrainMesh: regionSize must be an integer in 16..8192, got ${regionSize}`);
  }
  if (!Number.isInteger(step) || step < 1 || regionSize % step !== 0) {
    throw new RangeError(`createTerrainMesh: step must be a positive integer dividing ${regionSize}, got ${step}`);
  }
  const edge = regionSize / step + 1;
  if (edge > MAX_TERRAIN_VERTICES_PER_EDGE) {
    throw new RangeError(`createTerrainMesh: ${edge} vertices per edge exceeds ${MAX_TERRAIN_VERTICES_PER_EDGE}; use a larger step`);
  }
  const vertexCount = edge * edge;
  const cells = edge - 1;
  const triangleCount = cells * cells * 2;
  const indices = vertexCount <= 65536 ? new Uint16Array(triangleCount * 3) : new Uint32Array(triangleCount * 3);
  let k = 0;
  for (let j = 0; j < cells; j++) {
    for (let i = 0; i < cells; i++) {
      const a = j * edge + i;
      const b = a + 1;
      const c = a + edge;
      const d = c + 1;
      indices[k++] = a;
      indices[k++] = b;
      indices[k++] = d;
      indices[k++] = a;
      indices[k++] = d;
      indices[k++] = c;
    }
  }
  const positions = new Float32Array(vertexCount * 3);
  const normals = new Float32Array(vertexCount * 3);
  for (let j = 0; j < edge; j++) {
    for (let i = 0; i < edge; i++) {
      const v = j * edge + i;
      positions[v * 3] = i * step;
      positions[v * 3 + 1] = j * step;
      normals[v * 3 + 2] = 1;
    }
  }
  return {
    regionSize,
    step,
    verticesPerEdge: edge,
    vertexCount,
    triangleCount,
    positions,
    normals,
    colors: new Uint8Array(vertexCount * 4),
    indices,
    minHeight: 0,
    maxHeight: 0,
    revision: -1,
    waterHeight: Number.NaN,
    version: 0,
  };
}

/**
 * Rewrites heights, normals and colours from a row-major heightmap of
 * regionSize × regionSize samples (index y * regionSize + x). Non-finite
 * samples read as 0. Allocates nothing.
 */
export function updateTerrainMesh(mesh: TerrainMesh, heightmap: Float32Array, waterHeight: number, revision: number): TerrainMesh {
  const n = mesh.regionSize;
  if (heightmap.length !== n * n) {
    throw new RangeError(`updateTerrainMesh: heightmap has ${heightmap.length} samples, a ${n} m region needs ${n * n}`);
  }
  const { step, verticesPerEdge: edge, positions, normals, colors } = mesh;
  const last = n - 1;
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < edge; j++) {
    const y = Math.min(j * step, last);
    for (let i = 0; i < edge; i++) {
      const h = heightmap[y * n + Math.min(i * step, last)];
      const z = Number.isFinite(h) ? h : 0;
      positions[(j * edge + i) * 3 + 2] = z;
      if (z < min) min = z;
      if (z > max) max = z;
    }
  }
  for (let j = 0; j < edge; j++) {
    const jm = j > 0 ? j - 1 : j;
    const jp = j < edge - 1 ? j + 1 : j;
    for (let i = 0; i < edge; i++) {
      const im = i > 0 ? i - 1 : i;
      const ip = i < edge - 1 ? i + 1 : i;
      const v = j * edge + i;
      // Central differences (one-sided at the border): n = (-dh/dx, -dh/dy, 1).
      const dx = (positions[(j * edge + ip) * 3 + 2] - positions[(j * edge + im) * 3 + 2]) / ((ip - im) * step);
      const dy = (positions[(jp * edge + i) * 3 + 2] - positions[(jm * edge + i) * 3 + 2]) / ((jp - jm) * step);
      const inv = 1 / Math.sqrt(dx * dx + dy * dy + 1);
      normals[v * 3] = -dx * inv;
      normals[v * 3 + 1] = -dy * inv;
      normals[v * 3 + 2] = inv;
      terrainColor(colors, v * 4, positions[v * 3 + 2], inv, waterHeight);
    }
  }
  mesh.minHeight = min;
  mesh.maxHeight = max;
  mesh.revision = revision;
  mesh.waterHeight = waterHeight;
  mesh.version++;
  return mesh;
}
