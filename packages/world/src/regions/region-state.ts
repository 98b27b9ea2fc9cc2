/**
 * What ingestion knows about regions beyond the engine's region table: which
 * region each circuit's messages belong to, each region's size, and its
 * terrain (with terrain from circuits whose region is not known yet held
 * aside until it is). Functions over it live in source-regions.ts.
 */
import type { MessageSource } from '@slv/net';
import type { RegionTerrain } from './region-terrain.ts';

export interface RegionState {
  /** The region each circuit's messages belong to (learned from RegionData, or set by the session). */
  readonly sourceRegions: Map<MessageSource, number>;
  /** Region sizes set by the session; defaultRegionSize elsewhere. */
  readonly regionSizes: Map<number, number>;
  readonly defaultRegionSize: number;
  /** Terrain per region index. */
  readonly terrain: Map<number, RegionTerrain>;
  /** Terrain from circuits whose region is not known yet. */
  readonly unassignedTerrain: Map<MessageSource, RegionTerrain>;
}

export function createRegionState(defaultRegionSize: number): RegionState {
  if (!Number.isInteger(defaultRegionSize) || defaultRegionSize < 16 || defaultRegionSize % 16 !== 0) {
    throw new RangeError(`createIngestion: defaultRegionSize must be a multiple of 16, got ${defaultRegionSize}`);
  }
  return { sourceRegions: new Map(), regionSizes: new Map(), defaultRegionSize, terrain: new Map(), unassignedTerrain: new Map() };
}
