/**
 * Interned UUIDs: every asset id the world refers to (face textures, sculpt
 * maps and mesh assets, materials, sounds, owners) is stored once and named by
 * a small integer, so components hold a u32 per reference instead of 16 bytes
 * or a string. Index 0 is the null UUID ("none"). The table is sized once and
 * never evicts: when it is full, new ids intern as 0 and `overflowed` counts
 * them. Lookups and interning allocate nothing.
 */
import { hashQuad, readU32 } from '@slv/core';

export interface UuidTable {
  /** Most distinct UUIDs held, the null UUID included. */
  readonly capacity: number;
  /** Four little-endian u32 words per index. */
  readonly words: Uint32Array;
  /** Hash slots holding an index, or -1. */
  readonly slots: Int32Array;
  readonly mask: number;
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
  let size = 8;
  while (size < capacity * 2) size *= 2;
  return { capacity, words: new Uint32Array(capacity * 4), slots: new Int32Array(size).fill(-1), mask: size - 1, count: 1, overflowed: 0 };
}

/** Slot holding the UUID's index, or -1 - (the empty slot where it would go). */
function findSlot(t: UuidTable, w0: number, w1: number, w2: number, w3: number): number {
  const { slots, words, mask } = t;
  let i = hashQuad(w0, w1, w2, w3) & mask;
  for (;;) {
    const index = slots[i];
    if (index === -1) return -1 - i;
    const k = index * 4;
    if (words[k] === w0 && words[k + 1] === w1 && words[k + 2] === w2 && words[k + 3] === w3) return i;
    i = (i + 1) & mask;
  }
}

/**
 * The index of the UUID at bytes[offset..offset+16), interning it when new.
 * 0 for the null UUID, and for a new UUID when the table is full.
 */
export function internUuid(t: UuidTable, bytes: Uint8Array, offset: number): number {
  const w0 = readU32(bytes, offset);
  const w1 = readU32(bytes, offset + 4);
  const w2 = readU32(bytes, offset + 8);
  const w3 = readU32(bytes, offset + 12);
  if ((w0 | w1 | w2 | w3) === 0) return NULL_UUID_INDEX;
  const slot = findSlot(t, w0, w1, w2, w3);
  if (slot >= 0) return t.slots[slot];
  if (t.count >= t.capacity) {
    t.overflowed++;
    return NULL_UUID_INDEX;
  }
  const index = t.count++;
  const k = index * 4;
  t.words[k] = w0;
  t.words[k + 1] = w1;
  t.words[k + 2] = w2;
  t.words[k + 3] = w3;
  t.slots[-1 - slot] = index;
  return index;
}

/** The index of the UUID if it is interned, else -1 (0 for the null UUID). */
export function findUuid(t: UuidTable, bytes: Uint8Array, offset: number): number {
  const w0 = readU32(bytes, offset);
  const w1 = readU32(bytes, offset + 4);
  const w2 = readU32(bytes, offset + 8);
  const w3 = readU32(bytes, offset + 12);
  if ((w0 | w1 | w2 | w3) === 0) return NULL_UUID_INDEX;
  const slot = findSlot(t, w0, w1, w2, w3);
  return slot >= 0 ? t.slots[slot] : -1;
}

/** Copies the UUID at `index` into out[offset..offset+16); returns out. */
export function readUuid(t: UuidTable, index: number, out: Uint8Array, offset = 0): Uint8Array {
  if (!Number.isInteger(index) || index < 0 || index >= t.count) {
    throw new RangeError(`readUuid: index ${index} is not in use (0..${t.count - 1})`);
  }
  for (let w = 0; w < 4; w++) {
    const v = t.words[index * 4 + w];
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
