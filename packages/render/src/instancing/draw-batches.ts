/**
 * Grouping visible instances by the mesh they draw. The LOD system adds
 * (entity, mesh slot) pairs in any order; groupDrawBatches makes one batch per
 * distinct slot (in first-seen order) with its entities contiguous, by a
 * counting sort over the slots in use: O(instances), no allocation. Every
 * instance of a batch shares one mesh and one set of draws, so draw calls
 * grow with distinct meshes, not with objects.
 */

export interface DrawBatches {
  /** Instances a frame may hold. */
  readonly capacity: number;
  /** Mesh slots are 0..slotCapacity-1. */
  readonly slotCapacity: number;
  /** Instances added this frame. */
  count: number;
  readonly instanceEid: Int32Array;
  readonly instanceSlot: Int32Array;
  batchCount: number;
  readonly batchSlot: Int32Array;
  /** First entry of each batch in sortedEid. */
  readonly batchStart: Int32Array;
  readonly batchSize: Int32Array;
  /** Entities grouped by batch. */
  readonly sortedEid: Int32Array;
  /** Batch of each slot while grouping; -1 otherwise. */
  readonly slotBatch: Int32Array;
}

export function createDrawBatches(capacity: number, slotCapacity: number): DrawBatches {
  for (const [name, v] of [['capacity', capacity], ['slotCapacity', slotCapacity]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 1 << 24) throw new RangeError(`createDrawBatches: ${name} must be an integer in 1..${1 << 24}, got ${v}`);
  }
  const batches = Math.min(capacity, slotCapacity);
  return {
    capacity,
    slotCapacity,
    count: 0,
    instanceEid: new Int32Array(capacity),
    instanceSlot: new Int32Array(capacity),
    batchCount: 0,
    batchSlot: new Int32Array(batches),
    batchStart: new Int32Array(batches),
    batchSize: new Int32Array(batches),
    sortedEid: new Int32Array(capacity),
    slotBatch: new Int32Array(slotCapacity).fill(-1),
  };
}

export function resetDrawBatches(b: DrawBatches): void {
  b.count = 0;
  b.batchCount = 0;
}

/** Adds one instance; returns false (and adds nothing) when the frame's capacity is spent. */
export function addDrawInstance(b: DrawBatches, eid: number, slot: number): boolean {
  if (b.count >= b.capacity) return false;
  if (!(slot >= 0 && slot < b.slotCapacity)) throw new RangeError(`addDrawInstance: mesh slot ${slot} is outside 0..${b.slotCapacity - 1}`);
  b.instanceEid[b.count] = eid;
  b.instanceSlot[b.count] = slot;
  b.count++;
  return true;
}

/** Groups the added instances into batches; returns the batch count. */
export function groupDrawBatches(b: DrawBatches): number {
  const { instanceSlot, instanceEid, slotBatch, batchSlot, batchSize, batchStart, sortedEid } = b;
  let batches = 0;
  for (let i = 0; i < b.count; i++) {
    const slot = instanceSlot[i];
    let batch = slotBatch[slot];
    if (batch < 0) {
      batch = batches++;
      slotBatch[slot] = batch;
      batchSlot[batch] = slot;
      batchSize[batch] = 0;
    }
    batchSize[batch]++;
  }
  let start = 0;
  for (let k = 0; k < batches; k++) {
    batchStart[k] = start;
    start += batchSize[k];
    // Reused below as the fill cursor, restored from batchStart after.
    batchSize[k] = batchStart[k];
  }
  for (let i = 0; i < b.count; i++) {
    const batch = slotBatch[instanceSlot[i]];
    sortedEid[batchSize[batch]++] = instanceEid[i];
  }
  for (let k = 0; k < batches; k++) {
    batchSize[k] -= batchStart[k];
    slotBatch[batchSlot[k]] = -1;
  }
  b.batchCount = batches;
  return batches;
}
