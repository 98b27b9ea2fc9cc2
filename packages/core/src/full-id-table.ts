/**
 * Open-addressing hash table from a 16-byte UUID (read straight from a byte
 * buffer at an offset, never turned into a string) to an entity id. Keys live
 * as four u32 words per slot; linear probing with backward-shift deletion;
 * sized once for `maxEntries` keys at load factor ≤ 0.5.
 */
import { CapacityError } from './errors.ts';
import { hashQuad, readU32, tableSizeFor } from './hash.ts';

export interface FullIdTable {
  readonly maxEntries: number;
  readonly mask: number;
  /** Four little-endian words per slot. */
  readonly words: Uint32Array;
  /** Entity per slot; -1 marks an empty slot. */
  readonly eids: Int32Array;
  size: number;
}

export function createFullIdTable(maxEntries: number): FullIdTable {
  const slots = tableSizeFor(maxEntries);
  return {
    maxEntries,
    mask: slots - 1,
    words: new Uint32Array(slots * 4),
    eids: new Int32Array(slots).fill(-1),
    size: 0,
  };
}

export function assertUuidBytes(bytes: Uint8Array, offset: number, where: string): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + 16 > bytes.length) {
    throw new RangeError(`${where}: a UUID needs 16 bytes at offset ${offset}, buffer holds ${bytes.length}`);
  }
}

function findSlot(t: FullIdTable, w0: number, w1: number, w2: number, w3: number): number {
  const { words, eids, mask } = t;
  let i = hashQuad(w0, w1, w2, w3) & mask;
  for (;;) {
    if (eids[i] === -1) return -1 - i;
    const k = i * 4;
    if (words[k] === w0 && words[k + 1] === w1 && words[k + 2] === w2 && words[k + 3] === w3) return i;
    i = (i + 1) & mask;
  }
}

function findSlotAt(t: FullIdTable, bytes: Uint8Array, offset: number): number {
  return findSlot(t, readU32(bytes, offset), readU32(bytes, offset + 4), readU32(bytes, offset + 8), readU32(bytes, offset + 12));
}

/** The entity stored under the UUID at `bytes[offset..offset+16)`, or -1. Bounds are the caller's job. */
export function fullIdTableGet(t: FullIdTable, bytes: Uint8Array, offset: number): number {
  const slot = findSlotAt(t, bytes, offset);
  return slot < 0 ? -1 : t.eids[slot];
}

/** Stores or overwrites the key; returns the entity it replaced, or -1. */
export function fullIdTableSet(t: FullIdTable, bytes: Uint8Array, offset: number, eid: number): number {
  const slot = findSlotAt(t, bytes, offset);
  if (slot >= 0) {
    const previous = t.eids[slot];
    t.eids[slot] = eid;
    return previous;
  }
  if (t.size >= t.maxEntries) {
    throw new CapacityError(`UUID table is full (${t.maxEntries} keys)`, t.maxEntries, t.size + 1);
  }
  const empty = -1 - slot;
  const k = empty * 4;
  t.words[k] = readU32(bytes, offset);
  t.words[k + 1] = readU32(bytes, offset + 4);
  t.words[k + 2] = readU32(bytes, offset + 8);
  t.words[k + 3] = readU32(bytes, offset + 12);
  t.eids[empty] = eid;
  t.size++;
  return -1;
}

/** Removes the key given as four words; returns the entity it held, or -1. */
export function fullIdTableDeleteWords(t: FullIdTable, w0: number, w1: number, w2: number, w3: number): number {
  let hole = findSlot(t, w0, w1, w2, w3);
  if (hole < 0) return -1;
  const { words, eids, mask } = t;
  const removed = eids[hole];
  let j = hole;
  for (;;) {
    j = (j + 1) & mask;
    if (eids[j] === -1) break;
    const k = j * 4;
    const home = hashQuad(words[k], words[k + 1], words[k + 2], words[k + 3]) & mask;
    const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
    if (stays) continue;
    words.copyWithin(hole * 4, k, k + 4);
    eids[hole] = eids[j];
    hole = j;
  }
  eids[hole] = -1;
  t.size--;
  return removed;
}

/** Removes the UUID at `bytes[offset..offset+16)`; returns the entity it held, or -1. */
export function fullIdTableDelete(t: FullIdTable, bytes: Uint8Array, offset: number): number {
  return fullIdTableDeleteWords(
    t,
    readU32(bytes, offset),
    readU32(bytes, offset + 4),
    readU32(bytes, offset + 8),
    readU32(bytes, offset + 12),
  );
}
