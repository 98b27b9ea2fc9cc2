/**
 * Linksets: the ParentID hierarchy as intrusive lists in the Linkset component
 * (first child, next and previous sibling), so finding, attaching and
 * detaching children never scans. A child whose parent has not arrived waits
 * in an orphan list keyed by (region, parent local id), built from the same
 * sibling links, and is adopted when the parent's entity is created.
 */
import { lookupObject } from '@slv/core';
import { hashTableDelete, hashTableFind, hashTableSet } from '@slv/core';
import { markDirty } from './transform-sets.ts';
import { reportError } from '../ingestion/ingestion-error.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

/** Resets an entity's links to "no parent, no children, not an orphan". */
export function resetLinks(ing: WorldIngestion, eid: number): void {
  const l = ing.components.linkset;
  l.firstChild[eid] = -1;
  l.nextSibling[eid] = -1;
  l.prevSibling[eid] = -1;
  l.childCount[eid] = 0;
  l.orphan[eid] = 0;
  ing.components.identity.parentEid[eid] = -1;
}

/** Unlinks `eid` from its parent's child list or from its orphan list. */
export function detach(ing: WorldIngestion, eid: number): void {
  const l = ing.components.linkset;
  const id = ing.components.identity;
  const prev = l.prevSibling[eid];
  const next = l.nextSibling[eid];
  if (prev >= 0) l.nextSibling[prev] = next;
  if (next >= 0) l.prevSibling[next] = prev;
  if (l.orphan[eid] === 1) {
    if (prev < 0) {
      const region = id.regionIndex[eid];
      const parentLocalId = id.parentLocalId[eid];
      if (next >= 0) hashTableSet(ing.tables.orphans, region, parentLocalId, 0, 0, next);
      else hashTableDelete(ing.tables.orphans, region, parentLocalId, 0, 0);
    }
    l.orphan[eid] = 0;
  } else {
    const parent = id.parentEid[eid];
    if (parent >= 0) {
      if (prev < 0) l.firstChild[parent] = next;
      l.childCount[parent]--;
    }
  }
  l.prevSibling[eid] = -1;
  l.nextSibling[eid] = -1;
  id.parentEid[eid] = -1;
}

function attachChild(ing: WorldIngestion, eid: number, parent: number): void {
  const l = ing.components.linkset;
  const head = l.firstChild[parent];
  l.nextSibling[eid] = head;
  l.prevSibling[eid] = -1;
  if (head >= 0) l.prevSibling[head] = eid;
  l.firstChild[parent] = eid;
  l.childCount[parent]++;
  ing.components.identity.parentEid[eid] = parent;
}

function addOrphan(ing: WorldIngestion, eid: number, region: number, parentLocalId: number): void {
  const l = ing.components.linkset;
  const head = hashTableFind(ing.tables.orphans, region, parentLocalId, 0, 0);
  l.nextSibling[eid] = head;
  l.prevSibling[eid] = -1;
  if (head >= 0) l.prevSibling[head] = eid;
  // The orphan table holds one key per awaited parent, at most one per entity: it cannot fill.
  hashTableSet(ing.tables.orphans, region, parentLocalId, 0, 0, eid);
  l.orphan[eid] = 1;
}

/** True when `candidate` is `eid` or lies below it. */
function isInSubtree(ing: WorldIngestion, candidate: number, eid: number): boolean {
  const parentEid = ing.components.identity.parentEid;
  for (let e = candidate, steps = 0; e >= 0 && steps <= ing.capacity; e = parentEid[e], steps++) {
    if (e === eid) return true;
  }
  return false;
}

/**
 * Sets the object's parent to the object `parentLocalId` of its region (0 for
 * none): it joins that object's children, or waits as an orphan until it
 * arrives. A parent that would make a cycle is refused (the object becomes a
 * root) and reported.
 */
export function setParent(ing: WorldIngestion, eid: number, parentLocalId: number, messageName: string): void {
  const id = ing.components.identity;
  const l = ing.components.linkset;
  const region = id.regionIndex[eid];
  const wasOrphan = l.orphan[eid] === 1;
  if (id.parentLocalId[eid] === parentLocalId && (wasOrphan || id.parentEid[eid] >= 0 || parentLocalId === 0)) return;
  detach(ing, eid);
  id.parentLocalId[eid] = parentLocalId;
  markDirty(ing.sets, eid);
  if (parentLocalId === 0) return;
  const parent = lookupObject(ing.world, region, parentLocalId);
  if (parent < 0) {
    addOrphan(ing, eid, region, parentLocalId);
    return;
  }
  if (isInSubtree(ing, parent, eid)) {
    ing.stats.cyclesRefused++;
    id.parentLocalId[eid] = 0;
    reportError(ing, messageName, -1, id.localId[eid], `ParentID ${parentLocalId} would make the object its own ancestor; kept as a root`);
    return;
  }
  attachChild(ing, eid, parent);
}

/** A new object `eid` (local id `localId` in `region`) adopts the orphans waiting for it. */
export function adoptOrphans(ing: WorldIngestion, eid: number, region: number, localId: number): void {
  if (ing.tables.orphans.size === 0) return;
  let child = hashTableDelete(ing.tables.orphans, region, localId, 0, 0);
  const l = ing.components.linkset;
  while (child >= 0) {
    const next = l.nextSibling[child];
    l.orphan[child] = 0;
    l.prevSibling[child] = -1;
    l.nextSibling[child] = -1;
    attachChild(ing, child, eid);
    markDirty(ing.sets, child);
    child = next;
  }
}

/** Writes the root of `eid`'s linkset (itself when it has no parent). */
export function linksetRoot(ing: WorldIngestion, eid: number): number {
  const parentEid = ing.components.identity.parentEid;
  let e = eid;
  for (let steps = 0; parentEid[e] >= 0 && steps <= ing.capacity; steps++) e = parentEid[e];
  return e;
}
