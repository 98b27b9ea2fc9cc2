/**
 * Interned UUIDs: every asset id the world refers to (face textures, sculpt
 * maps and mesh assets, materials, sounds, owners) is stored once and named by
 * a small integer, so components hold a u32 per reference instead of 16 bytes
 * or a string. Index 0 is the null UUID ("none"). The table is sized once and
 * never evicts: when it is full, new ids intern as 0 and `overflowed` counts
 * them. Lookups and interning allocate nothing.
 */
import { createHashTable, hashTableInsertAt, hashTableSlot, readI32 } from '@slv/core';
import type { HashTable } from '@slv/core';

export interface UuidTable {
  /** Most distinct UUIDs held, the null UUID included. */
  readonly capacity: number;
  /** UUID (four little-endian words) → index. */
  readonly indexes: HashTable;
  /** The hash slot each index's key sits in: the table never deletes, so slots never move. */
  readonly slotOf: Int32Array;
  /** Indexes in use (index 0, the null UUID, included). */
  count: number;
  /** New UUIDs refused because the table was full. */
  overflowed: number;
}

export const NULL_UUID_INDEX = 0;

export function createUuidTable(capacity: number): UuidTable {
  if (!Number.isInteger(capacity) || capacity < 2 || capacity > 1 << 24) {
    throw new RangeError(`createUuidTable: capacity must be an integer in 2..${1 << 24}, got ${capacity}`);
  }
  return { capacity, indexes: createHashTable(4, capacity), slotOf: new Int32Array(capacity).fill(-1), count: 1, overflowed: 0 };
}

/**
 * The index of the UUID at bytes[offset..offset+16), interning it when new.
 * 0 for the null UUID, and for a new UUID when the table is full.
 */
export function internUuid(t: UuidTable, bytes: Uint8Array, offset: number): number {
  const w0 = readI32(bytes, offset);
  const w1 = readI32(bytes, offset + 4);
  const w2 = readI32(bytes, offset + 8);
  const w3 = readI32(bytes, offset + 12);
  if ((w0 | w1 | w2 | w3) === 0) return NULL_UUID_INDEX;
  const slot = hashTableSlot(t.indexes, w0, w1, w2, w3);
  if (slot >= 0) return t.indexes.values[slot];
  if (t.count >= t.capacity) {
    t.overflowed++;
    return NULL_UUID_INDEX;
  }
  const index = t.count++;
  hashTableInsertAt(t.indexes, -1 - slot, w0, w1, w2, w3, index);
  t.slotOf[index] = -1 - slot;
  return index;
}

/** The index of the UUID if it is interned, else -1 (0 for the null UUID). */
export function findUuid(t: UuidTable, bytes: Uint8Array, offset: number): number {
  const w0 = readI32(bytes, offset);
  const w1 = readI32(bytes, offset + 4);
  const w2 = readI32(bytes, offset + 8);
  const w3 = readI32(bytes, offset + 12);
  if ((w0 | w1 | w2 | w3) === 0) return NULL_UUID_INDEX;
  const slot = hashTableSlot(t.indexes, w0, w1, w2, w3);
  return slot >= 0 ? t.indexes.values[slot] : -1;
}

/** Copies the UUID at `index` into out[offset..offset+16); returns out. */
export function readUuid(t: UuidTable, index: number, out: Uint8Array, offset = 0): Uint8Array {
  if (!Number.isInteger(index) || index < 0 || index >= t.count) {
    throw new RangeError(`readUuid: index ${index} is not in use (0..${t.count - 1})`);
  }
  const keys = t.indexes.keys;
  const at = t.slotOf[index] * 4;
  for (let w = 0; w < 4; w++) {
    // The null UUID has no slot: it reads as zeros.
    const v = index === NULL_UUID_INDEX ? 0 : keys[at + w];
    const o = offset + w * 4;
    out[o] = v & 0xff;
    out[o + 1] = (v >>> 8) & 0xff;
    out[o + 2] = (v >>> 16) & 0xff;
    out[o + 3] = v >>> 24;
  }
  return out;
}

const HEX = '0123456789abcdef';
const scratch = new Uint8Array(16);

/** The UUID at `index` in its usual 8-4-4-4-12 text form (allocates the string). */
export function uuidText(t: UuidTable, index: number): string {
  readUuid(t, index, scratch, 0);
  let s = '';
  for (let k = 0; k < 16; k++) {
    if (k === 4 || k === 6 || k === 8 || k === 10) s += '-';
    s += HEX[scratch[k] >> 4] + HEX[scratch[k] & 15];
  }
  return s;
}
