/**
 * Which region a message belongs to. Object updates carry their region handle;
 * KillObject and LayerData do not, so each circuit (MessageSource) is mapped
 * to the region its updates named, or to the one the session declares with
 * setSourceRegion (which it knows from login or EnableSimulator).
 */
import { CapacityError, addRegion } from '@slv/core';
import type { MessageSource } from '@slv/net';
import { killObject } from '../objects/object-lifecycle.ts';
import { cancelPending } from '../tables/pending-creations.ts';
import { createRegionTerrain } from './region-terrain.ts';
import type { RegionTerrain } from './region-terrain.ts';
import { reportError } from '../ingestion/ingestion-error.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

function learn(ing: WorldIngestion, source: MessageSource, regionIndex: number): void {
  if (ing.regions.sourceRegions.get(source) === regionIndex) return;
  ing.regions.sourceRegions.set(source, regionIndex);
  const early = ing.regions.unassignedTerrain.get(source);
  if (early === undefined) return;
  ing.regions.unassignedTerrain.delete(source);
  if (!ing.regions.terrain.has(regionIndex) && early.regionSize === regionSizeOf(ing, regionIndex)) {
    early.regionIndex = regionIndex;
    ing.regions.terrain.set(regionIndex, early);
  }
}

/**
 * The region index of a message's RegionHandle (hi, lo halves), adding the
 * region when new and remembering it as the source's region; -1 (reported)
 * when the world's region table is full.
 */
export function regionOfHandle(ing: WorldIngestion, source: MessageSource, handleHi: number, handleLo: number, messageName: string): number {
  let regionIndex: number;
  try {
    regionIndex = addRegion(ing.world, handleHi, handleLo);
  } catch (error) {
    if (!(error instanceof CapacityError)) throw error;
    reportError(ing, messageName, -1, -1, error.message);
    return -1;
  }
  learn(ing, source, regionIndex);
  return regionIndex;
}

/** The region of a circuit, or -1 while unknown. */
export function regionOfSource(ing: WorldIngestion, source: MessageSource): number {
  return ing.regions.sourceRegions.get(source) ?? -1;
}

/** Declares the region behind a circuit (handle halves as in the region handle); returns its index. */
export function setSourceRegion(ing: WorldIngestion, source: MessageSource, handleHi: number, handleLo: number): number {
  const regionIndex = addRegion(ing.world, handleHi, handleLo);
  learn(ing, source, regionIndex);
  return regionIndex;
}

export function regionSizeOf(ing: WorldIngestion, regionIndex: number): number {
  return ing.regions.regionSizes.get(regionIndex) ?? ing.regions.defaultRegionSize;
}

/**
 * Declares a region's edge in metres (OpenSimulator var regions; 256 elsewhere).
 * Terrain already received at another size is dropped: its patches will come again.
 */
export function setRegionSize(ing: WorldIngestion, regionIndex: number, size: number): void {
  if (!Number.isInteger(size) || size < 16 || size > 8192 || size % 16 !== 0) {
    throw new RangeError(`setRegionSize: size must be a multiple of 16 in 16..8192, got ${size}`);
  }
  ing.regions.regionSizes.set(regionIndex, size);
  const terrain = ing.regions.terrain.get(regionIndex);
  if (terrain !== undefined && terrain.regionSize !== size) ing.regions.terrain.delete(regionIndex);
}

/** The terrain of a region, created on first use. */
export function terrainOf(ing: WorldIngestion, regionIndex: number): RegionTerrain {
  let terrain = ing.regions.terrain.get(regionIndex);
  if (terrain === undefined) {
    terrain = createRegionTerrain(regionIndex, regionSizeOf(ing, regionIndex));
    ing.regions.terrain.set(regionIndex, terrain);
  }
  return terrain;
}

/** The terrain for a circuit whose region is not known yet, held until it is. */
export function unassignedTerrainOf(ing: WorldIngestion, source: MessageSource): RegionTerrain {
  let terrain = ing.regions.unassignedTerrain.get(source);
  if (terrain === undefined) {
    terrain = createRegionTerrain(-1, ing.regions.defaultRegionSize);
    ing.regions.unassignedTerrain.set(source, terrain);
  }
  return terrain;
}

/**
 * Drops everything ingestion holds for a region the viewer left: its objects
 * (killed, linksets and all), its queued creations, its terrain and the
 * circuits mapped to it. The object cache keeps its records (they are keyed
 * by region handle, for a return). Returns the objects removed. Scans every
 * entity slot once: for region changes, not frames.
 */
export function forgetRegion(ing: WorldIngestion, regionIndex: number): number {
  const id = ing.components.identity;
  let removed = 0;
  for (let eid = 0; eid < ing.capacity; eid++) {
    // Any order works: a child goes with its root or alone, and an avatar that stood up is met later.
    if (ing.entities.live[eid] !== 1 || id.regionIndex[eid] !== regionIndex) continue;
    const before = ing.entities.objectCount;
    killObject(ing, eid);
    removed += before - ing.entities.objectCount;
  }
  const ring = ing.pending.ring;
  for (let k = 0, slot = ring.tail; k < ring.count; k++, slot = slot + 1 === ring.maxRecords ? 0 : slot + 1) {
    if (ring.live[slot] === 1 && ring.key0[slot] === regionIndex) cancelPending(ing.pending, regionIndex, ring.key1[slot]);
  }
  ing.regions.terrain.delete(regionIndex);
  ing.regions.regionSizes.delete(regionIndex);
  for (const [source, region] of ing.regions.sourceRegions) if (region === regionIndex) ing.regions.sourceRegions.delete(source);
  return removed;
}
