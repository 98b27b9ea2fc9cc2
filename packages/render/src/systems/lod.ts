/**
 * render.lod (lod phase): LOD selection, where impostors will be chosen too.
 * The terrain mesh is brought up to date with the environment's region;
 * then each visible prim gets the viewer's LOD for its distance and size
 * (primLodOf at settings.rendering.volumeLodFactor, read each frame),
 * the volume for its shape at that LOD from the volume cache, and the GPU
 * slot of that volume (uploaded once per distinct volume, shared by every
 * prim of that shape). Everything the renderer does not build geometry for
 * — meshes, avatars, trees, grass, sculpts whose map has not arrived, and
 * prims whose shape cannot be generated — draws as its bounding box.
 * Sculpted prims get a volume from their map (render.textures asks for the
 * map and keeps its image), one per (map, sculpt type, LOD), rebuilt when a
 * finer image of the map arrives. Each (entity, slot) pair goes into
 * the frame's draw batches, which render.draw-list turns into draws.
 *
 * Per entity it remembers the shape's hash, the LOD and the slot (with the
 * slot's generation), so an unchanged prim costs a hash of its 18 shape
 * fields and no cache lookup: the cache's string key is built only when
 * shape or LOD change.
 */
import type { EngineWorld } from '@slv/core';
import { SHAPE_FLOATS, ShapeFloat, ShapeParams, readShapeParams } from '@slv/protocol';
import type { PrimShapeComponent, UuidTable, WorldComponents } from '@slv/world';
import { generateSculptVolume, LOD_INPUT, primLodOf, type SculptVolume } from '../volume/index.ts';
import type { SculptMapEntry } from '../textures/texture-state.ts';
import type { PrimShapeParams, PrimVolumeCache } from '../volume/index.ts';
import { PATH_FLEXIBLE } from '../volume/volume-shape.ts';
import { createFlexibleMeshes, flexibleSlot, forgetIdleFlexiblePrims, type FlexibleMeshes } from '../meshes/flexible-meshes.ts';
import type { FrameState } from '../frame/frame-state.ts';
import type { RenderStats } from '../frame/render-stats.ts';
import { addDrawInstance, resetDrawBatches } from '../instancing/draw-batches.ts';
import type { DrawBatches } from '../instancing/draw-batches.ts';
import { acquireMeshSlot, findMeshSlot, releaseIdleMeshSlots } from '../meshes/mesh-slots.ts';
import {
  createMeshAssetState, drawableLod, meshEntryOf, receiveMeshes, trimMeshes, wantMesh, type MeshAssetState, type MeshLodIndex,
} from '../meshes/mesh-assets.ts';
import type { MeshSlots, MeshUploader } from '../meshes/mesh-slots.ts';
import { primVolumeMesh } from '../meshes/prim-volume-mesh.ts';
import type { RenderResources } from '../render-state.ts';
import { pickTerrain, updateTerrainState } from '../terrain/index.ts';

const PCODE_PRIM = 9;
const PCODE_AVATAR = 47;
const SCULPT_TYPE_MESH = 5;
const MIB = 1024 * 1024;
const NO_SCULPT_MAPS: ReadonlyMap<number, SculptMapEntry> = new Map();
/** Frames a mesh slot may go undrawn before its buffers are freed, and how often that is checked. */
export const MESH_IDLE_FRAMES = 600;
const MESH_SWEEP_INTERVAL = 120;

export function lodSystem(_world: EngineWorld, resources: RenderResources): void {
  const renderer = resources.renderer;
  if (!renderer.enabled) return;
  const { environment, stats, meshes, frame } = renderer;
  const terrain = pickTerrain(resources.ingestion.terrain, environment.regionIndex);
  renderer.terrainMesh = updateTerrainState(renderer.terrain, terrain, environment.waterHeight);
  stats.terrainBuilds = renderer.terrain.builds;
  applyMeshCacheBudget(meshes, resources.settings.settings.memory.meshCacheMB);
  receiveMeshes(meshes.meshAssets, resources.time.nowMs);
  meshes.nowMs = resources.time.nowMs;
  selectMeshes(
    meshes, renderer.batches, frame, resources.ingestion.components, resources.settings.settings.rendering.volumeLodFactor, stats,
    renderer.textures.sculptByUuid, resources.ingestion.tables?.assets,
  );
  stats.meshUploads = meshes.slots.uploads;
  stats.meshAssetBytes = meshes.meshAssets.bytes;
  stats.volumeCacheBytes = meshes.volumes.bytes;
  if (frame.frameNumber % MESH_SWEEP_INTERVAL === 0) {
    trimMeshes(meshes.meshAssets, frame.frameNumber);
    releaseIdleMeshSlots(meshes.slots, frame.frameNumber, MESH_IDLE_FRAMES, meshes.uploader);
    forgetIdleFlexiblePrims(meshes.flexible, meshes.slots);
  }
  stats.flexiblePrimsStepped = meshes.flexible.stepped;
}

/**
 * memory.meshCacheMB is the renderer's CPU geometry budget: half for prim and
 * sculpt volumes (shared by every prim of a shape), half for mesh assets' LODs.
 */
export function applyMeshCacheBudget<H>(lod: LodState<H>, meshCacheMB: number): void {
  if (lod.meshCacheMB === meshCacheMB) return;
  lod.meshCacheMB = meshCacheMB;
  const half = Math.floor((meshCacheMB * MIB) / 2);
  lod.volumes.setMaxBytes(half);
  lod.meshAssets.maxBytes = half;
}

export interface LodState<H> {
  readonly volumes: PrimVolumeCache;
  readonly slots: MeshSlots<H>;
  readonly uploader: MeshUploader<H>;
  /** Slot of the stand-in box (pinned). */
  boxSlot: number;
  /** Slot of the avatar figure (pinned; -1: avatars draw as boxes). */
  avatarSlot: number;
  /** Per entity: shape hash (two words), LOD, slot and slot generation last chosen; slot -1 = none yet. */
  readonly shapeHashA: Uint32Array;
  readonly shapeHashB: Uint32Array;
  readonly lod: Int8Array;
  readonly slot: Int32Array;
  readonly slotGeneration: Int32Array;
  /** Shapes that failed to generate (drawn as boxes). */
  shapeErrors: number;
  /** The shape component's floats as bits, for hashing (made on first use). */
  shapeBits: Uint32Array | null;
  /** Called with the first error of each failing shape, for the app's log. */
  readonly onShapeError: (eid: number, error: unknown) => void;
  /** Sculpt volumes by "map id:sculpt type:LOD", with the map version they were built from. */
  readonly sculptVolumes: Map<string, { version: number; volume: SculptVolume }>;
  /**
   * Per entity, non-zero where another system draws it this frame instead
   * (render.impostors: its impostor): render.lod leaves it out of the batches.
   */
  readonly drawnElsewhere: Uint8Array;
  /** Mesh objects' delivered LODs and where they come from. */
  readonly meshAssets: MeshAssetState;
  /** The memory.meshCacheMB the budgets were last set from (-1: not yet). */
  meshCacheMB: number;
  /** Flexible prims' simulation and geometry, per entity. */
  readonly flexible: FlexibleMeshes;
  /** This frame's time (ms), for the flexible simulation's step. */
  nowMs: number;
}

export function createLodState<H>(
  capacity: number,
  volumes: PrimVolumeCache,
  slots: MeshSlots<H>,
  uploader: MeshUploader<H>,
  onShapeError: (eid: number, error: unknown) => void,
  onMeshError?: (id: string, reason: string) => void,
): LodState<H> {
  return {
    volumes,
    slots,
    uploader,
    boxSlot: -1,
    avatarSlot: -1,
    shapeHashA: new Uint32Array(capacity),
    shapeHashB: new Uint32Array(capacity),
    lod: new Int8Array(capacity).fill(-1),
    slot: new Int32Array(capacity).fill(-1),
    slotGeneration: new Int32Array(capacity),
    shapeErrors: 0,
    shapeBits: null,
    onShapeError,
    sculptVolumes: new Map(),
    drawnElsewhere: new Uint8Array(capacity),
    meshAssets: createMeshAssetState(onMeshError),
    meshCacheMB: -1,
    flexible: createFlexibleMeshes(),
    nowMs: 0,
  };
}

/**
 * The two hash words, kept in a typed array rather than returned or held in
 * a module-level `let`: a number outside the small-integer range is boxed
 * when it crosses a call or lands in a variable slot.
 */
const hashWords = new Uint32Array(2);

/** The shape floats' bit patterns: a view over the shape component's array, made once. */
function shapeBits<H>(lod: LodState<H>, shape: PrimShapeComponent): Uint32Array {
  const params = shape.params;
  let bits = lod.shapeBits;
  if (bits === null || bits.buffer !== params.buffer || bits.byteOffset !== params.byteOffset) {
    bits = new Uint32Array(params.buffer, params.byteOffset, params.length);
    lod.shapeBits = bits;
  }
  return bits;
}

/**
 * Hashes the 18 shape floats of `eid` (their bits) into hashWords: FNV-1a
 * style in the first word, a second multiplier chain in the other.
 */
function hashShape(bits: Uint32Array, eid: number): void {
  let a = 0x811c9dc5;
  let b = 0x7f4a7c15;
  for (let k = eid * SHAPE_FLOATS, end = k + SHAPE_FLOATS; k < end; k++) {
    const v = bits[k];
    a = Math.imul(a ^ v, 0x01000193);
    b = Math.imul(b ^ v, 0x85ebca6b) + 0x9e3779b9;
  }
  hashWords[0] = a;
  hashWords[1] = b;
}

/** One prim's LOD inputs (its doubles stay in here, unboxed: see LOD_INPUT). */
const lodInputs = new Float64Array(LOD_INPUT.length);

/** One entity's shape as PrimShapeParams; the generator reads it synchronously. */
const params = new ShapeParams();

function readShape(shape: PrimShapeComponent, eid: number): PrimShapeParams {
  return readShapeParams(shape.params, eid * SHAPE_FLOATS, params);
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
 * The slot for a sculpted prim at `level` from its map's latest image,
 * generating (and uploading) when the map, its version, the sculpt type or
 * the LOD is new; the box slot when the map cannot make geometry.
 */
function sculptSlot<H>(lod: LodState<H>, entry: SculptMapEntry, type: number, level: 0 | 1 | 2 | 3, eid: number, frame: number): number {
  const key = `${entry.id}:${type}:${level}`;
  let built = lod.sculptVolumes.get(key);
  try {
    if (built === undefined || built.version !== entry.version) {
      const image = entry.image!;
      const volume = generateSculptVolume({ width: image.width, height: image.height, pixels: image.pixels, components: 4 }, { sculptType: type, lod: level });
      built = { version: entry.version, volume };
      lod.sculptVolumes.set(key, built);
    }
    let slot = findMeshSlot(lod.slots, built.volume, frame);
    if (slot < 0) slot = acquireMeshSlot(lod.slots, built.volume, primVolumeMesh(built.volume), frame, lod.uploader);
    return slot;
  } catch (error) {
    lod.shapeErrors++;
    lod.onShapeError(eid, error);
    return lod.boxSlot;
  }
}

/** A mesh's fetch priority from the LOD inputs just computed: its angular size, nearer and larger first. */
function meshPriority(): number {
  const distance = lodInputs[LOD_INPUT.distance];
  return 1 + Math.floor((1000 * lodInputs[LOD_INPUT.radius]) / (distance > 0.5 ? distance : 0.5));
}

/** The slot of a mesh asset's delivered LOD `meshLod`, uploading on first use; the box until a LOD has arrived. */
function meshSlot<H>(lod: LodState<H>, uuid: number, meshLod: number, frame: number): number {
  if (meshLod < 0) return lod.boxSlot;
  const entry = lod.meshAssets.byUuid.get(uuid)!;
  const drawable = entry.drawables[meshLod as MeshLodIndex]!;
  try {
    let slot = findMeshSlot(lod.slots, drawable, frame);
    if (slot < 0) slot = acquireMeshSlot(lod.slots, drawable, drawable, frame, lod.uploader);
    return slot;
  } catch (error) {
    // e.g. over 65536 vertices on a context without 32-bit indices: a box, said once (the slot choice is cached).
    lod.shapeErrors++;
    lod.meshAssets.onMeshError(entry.id, (error as Error).message);
    return lod.boxSlot;
  }
}

/**
 * Chooses LOD and mesh slot for every visible object and adds each to
 * `batches` (ungrouped). Returns the number of instances.
 */
export function selectMeshes<H>(
  lod: LodState<H>,
  batches: DrawBatches,
  state: FrameState,
  components: WorldComponents,
  lodFactor: number,
  stats: RenderStats,
  sculptMaps: ReadonlyMap<number, SculptMapEntry> = NO_SCULPT_MAPS,
  assets?: UuidTable,
): number {
  const { visible, visibleCount, eye, frameNumber: frame } = state;
  const { spheres } = state;
  const shape = components.shape;
  const bits = shapeBits(lod, shape);
  const pcode = components.identity.pcode;
  const sculpt = components.sculpt.type;
  const sculptAsset = components.sculpt.assetIndex;
  const scale = components.local.scale;
  const slots = lod.slots;
  const lodCounts = stats.lodCounts;
  lodCounts.fill(0);
  lodInputs[LOD_INPUT.factor] = lodFactor;
  let boxes = 0;
  resetDrawBatches(batches);
  const drawnElsewhere = lod.drawnElsewhere;
  lod.flexible.stepped = 0;
  for (let k = 0; k < visibleCount; k++) {
    const eid = visible[k];
    if (drawnElsewhere[eid] !== 0) continue;
    let slot = lod.boxSlot;
    const sculptType = sculpt[eid];
    const stitching = sculptType & 7;
    const map = stitching >= 1 && stitching <= 4 ? sculptMaps.get(sculptAsset[eid]) : undefined;
    const mesh = stitching === SCULPT_TYPE_MESH && assets !== undefined && sculptAsset[eid] !== 0;
    if (pcode[eid] === PCODE_PRIM && (sculptType === 0 || map?.image != null || mesh)) {
      lodInputs[LOD_INPUT.dx] = spheres.x[eid] - eye[0];
      lodInputs[LOD_INPUT.dy] = spheres.y[eid] - eye[1];
      lodInputs[LOD_INPUT.dz] = spheres.z[eid] - eye[2];
      lodInputs[LOD_INPUT.scaleX] = scale[eid * 3];
      lodInputs[LOD_INPUT.scaleY] = scale[eid * 3 + 1];
      lodInputs[LOD_INPUT.scaleZ] = scale[eid * 3 + 2];
      // The curve bytes as integers (small integers cross calls unboxed).
      const pathCurve = shape.params[eid * SHAPE_FLOATS + ShapeFloat.PathCurve] | 0;
      const profileCurve = shape.params[eid * SHAPE_FLOATS + ShapeFloat.ProfileCurve] | 0;
      const level = primLodOf(pathCurve, profileCurve, lodInputs);
      let entryVersion = 0;
      let meshLod = -1;
      if (mesh) {
        const entry = meshEntryOf(lod.meshAssets, assets, sculptAsset[eid]);
        wantMesh(lod.meshAssets, entry, level, meshPriority(), frame);
        meshLod = drawableLod(entry, level);
        entryVersion = entry.version;
      }
      // A sculpt's geometry is its map's, a mesh's its asset's: the hash is the asset, its version and the sculpt type.
      if (map === undefined && !mesh) hashShape(bits, eid);
      const a = map === undefined && !mesh ? hashWords[0] : sculptAsset[eid];
      const b = map !== undefined ? (map.version << 8) | sculptType : mesh ? (entryVersion << 8) | sculptType : hashWords[1];
      const cached = lod.slot[eid];
      if (pathCurve === PATH_FLEXIBLE && sculptType === 0) {
        // A flexible prim's geometry changes every frame it is seen: its own slot, new geometry in place.
        slot = flexibleSlot(lod.flexible, slots, lod.uploader, components, eid, level, lodInputs[LOD_INPUT.distance], lod.nowMs, frame);
        lod.slot[eid] = -1;
        if (slot < 0) slot = lod.boxSlot;
      } else if (
        cached >= 0 && lod.lod[eid] === level && lod.shapeHashA[eid] === a && lod.shapeHashB[eid] === b &&
        slots.generation[cached] === lod.slotGeneration[eid] && slots.keys[cached] !== null
      ) {
        slot = cached;
        slots.lastUsed[slot] = frame;
      } else {
        slot = mesh
          ? meshSlot(lod, sculptAsset[eid], meshLod, frame)
          : map === undefined ? primSlot(lod, shape, eid, level, frame) : sculptSlot(lod, map, sculptType, level, eid, frame);
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
    } else if (pcode[eid] === PCODE_AVATAR && lod.avatarSlot >= 0) {
      // Avatars: the procedural figure, scaled by the avatar's box as the box would be.
      slot = lod.avatarSlot;
      slots.lastUsed[slot] = frame;
    } else {
      boxes++;
      slots.lastUsed[slot] = frame;
    }
    if (!addDrawInstance(batches, eid, slot)) break;
  }
  stats.boxesDrawn = boxes;
  stats.residentMeshes = slots.resident;
  return batches.count;
}
