/**
 * LOD and mesh selection (lod phase): each visible prim gets the viewer's
 * LOD for its distance and size (selectPrimLod at volumeLodFactor), the
 * volume for its shape at that LOD from the volume cache, and the GPU slot
 * of that volume (uploaded once per distinct volume, shared by every prim of
 * that shape). Everything the renderer does not build geometry for —
 * sculpts, meshes, avatars, trees, grass, and prims whose shape cannot be
 * generated — draws as its bounding box. Then the instances are batched by
 * slot, their matrices and face records packed, the translucent faces
 * sorted back to front (translucent-queue.ts), and the draw list built.
 *
 * Per entity it remembers the shape's hash, the LOD and the slot (with the
 * slot's generation), so an unchanged prim costs a hash of its 18 shape
 * fields and no cache lookup: the cache's string key is built only when
 * shape or LOD change.
 */
import type { PrimShapeComponent, WorldComponents } from '@slv/world';
import { primLodRadius, selectPrimLod } from '../volume/index.ts';
import type { PrimShapeParams, PrimVolumeCache } from '../volume/index.ts';
import { addDrawInstance, groupDrawBatches, resetDrawBatches } from './draw-batches.ts';
import type { DrawBatches } from './draw-batches.ts';
import { buildDrawList } from './draw-list.ts';
import type { DrawList } from './draw-list.ts';
import type { FrameState } from './frame-state.ts';
import { packInstanceStreams } from './instance-streams.ts';
import type { InstanceStreams } from './instance-streams.ts';
import { acquireMeshSlot, findMeshSlot } from './mesh-slots.ts';
import type { MeshSlots, MeshUploader } from './mesh-slots.ts';
import { primVolumeMesh } from './prim-volume-mesh.ts';
import type { RenderStats } from './render-stats.ts';
import { collectTranslucent, packTranslucent, sortTranslucent } from './translucent-queue.ts';
import type { TranslucentQueue } from './translucent-queue.ts';

const PCODE_PRIM = 9;

export interface LodState<H> {
  readonly volumes: PrimVolumeCache;
  readonly slots: MeshSlots<H>;
  readonly uploader: MeshUploader<H>;
  /** Slot of the stand-in box (pinned). */
  boxSlot: number;
  readonly batches: DrawBatches;
  readonly streams: InstanceStreams;
  readonly drawList: DrawList;
  readonly translucent: TranslucentQueue;
  /** Per entity: shape hash (two words), LOD, slot and slot generation last chosen; slot -1 = none yet. */
  readonly shapeHashA: Uint32Array;
  readonly shapeHashB: Uint32Array;
  readonly lod: Int8Array;
  readonly slot: Int32Array;
  readonly slotGeneration: Int32Array;
  /** Shapes that failed to generate (drawn as boxes). */
  shapeErrors: number;
  /** Called with the first error of each failing shape, for the app's log. */
  readonly onShapeError: (eid: number, error: unknown) => void;
}

export function createLodState<H>(
  capacity: number,
  volumes: PrimVolumeCache,
  slots: MeshSlots<H>,
  uploader: MeshUploader<H>,
  batches: DrawBatches,
  streams: InstanceStreams,
  drawList: DrawList,
  translucent: TranslucentQueue,
  onShapeError: (eid: number, error: unknown) => void,
): LodState<H> {
  return {
    volumes,
    slots,
    uploader,
    boxSlot: -1,
    batches,
    streams,
    drawList,
    translucent,
    shapeHashA: new Uint32Array(capacity),
    shapeHashB: new Uint32Array(capacity),
    lod: new Int8Array(capacity).fill(-1),
    slot: new Int32Array(capacity).fill(-1),
    slotGeneration: new Int32Array(capacity),
    shapeErrors: 0,
    onShapeError,
  };
}

const bits = new Float32Array(1);
const bitsU = new Uint32Array(bits.buffer);
let hashB = 0;

function mix(a: number, value: number): number {
  bits[0] = value;
  const v = bitsU[0];
  hashB = Math.imul(hashB ^ v, 0x85ebca6b) + 0x9e3779b9;
  return Math.imul(a ^ v, 0x01000193);
}

/** Hashes the 18 shape fields of `eid` (FNV-1a style in one word, a second multiplier chain in hashB). */
function hashShape(s: PrimShapeComponent, eid: number): number {
  hashB = 0x7f4a7c15;
  let a = 0x811c9dc5;
  a = mix(a, s.pathCurve[eid]);
  a = mix(a, s.profileCurve[eid]);
  a = mix(a, s.pathBegin[eid]);
  a = mix(a, s.pathEnd[eid]);
  a = mix(a, s.pathScaleX[eid]);
  a = mix(a, s.pathScaleY[eid]);
  a = mix(a, s.pathShearX[eid]);
  a = mix(a, s.pathShearY[eid]);
  a = mix(a, s.pathTwist[eid]);
  a = mix(a, s.pathTwistBegin[eid]);
  a = mix(a, s.pathRadiusOffset[eid]);
  a = mix(a, s.pathTaperX[eid]);
  a = mix(a, s.pathTaperY[eid]);
  a = mix(a, s.pathRevolutions[eid]);
  a = mix(a, s.pathSkew[eid]);
  a = mix(a, s.profileBegin[eid]);
  a = mix(a, s.profileEnd[eid]);
  a = mix(a, s.profileHollow[eid]);
  return a >>> 0;
}

/** A PrimShapeParams filled from one entity's components; the generator reads it synchronously. */
const params = {
  pathCurve: 0, profileCurve: 0, pathBegin: 0, pathEnd: 1, pathScaleX: 1, pathScaleY: 1, pathShearX: 0, pathShearY: 0,
  pathTwist: 0, pathTwistBegin: 0, pathRadiusOffset: 0, pathTaperX: 0, pathTaperY: 0, pathRevolutions: 1, pathSkew: 0,
  profileBegin: 0, profileEnd: 1, profileHollow: 0,
} satisfies PrimShapeParams;

function readShape(s: PrimShapeComponent, eid: number): PrimShapeParams {
  params.pathCurve = s.pathCurve[eid];
  params.profileCurve = s.profileCurve[eid];
  params.pathBegin = s.pathBegin[eid];
  params.pathEnd = s.pathEnd[eid];
  params.pathScaleX = s.pathScaleX[eid];
  params.pathScaleY = s.pathScaleY[eid];
  params.pathShearX = s.pathShearX[eid];
  params.pathShearY = s.pathShearY[eid];
  params.pathTwist = s.pathTwist[eid];
  params.pathTwistBegin = s.pathTwistBegin[eid];
  params.pathRadiusOffset = s.pathRadiusOffset[eid];
  params.pathTaperX = s.pathTaperX[eid];
  params.pathTaperY = s.pathTaperY[eid];
  params.pathRevolutions = s.pathRevolutions[eid];
  params.pathSkew = s.pathSkew[eid];
  params.profileBegin = s.profileBegin[eid];
  params.profileEnd = s.profileEnd[eid];
  params.profileHollow = s.profileHollow[eid];
  return params;
}

/**
 * The slot for a prim's shape at `lod`, generating and uploading on a miss;
 * the box slot when the shape cannot be generated, -1 when every slot is in
 * use this frame.
 */
function primSlot<H>(lod: LodState<H>, shape: PrimShapeComponent, eid: number, level: 0 | 1 | 2 | 3, frame: number): number {
  try {
    const volume = lod.volumes.acquire(readShape(shape, eid), level);
    let slot = findMeshSlot(lod.slots, volume, frame);
    if (slot < 0) slot = acquireMeshSlot(lod.slots, volume, primVolumeMesh(volume), frame, lod.uploader);
    return slot;
  } catch (error) {
    lod.shapeErrors++;
    lod.onShapeError(eid, error);
    return lod.boxSlot;
  }
}

/**
 * Chooses LOD and mesh slot for every visible object, batches them and packs
 * the instance streams and draw list. Returns the number of instances.
 */
export function selectMeshes<H>(lod: LodState<H>, state: FrameState, components: WorldComponents, stats: RenderStats): number {
  const { visible, visibleCount, eye, frame } = state;
  const { spheres } = state;
  const shape = components.shape;
  const pcode = components.identity.pcode;
  const sculpt = components.sculpt.type;
  const scale = components.local.scale;
  const lodFactor = state.config.volumeLodFactor;
  const slots = lod.slots;
  const lodCounts = stats.lodCounts;
  lodCounts.fill(0);
  let boxes = 0;
  resetDrawBatches(lod.batches);
  for (let k = 0; k < visibleCount; k++) {
    const eid = visible[k];
    let slot = lod.boxSlot;
    if (pcode[eid] === PCODE_PRIM && sculpt[eid] === 0) {
      const dx = spheres.x[eid] - eye[0];
      const dy = spheres.y[eid] - eye[1];
      const dz = spheres.z[eid] - eye[2];
      params.pathCurve = shape.pathCurve[eid];
      params.profileCurve = shape.profileCurve[eid];
      const radius = primLodRadius(params, scale[eid * 3], scale[eid * 3 + 1], scale[eid * 3 + 2]);
      const level = selectPrimLod(Math.sqrt(dx * dx + dy * dy + dz * dz), radius, lodFactor);
      const a = hashShape(shape, eid);
      const b = hashB >>> 0;
      const cached = lod.slot[eid];
      if (
        cached >= 0 && lod.lod[eid] === level && lod.shapeHashA[eid] === a && lod.shapeHashB[eid] === b &&
        slots.generation[cached] === lod.slotGeneration[eid] && slots.keys[cached] !== null
      ) {
        slot = cached;
        slots.lastUsed[slot] = frame;
      } else {
        slot = primSlot(lod, shape, eid, level, frame);
        // No slot free: a box this frame, and another try next frame.
        lod.slot[eid] = slot;
        if (slot < 0) slot = lod.boxSlot;
        lod.slotGeneration[eid] = slots.generation[slot];
        lod.lod[eid] = level;
        lod.shapeHashA[eid] = a;
        lod.shapeHashB[eid] = b;
      }
      if (slot === lod.boxSlot) boxes++;
      else lodCounts[level]++;
    } else {
      boxes++;
      slots.lastUsed[slot] = frame;
    }
    if (!addDrawInstance(lod.batches, eid, slot)) break;
  }
  groupDrawBatches(lod.batches);
  packInstanceStreams(lod.streams, lod.batches, slots, components.world.matrix, components.textures);
  collectTranslucent(lod.translucent, lod.batches, lod.streams, slots, state.view);
  sortTranslucent(lod.translucent);
  packTranslucent(lod.translucent, lod.streams);
  buildDrawList(lod.drawList, lod.batches, lod.streams, slots, lod.translucent);
  stats.boxesDrawn = boxes;
  stats.translucentFaces = lod.translucent.count;
  stats.distinctMeshes = lod.batches.batchCount;
  stats.residentMeshes = slots.resident;
  return lod.batches.count;
}
