/**
 * The region's land: smooth rolling hills from a few octaves of value noise, a flat
 * plateau around the centre (where avatars arrive and test objects stand), heights
 * kept within 10..40 m around a 20 m water line.
 */
import { seededRandom } from '@slv/core';

export const REGION_SIZE = 256;
export const MIN_TERRAIN_HEIGHT = 10;
export const MAX_TERRAIN_HEIGHT = 40;
/** Height of the central plateau, a little above the default water. */
export const PLATEAU_HEIGHT = 22;
/** The plateau is flat within this radius of the centre and blends into the hills by PLATEAU_BLEND_RADIUS. */
export const PLATEAU_RADIUS = 24;
export const PLATEAU_BLEND_RADIUS = 56;

const BASE_HEIGHT = 25;
/** Lattice spacing (m) and amplitude (m) of each octave. */
const OCTAVES: readonly (readonly [number, number])[] = [[64, 9], [32, 4], [16, 1.5]];

/** A row-major size×size heightmap (index y*size + x), deterministic for a seed. */
export function generateHeightmap(seed: number, size = REGION_SIZE): Float32Array {
  if (!Number.isInteger(size) || size < 16 || size % 16 !== 0) throw new RangeError(`region size ${size} is not a positive multiple of 16`);
  const random = seededRandom(seed ^ 0x5eed7e11);
  const lattices = OCTAVES.map(([spacing]) => {
    const cells = Math.ceil(size / spacing) + 2;
    const values = new Float32Array(cells * cells);
    for (let i = 0; i < values.length; i++) values[i] = random() * 2 - 1;
    return { spacing, cells, values };
  });
  const heights = new Float32Array(size * size);
  const centre = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let h = BASE_HEIGHT;
      for (let o = 0; o < OCTAVES.length; o++) {
        const lattice = lattices[o]!;
        h += OCTAVES[o]![1] * latticeNoise(lattice.values, lattice.cells, x / lattice.spacing, y / lattice.spacing);
      }
      const r = Math.hypot(x - centre, y - centre);
      const t = smoothstep(PLATEAU_RADIUS, PLATEAU_BLEND_RADIUS, r);
      h = PLATEAU_HEIGHT + (h - PLATEAU_HEIGHT) * t;
      heights[y * size + x] = Math.min(MAX_TERRAIN_HEIGHT, Math.max(MIN_TERRAIN_HEIGHT, h));
    }
  }
  return heights;
}

/** Bilinearly interpolated height at region metres (x, y), clamped to the map. */
export function terrainHeightAt(heightmap: Float32Array, size: number, x: number, y: number): number {
  const fx = Math.min(size - 1, Math.max(0, x));
  const fy = Math.min(size - 1, Math.max(0, y));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(size - 1, x0 + 1);
  const y1 = Math.min(size - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const a = heightmap[y0 * size + x0]!;
  const b = heightmap[y0 * size + x1]!;
  const c = heightmap[y1 * size + x0]!;
  const d = heightmap[y1 * size + x1]!;
  return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
}

/** The highest terrain within `radius` metres (a square footprint) of (x, y), so a prim set on it never sinks in. */
export function maxTerrainHeightAround(heightmap: Float32Array, size: number, x: number, y: number, radius: number): number {
  const x0 = Math.max(0, Math.floor(x - radius));
  const x1 = Math.min(size - 1, Math.ceil(x + radius));
  const y0 = Math.max(0, Math.floor(y - radius));
  const y1 = Math.min(size - 1, Math.ceil(y + radius));
  let max = -Infinity;
  for (let j = y0; j <= y1; j++) {
    for (let i = x0; i <= x1; i++) max = Math.max(max, heightmap[j * size + i]!);
  }
  return max;
}

/** Smoothly interpolated lattice value at lattice coordinates (u, v). */
function latticeNoise(values: Float32Array, cells: number, u: number, v: number): number {
  const i = Math.floor(u);
  const j = Math.floor(v);
  const tu = fade(u - i);
  const tv = fade(v - j);
  const a = values[j * cells + i]!;
  const b = values[j * cells + i + 1]!;
  const c = values[(j + 1) * cells + i]!;
  const d = values[(j + 1) * cells + i + 1]!;
  return (a * (1 - tu) + b * tu) * (1 - tv) + (c * (1 - tu) + d * tu) * tv;
}

function fade(t: number): number {
  return t * t * (3 - 2 * t);
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}
