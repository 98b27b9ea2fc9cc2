/**
 * Open-addressing hash table from a key of three u32 words to an int32 value
 * (linear probing, backward-shift deletion, load factor ≤ 0.5), sized once.
 * The ingestion's side indexes use it: pending creations and orphans by
 * (region index, local id), the object cache by (region handle hi, lo, local id).
 * Nothing allocates after creation.
 */
import { mix32 } from '@slv/core';

export interface KeyTable {
  readonly maxEntries: number;
  readonly mask: number;
  readonly k0: Uint32Array;
  readonly k1: Uint32Array;
  readonly k2: Uint32Array;
  /** Value per slot; -1 marks an empty slot, so values must be ≥ 0. */
  readonly values: Int32Array;
  size: number;
}

function hash3(a: number, b: number, c: number): number {
  let h = mix32(a ^ 0x2545f491);
  h = mix32(Math.imul(h, 31) ^ b);
  return mix32(Math.imul(h, 31) ^ c);
}

export function createKeyTable(maxEntries: number): KeyTable {
  if (!Number.isInteger(maxEntries) || maxEntries < 1 || maxEntries > 1 << 26) {
    throw new RangeError(`createKeyTable: maxEntries must be an integer in 1..${1 << 26}, got ${maxEntries}`);
  }
  let slots = 8;
  while (slots < maxEntries * 2) slots *= 2;
  return {
    maxEntries,
    mask: slots - 1,
    k0: new Uint32Array(slots),
    k1: new Uint32Array(slots),
    k2: new Uint32Array(slots),
    values: new Int32Array(slots).fill(-1),
    size: 0,
  };
}

/** Slot of the key, or -1 - (the empty slot where it would go). */
function findSlot(t: KeyTable, a: number, b: number, c: number): number {
  const { k0, k1, k2, values, mask } = t;
  let i = hash3(a, b, c) & mask;
  for (;;) {
    if (values[i] === -1) return -1 - i;
    if (k0[i] === a && k1[i] === b && k2[i] === c) return i;
    i = (i + 1) & mask;
  }
}

/** The value under the key, or -1. Keys are taken as u32 (`>>> 0`). */
export function keyTableGet(t: KeyTable, a: number, b: number, c: number): number {
  const slot = findSlot(t, a >>> 0, b >>> 0, c >>> 0);
  return slot < 0 ? -1 : t.values[slot];
}

/** Stores or overwrites the key's value (≥ 0); false when the table is full and the key is new. */
export function keyTableSet(t: KeyTable, a: number, b: number, c: number, value: number): boolean {
  a >>>= 0;
  b >>>= 0;
  c >>>= 0;
  const slot = findSlot(t, a, b, c);
  if (slot >= 0) {
    t.values[slot] = value;
    return true;
  }
  if (t.size >= t.maxEntries) return false;
  const empty = -1 - slot;
  t.k0[empty] = a;
  t.k1[empty] = b;
  t.k2[empty] = c;
  t.values[empty] = value;
  t.size++;
  return true;
}

/** Removes the key; returns the value it held, or -1 when absent. */
export function keyTableDelete(t: KeyTable, a: number, b: number, c: number): number {
  let hole = findSlot(t, a >>> 0, b >>> 0, c >>> 0);
  if (hole < 0) return -1;
  const { k0, k1, k2, values, mask } = t;
  const removed = values[hole];
  // Backward shift: pull later entries of the probe run into the hole when the
  // hole lies on their path from their home slot, so lookups never stop early.
  let j = hole;
  for (;;) {
    j = (j + 1) & mask;
    if (values[j] === -1) break;
    const home = hash3(k0[j], k1[j], k2[j]) & mask;
    const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
    if (stays) continue;
    k0[hole] = k0[j];
    k1[hole] = k1[j];
    k2[hole] = k2[j];
    values[hole] = values[j];
    hole = j;
  }
  values[hole] = -1;
  t.size--;
  return removed;
}

/** Removes every key. */
export function keyTableClear(t: KeyTable): void {
  t.values.fill(-1);
  t.size = 0;
}
