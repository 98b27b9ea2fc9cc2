/**
 * What clustered lighting produces each frame, laid out to upload as
 * textures as it is, and the scratch that produces it, allocated when the
 * grid or the limits change and never per frame.
 *
 * Textures (WebGL2, NEAREST, one mip):
 * - lights, RGBA32F, `light.width` × `light.height`: light i in texels 2i and
 *   2i+1 of the row-major array: (view-space x, y, z, radius) and
 *   (red, green, blue premultiplied by intensity, falloff exponent).
 * - clusters, RG32UI, (X·Y) × Z: cluster (x, y, z) at texel (x + X·y, z)
 *   holds (offset into the index list, light count).
 * - indices, R16UI, `index.width` × `index.height`: the flattened per-cluster
 *   light lists, entry k at texel (k mod width, k div width).
 * A fragment at window position (px, py) of a W×H viewport and view depth d
 * (metres in front of the eye) lies in cluster x = floor(px·X/W),
 * y = floor(py·Y/H), z = floor(log(d)·params[5] + params[6]), clamped.
 */
import type { ClusterGrid, PerformanceSettings } from '@slv/config';

/** Index-texture row length, texels (within every WebGL2 implementation's limit). */
export const INDEX_TEXTURE_WIDTH = 4096;
/** Light-texture row length, texels: 2048 lights a row. */
export const LIGHT_TEXTURE_WIDTH = 4096;
/** Default bound on the flattened list, entries: 2 MiB of Uint16. */
export const DEFAULT_MAX_INDEX_CAPACITY = 1 << 20;
/** Grid limits: cell ranges are kept in bytes, light ids in Uint16. */
export const MAX_GRID_XY = 64;
export const MAX_GRID_Z = 128;
export const MAX_CLUSTER_LIGHTS = 16384;
export const MAX_LIGHTS_PER_CLUSTER = 256;
export const FLOATS_PER_LIGHT = 8;

/** How one frame's assignment went. */
export interface ClusterStats {
  /** Lights whose sphere touches the cluster frustum. */
  lightsInView: number;
  /** Lights packed and assigned: the nearest min(lightsInView, maxLights). */
  lightsUsed: number;
  /** In view but beyond `maxLights`. */
  lightsDropped: number;
  /** Lights skipped for a non-finite field or a radius <= 0. */
  lightsInvalid: number;
  /** (light, cluster) pairs written to the index list. */
  assignments: number;
  /** Most lights any cluster touched, before the per-cluster cap. */
  maxOccupancy: number;
  /** Mean lights per cluster as stored (after the cap), over all clusters. */
  meanOccupancy: number;
  /** Clusters touched by more lights than they could keep. */
  overflowedClusters: number;
  /** Pairs left out by the per-cluster cap or the index capacity; the farthest lights go first. */
  droppedAssignments: number;
}

export interface TextureSize {
  readonly width: number;
  readonly height: number;
}

/** Scratch of the assignment steps; not for readers. */
export interface ClusterScratch {
  /** Tile-plane slopes x/d and y/d, X+1 and Y+1 of them, left to right and bottom to top. */
  slopesX: Float64Array;
  slopesY: Float64Array;
  /** Slice boundaries, metres in front of the eye, Z+1 of them. */
  sliceDepths: Float64Array;
  /** Camera the cell tables were built for. */
  cellsFor: Float64Array;
  /** Sort keys of the lights in view: quantised distance · 2^26 + light index. */
  keys: Float64Array;
  /** View-space centre (x, y, depth in front of the eye) and radius of each used light. */
  viewX: Float32Array;
  viewY: Float32Array;
  viewD: Float32Array;
  viewR: Float32Array;
  /** Per used light: first and last slice touched, and per slice its x0, x1, y0, y1 cells (x0 > x1: none). */
  sliceFirst: Uint8Array;
  sliceLast: Uint8Array;
  cellRanges: Uint8Array;
  /** Per cluster: lights touching it, then the fill cursor. */
  touching: Uint32Array;
  /** `indexCapacity` as asked for, kept for a re-layout. */
  indexCapacityOption: number | undefined;
}

/** Re-laid out in place (same object) when the grid or the limits change. */
export interface ClusterData {
  grid: Readonly<ClusterGrid>;
  clusterCount: number;
  maxLights: number;
  maxLightsPerCluster: number;
  /** Room in `lightIndices`. */
  indexCapacity: number;
  /** Lights per cluster (x fastest, then y, then z). */
  counts: Uint16Array;
  /** Start of each cluster's list in `lightIndices`. */
  offsets: Uint32Array;
  /** Flattened lists of indices into the packed lights, nearest light first in each. */
  lightIndices: Uint16Array;
  /** Packed lights this frame. */
  lightCount: number;
  /** Packed light → the caller's light index. */
  lightSource: Uint32Array;
  /** FLOATS_PER_LIGHT per packed light: the light texture. */
  lightData: Float32Array;
  /** (offset, count) per cluster: the cluster texture. */
  clusterTexels: Uint32Array;
  /** Shader constants: X, Y, Z, near, far, z scale, z bias, tan(fovY / 2). */
  params: Float32Array;
  textures: { readonly light: TextureSize; readonly cluster: TextureSize; readonly index: TextureSize };
  stats: ClusterStats;
  scratch: ClusterScratch;
}

export interface ClusterDataOptions {
  readonly grid: Readonly<ClusterGrid>;
  /** `rendering.maxLocalLights`. */
  readonly maxLights: number;
  /** `rendering.lightsPerCluster`. */
  readonly maxLightsPerCluster: number;
  /** Room in the flattened list (default min(clusters × lightsPerCluster, 2^20)). */
  readonly indexCapacity?: number;
}

/** The clustered-lighting limits of a PerformanceSettings. */
export function clusterOptionsFromSettings(settings: PerformanceSettings): ClusterDataOptions {
  const r = settings.rendering;
  return { grid: { ...r.clusterGrid }, maxLights: r.maxLocalLights, maxLightsPerCluster: r.lightsPerCluster };
}

function assertInt(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`createClusterData: ${name} must be an integer in ${min}..${max}, got ${v}`);
}

export function createClusterData(options: ClusterDataOptions): ClusterData {
  const { grid, maxLights, maxLightsPerCluster } = options;
  assertInt('grid.x', grid.x, 1, MAX_GRID_XY);
  assertInt('grid.y', grid.y, 1, MAX_GRID_XY);
  assertInt('grid.z', grid.z, 1, MAX_GRID_Z);
  assertInt('maxLights', maxLights, 0, MAX_CLUSTER_LIGHTS);
  assertInt('maxLightsPerCluster', maxLightsPerCluster, 1, MAX_LIGHTS_PER_CLUSTER);
  const clusterCount = grid.x * grid.y * grid.z;
  const indexCapacity = options.indexCapacity ?? Math.min(clusterCount * maxLightsPerCluster, DEFAULT_MAX_INDEX_CAPACITY);
  assertInt('indexCapacity', indexCapacity, 1, 1 << 24);
  const lightTexels = Math.max(1, maxLights * 2);
  const light = { width: Math.min(LIGHT_TEXTURE_WIDTH, lightTexels), height: Math.ceil(lightTexels / LIGHT_TEXTURE_WIDTH) };
  const index = { width: Math.min(INDEX_TEXTURE_WIDTH, indexCapacity), height: Math.ceil(indexCapacity / INDEX_TEXTURE_WIDTH) };
  return {
    grid: { x: grid.x, y: grid.y, z: grid.z },
    clusterCount,
    maxLights,
    maxLightsPerCluster,
    indexCapacity,
    counts: new Uint16Array(clusterCount),
    offsets: new Uint32Array(clusterCount),
    // Padded to whole texture rows so the array uploads as it is.
    lightIndices: new Uint16Array(index.width * index.height),
    lightCount: 0,
    lightSource: new Uint32Array(maxLights),
    lightData: new Float32Array(light.width * light.height * 4),
    clusterTexels: new Uint32Array(clusterCount * 2),
    params: new Float32Array(8),
    textures: { light, cluster: { width: grid.x * grid.y, height: grid.z }, index },
    stats: {
      lightsInView: 0, lightsUsed: 0, lightsDropped: 0, lightsInvalid: 0, assignments: 0,
      maxOccupancy: 0, meanOccupancy: 0, overflowedClusters: 0, droppedAssignments: 0,
    },
    scratch: {
      slopesX: new Float64Array(grid.x + 1),
      slopesY: new Float64Array(grid.y + 1),
      sliceDepths: new Float64Array(grid.z + 1),
      cellsFor: new Float64Array(4).fill(Number.NaN),
      keys: new Float64Array(Math.max(16, maxLights)),
      viewX: new Float32Array(maxLights),
      viewY: new Float32Array(maxLights),
      viewD: new Float32Array(maxLights),
      viewR: new Float32Array(maxLights),
      sliceFirst: new Uint8Array(maxLights),
      sliceLast: new Uint8Array(maxLights),
      cellRanges: new Uint8Array(maxLights * grid.z * 4),
      touching: new Uint32Array(clusterCount),
      indexCapacityOption: options.indexCapacity,
    },
  };
}

/** Re-lays `data` out for new limits, in place; does nothing when they are unchanged. */
export function resizeClusterData(data: ClusterData, options: ClusterDataOptions): ClusterData {
  const g = options.grid;
  if (
    g.x === data.grid.x && g.y === data.grid.y && g.z === data.grid.z && options.maxLights === data.maxLights &&
    options.maxLightsPerCluster === data.maxLightsPerCluster &&
    (options.indexCapacity === undefined || options.indexCapacity === data.indexCapacity)
  ) {
    return data;
  }
  const capacity = options.indexCapacity ?? data.scratch.indexCapacityOption;
  return Object.assign(data, createClusterData(capacity === undefined ? { ...options } : { ...options, indexCapacity: capacity }));
}
