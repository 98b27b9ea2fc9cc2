/**
 * The frame's instanced draws, in draw order. First the opaque pass: one
 * entry per (mesh, face) with an opaque instance, every instance of the
 * mesh in it (the shader discards the others), from the instance streams.
 * Then the translucent pass: the queue's items back to front, where each run
 * of consecutive items of one (mesh, face) is one entry over that range of
 * the queue's own streams. Each entry says which index range of the mesh to
 * draw and where its instances' matrices and face records start, so the
 * render system only binds and draws. The glow pass draws again the entries
 * listed in glowEntries: those with an instance whose TextureEntry glow is
 * above 0 (the shader discards the others); none in a frame without glow.
 */
import { MAX_ENTITY_FACES } from '@slv/world';
import type { DrawBatches } from './draw-batches.ts';
import { FACE_RECORD_BYTES, PASS_GLOW_OPAQUE, PASS_OPAQUE, PASS_TRANSLUCENT } from './instance-streams.ts';
import type { InstanceStreams } from './instance-streams.ts';
import type { TranslucentQueue } from './translucent-queue.ts';

/** Index ranges of each mesh slot's faces: [slot * MAX_ENTITY_FACES + face]. */
export interface MeshFaceRanges {
  readonly faceIndexStart: Int32Array;
  readonly faceIndexCount: Int32Array;
}

export interface DrawList {
  /** Entries the arrays hold now; grown (doubling) when the translucent runs need more. */
  capacity: number;
  count: number;
  /** Entries [0, opaqueCount) are the opaque pass, [opaqueCount, count) the translucent runs. */
  opaqueCount: number;
  slot: Int32Array;
  face: Int32Array;
  pass: Uint8Array;
  /** First element of the face in the mesh's index buffer, and how many. */
  indexStart: Int32Array;
  indexCount: Int32Array;
  /**
   * First instance (matrix) and first face record: in the instance streams
   * for the opaque pass, in the translucent queue's streams for the other.
   */
  firstInstance: Int32Array;
  firstRecord: Int32Array;
  instances: Int32Array;
  /** Entries [0, glowCount) of glowEntries: indices of the entries with a glowing instance, in draw order. */
  glowCount: number;
  glowEntries: Int32Array;
  /** Triangles all entries submit, instances counted (the glow pass not counted). */
  triangles: number;
}

export function createDrawList(batchCapacity: number): DrawList {
  if (!Number.isInteger(batchCapacity) || batchCapacity < 1) throw new RangeError(`createDrawList: batchCapacity must be a positive integer, got ${batchCapacity}`);
  const capacity = batchCapacity * MAX_ENTITY_FACES * 2;
  return {
    capacity,
    count: 0,
    opaqueCount: 0,
    slot: new Int32Array(capacity),
    face: new Int32Array(capacity),
    pass: new Uint8Array(capacity),
    indexStart: new Int32Array(capacity),
    indexCount: new Int32Array(capacity),
    firstInstance: new Int32Array(capacity),
    firstRecord: new Int32Array(capacity),
    instances: new Int32Array(capacity),
    glowCount: 0,
    glowEntries: new Int32Array(capacity),
    triangles: 0,
  };
}

function grown<T extends Int32Array | Uint8Array>(old: T, next: T, keep: number): T {
  for (let i = 0; i < keep; i++) next[i] = old[i];
  return next;
}

/** Grows the list (keeping its entries) to hold at least `entries`. */
function reserveDrawList(list: DrawList, entries: number): void {
  if (entries <= list.capacity) return;
  let capacity = list.capacity * 2;
  while (capacity < entries) capacity *= 2;
  const n = list.count;
  list.slot = grown(list.slot, new Int32Array(capacity), n);
  list.face = grown(list.face, new Int32Array(capacity), n);
  list.pass = grown(list.pass, new Uint8Array(capacity), n);
  list.indexStart = grown(list.indexStart, new Int32Array(capacity), n);
  list.indexCount = grown(list.indexCount, new Int32Array(capacity), n);
  list.firstInstance = grown(list.firstInstance, new Int32Array(capacity), n);
  list.firstRecord = grown(list.firstRecord, new Int32Array(capacity), n);
  list.instances = grown(list.instances, new Int32Array(capacity), n);
  list.glowEntries = grown(list.glowEntries, new Int32Array(capacity), list.glowCount);
  list.capacity = capacity;
}

/**
 * One instanced draw of face `face` of mesh `slot`, also in the glow pass
 * when `glows`; a face without indices draws nothing.
 */
function pushDraw(
  list: DrawList, ranges: MeshFaceRanges, slot: number, face: number, pass: number,
  firstInstance: number, firstRecord: number, instances: number, glows: boolean,
): void {
  const at = slot * MAX_ENTITY_FACES + face;
  const count = ranges.faceIndexCount[at];
  if (count <= 0) return;
  const k = list.count++;
  if (glows) list.glowEntries[list.glowCount++] = k;
  list.slot[k] = slot;
  list.face[k] = face;
  list.pass[k] = pass;
  list.indexStart[k] = ranges.faceIndexStart[at];
  list.indexCount[k] = count;
  list.firstInstance[k] = firstInstance;
  list.firstRecord[k] = firstRecord;
  list.instances[k] = instances;
  list.triangles += (count / 3) * instances;
}

function appendOpaque(list: DrawList, batches: DrawBatches, streams: InstanceStreams, ranges: MeshFaceRanges): void {
  const F = MAX_ENTITY_FACES;
  for (let b = 0; b < batches.batchCount; b++) {
    const slot = batches.batchSlot[b];
    const size = batches.batchSize[b];
    for (let f = 0; f < F; f++) {
      const mask = streams.passMask[b * F + f];
      if ((mask & PASS_OPAQUE) === 0) continue;
      pushDraw(list, ranges, slot, f, PASS_OPAQUE, batches.batchStart[b], streams.batchFaceBase[b] + f * size, size, (mask & PASS_GLOW_OPAQUE) !== 0);
    }
  }
}

/**
 * Appends the translucent pass from a sorted, packed queue: consecutive
 * items of one (mesh, face) merge into one entry, others never do, so the
 * draws keep the queue's order exactly. Faces without indices draw nothing.
 * A run with a glowing item (glow byte of its packed face record) is listed
 * for the glow pass.
 */
export function appendTranslucentRuns(list: DrawList, queue: TranslucentQueue, ranges: MeshFaceRanges): void {
  const { order, slot: itemSlot, face: itemFace, faceRecords } = queue;
  reserveDrawList(list, list.count + queue.count);
  let k = 0;
  while (k < queue.count) {
    const first = order[k];
    const slot = itemSlot[first];
    const face = itemFace[first];
    let glows = faceRecords[k * FACE_RECORD_BYTES + 5] !== 0;
    let end = k + 1;
    while (end < queue.count && itemSlot[order[end]] === slot && itemFace[order[end]] === face) {
      if (faceRecords[end * FACE_RECORD_BYTES + 5] !== 0) glows = true;
      end++;
    }
    pushDraw(list, ranges, slot, face, PASS_TRANSLUCENT, k, k, end - k, glows);
    k = end;
  }
}

/**
 * Rebuilds `list`: the opaque pass from packed streams, then the translucent
 * runs of `queue` (already sorted and packed). Allocates nothing once the
 * list has grown to the frame's needs.
 */
export function buildDrawList(
  list: DrawList,
  batches: DrawBatches,
  streams: InstanceStreams,
  ranges: MeshFaceRanges,
  queue: TranslucentQueue,
): DrawList {
  list.count = 0;
  list.glowCount = 0;
  list.triangles = 0;
  reserveDrawList(list, batches.batchCount * MAX_ENTITY_FACES);
  appendOpaque(list, batches, streams, ranges);
  list.opaqueCount = list.count;
  appendTranslucentRuns(list, queue, ranges);
  return list;
}
