/**
 * Meshes resident on the GPU, one slot each. A slot is keyed by the mesh
 * object the volume cache hands out (the cache returns the same object for
 * the same shape and LOD), so every instance of a shape shares one upload.
 * The CPU side here records each slot's face index ranges and TE faces for
 * batching; the GPU side is a MeshUploader, so this is testable without a
 * context. Slots idle for a while are released; when every slot is live the
 * least recently used one not drawn this frame is reused.
 */
import { MAX_ENTITY_FACES } from '@slv/world';
import type { MeshFaceRanges } from '../instancing/draw-list.ts';
import type { MeshFaceTable } from '../instancing/instance-streams.ts';

/** What the renderer draws: indexed triangles with per-face index ranges. */
export interface DrawableMesh {
  /** x, y, z per vertex, in the unit box of the object (scaled by the world matrix). */
  readonly positions: Float32Array;
  readonly normals: Float32Array;
  /** s, t per vertex. */
  readonly uvs: Float32Array;
  readonly indices: Uint16Array | Uint32Array;
  readonly faceCount: number;
  /** Per face: first index and index count in `indices`, and the TextureEntry face it takes. */
  readonly faceIndexStart: ArrayLike<number>;
  readonly faceIndexCount: ArrayLike<number>;
  readonly faceTe: ArrayLike<number>;
}

export interface MeshUploader<H> {
  upload(mesh: DrawableMesh): H;
  release(handle: H): void;
  /** New geometry for an uploaded mesh (a flexible prim's, each frame); without it the mesh is uploaded afresh. */
  update?(handle: H, mesh: DrawableMesh): H;
}

export interface MeshSlots<H> extends MeshFaceTable, MeshFaceRanges {
  readonly capacity: number;
  readonly handles: (H | null)[];
  readonly keys: (object | null)[];
  readonly lastUsed: Int32Array;
  /** Bumped each time a slot is released, so a holder of (slot, generation) can tell it was reused. */
  readonly generation: Int32Array;
  readonly pinned: Uint8Array;
  readonly byKey: Map<object, number>;
  readonly free: Int32Array;
  freeCount: number;
  resident: number;
  /** Uploads since creation. */
  uploads: number;
  /** Slots reused while still holding a mesh because none was free. */
  evictions: number;
}

export function createMeshSlots<H>(capacity: number): MeshSlots<H> {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1 << 20) {
    throw new RangeError(`createMeshSlots: capacity must be an integer in 1..${1 << 20}, got ${capacity}`);
  }
  const free = new Int32Array(capacity);
  for (let i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
  return {
    capacity,
    handles: new Array<H | null>(capacity).fill(null),
    keys: new Array<object | null>(capacity).fill(null),
    lastUsed: new Int32Array(capacity).fill(-1),
    generation: new Int32Array(capacity),
    pinned: new Uint8Array(capacity),
    byKey: new Map(),
    free,
    freeCount: capacity,
    resident: 0,
    uploads: 0,
    evictions: 0,
    faceCount: new Uint8Array(capacity),
    faceTe: new Uint8Array(capacity * MAX_ENTITY_FACES),
    faceIndexStart: new Int32Array(capacity * MAX_ENTITY_FACES),
    faceIndexCount: new Int32Array(capacity * MAX_ENTITY_FACES),
  };
}

function releaseSlot<H>(slots: MeshSlots<H>, slot: number, uploader: MeshUploader<H>): void {
  const handle = slots.handles[slot];
  const key = slots.keys[slot];
  if (handle !== null) uploader.release(handle);
  if (key !== null) slots.byKey.delete(key);
  slots.handles[slot] = null;
  slots.keys[slot] = null;
  slots.faceCount[slot] = 0;
  slots.lastUsed[slot] = -1;
  slots.generation[slot]++;
  slots.resident--;
}

function takeSlot<H>(slots: MeshSlots<H>, frame: number, uploader: MeshUploader<H>): number {
  if (slots.freeCount > 0) return slots.free[--slots.freeCount];
  let oldest = -1;
  for (let s = 0; s < slots.capacity; s++) {
    if (slots.pinned[s] === 0 && slots.lastUsed[s] < frame && (oldest < 0 || slots.lastUsed[s] < slots.lastUsed[oldest])) oldest = s;
  }
  if (oldest < 0) return -1;
  releaseSlot(slots, oldest, uploader);
  slots.evictions++;
  return oldest;
}

function checkMesh(mesh: DrawableMesh): void {
  const vertices = mesh.positions.length / 3;
  if (!Number.isInteger(vertices) || mesh.normals.length !== mesh.positions.length || mesh.uvs.length !== vertices * 2) {
    throw new RangeError(
      `mesh slots: mesh has ${mesh.positions.length} position, ${mesh.normals.length} normal and ${mesh.uvs.length} uv numbers; ` +
        'they must describe the same vertices',
    );
  }
  if (!(mesh.faceCount >= 0 && mesh.faceCount <= MAX_ENTITY_FACES)) {
    throw new RangeError(`mesh slots: mesh has ${mesh.faceCount} faces, at most ${MAX_ENTITY_FACES} are drawn`);
  }
  for (let f = 0; f < mesh.faceCount; f++) {
    const start = mesh.faceIndexStart[f];
    const count = mesh.faceIndexCount[f];
    const te = mesh.faceTe[f];
    if (!(start >= 0 && count >= 0 && start + count <= mesh.indices.length && count % 3 === 0)) {
      throw new RangeError(`mesh slots: face ${f} covers indices ${start}..${start + count} of ${mesh.indices.length}`);
    }
    if (!(te >= 0 && te < MAX_ENTITY_FACES)) throw new RangeError(`mesh slots: face ${f} names TE face ${te}, outside 0..${MAX_ENTITY_FACES - 1}`);
  }
}

/**
 * The slot of `key`'s mesh, uploading `mesh` on first use; marks it used in
 * `frame`. Returns -1 when every slot is in use this frame. `pin` keeps the
 * slot from ever being released (the placeholder box).
 */
export function acquireMeshSlot<H>(
  slots: MeshSlots<H>,
  key: object,
  mesh: DrawableMesh,
  frame: number,
  uploader: MeshUploader<H>,
  pin = false,
): number {
  const existing = slots.byKey.get(key);
  if (existing !== undefined) {
    slots.lastUsed[existing] = frame;
    return existing;
  }
  checkMesh(mesh);
  // Upload first: a failed upload must not cost a slot.
  const handle = uploader.upload(mesh);
  const slot = takeSlot(slots, frame, uploader);
  if (slot < 0) {
    uploader.release(handle);
    return -1;
  }
  slots.handles[slot] = handle;
  slots.keys[slot] = key;
  slots.byKey.set(key, slot);
  slots.lastUsed[slot] = frame;
  slots.pinned[slot] = pin ? 1 : 0;
  slots.resident++;
  slots.uploads++;
  recordFaces(slots, slot, mesh);
  return slot;
}

function recordFaces<H>(slots: MeshSlots<H>, slot: number, mesh: DrawableMesh): void {
  const F = MAX_ENTITY_FACES;
  slots.faceCount[slot] = mesh.faceCount;
  for (let f = 0; f < F; f++) {
    const has = f < mesh.faceCount;
    slots.faceTe[slot * F + f] = has ? mesh.faceTe[f] : 0;
    slots.faceIndexStart[slot * F + f] = has ? mesh.faceIndexStart[f] : 0;
    slots.faceIndexCount[slot * F + f] = has ? mesh.faceIndexCount[f] : 0;
  }
}

/**
 * Gives slot `slot` new geometry in place (same key): the uploader's update
 * when it has one, else a fresh upload and the old handle released.
 */
export function updateMeshSlot<H>(slots: MeshSlots<H>, slot: number, mesh: DrawableMesh, uploader: MeshUploader<H>): void {
  checkMesh(mesh);
  const old = slots.handles[slot]!;
  if (uploader.update !== undefined) {
    slots.handles[slot] = uploader.update(old, mesh);
  } else {
    slots.handles[slot] = uploader.upload(mesh);
    uploader.release(old);
  }
  slots.uploads++;
  recordFaces(slots, slot, mesh);
}

/** The slot `key` holds, or -1; marks it used in `frame` when found. */
export function findMeshSlot<H>(slots: MeshSlots<H>, key: object, frame: number): number {
  const slot = slots.byKey.get(key);
  if (slot === undefined) return -1;
  slots.lastUsed[slot] = frame;
  return slot;
}

/** Releases unpinned slots not used in the last `maxIdleFrames` frames; returns how many. */
export function releaseIdleMeshSlots<H>(slots: MeshSlots<H>, frame: number, maxIdleFrames: number, uploader: MeshUploader<H>): number {
  let released = 0;
  for (let s = 0; s < slots.capacity; s++) {
    if (slots.keys[s] === null || slots.pinned[s] === 1) continue;
    if (frame - slots.lastUsed[s] > maxIdleFrames) {
      releaseSlot(slots, s, uploader);
      slots.free[slots.freeCount++] = s;
      released++;
    }
  }
  return released;
}

/** Releases every slot, pinned ones too. */
export function releaseAllMeshSlots<H>(slots: MeshSlots<H>, uploader: MeshUploader<H>): void {
  for (let s = 0; s < slots.capacity; s++) {
    if (slots.keys[s] === null) continue;
    releaseSlot(slots, s, uploader);
    slots.pinned[s] = 0;
    slots.free[slots.freeCount++] = s;
  }
}
