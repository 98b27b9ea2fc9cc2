/**
 * Object entities coming and going. An object gets an entity from the pool of
 * entities released by earlier kills, or a new one from spawnEntity (the slow
 * part: bitecs allocates per entity and the engine zeroes every component
 * slot). A kill removes the object's tags and keys and puts the entity back in
 * the pool, so a region's churn of objects costs no bitecs entity creation.
 * An object's life is therefore marked by ObjectTag, not by the entity.
 */
import {
  CapacityError, despawnEntity, hashTableDelete, hashTableFind, hashTableSet, lookupFullId, lookupObject, readI32, registerFullId, registerObject,
  spawnEntity, unregisterEntity,
} from '@slv/core';
import { PCode } from '@slv/protocol';
import { adoptOrphans, detach, resetLinks, setParent } from './linkset.ts';
import { forgetRequest } from '../tables/object-requests.ts';
import { clearSideTables } from '../tables/side-tables.ts';
import { TagBit, clearTags, poolPush, poolRemove, setTag, setTagBits } from './object-entities.ts';
import { markDirty, removeMoving } from './transform-sets.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

/**
 * An entity for object `localId` of region `regionIndex`, registered under that
 * key, tagged Object, its links and parent reset and the orphans waiting
 * for it adopted. Returns -1 (counted in stats.capacityDrops) when every slot is live.
 */
export function createObjectEntity(ing: WorldIngestion, regionIndex: number, localId: number): number {
  const eid = takeEntity(ing);
  if (eid < 0) {
    ing.stats.capacityDrops++;
    return -1;
  }
  const id = ing.components.identity;
  id.localId[eid] = localId;
  id.regionIndex[eid] = regionIndex;
  id.parentLocalId[eid] = 0;
  id.pcode[eid] = 0;
  ing.tables.cache.appliedSlot[eid] = -1;
  resetLinks(ing, eid);
  setTag(ing.entities, eid, TagBit.Object, true);
  enliven(ing, eid, regionIndex, localId);
  return eid;
}

/**
 * An entity for a new object: the oldest pooled one when it holds no object
 * that could come back, or when the pool keeps more than dormantKeep; else a
 * new one (cheap since spawnEntity makes no bitecs component set); else the
 * oldest pooled one after all. -1 when every slot holds a live object.
 */
function takeEntity(ing: WorldIngestion): number {
  const e = ing.entities;
  const oldest = e.poolOldest;
  if (oldest >= 0 && (e.revivable[oldest] === 0 || e.freeCount > e.dormantKeep || ing.world.entityIndex.aliveCount >= ing.capacity)) {
    forgetDormant(ing, oldest);
    poolRemove(e, oldest);
    return oldest;
  }
  try {
    return spawnEntity(ing.world);
  } catch (error) {
    if (!(error instanceof CapacityError)) throw error;
    return -1;
  }
}

/** What makes an entity a live object under (region, local id): keys, counts, links to the waiting orphans. */
function enliven(ing: WorldIngestion, eid: number, regionIndex: number, localId: number): void {
  registerObject(ing.world, regionIndex, localId, eid);
  ing.entities.live[eid] = 1;
  ing.components.world.valid[eid] = 1;
  ing.entities.objectCount++;
  ing.stats.objectsCreated++;
  forgetRequest(ing.tables.requests, regionIndex, localId);
  adoptOrphans(ing, eid, regionIndex, localId);
  markDirty(ing.sets, eid);
}

/**
 * The pooled entity that held object `localId` of the region until it was
 * killed, still holding everything decoded into it, or -1. The caller checks
 * that the update is the one it was decoded from before reviveEntity.
 */
export function dormantEntityFor(ing: WorldIngestion, regionIndex: number, localId: number): number {
  const dormant = ing.tables.dormant;
  return dormant.size === 0 ? -1 : hashTableFind(dormant, regionIndex, localId, 0, 0);
}

/**
 * Brings a dormant entity back as its object (same region, local id and
 * UUID, the UUID at bytes[fullIdOffset..]): out of the pool, its keys, tags
 * and parent link restored. Its components are as the kill left them.
 */
export function reviveEntity(ing: WorldIngestion, eid: number, bytes: Uint8Array, fullIdOffset: number): void {
  const e = ing.entities;
  const id = ing.components.identity;
  const regionIndex = id.regionIndex[eid];
  const localId = id.localId[eid];
  forgetDormant(ing, eid);
  poolRemove(e, eid);
  resetLinks(ing, eid);
  const parentLocalId = id.parentLocalId[eid];
  id.parentLocalId[eid] = 0;
  setParent(ing, eid, parentLocalId, 'ObjectUpdateCompressed');
  setTagBits(e, eid, e.dormantTagBits[eid]);
  registerFullId(ing.world, bytes, fullIdOffset, eid);
  enliven(ing, eid, regionIndex, localId);
  ing.stats.objectsRevived++;
}

/** The entity can no longer come back as the object it held. */
function forgetDormant(ing: WorldIngestion, eid: number): void {
  const e = ing.entities;
  if (e.revivable[eid] === 0) return;
  e.revivable[eid] = 0;
  const id = ing.components.identity;
  const dormant = ing.tables.dormant;
  if (hashTableFind(dormant, id.regionIndex[eid], id.localId[eid], 0, 0) === eid) hashTableDelete(dormant, id.regionIndex[eid], id.localId[eid], 0, 0);
}

/**
 * Ends one object (not its children): its tags, keys and side data go, its
 * entity joins the pool. The entity keeps its components and the cache record
 * it was decoded from: when nothing was lost with the side data, it waits
 * under (region, local id) for its object's return (reviveEntity).
 */
function releaseObjectEntity(ing: WorldIngestion, eid: number): void {
  const e = ing.entities;
  const id = ing.components.identity;
  e.dormantTagBits[eid] = e.tagBits[eid];
  clearTags(e, eid);
  const region = ing.world.registry.objectRegion[eid];
  unregisterEntity(ing.world, eid);
  const hadSideData = clearSideTables(ing.tables.side, eid);
  removeMoving(ing.sets, eid);
  e.live[eid] = 0;
  ing.components.world.valid[eid] = 0;
  e.objectCount--;
  ing.stats.objectsKilled++;
  if (!hadSideData && region >= 0 && ing.tables.cache.appliedSlot[eid] >= 0 && e.dormantKeep > 0) {
    e.revivable[eid] = 1;
    hashTableSet(ing.tables.dormant, region, id.localId[eid], 0, 0, eid);
  }
  poolPush(e, eid);
}

/** Scratch stack for walking linksets, sized once per capacity. */
let stack = new Int32Array(0);

/**
 * Kills an object and its whole linkset below it. Seated avatars are not
 * killed with the prim they sit on: they stand up where they were, as the
 * viewer does.
 */
export function killObject(ing: WorldIngestion, root: number): void {
  if (ing.entities.live[root] !== 1) return;
  if (stack.length < ing.capacity) stack = new Int32Array(ing.capacity);
  const l = ing.components.linkset;
  const id = ing.components.identity;
  detach(ing, root);
  let top = 0;
  stack[top++] = root;
  while (top > 0) {
    const e = stack[--top];
    let child = l.firstChild[e];
    while (child >= 0) {
      const next = l.nextSibling[child];
      if (id.pcode[child] === PCode.Avatar) standUp(ing, child);
      else stack[top++] = child;
      child = next;
    }
    l.firstChild[e] = -1;
    l.childCount[e] = 0;
    releaseObjectEntity(ing, e);
  }
}

/** Unseats an avatar: it becomes a root where its world transform put it. */
function standUp(ing: WorldIngestion, eid: number): void {
  const c = ing.components;
  const valid = c.world.valid[eid] === 1;
  detach(ing, eid);
  c.identity.parentLocalId[eid] = 0;
  if (valid) {
    for (let k = 0; k < 3; k++) {
      c.local.position[eid * 3 + k] = c.world.position[eid * 3 + k];
      c.motion.basePosition[eid * 3 + k] = c.world.position[eid * 3 + k];
    }
    for (let k = 0; k < 4; k++) {
      c.local.rotation[eid * 4 + k] = c.world.rotation[eid * 4 + k];
      c.motion.baseRotation[eid * 4 + k] = c.world.rotation[eid * 4 + k];
    }
  }
  markDirty(ing.sets, eid);
}

/**
 * Spawns up to `count` entities into the pool ahead of need (at load, or in
 * idle frames), so that objects arriving later take a pooled entity (about a
 * microsecond) instead of spawnEntity (about ten, most of it bitecs and the
 * zeroing of every component slot). Returns how many were added; stops at
 * the world's capacity.
 */
export function prewarmEntityPool(ing: WorldIngestion, count: number): number {
  let added = 0;
  while (added < count && ing.entities.freeCount < ing.capacity) {
    let eid: number;
    try {
      eid = spawnEntity(ing.world);
    } catch (error) {
      if (error instanceof CapacityError) break;
      throw error;
    }
    poolPush(ing.entities, eid);
    added++;
  }
  return added;
}

/** Despawns every pooled entity (e.g. after leaving a crowded region), returning their slots to the engine. */
export function releaseEntityPool(ing: WorldIngestion): number {
  const e = ing.entities;
  const n = e.freeCount;
  while (e.poolOldest >= 0) {
    const eid = e.poolOldest;
    forgetDormant(ing, eid);
    poolRemove(e, eid);
    despawnEntity(ing.world, eid);
    // bitecs dropped whatever tag components it still held for the entity.
    e.syncedTagBits[eid] = 0;
  }
  return n;
}

function sameFullId(ing: WorldIngestion, eid: number, bytes: Uint8Array, offset: number): boolean {
  const r = ing.world.registry;
  if (r.hasFullId[eid] !== 1 || offset < 0 || offset + 16 > bytes.length) return false;
  const w = r.fullIdWords;
  const k = eid * 4;
  return (
    w[k] === readI32(bytes, offset) && w[k + 1] === readI32(bytes, offset + 4) && w[k + 2] === readI32(bytes, offset + 8) &&
    w[k + 3] === readI32(bytes, offset + 12)
  );
}

/**
 * The entity already holding object `localId` of the region, when it is the
 * same object (the UUID at bytes[fullIdOffset..+16) matches); -1 when the
 * object needs a new entity. An entity whose local id now names another
 * object is killed, and so is an entity holding this UUID under another
 * local id (the object moved): the viewer does the same.
 */
export function existingEntityFor(ing: WorldIngestion, regionIndex: number, localId: number, bytes: Uint8Array, fullIdOffset: number): number {
  const world = ing.world;
  let eid = lookupObject(world, regionIndex, localId);
  // The common case, an update of the object the entity already holds, compares four words.
  if (eid >= 0 && sameFullId(ing, eid, bytes, fullIdOffset)) return eid;
  const owner = lookupFullId(world, bytes, fullIdOffset);
  if (owner >= 0) {
    killObject(ing, owner);
    // The kill may have taken the entity under this local id with it (a child of the owner).
    eid = lookupObject(world, regionIndex, localId);
  }
  if (eid < 0) return -1;
  if (world.registry.hasFullId[eid] === 1) {
    killObject(ing, eid);
    return -1;
  }
  registerFullId(world, bytes, fullIdOffset, eid);
  return eid;
}

/** Creates the entity for a new object and registers its UUID; -1 when every slot is live. */
export function createObjectWithId(
  ing: WorldIngestion, regionIndex: number, localId: number, bytes: Uint8Array, fullIdOffset: number,
): number {
  const eid = createObjectEntity(ing, regionIndex, localId);
  if (eid >= 0) registerFullId(ing.world, bytes, fullIdOffset, eid);
  return eid;
}
