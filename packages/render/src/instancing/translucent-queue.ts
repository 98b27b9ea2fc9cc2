/**
 * The frame's translucent faces, back to front. Blending is order-dependent,
 * so unlike opaque faces (instanced per mesh face in any order, the depth
 * test sorts them out) every visible (object, face) that blends (colour
 * alpha strictly between 0 and 1, or a texture with alpha) becomes one item, keyed by its object's view depth (distance
 * along the camera's forward axis of its world position), and the items are
 * radix-sorted farthest first. packTranslucent then writes each item's
 * matrix and face record in that order into the queue's own streams, so a
 * run of consecutive items of one (mesh, face) is one contiguous instanced
 * draw (draw-list.ts builds the runs): the order is exact and batching
 * survives where neighbours share a mesh.
 *
 * Items are collected object by object, faces in order, so an object's
 * faces (which share its depth) stay together. The arrays start small and
 * double when a frame needs more, up to one item per face of every
 * instance, so the steady state allocates nothing.
 */
import { MAX_ENTITY_FACES } from '@slv/world';
import { backToFrontKey, RADIX_COUNTS, radixSortKeys } from './depth-sort.ts';
import type { DrawBatches } from './draw-batches.ts';
import { FACE_BLEND_BYTE, FACE_RECORD_BYTES, MATRIX_FLOATS, PASS_TRANSLUCENT } from './instance-streams.ts';
import type { InstanceStreams, MeshFaceTable } from './instance-streams.ts';

/** Items a new queue holds before it first grows. */
export const TRANSLUCENT_INITIAL_CAPACITY = 1024;

export interface TranslucentQueue {
  /** Items the arrays hold now. */
  capacity: number;
  /** Most items the queue will grow to. */
  readonly maxItems: number;
  /** Items added this frame. */
  count: number;
  /** Per item, in the order added: mesh slot, mesh face, instance (matrix) and face record in the instance streams. */
  slot: Int32Array;
  face: Uint8Array;
  instance: Int32Array;
  record: Int32Array;
  /** Sort key of each item (backToFrontKey of its depth); left sorted by sortTranslucent. */
  keys: Uint32Array;
  /** After sortTranslucent: order[k] is the item drawn k-th. */
  order: Uint32Array;
  keysAlt: Uint32Array;
  orderAlt: Uint32Array;
  readonly counts: Uint32Array;
  /** After packTranslucent: matrix and face record of the k-th item drawn, at k. */
  matrices: Float32Array;
  faceRecords: Uint8Array;
  /** Growths so far (tests and tools). */
  grows: number;
}

export function createTranslucentQueue(maxItems: number, initialCapacity = TRANSLUCENT_INITIAL_CAPACITY): TranslucentQueue {
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`createTranslucentQueue: maxItems must be a positive integer, got ${maxItems}`);
  if (!Number.isInteger(initialCapacity) || initialCapacity < 1) {
    throw new RangeError(`createTranslucentQueue: initialCapacity must be a positive integer, got ${initialCapacity}`);
  }
  const capacity = Math.min(maxItems, initialCapacity);
  return {
    capacity,
    maxItems,
    count: 0,
    slot: new Int32Array(capacity),
    face: new Uint8Array(capacity),
    instance: new Int32Array(capacity),
    record: new Int32Array(capacity),
    keys: new Uint32Array(capacity),
    order: new Uint32Array(capacity),
    keysAlt: new Uint32Array(capacity),
    orderAlt: new Uint32Array(capacity),
    counts: new Uint32Array(RADIX_COUNTS),
    matrices: new Float32Array(capacity * MATRIX_FLOATS),
    faceRecords: new Uint8Array(capacity * FACE_RECORD_BYTES),
    grows: 0,
  };
}

function grow<T extends Int32Array | Uint32Array | Uint8Array>(old: T, make: (n: number) => T, length: number, keep: number): T {
  const next = make(length);
  for (let i = 0; i < keep; i++) next[i] = old[i];
  return next;
}

/** Doubles the queue's arrays (up to maxItems), keeping the items added so far. */
function growTranslucentQueue(q: TranslucentQueue): void {
  const capacity = Math.min(q.maxItems, q.capacity * 2);
  const n = q.count;
  q.slot = grow(q.slot, (l) => new Int32Array(l), capacity, n);
  q.face = grow(q.face, (l) => new Uint8Array(l), capacity, n);
  q.instance = grow(q.instance, (l) => new Int32Array(l), capacity, n);
  q.record = grow(q.record, (l) => new Int32Array(l), capacity, n);
  q.keys = grow(q.keys, (l) => new Uint32Array(l), capacity, n);
  // Written afresh by every sort and pack: nothing to keep.
  q.order = new Uint32Array(capacity);
  q.keysAlt = new Uint32Array(capacity);
  q.orderAlt = new Uint32Array(capacity);
  q.matrices = new Float32Array(capacity * MATRIX_FLOATS);
  q.faceRecords = new Uint8Array(capacity * FACE_RECORD_BYTES);
  q.capacity = capacity;
  q.grows++;
}

export function resetTranslucentQueue(q: TranslucentQueue): void {
  q.count = 0;
}

/**
 * Adds one item: face `face` of mesh `slot`, drawn with the instance's
 * matrix and face record at those indices of the instance streams, at view
 * depth `depth`. Returns false (and adds nothing) at maxItems.
 */
export function addTranslucentItem(q: TranslucentQueue, slot: number, face: number, instance: number, record: number, depth: number): boolean {
  if (q.count >= q.capacity) {
    if (q.capacity >= q.maxItems) return false;
    growTranslucentQueue(q);
  }
  const k = q.count++;
  q.slot[k] = slot;
  q.face[k] = face;
  q.instance[k] = instance;
  q.record[k] = record;
  q.keys[k] = backToFrontKey(depth);
  return true;
}

/**
 * Collects this frame's translucent items from packed streams: each face
 * record marked blended (FACE_BLEND_BYTE), at the depth of its instance's world position
 * along the camera's forward axis (view is the camera's view matrix,
 * column-major). Returns the item count.
 */
export function collectTranslucent(
  q: TranslucentQueue,
  batches: DrawBatches,
  streams: InstanceStreams,
  faces: MeshFaceTable,
  view: Float32Array,
): number {
  resetTranslucentQueue(q);
  const F = MAX_ENTITY_FACES;
  const { matrices, faceRecords, passMask, batchFaceBase } = streams;
  // Row 2 of the view matrix gives view-space z; the camera looks down -z.
  const vx = view[2];
  const vy = view[6];
  const vz = view[10];
  const vw = view[14];
  for (let b = 0; b < batches.batchCount; b++) {
    const slot = batches.batchSlot[b];
    const faceCount = faces.faceCount[slot];
    let any = 0;
    for (let f = 0; f < faceCount; f++) any |= passMask[b * F + f];
    if ((any & PASS_TRANSLUCENT) === 0) continue;
    const start = batches.batchStart[b];
    const size = batches.batchSize[b];
    const recordBase = batchFaceBase[b];
    for (let i = 0; i < size; i++) {
      const instance = start + i;
      const m = instance * MATRIX_FLOATS;
      const depth = -(vx * matrices[m + 12] + vy * matrices[m + 13] + vz * matrices[m + 14] + vw);
      for (let f = 0; f < faceCount; f++) {
        if ((passMask[b * F + f] & PASS_TRANSLUCENT) === 0) continue;
        const record = recordBase + f * size + i;
        if (faceRecords[record * FACE_RECORD_BYTES + FACE_BLEND_BYTE] === 0) continue;
        if (!addTranslucentItem(q, slot, f, instance, record, depth)) return q.count;
      }
    }
  }
  return q.count;
}

/** Orders the items farthest first (stable): fills q.order. */
export function sortTranslucent(q: TranslucentQueue): void {
  radixSortKeys(q.keys, q.order, q.count, q.keysAlt, q.orderAlt, q.counts);
}

/** Writes each item's matrix and face record into the queue's streams in draw order. */
export function packTranslucent(q: TranslucentQueue, streams: InstanceStreams): void {
  const { order, instance, record, matrices, faceRecords } = q;
  const srcMatrices = streams.matrices;
  const srcRecords = streams.faceRecords;
  for (let k = 0; k < q.count; k++) {
    const item = order[k];
    const src = instance[item] * MATRIX_FLOATS;
    const dst = k * MATRIX_FLOATS;
    for (let j = 0; j < MATRIX_FLOATS; j++) matrices[dst + j] = srcMatrices[src + j];
    const rs = record[item] * FACE_RECORD_BYTES;
    const rd = k * FACE_RECORD_BYTES;
    for (let j = 0; j < FACE_RECORD_BYTES; j++) faceRecords[rd + j] = srcRecords[rs + j];
  }
}
