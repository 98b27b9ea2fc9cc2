/**
 * The per-entity bookkeeping of the transform and interpolation systems: the
 * entities whose world transform must be recomputed (a flag and a list, so a
 * frame visits only them), and the entities in motion (a dense set with each
 * entity's slot, so adding and removing cost O(1)). Sized once by capacity.
 */

export interface TransformSets {
  /** 1 while the entity is in dirtyList. */
  readonly dirty: Uint8Array;
  readonly dirtyList: Int32Array;
  dirtyCount: number;
  /** Entities with velocity, acceleration or angular velocity. */
  readonly movingList: Int32Array;
  /** Each entity's index in movingList, or -1. */
  readonly movingSlot: Int32Array;
  movingCount: number;
}

export function createTransformSets(capacity: number): TransformSets {
  return {
    dirty: new Uint8Array(capacity),
    dirtyList: new Int32Array(capacity),
    dirtyCount: 0,
    movingList: new Int32Array(capacity),
    movingSlot: new Int32Array(capacity).fill(-1),
    movingCount: 0,
  };
}

/** Marks an entity's world transform for recomputation (its subtree follows). */
export function markDirty(sets: TransformSets, eid: number): void {
  if (sets.dirty[eid] === 1) return;
  sets.dirty[eid] = 1;
  sets.dirtyList[sets.dirtyCount++] = eid;
}

export function addMoving(sets: TransformSets, eid: number): void {
  if (sets.movingSlot[eid] >= 0) return;
  sets.movingSlot[eid] = sets.movingCount;
  sets.movingList[sets.movingCount++] = eid;
}

export function removeMoving(sets: TransformSets, eid: number): void {
  const slot = sets.movingSlot[eid];
  if (slot < 0) return;
  const last = sets.movingList[--sets.movingCount];
  sets.movingList[slot] = last;
  sets.movingSlot[last] = slot;
  sets.movingSlot[eid] = -1;
}
