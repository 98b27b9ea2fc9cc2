/**
 * The frame's instanced draws: one per (mesh, face, pass) that has instances
 * to draw, opaque pass first, then translucent. Each entry says which index
 * range of the mesh to draw and where its instances' matrices and face
 * records start, so the render system only binds and draws.
 */
import { MAX_ENTITY_FACES } from '@slv/world';
import type { DrawBatches } from './draw-batches.ts';
import { PASS_OPAQUE, PASS_TRANSLUCENT } from './instance-streams.ts';
import type { InstanceStreams } from './instance-streams.ts';

/** Index ranges of each mesh slot's faces: [slot * MAX_ENTITY_FACES + face]. */
export interface MeshFaceRanges {
  readonly faceIndexStart: Int32Array;
  readonly faceIndexCount: Int32Array;
}

export interface DrawList {
  readonly capacity: number;
  count: number;
  /** Entries [0, opaqueCount) are the opaque pass. */
  opaqueCount: number;
  readonly slot: Int32Array;
  readonly face: Int32Array;
  readonly pass: Uint8Array;
  /** First element of the face in the mesh's index buffer, and how many. */
  readonly indexStart: Int32Array;
  readonly indexCount: Int32Array;
  /** First instance of the batch (matrix stream), and the first face record. */
  readonly firstInstance: Int32Array;
  readonly firstRecord: Int32Array;
  readonly instances: Int32Array;
  /** Triangles all entries submit, instances counted. */
  triangles: number;
}

export function createDrawList(batchCapacity: number): DrawList {
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
    triangles: 0,
  };
}

function appendPass(list: DrawList, batches: DrawBatches, streams: InstanceStreams, ranges: MeshFaceRanges, pass: number): void {
  const F = MAX_ENTITY_FACES;
  for (let b = 0; b < batches.batchCount; b++) {
    const slot = batches.batchSlot[b];
    const size = batches.batchSize[b];
    for (let f = 0; f < F; f++) {
      if ((streams.passMask[b * F + f] & pass) === 0) continue;
      const count = ranges.faceIndexCount[slot * F + f];
      if (count <= 0) continue;
      const k = list.count++;
      list.slot[k] = slot;
      list.face[k] = f;
      list.pass[k] = pass;
      list.indexStart[k] = ranges.faceIndexStart[slot * F + f];
      list.indexCount[k] = count;
      list.firstInstance[k] = batches.batchStart[b];
      list.firstRecord[k] = streams.batchFaceBase[b] + f * size;
      list.instances[k] = size;
      list.triangles += (count / 3) * size;
    }
  }
}

/** Rebuilds `list` from packed streams. Allocates nothing. */
export function buildDrawList(list: DrawList, batches: DrawBatches, streams: InstanceStreams, ranges: MeshFaceRanges): DrawList {
  if (batches.batchCount * MAX_ENTITY_FACES * 2 > list.capacity) {
    throw new RangeError(`buildDrawList: ${batches.batchCount} batches exceed the list's capacity`);
  }
  list.count = 0;
  list.triangles = 0;
  appendPass(list, batches, streams, ranges, PASS_OPAQUE);
  list.opaqueCount = list.count;
  appendPass(list, batches, streams, ranges, PASS_TRANSLUCENT);
  return list;
}
