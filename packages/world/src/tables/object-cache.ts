/**
 * The object cache: the last full (or compressed) update of every object seen,
 * keyed by region handle, local id and CRC, so that an ObjectUpdateCached
 * probe whose CRC matches restores the object without asking the simulator.
 * Records live in a bounded ring; when it is full the oldest are evicted. An
 * update with the CRC already cached is not stored again (the CRC changes
 * whenever the object's cacheable state does).
 */
import { createHashTable, hashTableDelete, hashTableFind, hashTableInsertAt, hashTableSlot } from '@slv/core';
import type { HashTable } from '@slv/core';
import { appendRecord, createRecordRing, recordFitsAtAll, releaseOldest } from './record-ring.ts';
import type { RecordRing } from './record-ring.ts';

export interface ObjectCache {
  readonly ring: RecordRing;
  /** (region handle hi, lo, local id) → record slot. */
  readonly index: HashTable;
  /** Records evicted to make room. */
  evictions: number;
  /**
   * Per entity, the record (slot and generation) its state was last decoded
   * from in full, or slot -1: an update whose bytes match that record apart
   * from motion needs only its motion decoded (motion-only-update.ts).
   */
  readonly appliedSlot: Int32Array;
  readonly appliedGeneration: Uint32Array;
}

export function createObjectCache(byteCapacity: number, maxRecords: number, entityCapacity: number): ObjectCache {
  return {
    ring: createRecordRing(byteCapacity, maxRecords),
    index: createHashTable(3, maxRecords),
    evictions: 0,
    appliedSlot: new Int32Array(entityCapacity).fill(-1),
    appliedGeneration: new Uint32Array(entityCapacity),
  };
}

/** The cached record of the object, or -1. Its CRC is `cache.ring.crc[slot]`. */
export function findCached(c: ObjectCache, handleHi: number, handleLo: number, localId: number): number {
  return hashTableFind(c.index, handleHi, handleLo, localId, 0);
}

function evictOldest(c: ObjectCache): void {
  const ring = c.ring;
  const slot = releaseOldest(ring);
  if (slot < 0) return;
  // A superseded record's key already names a newer slot; leave that alone.
  if (hashTableFind(c.index, ring.key0[slot], ring.key1[slot], ring.key2[slot], 0) === slot) {
    hashTableDelete(c.index, ring.key0[slot], ring.key1[slot], ring.key2[slot], 0);
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
  const at = hashTableSlot(c.index, handleHi | 0, handleLo | 0, localId | 0, 0);
  if (at >= 0) {
    ring.live[c.index.values[at]] = 0;
    c.index.values[at] = slot;
  } else {
    hashTableInsertAt(c.index, -1 - at, handleHi | 0, handleLo | 0, localId | 0, 0, slot);
  }
  ring.key0[slot] = handleHi;
  ring.key1[slot] = handleLo;
  ring.key2[slot] = localId;
  ring.crc[slot] = crc;
  ring.flags[slot] = flags;
  return slot;
}
