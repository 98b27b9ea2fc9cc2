/**
 * The world-transform system (simulation phase, after interpolation): for
 * every entity marked dirty, and everything below it, world = parent ∘ local:
 * rotation = parent rotation ⊗ local rotation, position = parent position +
 * parent rotation · local position; scale is the object's own (prims never
 * inherit scale). A subtree under a parent that has not arrived is marked
 * invalid. Only dirty subtrees are visited.
 */
import type { EngineWorld } from '@slv/core';
import type { WorldResources } from '../ingestion/world-resources.ts';
import { composeMatrix, quatMultiply, quatRotateVec3 } from './quat.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

let stack = new Int32Array(0);

function hasDirtyAncestor(ing: WorldIngestion, eid: number): boolean {
  const parentEid = ing.components.identity.parentEid;
  const dirty = ing.sets.dirty;
  let steps = 0;
  for (let p = parentEid[eid]; p >= 0 && steps <= ing.capacity; p = parentEid[p], steps++) {
    if (dirty[p] === 1) return true;
  }
  return false;
}

function computeOne(ing: WorldIngestion, eid: number): void {
  const { identity, local, world } = ing.components;
  const parent = identity.parentEid[eid];
  const p3 = eid * 3;
  const p4 = eid * 4;
  ing.sets.dirty[eid] = 0;
  if (parent < 0) {
    if (identity.parentLocalId[eid] !== 0) {
      world.valid[eid] = 0;
      return;
    }
    for (let c = 0; c < 3; c++) world.position[p3 + c] = local.position[p3 + c];
    for (let c = 0; c < 4; c++) world.rotation[p4 + c] = local.rotation[p4 + c];
  } else {
    if (world.valid[parent] === 0) {
      world.valid[eid] = 0;
      return;
    }
    quatRotateVec3(world.position, p3, world.rotation, parent * 4, local.position, p3);
    for (let c = 0; c < 3; c++) world.position[p3 + c] += world.position[parent * 3 + c];
    quatMultiply(world.rotation, p4, world.rotation, parent * 4, local.rotation, p4);
  }
  world.valid[eid] = 1;
  composeMatrix(world.matrix, eid * 16, world.position, p3, world.rotation, p4, local.scale, p3);
}

/** Recomputes `root` and everything below it. */
function computeSubtree(ing: WorldIngestion, root: number): void {
  const { firstChild, nextSibling } = ing.components.linkset;
  let top = 0;
  stack[top++] = root;
  while (top > 0) {
    const e = stack[--top];
    computeOne(ing, e);
    for (let c = firstChild[e]; c >= 0; c = nextSibling[c]) stack[top++] = c;
  }
}

/** Recomputes the world transforms of every dirty entity and its subtree; returns how many roots were walked. */
export function updateWorldTransforms(ing: WorldIngestion): number {
  if (stack.length < ing.capacity) stack = new Int32Array(ing.capacity);
  const list = ing.sets.dirtyList;
  const dirty = ing.sets.dirty;
  let roots = 0;
  for (let k = 0; k < ing.sets.dirtyCount; k++) {
    const eid = list[k];
    if (dirty[eid] === 0) continue;
    if (ing.entities.live[eid] === 0) {
      dirty[eid] = 0;
      continue;
    }
    // A dirty ancestor later in the list recomputes this subtree with it.
    if (hasDirtyAncestor(ing, eid)) continue;
    computeSubtree(ing, eid);
    roots++;
  }
  ing.sets.dirtyCount = 0;
  return roots;
}

/** world.transforms: world = parent ∘ local for the dirty subtrees. */
export function updateTransforms(_world: EngineWorld, resources: WorldResources): void {
  updateWorldTransforms(resources.ingestion);
}
