/**
 * Writing an applied update into the object cache. After an update is
 * decoded in full, its bytes become the object's cache record (what an
 * ObjectUpdateCached hit restores), unless the record already holds exactly
 * these bytes, and the entity notes that record as the one it was decoded
 * from: motion-only-update.ts compares later updates with it.
 */
import { getRegionHandle } from '@slv/core';
import type { ObjectUpdate_ObjectData } from '@slv/protocol';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';
import { findCached, reserveCached } from '../tables/object-cache.ts';
import type { ObjectCache } from '../tables/object-cache.ts';
import { FULL_RECORD_PREFIX_BYTES, RecordKind, fullUpdateRecordLength, writeFullUpdateRecord } from './update-records.ts';

const handle = new Uint32Array(2);

/** True when a[ao+from, ao+to) equals b[bo+from, bo+to); four bytes per step where it can. */
export function sameBytes(a: DataView, ao: number, b: DataView, bo: number, from: number, to: number): boolean {
  let k = from;
  for (const end = to - 3; k < end; k += 4) if (a.getInt32(ao + k, true) !== b.getInt32(bo + k, true)) return false;
  for (; k < to; k++) if (a.getUint8(ao + k) !== b.getUint8(bo + k)) return false;
  return true;
}

export function copyBytes(from: Uint8Array, fo: number, to: Uint8Array, too: number, start: number, end: number): void {
  for (let k = start; k < end; k++) to[too + k] = from[fo + k];
}

/**
 * Copies `length` bytes from a[ao..] to b[bo..], four per step: a record's
 * bytes go into a ring on every arrival and creation (TypedArray.set would
 * need a subarray, an allocation per copy).
 */
export function copyRecord(a: DataView, ao: number, b: DataView, bo: number, length: number): void {
  let k = 0;
  for (const end = length - 3; k < end; k += 4) b.setInt32(bo + k, a.getInt32(ao + k, true), true);
  for (; k < length; k++) b.setUint8(bo + k, a.getUint8(ao + k));
}

/** The record the entity was decoded from, if it is still in the cache and of `kind`; else -1. */
export function appliedRecord(cache: ObjectCache, eid: number, kind: number): number {
  const slot = cache.appliedSlot[eid];
  if (slot < 0) return -1;
  const ring = cache.ring;
  return ring.generation[slot] === cache.appliedGeneration[eid] && ring.kind[slot] === kind ? slot : -1;
}

function noteApplied(cache: ObjectCache, eid: number, slot: number): void {
  cache.appliedSlot[eid] = slot;
  cache.appliedGeneration[eid] = cache.ring.generation[slot];
}

/**
 * After a full decode of a compressed blob: caches it unless the object's
 * record already holds these bytes, and notes that record as the entity's.
 */
export function cacheCompressedRecord(
  ing: WorldIngestion, eid: number, region: number, localId: number, crc: number, updateFlags: number, bytes: Uint8Array, view: DataView,
  offset: number, length: number,
): void {
  const cache = ing.tables.cache;
  const ring = cache.ring;
  getRegionHandle(ing.world, region, handle);
  let slot = findCached(cache, handle[0], handle[1], localId);
  const same =
    slot >= 0 && ring.kind[slot] === RecordKind.Compressed && ring.length[slot] === length && (ring.crc[slot] | 0) === crc &&
    sameBytes(view, offset, ring.view, ring.offset[slot], 0, length);
  if (!same) {
    slot = reserveCached(cache, handle[0], handle[1], localId, RecordKind.Compressed, length, crc, updateFlags);
    if (slot < 0) return;
    copyRecord(view, offset, ring.view, ring.offset[slot], length);
  }
  noteApplied(cache, eid, slot);
}

/**
 * After a full decode of an ObjectUpdate block: caches it unless the
 * object's record already holds these bytes, and notes that record as the entity's.
 */
export function cacheFullRecord(
  ing: WorldIngestion, eid: number, region: number, localId: number, crc: number, updateFlags: number, block: ObjectUpdate_ObjectData, i: number,
): void {
  const cache = ing.tables.cache;
  const ring = cache.ring;
  getRegionHandle(ing.world, region, handle);
  let slot = findCached(cache, handle[0], handle[1], localId);
  const length = fullUpdateRecordLength(block, i);
  const start = block.segmentStarts[i * block.segments];
  const same =
    slot >= 0 && ring.kind[slot] === RecordKind.FullUpdate && ring.length[slot] === length && (ring.crc[slot] | 0) === crc &&
    sameBytes(block.view, start, ring.view, ring.offset[slot] + FULL_RECORD_PREFIX_BYTES, 0, length - FULL_RECORD_PREFIX_BYTES);
  if (!same) {
    slot = reserveCached(cache, handle[0], handle[1], localId, RecordKind.FullUpdate, length, crc, updateFlags);
    if (slot < 0) return;
    writeFullUpdateRecord(block, i, ring.bytes, ring.offset[slot]);
  }
  noteApplied(cache, eid, slot);
}
