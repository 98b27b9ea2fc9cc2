/**
 * The creation queue: updates for objects that have no entity yet and could
 * not get one this frame (the creation budget was spent). A reader is valid
 * only during its handler, so the update's bytes are copied into a bounded
 * record ring and replayed, oldest first, by the creation system. A newer
 * update for a queued object replaces its record; a terse update is kept as
 * decoded motion and applied after creation; KillObject cancels the record.
 */
import { MOTION_FLOATS } from '@slv/protocol';
import { createHashTable, hashTableDelete, hashTableFind, hashTableInsertAt, hashTableSlot } from '@slv/core';
import type { HashTable } from '@slv/core';
import { appendRecord, createRecordRing } from './record-ring.ts';
import type { RecordRing } from './record-ring.ts';

export interface PendingCreations {
  readonly ring: RecordRing;
  /** (region index, local id, 0) → record slot. */
  readonly index: HashTable;
  /** Motion (protocol Motion layout) of a terse update that arrived while queued, per slot. */
  readonly motion: Float32Array;
  readonly motionTimeMs: Float64Array;
  readonly hasMotion: Uint8Array;
  readonly motionState: Uint8Array;
  /** Queued objects (live records). */
  live: number;
  /** Objects the rest of this frame may still create (restarted by the creation system each frame). */
  budgetLeft: number;
}

export function createPendingCreations(byteCapacity: number, maxRecords: number): PendingCreations {
  return {
    ring: createRecordRing(byteCapacity, maxRecords),
    index: createHashTable(2, maxRecords),
    motion: new Float32Array(maxRecords * MOTION_FLOATS),
    motionTimeMs: new Float64Array(maxRecords),
    hasMotion: new Uint8Array(maxRecords),
    motionState: new Uint8Array(maxRecords),
    live: 0,
    budgetLeft: 0,
  };
}

/** The queued record for the object, or -1. */
export function findPending(p: PendingCreations, regionIndex: number, localId: number): number {
  return hashTableFind(p.index, regionIndex, localId, 0, 0);
}

/**
 * Appends a record of `length` bytes for the object, replacing any queued one;
 * returns the slot whose bytes the caller fills (ring.bytes at ring.offset[slot]),
 * or -1 when the queue has no room (nothing changes then).
 */
export function enqueuePending(
  p: PendingCreations, regionIndex: number, localId: number, kind: number, length: number, crc: number, flags: number,
): number {
  const ring = p.ring;
  const slot = appendRecord(ring, length, kind);
  if (slot < 0) return -1;
  const at = hashTableSlot(p.index, regionIndex | 0, localId | 0, 0, 0);
  if (at >= 0) {
    ring.live[p.index.values[at]] = 0;
    p.live--;
    p.index.values[at] = slot;
  } else {
    // The index holds at most maxRecords keys and a slot exists for this one, so this cannot fail.
    hashTableInsertAt(p.index, -1 - at, regionIndex | 0, localId | 0, 0, 0, slot);
  }
  ring.key0[slot] = regionIndex;
  ring.key1[slot] = localId;
  ring.crc[slot] = crc;
  ring.flags[slot] = flags;
  p.hasMotion[slot] = 0;
  p.live++;
  return slot;
}

/** Drops the object's queued record; true when there was one. */
export function cancelPending(p: PendingCreations, regionIndex: number, localId: number): boolean {
  if (p.index.size === 0) return false;
  const slot = hashTableDelete(p.index, regionIndex, localId, 0, 0);
  if (slot < 0) return false;
  p.ring.live[slot] = 0;
  p.live--;
  return true;
}

/** Keeps a terse update's motion for a queued object. */
export function setPendingMotion(p: PendingCreations, slot: number, motion: Float32Array, state: number, timeMs: number): void {
  const base = slot * MOTION_FLOATS;
  for (let k = 0; k < MOTION_FLOATS; k++) p.motion[base + k] = motion[k];
  p.motionState[slot] = state;
  p.motionTimeMs[slot] = timeMs;
  p.hasMotion[slot] = 1;
}

/** Marks the record at `slot` as taken out of the queue (its object is being created). */
export function takePending(p: PendingCreations, slot: number): void {
  const ring = p.ring;
  if (ring.live[slot] === 0) return;
  // A live record is the one its key names (a newer one, or a cancel, marks it dead).
  hashTableDelete(p.index, ring.key0[slot], ring.key1[slot], 0, 0);
  ring.live[slot] = 0;
  p.live--;
}
