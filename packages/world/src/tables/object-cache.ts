/**
 * The object cache: the last full (or compressed) update of every object seen,
 * keyed by region handle, local id and CRC, so that an ObjectUpdateCached
 * probe whose CRC matches restores the object without asking the simulator.
 * Records live in a bounded ring; when it is full the oldest are evicted. An
 * update with the CRC already cached is not stored again (the CRC changes
 * whenever the object's cacheable state does).
 */
import { createKeyTable, keyTableDelete, keyTableGet, keyTableSet } from './key-table.ts';
import type { KeyTable } from './key-table.ts';
import { appendRecord, createRecordRing, recordFitsAtAll, releaseOldest } from './record-ring.ts';
import type { RecordRing } from './record-ring.ts';

export interface ObjectCache {
  readonly ring: RecordRing;
  /** (region handle hi, lo, local id) → record slot. */
  readonly index: KeyTable;
  /** Records evicted to make room. */
  evictions: number;
}

export function createObjectCache(byteCapacity: number, maxRecords: number): ObjectCache {
  return { ring: createRecordRing(byteCapacity, maxRecords), index: createKeyTable(maxRecords), evictions: 0 };
}

/** The cached record of the object, or -1. Its CRC is `cache.ring.crc[slot]`. */
export function findCached(c: ObjectCache, handleHi: number, handleLo: number, localId: number): number {
  return keyTableGet(c.index, handleHi, handleLo, localId);
}

function evictOldest(c: ObjectCache): void {
  const ring = c.ring;
  const slot = releaseOldest(ring);
  if (slot < 0) return;
  // A superseded record's key already names a newer slot; leave that alone.
  if (keyTableGet(c.index, ring.key0[slot], ring.key1[slot], ring.key2[slot]) === slot) {
    keyTableDelete(c.index, ring.key0[slot], ring.key1[slot], ring.key2[slot]);
  }
  c.evictions++;
}

/**
 * Reserves a record of `length` bytes for the object, evicting the oldest
 * records as needed; returns the slot whose bytes the caller fills, or -1 when
 * a record that long can never fit.
 */
export function reserveCached(
  c: ObjectCache, handleHi: number, handleLo: number, localId: number, kind: number, length: number, crc: number, flags: number,
): number {
  const ring = c.ring;
  if (!recordFitsAtAll(ring, length)) return -1;
  let slot = appendRecord(ring, length, kind);
  while (slot < 0) {
    evictOldest(c);
    slot = appendRecord(ring, length, kind);
  }
  const previous = keyTableGet(c.index, handleHi, handleLo, localId);
  if (previous >= 0) ring.live[previous] = 0;
  keyTableSet(c.index, handleHi, handleLo, localId, slot);
  ring.key0[slot] = handleHi;
  ring.key1[slot] = handleLo;
  ring.key2[slot] = localId;
  ring.crc[slot] = crc;
  ring.flags[slot] = flags;
  return slot;
}
