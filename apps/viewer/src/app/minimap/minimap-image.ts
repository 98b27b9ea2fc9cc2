/**
 * The minimap's pixels, drawn the way a map reads: north up, the region's
 * whole square scaled to the canvas. Terrain below the water is water (deeper
 * is darker); land goes from sand at the shore through grass to rock and snow
 * with height, lit from the north-west so hills show their shape. Only
 * arithmetic on a pixel buffer (no canvas), so it is tested in Node; it is
 * redrawn only when the terrain's revision or the water height changed.
 */
import { terrainHeightAt, type RegionTerrain } from '@slv/world';

/** RGB stops by height above the water, metres. */
const LAND: readonly (readonly [metres: number, r: number, g: number, b: number])[] = [
  [0, 194, 178, 128], // sand
  [2, 96, 140, 64], // grass
  [25, 70, 110, 50], // darker grass
  [50, 120, 110, 100], // rock
  [90, 235, 235, 240], // snow
];

/** The colour of land `above` metres over the water into out[at..at+2]. */
function landColour(out: Uint8ClampedArray, at: number, above: number, light: number): void {
  let i = 1;
  while (i < LAND.length - 1 && above > LAND[i]![0]) i++;
  const a = LAND[i - 1]!;
  const b = LAND[i]!;
  const t = Math.min(1, Math.max(0, (above - a[0]) / (b[0] - a[0])));
  out[at] = (a[1] + (b[1] - a[1]) * t) * light;
  out[at + 1] = (a[2] + (b[2] - a[2]) * t) * light;
  out[at + 2] = (a[3] + (b[3] - a[3]) * t) * light;
}

/**
 * Fills `out` (size × size RGBA, row 0 the north edge) with the shaded
 * terrain of `terrain`, or a plain dark square before any land arrived.
 */
export function shadeTerrain(out: Uint8ClampedArray, size: number, terrain: RegionTerrain | undefined, waterHeight: number): void {
  if (terrain === undefined || terrain.landPatches === 0) {
    for (let p = 0; p < size * size; p++) {
      out[p * 4] = 40;
      out[p * 4 + 1] = 48;
      out[p * 4 + 2] = 58;
      out[p * 4 + 3] = 255;
    }
    return;
  }
  const metresPerPixel = terrain.regionSize / size;
  for (let py = 0; py < size; py++) {
    const y = terrain.regionSize - (py + 0.5) * metresPerPixel;
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) * metresPerPixel;
      const h = terrainHeightAt(terrain, x, y);
      const at = (py * size + px) * 4;
      out[at + 3] = 255;
      if (h < waterHeight) {
        const depth = Math.min(1, (waterHeight - h) / 20);
        out[at] = 40 - 25 * depth;
        out[at + 1] = 110 - 60 * depth;
        out[at + 2] = 190 - 70 * depth;
        continue;
      }
      // Light from the north-west: a slope facing it is brighter.
      const dx = terrainHeightAt(terrain, x + metresPerPixel, y) - terrainHeightAt(terrain, x - metresPerPixel, y);
      const dy = terrainHeightAt(terrain, x, y + metresPerPixel) - terrainHeightAt(terrain, x, y - metresPerPixel);
      const light = Math.min(1.25, Math.max(0.55, 1 + (dy - dx) / (4 * metresPerPixel)));
      landColour(out, at, h - waterHeight, light);
    }
  }
}

/** Canvas pixel of region point (x, y) on a `size`-pixel minimap of a `regionSize` region: north up. */
export function minimapPixel(out: Float32Array, x: number, y: number, regionSize: number, size: number): void {
  out[0] = (x / regionSize) * size;
  out[1] = (1 - y / regionSize) * size;
}
