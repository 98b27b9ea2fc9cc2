/**
 * KillObject: removes each named object with its whole linkset (children
 * found through the intrusive lists), or cancels it while it is still queued.
 * The message has no region handle: the circuit's region is used, and when
 * that is unknown, the one region holding that local id.
 */
import { lookupObject } from '@slv/core';
import type { KillObjectReader } from '@slv/protocol';
import type { MessageSource } from '@slv/net';
import { killObject } from '../objects/object-lifecycle.ts';
import { cancelPending } from '../tables/pending-creations.ts';
import { regionOfSource } from '../regions/source-regions.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

export function ingestKillObject(ing: WorldIngestion, reader: KillObjectReader, source: MessageSource): void {
  const region = regionOfSource(ing, source);
  const block = reader.ObjectData;
  for (let i = 0; i < block.count; i++) {
    ing.stats.killBlocks++;
    const localId = block.ID(i);
    if (region >= 0) {
      killInRegion(ing, region, localId);
      continue;
    }
    const only = onlyRegionHolding(ing, localId);
    if (only >= 0) killInRegion(ing, only, localId);
    else ing.stats.unresolvedKills++;
  }
}

function killInRegion(ing: WorldIngestion, region: number, localId: number): void {
  const eid = lookupObject(ing.world, region, localId);
  if (eid >= 0) killObject(ing, eid);
  else cancelPending(ing.pending, region, localId);
}

/** The region whose objects include `localId`, when exactly one does; else -1. */
function onlyRegionHolding(ing: WorldIngestion, localId: number): number {
  const regions = ing.world.registry.regions;
  let found = -1;
  for (let r = 0; r < regions.maxRegions; r++) {
    if (regions.used[r] !== 1) continue;
    if (lookupObject(ing.world, r, localId) < 0) continue;
    if (found >= 0) return -1;
    found = r;
  }
  return found;
}
