/**
 * The entity registry: finds the entity behind a simulator's name for an
 * object, either (region, local id) from object updates or the 16-byte full
 * id (UUID), without allocating per lookup. Each entity holds at most one of
 * each key; the registry keeps the reverse mapping so an entity's keys can be
 * dropped when it goes away.
 */
import { CapacityError } from './errors.ts';
import { readI32 } from './hash.ts';
import { createHashTable, hashTableDelete, hashTableFind, hashTableInsertAt, hashTableSlot } from './hash-table.ts';
import type { HashTable } from './hash-table.ts';
import { createRegionTable, regionTableAdd, regionTableFind, regionTableHas, regionTableRemove } from './region-table.ts';
import type { RegionTable } from './region-table.ts';

export interface EntityRegistry {
  readonly capacity: number;
  readonly regions: RegionTable;
  /** (region index, local id) → entity. */
  readonly objects: HashTable;
  /** UUID as four little-endian words → entity. */
  readonly fullIds: HashTable;
  /** Region index of each entity's object key, -1 when it has none. */
  readonly objectRegion: Int32Array;
  readonly objectLocalId: Uint32Array;
  /** Each entity's UUID as four little-endian words (int32), valid where `hasFullId` is 1. */
  readonly fullIdWords: Int32Array;
  readonly hasFullId: Uint8Array;
}

/** Anything carrying a registry; an engine world does. */
export interface RegistryHolder {
  readonly registry: EntityRegistry;
}

export function createEntityRegistry(capacity: number, maxRegions?: number): EntityRegistry {
  return {
    capacity,
    regions: createRegionTable(maxRegions),
    objects: createHashTable(2, capacity),
    fullIds: createHashTable(4, capacity),
    objectRegion: new Int32Array(capacity).fill(-1),
    objectLocalId: new Uint32Array(capacity),
    fullIdWords: new Int32Array(capacity * 4),
    hasFullId: new Uint8Array(capacity),
  };
}

function assertEid(r: EntityRegistry, eid: number, where: string): void {
  if (!Number.isInteger(eid) || eid < 0 || eid >= r.capacity) {
    throw new CapacityError(`${where}: entity ${eid} is outside capacity ${r.capacity}`, r.capacity, eid);
  }
}

function assertUuidBytes(bytes: Uint8Array, offset: number, where: string): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + 16 > bytes.length) {
    throw new RangeError(`${where}: a UUID needs 16 bytes at offset ${offset}, buffer holds ${bytes.length}`);
  }
}

/** The entity under the UUID at bytes[offset..offset+16), or -1. */
function findFullId(r: EntityRegistry, bytes: Uint8Array, offset: number): number {
  return hashTableFind(r.fullIds, readI32(bytes, offset), readI32(bytes, offset + 4), readI32(bytes, offset + 8), readI32(bytes, offset + 12));
}

/** Drops the entity's UUID key, found from the words it keeps. */
function deleteFullIdOf(r: EntityRegistry, eid: number): void {
  const k = eid * 4;
  hashTableDelete(r.fullIds, r.fullIdWords[k], r.fullIdWords[k + 1], r.fullIdWords[k + 2], r.fullIdWords[k + 3]);
  r.hasFullId[eid] = 0;
}

function assertLocalId(localId: number, where: string): void {
  if (localId >>> 0 !== localId) throw new RangeError(`${where}: local id must be a u32 integer, got ${localId}`);
}

// ---- regions ---------------------------------------------------------------

/** Region index for a region handle (hi, lo halves), adding the region when new. */
export function addRegion(world: RegistryHolder, handleHi: number, handleLo: number): number {
  return regionTableAdd(world.registry.regions, handleHi, handleLo);
}

/** Region index for a handle, or -1 when unknown. */
export function lookupRegion(world: RegistryHolder, handleHi: number, handleLo: number): number {
  return regionTableFind(world.registry.regions, handleHi, handleLo);
}

/** Writes the region's handle as [hi, lo] into `out` at `offset`; returns `out`. */
export function getRegionHandle(world: RegistryHolder, regionIndex: number, out: Uint32Array, offset = 0): Uint32Array {
  const regions = world.registry.regions;
  if (!regionTableHas(regions, regionIndex)) throw new RangeError(`getRegionHandle: region index ${regionIndex} is not in use`);
  out[offset] = regions.handleHi[regionIndex];
  out[offset + 1] = regions.handleLo[regionIndex];
  return out;
}

/**
 * Forgets a region and every object key in it (the entities themselves stay:
 * despawning them is the caller's choice). Returns how many keys were dropped.
 */
export function removeRegion(world: RegistryHolder, regionIndex: number): number {
  const r = world.registry;
  regionTableRemove(r.regions, regionIndex);
  let dropped = 0;
  for (let eid = 0; eid < r.capacity; eid++) {
    if (r.objectRegion[eid] !== regionIndex) continue;
    hashTableDelete(r.objects, regionIndex, r.objectLocalId[eid], 0, 0);
    r.objectRegion[eid] = -1;
    dropped++;
  }
  return dropped;
}

// ---- (region, local id) keys -----------------------------------------------

/**
 * Maps (regionIndex, localId) to `eid`. Registering the same pair again is a
 * no-op; a key owned by another entity, or an entity that already has another
 * key, is an error (unregister first).
 */
export function registerObject(world: RegistryHolder, regionIndex: number, localId: number, eid: number): void {
  const r = world.registry;
  assertEid(r, eid, 'registerObject');
  assertLocalId(localId, 'registerObject');
  if (!regionTableHas(r.regions, regionIndex)) {
    throw new RangeError(`registerObject: region index ${regionIndex} is not in use (addRegion first)`);
  }
  // One probe finds the key or the empty slot it goes into (objects arrive by the thousand).
  const slot = hashTableSlot(r.objects, regionIndex | 0, localId | 0, 0, 0);
  const owner = slot >= 0 ? r.objects.values[slot] : -1;
  if (owner === eid) return;
  if (owner !== -1) {
    throw new Error(`registerObject: (region ${regionIndex}, local id ${localId}) already belongs to entity ${owner}`);
  }
  if (r.objectRegion[eid] !== -1) {
    throw new Error(
      `registerObject: entity ${eid} is already (region ${r.objectRegion[eid]}, local id ${r.objectLocalId[eid]})`,
    );
  }
  if (!hashTableInsertAt(r.objects, -1 - slot, regionIndex | 0, localId | 0, 0, 0, eid)) {
    throw new CapacityError(`registerObject: the object table is full (${r.objects.maxEntries} keys)`, r.objects.maxEntries, r.objects.size + 1);
  }
  r.objectRegion[eid] = regionIndex;
  r.objectLocalId[eid] = localId;
}

/** The entity for (regionIndex, localId), or -1. */
export function lookupObject(world: RegistryHolder, regionIndex: number, localId: number): number {
  return hashTableFind(world.registry.objects, regionIndex, localId, 0, 0);
}

/** Drops the key; returns the entity it named, or -1 when absent. */
export function unregisterObject(world: RegistryHolder, regionIndex: number, localId: number): number {
  const r = world.registry;
  const eid = hashTableDelete(r.objects, regionIndex, localId, 0, 0);
  if (eid !== -1) r.objectRegion[eid] = -1;
  return eid;
}

/** Region index of the entity's object key, or -1 when it has none. */
export function getObjectRegion(world: RegistryHolder, eid: number): number {
  const r = world.registry;
  assertEid(r, eid, 'getObjectRegion');
  return r.objectRegion[eid];
}

/** Local id of the entity's object key; meaningful only where getObjectRegion ≥ 0. */
export function getObjectLocalId(world: RegistryHolder, eid: number): number {
  const r = world.registry;
  assertEid(r, eid, 'getObjectLocalId');
  return r.objectLocalId[eid];
}

// ---- full ids (UUIDs) --------------------------------------------------------

/** Maps the UUID at `bytes[offset..offset+16)` to `eid`; same conflict rules as registerObject. */
export function registerFullId(world: RegistryHolder, bytes: Uint8Array, offset: number, eid: number): void {
  const r = world.registry;
  assertEid(r, eid, 'registerFullId');
  assertUuidBytes(bytes, offset, 'registerFullId');
  const w0 = readI32(bytes, offset);
  const w1 = readI32(bytes, offset + 4);
  const w2 = readI32(bytes, offset + 8);
  const w3 = readI32(bytes, offset + 12);
  const slot = hashTableSlot(r.fullIds, w0, w1, w2, w3);
  const owner = slot >= 0 ? r.fullIds.values[slot] : -1;
  if (owner === eid) return;
  if (owner !== -1) throw new Error(`registerFullId: this UUID already belongs to entity ${owner}`);
  if (r.hasFullId[eid] === 1) throw new Error(`registerFullId: entity ${eid} already has a UUID (unregister it first)`);
  const k = eid * 4;
  const w = r.fullIdWords;
  w[k] = w0;
  w[k + 1] = w1;
  w[k + 2] = w2;
  w[k + 3] = w3;
  // Never full: it holds at most one key per entity and is sized for every entity.
  hashTableInsertAt(r.fullIds, -1 - slot, w0, w1, w2, w3, eid);
  r.hasFullId[eid] = 1;
}

/** The entity for the UUID at `bytes[offset..offset+16)`, or -1. */
export function lookupFullId(world: RegistryHolder, bytes: Uint8Array, offset: number): number {
  assertUuidBytes(bytes, offset, 'lookupFullId');
  return findFullId(world.registry, bytes, offset);
}

/** Drops the UUID key; returns the entity it named, or -1 when absent. */
export function unregisterFullId(world: RegistryHolder, bytes: Uint8Array, offset: number): number {
  assertUuidBytes(bytes, offset, 'unregisterFullId');
  const r = world.registry;
  const eid = findFullId(r, bytes, offset);
  if (eid !== -1) deleteFullIdOf(r, eid);
  return eid;
}

/** Copies the entity's UUID into `out` at `offset`; false (and `out` untouched) when it has none. */
export function getFullId(world: RegistryHolder, eid: number, out: Uint8Array, offset = 0): boolean {
  const r = world.registry;
  assertEid(r, eid, 'getFullId');
  assertUuidBytes(out, offset, 'getFullId');
  if (r.hasFullId[eid] === 0) return false;
  for (let w = 0; w < 4; w++) {
    const word = r.fullIdWords[eid * 4 + w];
    const o = offset + w * 4;
    out[o] = word & 0xff;
    out[o + 1] = (word >>> 8) & 0xff;
    out[o + 2] = (word >>> 16) & 0xff;
    out[o + 3] = word >>> 24;
  }
  return true;
}

/** Drops every key the entity holds (object key and UUID). */
export function unregisterEntity(world: RegistryHolder, eid: number): void {
  const r = world.registry;
  assertEid(r, eid, 'unregisterEntity');
  const region = r.objectRegion[eid];
  if (region !== -1) {
    hashTableDelete(r.objects, region, r.objectLocalId[eid], 0, 0);
    r.objectRegion[eid] = -1;
  }
  if (r.hasFullId[eid] === 1) deleteFullIdOf(r, eid);
}
