/**
 * The engine's one hash table: open addressing from a key of 1 to 4 u32
 * words (the table's `width`) to an int32 value ≥ 0. Linear probing,
 * backward-shift deletion (no tombstones), sized once for `maxEntries` keys at
 * load factor ≤ 0.5, typed arrays only: lookups, inserts and deletes allocate
 * nothing. Keys are passed as four word arguments, u32 or int32 alike (a
 * word is its 32 bits); words past the width are ignored (pass 0). Every operation finds its slot with the same probe,
 * hashTableSlot.
 *
 * Users: the entity registry ((region, local id) → entity, UUID → entity),
 * and in @slv/world the UUID interning table, orphans, the creation queue,
 * the object cache and the request tracker.
 */
import { hashWords, tableSizeFor } from './hash.ts';

export interface HashTable {
  /** Words per key, 1..4. */
  readonly width: number;
  readonly maxEntries: number;
  readonly mask: number;
  /** `width` words per slot, as int32 (so they stay small integers to V8). */
  readonly keys: Int32Array;
  /** Value per slot; -1 marks an empty slot, so values are ≥ 0. */
  readonly values: Int32Array;
  size: number;
}

export function createHashTable(width: number, maxEntries: number): HashTable {
  if (!Number.isInteger(width) || width < 1 || width > 4) throw new RangeError(`createHashTable: width must be 1..4 words, got ${width}`);
  if (!Number.isInteger(maxEntries) || maxEntries < 1 || maxEntries > 1 << 26) {
    throw new RangeError(`createHashTable: maxEntries must be an integer in 1..${1 << 26}, got ${maxEntries}`);
  }
  const slots = tableSizeFor(maxEntries);
  return { width, maxEntries, mask: slots - 1, keys: new Int32Array(slots * width), values: new Int32Array(slots).fill(-1), size: 0 };
}

/** Home slot of a key. */
function homeSlot(t: HashTable, a: number, b: number, c: number, d: number): number {
  return hashWords(t.width, a, b, c, d) & t.mask;
}

/**
 * The slot holding the key, or -1 - (the empty slot where it would go).
 * Words are compared as int32: callers pass `x | 0` (a u32 and its int32 are the same word).
 */
export function hashTableSlot(t: HashTable, a: number, b: number, c: number, d: number): number {
  const { keys, values, mask, width } = t;
  let i = homeSlot(t, a, b, c, d);
  for (;;) {
    if (values[i] === -1) return -1 - i;
    const k = i * width;
    if (keys[k] === a && (width < 2 || (keys[k + 1] === b && (width < 3 || (keys[k + 2] === c && (width < 4 || keys[k + 3] === d)))))) {
      return i;
    }
    i = (i + 1) & mask;
  }
}

/** The value under the key, or -1. */
export function hashTableFind(t: HashTable, a: number, b: number, c: number, d: number): number {
  const slot = hashTableSlot(t, a | 0, b | 0, c | 0, d | 0);
  return slot < 0 ? -1 : t.values[slot];
}

/**
 * Stores `value` (≥ 0) under a key known to be absent, in the empty slot
 * hashTableSlot returned (as -1 - slot); false when the table is full.
 */
export function hashTableInsertAt(t: HashTable, emptySlot: number, a: number, b: number, c: number, d: number, value: number): boolean {
  if (t.size >= t.maxEntries) return false;
  const k = emptySlot * t.width;
  const keys = t.keys;
  keys[k] = a;
  if (t.width > 1) keys[k + 1] = b;
  if (t.width > 2) keys[k + 2] = c;
  if (t.width > 3) keys[k + 3] = d;
  t.values[emptySlot] = value;
  t.size++;
  return true;
}

/** Stores or overwrites the key's value (≥ 0); false when the table is full and the key is new. */
export function hashTableSet(t: HashTable, a: number, b: number, c: number, d: number, value: number): boolean {
  a |= 0;
  b |= 0;
  c |= 0;
  d |= 0;
  const slot = hashTableSlot(t, a, b, c, d);
  if (slot >= 0) {
    t.values[slot] = value;
    return true;
  }
  return hashTableInsertAt(t, -1 - slot, a, b, c, d, value);
}

/** Removes the key; returns the value it held, or -1 when absent. */
export function hashTableDelete(t: HashTable, a: number, b: number, c: number, d: number): number {
  let hole = hashTableSlot(t, a | 0, b | 0, c | 0, d | 0);
  if (hole < 0) return -1;
  const { keys, values, mask, width } = t;
  const removed = values[hole];
  // Backward shift: pull later entries of the probe run into the hole when the
  // hole lies on their path from their home slot, so lookups never stop early.
  let j = hole;
  for (;;) {
    j = (j + 1) & mask;
    if (values[j] === -1) break;
    const k = j * width;
    const home = homeSlot(t, keys[k], width > 1 ? keys[k + 1] : 0, width > 2 ? keys[k + 2] : 0, width > 3 ? keys[k + 3] : 0);
    const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
    if (stays) continue;
    keys.copyWithin(hole * width, k, k + width);
    values[hole] = values[j];
    hole = j;
  }
  values[hole] = -1;
  t.size--;
  return removed;
}

/** Removes every key. */
export function hashTableClear(t: HashTable): void {
  t.values.fill(-1);
  t.size = 0;
}
