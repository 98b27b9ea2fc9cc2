/**
 * Open-addressing hash table (linear probing, backward-shift deletion, no
 * tombstones) from (regionIndex, localId) to an entity id, stored in typed
 * arrays sized once for `maxEntries` keys at load factor ≤ 0.5. Lookups and
 * updates allocate nothing.
 */
import { CapacityError } from './errors.ts';
import { hashPair, tableSizeFor } from './hash.ts';

export interface ObjectTable {
  readonly maxEntries: number;
  readonly mask: number;
  /** Region index per slot; -1 marks an empty slot. */
  readonly regions: Int32Array;
  readonly localIds: Uint32Array;
  readonly eids: Int32Array;
  size: number;
}

export function createObjectTable(maxEntries: number): ObjectTable {
  const slots = tableSizeFor(maxEntries);
  return {
    maxEntries,
    mask: slots - 1,
    regions: new Int32Array(slots).fill(-1),
    localIds: new Uint32Array(slots),
    eids: new Int32Array(slots).fill(-1),
    size: 0,
  };
}

function findSlot(t: ObjectTable, region: number, localId: number): number {
  const { regions, localIds, mask } = t;
  let i = hashPair(region, localId) & mask;
  for (;;) {
    const r = regions[i];
    if (r === -1) return -1 - i;
    if (r === region && localIds[i] === localId) return i;
    i = (i + 1) & mask;
  }
}

/** The entity stored under the key, or -1. */
export function objectTableGet(t: ObjectTable, region: number, localId: number): number {
  const slot = findSlot(t, region, localId);
  return slot < 0 ? -1 : t.eids[slot];
}

/** Stores or overwrites the key; returns the entity it replaced, or -1. */
export function objectTableSet(t: ObjectTable, region: number, localId: number, eid: number): number {
  const slot = findSlot(t, region, localId);
  if (slot >= 0) {
    const previous = t.eids[slot];
    t.eids[slot] = eid;
    return previous;
  }
  if (t.size >= t.maxEntries) {
    throw new CapacityError(`object table is full (${t.maxEntries} keys)`, t.maxEntries, t.size + 1);
  }
  const empty = -1 - slot;
  t.regions[empty] = region;
  t.localIds[empty] = localId;
  t.eids[empty] = eid;
  t.size++;
  return -1;
}

/** Removes the key; returns the entity it held, or -1 when absent. */
export function objectTableDelete(t: ObjectTable, region: number, localId: number): number {
  let hole = findSlot(t, region, localId);
  if (hole < 0) return -1;
  const { regions, localIds, eids, mask } = t;
  const removed = eids[hole];
  // Backward shift: pull later entries of the probe run into the hole when the
  // hole lies on their path from home slot, so lookups never stop early.
  let j = hole;
  for (;;) {
    j = (j + 1) & mask;
    const r = regions[j];
    if (r === -1) break;
    const home = hashPair(r, localIds[j]) & mask;
    const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
    if (stays) continue;
    regions[hole] = r;
    localIds[hole] = localIds[j];
    eids[hole] = eids[j];
    hole = j;
  }
  regions[hole] = -1;
  eids[hole] = -1;
  t.size--;
  return removed;
}
