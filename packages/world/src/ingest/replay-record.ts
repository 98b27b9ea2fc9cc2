/**
 * Creates (or updates) an object from an update kept as bytes: a queued
 * record in the creation queue, or a cached record restored by an
 * ObjectUpdateCached hit. Both go through the same code as a live packet.
 */
import { createFromCompressed } from './apply-compressed-update.ts';
import { createFromFullBlock } from './ingest-object-update.ts';
import type { RecordRing } from '../tables/record-ring.ts';
import { RecordKind, bindFullUpdateRecord, replayError } from './update-records.ts';
import { reportError } from '../ingestion/ingestion-error.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

/**
 * Replays record `slot` of `ring` as an update of region `regionIndex`, with
 * the record's UpdateFlags; returns the entity, or -1 (reported) when the
 * bytes do not decode or no slot is free. `fromCache` keeps it out of the cache.
 */
export function replayRecord(ing: WorldIngestion, ring: RecordRing, slot: number, regionIndex: number, fromCache: boolean): number {
  const offset = ring.offset[slot];
  const length = ring.length[slot];
  let eid = -1;
  if (ring.kind[slot] === RecordKind.FullUpdate) {
    const block = bindFullUpdateRecord(ring.bytes, ring.view, offset, length);
    if (block === null) {
      reportError(ing, 'ObjectUpdate (kept copy)', -1, -1, replayError());
      return -1;
    }
    eid = createFromFullBlock(ing, regionIndex, block, 0, fromCache, 'ObjectUpdate');
  } else {
    eid = createFromCompressed(ing, regionIndex, ring.flags[slot], ring.bytes, ring.view, offset, length, fromCache);
  }
  if (eid >= 0) ing.components.identity.updateFlags[eid] = ring.flags[slot];
  return eid;
}
