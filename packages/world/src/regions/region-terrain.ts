/**
 * Terrain, wind and clouds of each region, decoded from LayerData: a
 * heightmap of regionSize × regionSize samples (1 m apart) assembled from the
 * land patches, and the 16 × 16 wind (x and y components) and cloud grids,
 * one sample per 16 m. Each grid has a revision number that a renderer
 * compares with the one it last built for.
 */
import {
  LAYER_CLOUD, LAYER_CLOUD_EXTENDED, LAYER_LAND, LAYER_LAND_EXTENDED, LAYER_WIND, LAYER_WIND_EXTENDED, decodeLayerData,
} from '@slv/protocol';
import type { LayerPatchSink } from '@slv/protocol';

/** Samples along each edge of the wind and cloud grids. */
export const WEATHER_GRID_EDGE = 16;

export interface RegionTerrain {
  /** Region index, or -1 while the circuit's region is not known yet. */
  regionIndex: number;
  readonly regionSize: number;
  /** Row-major heights in metres, index y * regionSize + x; 0 where no patch has arrived. */
  readonly heightmap: Float32Array;
  /** 1 for each land patch (row-major, regionSize / 16 per edge) received at least once. */
  readonly patchReceived: Uint8Array;
  /** Distinct land patches received. */
  landPatches: number;
  /** Bumped by every land patch. */
  revision: number;
  /** Wind velocity components, m/s, row-major 16 × 16. */
  readonly windX: Float32Array;
  readonly windY: Float32Array;
  windRevision: number;
  /** Cloud density, row-major 16 × 16. */
  readonly cloud: Float32Array;
  cloudRevision: number;
  /** Wind or cloud patches outside the 16 × 16 grid at patch (0, 0), ignored. */
  ignoredPatches: number;
}

export function createRegionTerrain(regionIndex: number, regionSize: number): RegionTerrain {
  if (!Number.isInteger(regionSize) || regionSize < 16 || regionSize > 8192 || regionSize % 16 !== 0) {
    throw new RangeError(`region size must be a multiple of 16 in 16..8192, got ${regionSize}`);
  }
  const patchesPerEdge = regionSize / 16;
  return {
    regionIndex,
    regionSize,
    heightmap: new Float32Array(regionSize * regionSize),
    patchReceived: new Uint8Array(patchesPerEdge * patchesPerEdge),
    landPatches: 0,
    revision: 0,
    windX: new Float32Array(WEATHER_GRID_EDGE * WEATHER_GRID_EDGE),
    windY: new Float32Array(WEATHER_GRID_EDGE * WEATHER_GRID_EDGE),
    windRevision: 0,
    cloud: new Float32Array(WEATHER_GRID_EDGE * WEATHER_GRID_EDGE),
    cloudRevision: 0,
    ignoredPatches: 0,
  };
}

/** Height at region coordinates (x, y), bilinear between samples and clamped to the region. */
export function terrainHeightAt(t: RegionTerrain, x: number, y: number): number {
  const n = t.regionSize;
  const fx = Math.min(Math.max(x, 0), n - 1);
  const fy = Math.min(Math.max(y, 0), n - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, n - 1);
  const y1 = Math.min(y0 + 1, n - 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const h = t.heightmap;
  const a = h[y0 * n + x0] + (h[y0 * n + x1] - h[y0 * n + x0]) * tx;
  const b = h[y1 * n + x0] + (h[y1 * n + x1] - h[y1 * n + x0]) * tx;
  return a + (b - a) * ty;
}

const LAND = 0;
const WIND = 1;
const CLOUD = 2;
const NO_TERRAIN = createRegionTerrain(-1, 16);

/** One reusable sink: decoding is synchronous, so its target is set per packet. */
const sink = {
  terrain: NO_TERRAIN,
  layer: LAND,
  patch(x: number, y: number, size: number, heights: Float32Array, index: number): void {
    const t = this.terrain;
    if (this.layer === LAND) {
      const stride = t.regionSize;
      const map = t.heightmap;
      for (let j = 0; j < size; j++) {
        const row = (y * size + j) * stride + x * size;
        for (let i = 0; i < size; i++) map[row + i] = heights[j * size + i];
      }
      // Patches are 16 m for regions up to 256 m, 32 m beyond; mark every 16 m cell covered.
      const cells = size / 16;
      const edge = stride / 16;
      for (let cy = 0; cy < cells; cy++) {
        for (let cx = 0; cx < cells; cx++) {
          const cell = (y * cells + cy) * edge + x * cells + cx;
          if (t.patchReceived[cell] === 0) {
            t.patchReceived[cell] = 1;
            t.landPatches++;
          }
        }
      }
      t.revision++;
      return;
    }
    if (x !== 0 || y !== 0 || size !== WEATHER_GRID_EDGE) {
      t.ignoredPatches++;
      return;
    }
    const grid = this.layer === CLOUD ? t.cloud : index === 0 ? t.windX : index === 1 ? t.windY : null;
    if (grid === null) {
      t.ignoredPatches++;
      return;
    }
    for (let k = 0; k < WEATHER_GRID_EDGE * WEATHER_GRID_EDGE; k++) grid[k] = heights[k];
    if (this.layer === CLOUD) t.cloudRevision++;
    else t.windRevision++;
  },
} satisfies LayerPatchSink & { terrain: RegionTerrain; layer: number };

/** Which of land, wind or cloud a LayerData type is, or -1 (water and unknown types). */
export function layerKind(layerType: number): number {
  if (layerType === LAYER_LAND || layerType === LAYER_LAND_EXTENDED) return LAND;
  if (layerType === LAYER_WIND || layerType === LAYER_WIND_EXTENDED) return WIND;
  if (layerType === LAYER_CLOUD || layerType === LAYER_CLOUD_EXTENDED) return CLOUD;
  return -1;
}

export const LayerKind = { Land: LAND, Wind: WIND, Cloud: CLOUD } as const;

/**
 * Decodes a LayerData `Data` field into `terrain`; returns the patches decoded.
 * Throws the protocol's LayerDataError on corrupt data (patches before the bad
 * one stay written). `layerType` must be land, wind or cloud.
 */
export function decodeLayerIntoTerrain(terrain: RegionTerrain, layerType: number, data: Uint8Array): number {
  const kind = layerKind(layerType);
  if (kind < 0) throw new RangeError(`decodeLayerIntoTerrain: layer type 0x${layerType.toString(16)} is not land, wind or cloud`);
  sink.terrain = terrain;
  sink.layer = kind;
  try {
    return decodeLayerData(data, layerType, sink, { regionSize: terrain.regionSize });
  } finally {
    sink.terrain = NO_TERRAIN;
  }
}
