/**
 * The renderer's state: one object, made once, that the render systems
 * (systems/) read and write every frame through `resources.renderer`. It
 * holds no settings: each system reads settings.rendering from
 * `resources.settings` each frame, so a profile switch shows on the next.
 *
 *   frame         camera as drawn, frustum, bounding spheres, visible list  (render.cull)
 *   lighting      light arrays, clusters, light textures; scene colours     (render.lights)
 *   impostors     impostor atlas tiles, bake jobs, impostors to draw         (render.impostors)
 *   meshes        per-entity LOD and mesh slot, volume cache, mesh slots     (render.lod)
 *   textures      virtual-texture residency, its source, uploads to make  (render.textures)
 *   batches … drawList   instances by mesh, streams, translucent order     (render.draw-list)
 *   gpu           GL context, its resources and their loss                   (render.draw)
 *
 * Without a GPU (`gpu` null: Node tests and tools) every system but
 * render.draw does its full work, with any MeshUploader.
 */
import type { PerformanceSettings } from '@slv/config';
import type { Resources } from '@slv/core';
import { MAX_ENTITY_FACES } from '@slv/world';
import type { RegionTerrain, UuidTable, WorldComponents } from '@slv/world';
import type { HzbCuller } from './culling/index.ts';
import { createEnvironment, createSceneLighting } from './frame/environment.ts';
import type { RenderEnvironment, SceneLighting } from './frame/environment.ts';
import { createFrameState } from './frame/frame-state.ts';
import type { FrameState } from './frame/frame-state.ts';
import { createRenderStats } from './frame/render-stats.ts';
import type { RenderStats } from './frame/render-stats.ts';
import type { GpuState } from './gpu/context-loss.ts';
import type { RenderCaps } from './gpu/render-caps.ts';
import { createDrawBatches } from './instancing/draw-batches.ts';
import type { DrawBatches } from './instancing/draw-batches.ts';
import { createDrawList } from './instancing/draw-list.ts';
import type { DrawList } from './instancing/draw-list.ts';
import { createInstanceStreams } from './instancing/instance-streams.ts';
import type { InstanceStreams } from './instancing/instance-streams.ts';
import { createTranslucentQueue } from './instancing/translucent-queue.ts';
import type { TranslucentQueue } from './instancing/translucent-queue.ts';
import type { LightTextureFormat } from './lighting/light-textures.ts';
import { acquireMeshSlot, createMeshSlots } from './meshes/mesh-slots.ts';
import type { MeshUploader } from './meshes/mesh-slots.ts';
import { primVolumeMesh } from './meshes/prim-volume-mesh.ts';
import { avatarFigureMesh } from './meshes/avatar-figure.ts';
import { createImpostorState } from './impostors/impostor-state.ts';
import type { ImpostorState } from './impostors/impostor-state.ts';
import { createLightingState } from './systems/lights.ts';
import type { LightingState } from './systems/lights.ts';
import { createLodState } from './systems/lod.ts';
import type { LodState } from './systems/lod.ts';
import { createTerrainState } from './terrain/index.ts';
import { createTextureState } from './textures/texture-state.ts';
import type { TextureState } from './textures/texture-state.ts';
import type { TerrainMesh, TerrainState } from './terrain/index.ts';
import { generateBoundingBox, PrimVolumeCache } from './volume/index.ts';

/** Distinct meshes kept on the GPU at once (default). */
export const DEFAULT_MESH_SLOTS = 4096;
/** Prim volume cache budget until render.lod sets it from memory.meshCacheMB (half of it). */
export const DEFAULT_VOLUME_CACHE_BYTES = 64 * 1024 * 1024;

/** What the render systems read of world ingestion (WorldIngestion has both). */
export interface RenderWorldInput {
  readonly components: WorldComponents;
  /** Region terrains by region index. */
  readonly terrain: ReadonlyMap<number, RegionTerrain>;
  /** The interned asset UUIDs the components' texture indexes name (WorldIngestion's tables); without them no texture is streamed. */
  readonly tables?: { readonly assets: UuidTable };
}

export interface RenderState<H = unknown> {
  /** False stops every render system (dispose sets it; the scheduler cannot remove systems). */
  enabled: boolean;
  /** What the context can do (made for a restored context too: it must offer as much). */
  readonly caps: RenderCaps;
  readonly frame: FrameState;
  /** Occlusion culling; null where there is no GL context at all. */
  readonly hzb: HzbCuller | null;
  readonly lighting: LightingState;
  /** Sun, water and region to draw: the app writes it. */
  readonly environment: RenderEnvironment;
  /** Sun, sky and ambient colours derived from the environment each frame. */
  readonly scene: SceneLighting;
  readonly terrain: TerrainState;
  /** The terrain mesh to draw this frame, or null. */
  terrainMesh: TerrainMesh | null;
  readonly impostors: ImpostorState;
  readonly meshes: LodState<H>;
  readonly textures: TextureState;
  readonly batches: DrawBatches;
  readonly streams: InstanceStreams;
  readonly translucent: TranslucentQueue;
  readonly drawList: DrawList;
  /** Last frame's numbers, overwritten in place. */
  readonly stats: RenderStats;
  /** The GPU side, or null without a GL context. */
  gpu: GpuState | null;
}

/**
 * The resources the render systems take: the settings resource
 * (PerformanceSettingsResource fits), world ingestion's components and
 * terrain, and the renderer's state.
 */
export interface RenderResources extends Resources<unknown, { readonly settings: PerformanceSettings }> {
  readonly ingestion: RenderWorldInput;
  readonly renderer: RenderState;
}

export interface RenderStateOptions<H> {
  /** Entities the world holds (EngineWorld.capacity): every per-entity array is this long. */
  readonly capacity: number;
  readonly caps: RenderCaps;
  readonly uploader: MeshUploader<H>;
  /** Light texture format the draw side reads ('float' with float textures, else 'packed'). */
  readonly lightFormat: LightTextureFormat;
  readonly hzb?: HzbCuller | null;
  readonly volumeCache?: PrimVolumeCache;
  readonly meshSlots?: number;
  readonly environment?: RenderEnvironment;
  /** Distinct asset UUIDs the world interns (its UuidTable's capacity; default 65536). */
  readonly uuidCapacity?: number;
  /** A prim shape that could not be generated (drawn as a box); default console.warn. */
  readonly onShapeError?: (eid: number, error: unknown) => void;
  /** A mesh asset that cannot be drawn (missing, unusable), once per mesh; default console.warn. */
  readonly onMeshError?: (id: string, reason: string) => void;
}

/** The keys of the stand-in box's and the avatar figure's mesh slots. */
const BOX_KEY = {};
const AVATAR_KEY = {};

function warnShapeError(eid: number, error: unknown): void {
  console.warn(`renderer: prim ${eid} drawn as a box, its shape could not be generated: ${(error as Error)?.message ?? String(error)}`);
}

function warnMeshError(id: string, reason: string): void {
  console.warn(`renderer: mesh ${id} drawn as its bounding box: ${reason}`);
}

export function createRenderState<H>(options: RenderStateOptions<H>): RenderState<H> {
  const { capacity, caps, uploader } = options;
  const slotCount = options.meshSlots ?? DEFAULT_MESH_SLOTS;
  const frame = createFrameState(capacity);
  const stats = createRenderStats();
  stats.webgl2 = caps.webgl2;
  const slots = createMeshSlots<H>(slotCount);
  const batchCapacity = Math.min(capacity, slotCount);
  const meshes = createLodState(
    capacity,
    options.volumeCache ?? new PrimVolumeCache({ maxBytes: DEFAULT_VOLUME_CACHE_BYTES }),
    slots,
    uploader,
    options.onShapeError ?? warnShapeError,
    options.onMeshError ?? warnMeshError,
  );
  meshes.boxSlot = acquireMeshSlot(slots, BOX_KEY, primVolumeMesh(generateBoundingBox()), 0, uploader, true);
  meshes.avatarSlot = acquireMeshSlot(slots, AVATAR_KEY, avatarFigureMesh(), 0, uploader, true);
  return {
    enabled: true,
    caps,
    frame,
    hzb: options.hzb ?? null,
    lighting: createLightingState(capacity, options.lightFormat, frame),
    environment: options.environment ?? createEnvironment(),
    scene: createSceneLighting(),
    terrain: createTerrainState(),
    terrainMesh: null,
    impostors: createImpostorState(capacity, slotCount),
    meshes,
    textures: createTextureState(options.uuidCapacity ?? 65536),
    batches: createDrawBatches(capacity, slotCount),
    streams: createInstanceStreams(capacity, batchCapacity),
    translucent: createTranslucentQueue(capacity * MAX_ENTITY_FACES),
    drawList: createDrawList(batchCapacity),
    stats,
    gpu: null,
  };
}
