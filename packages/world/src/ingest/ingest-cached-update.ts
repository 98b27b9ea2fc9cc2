/**
 * ObjectUpdateCached: the simulator names objects by local id and CRC and
 * expects the viewer to have them. An object already live with that CRC needs
 * nothing; one in the object cache with that CRC is restored from it without
 * asking; the rest are asked for in one RequestMultipleObjects per message
 * (CacheMissType 0 when unknown, 1 when cached with another CRC).
 */
import { getRegionHandle, lookupObject } from '@slv/core';
import type { ObjectUpdateCachedReader } from '@slv/protocol';
import type { MessageSource } from '@slv/net';
import { cachedCrc, cachedUpdateFlags } from './int32-fields.ts';
import { findCached } from '../tables/object-cache.ts';
import { CacheMissType, flushRequests, requestObject } from '../tables/object-requests.ts';
import { enqueuePending, findPending } from '../tables/pending-creations.ts';
import { replayRecord } from './replay-record.ts';
import { regionOfHandle } from '../regions/source-regions.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

const handle = new Uint32Array(2);

export function ingestObjectUpdateCached(ing: WorldIngestion, reader: ObjectUpdateCachedReader, source: MessageSource): void {
  const rd = reader.RegionData;
  const region = regionOfHandle(ing, source, rd.RegionHandleHigh(0), rd.RegionHandleLow(0), 'ObjectUpdateCached');
  if (region < 0) return;
  getRegionHandle(ing.world, region, handle);
  const block = reader.ObjectData;
  const id = ing.components.identity;
  const cache = ing.tables.cache;
  const now = ing.clock();
  ing.now[0] = now;
  for (let i = 0; i < block.count; i++) {
    ing.stats.cachedProbes++;
    const localId = block.ID(i);
    const crc = cachedCrc(block, i);
    const updateFlags = cachedUpdateFlags(block, i);
    const eid = lookupObject(ing.world, region, localId);
    if (eid >= 0) {
      if ((id.crc[eid] | 0) === crc) {
        id.updateFlags[eid] = updateFlags;
      } else {
        ing.stats.cacheMissesCrc++;
        if (requestObject(ing.tables.requests, ing.requestObjects, region, localId, CacheMissType.CrcMismatch, now)) ing.stats.objectsRequested++;
      }
      continue;
    }
    // Already on its way into the world.
    if (findPending(ing.pending, region, localId) >= 0) continue;
    const slot = findCached(cache, handle[0], handle[1], localId);
    if (slot < 0 || (cache.ring.crc[slot] | 0) !== crc) {
      const missType = slot < 0 ? CacheMissType.Full : CacheMissType.CrcMismatch;
      if (slot < 0) ing.stats.cacheMissesFull++;
      else ing.stats.cacheMissesCrc++;
      if (requestObject(ing.tables.requests, ing.requestObjects, region, localId, missType, now)) ing.stats.objectsRequested++;
      continue;
    }
    ing.stats.cacheHits++;
    restoreCached(ing, region, localId, slot, updateFlags);
  }
  flushRequests(ing.tables.requests, ing.requestObjects);
}

/** Creates the object from cache record `slot` within the budget, or queues a copy of the record. */
function restoreCached(ing: WorldIngestion, region: number, localId: number, slot: number, updateFlags: number): void {
  const ring = ing.tables.cache.ring;
  if (ing.pending.budgetLeft > 0) {
    ing.pending.budgetLeft--;
  } else {
    const length = ring.length[slot];
    const queued = enqueuePending(ing.pending, region, localId, ring.kind[slot], length, ring.crc[slot], updateFlags);
    if (queued >= 0) {
      const to = ing.pending.ring.offset[queued] - ring.offset[slot];
      for (let k = ring.offset[slot], end = k + length; k < end; k++) ing.pending.ring.bytes[to + k] = ring.bytes[k];
      ing.stats.queued++;
      return;
    }
    ing.stats.overBudget++;
  }
  const eid = replayRecord(ing, ring, slot, region, true);
  if (eid >= 0) ing.components.identity.updateFlags[eid] = updateFlags;
}
