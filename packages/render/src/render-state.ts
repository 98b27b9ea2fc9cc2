/**
 * The renderer's CPU side as scheduler systems, independent of the GPU:
 *
 *   culling   render.cull     settings + camera → spheres → frustum → HZB
 *   lighting  render.lights   sun/sky from the environment; lights → clusters → textures
 *   lod       render.lod      terrain mesh; prim LOD → volume → mesh slot → batches → streams
 *                             → translucent faces back to front → draw list
 *
 * createRenderer adds render.draw (render phase) on top, which uploads and
 * draws. With a MeshUploader that is not a GPU one the pipeline runs in Node,
 * which is how the tests drive it.
 */
import type { PerformanceSettings } from '@slv/config';
import type { EngineWorld, Resources, SystemDef } from '@slv/core';
import { MAX_ENTITY_FACES } from '@slv/world';
import type { RegionTerrain, WorldComponents } from '@slv/world';
import type { HzbCuller } from '../culling/index.ts';
import { createTerrainState, pickTerrain, updateTerrainState } from '../terrain/index.ts';
import type { TerrainMesh, TerrainState } from '../terrain/index.ts';
import { generateBoundingBox, PrimVolumeCache } from '../volume/index.ts';
import { beginRenderFrame, cullObjects, gatherObjects } from './culling-system.ts';
import { createDrawBatches } from './draw-batches.ts';
import { createDrawList } from './draw-list.ts';
import { computeSceneLighting, createEnvironment, createSceneLighting } from './environment.ts';
import type { RenderEnvironment, SceneLighting } from './environment.ts';
import { createFrameState } from './frame-state.ts';
import type { FrameState } from './frame-state.ts';
import { createInstanceStreams } from './instance-streams.ts';
import type { LightTextureFormat } from './light-textures.ts';
import { createLightingState, updateLighting } from './lighting-system.ts';
import type { LightingState } from './lighting-system.ts';
import { createLodState, selectMeshes } from './lod-system.ts';
import type { LodState } from './lod-system.ts';
import { acquireMeshSlot, createMeshSlots, releaseIdleMeshSlots } from './mesh-slots.ts';
import type { MeshUploader } from './mesh-slots.ts';
import { primVolumeMesh } from './prim-volume-mesh.ts';
import type { RenderCaps } from './render-config.ts';
import { createRenderStats } from './render-stats.ts';
import type { RenderStats } from './render-stats.ts';
import { createTranslucentQueue } from './translucent-queue.ts';

/** Distinct meshes kept on the GPU at once (default). */
export const DEFAULT_MESH_SLOTS = 4096;
/** Prim volume cache budget when the renderer makes its own cache (default). */
export const DEFAULT_VOLUME_CACHE_BYTES = 64 * 1024 * 1024;
/** Frames a mesh slot may go undrawn before its buffers are freed, and how often that is checked. */
export const MESH_IDLE_FRAMES = 600;
const MESH_SWEEP_INTERVAL = 120;

export interface RenderPipelineOptions<H> {
  readonly world: EngineWorld;
  readonly components: WorldComponents;
  /** The live settings (PerformanceSettingsResource.settings), re-read every frame. */
  readonly settings: PerformanceSettings;
  readonly caps: RenderCaps;
  readonly uploader: MeshUploader<H>;
  /** Light texture format the draw side reads ('float' with float textures, else 'packed'). */
  readonly lightFormat: LightTextureFormat;
  /** Region terrains by region index (WorldIngestion.terrain). */
  readonly terrain?: ReadonlyMap<number, RegionTerrain>;
  readonly volumeCache?: PrimVolumeCache;
  readonly meshSlots?: number;
  readonly hzb?: HzbCuller | null;
  readonly environment?: RenderEnvironment;
  /** Prefix of the system names (default 'render'). */
  readonly name?: string;
  /** A prim shape that could not be generated (drawn as a box); default console.warn. */
  readonly onShapeError?: (eid: number, error: unknown) => void;
}

export interface RenderPipeline<H> {
  readonly state: FrameState;
  readonly lod: LodState<H>;
  readonly lighting: LightingState;
  readonly stats: RenderStats;
  readonly environment: RenderEnvironment;
  readonly scene: SceneLighting;
  readonly terrain: TerrainState;
  /** The terrain mesh to draw this frame, or null. */
  terrainMesh: TerrainMesh | null;
  /** False stops every system of the pipeline (the scheduler cannot remove systems): set by dispose. */
  enabled: boolean;
  readonly systems: SystemDef<EngineWorld, Resources>[];
  readonly names: { readonly cull: string; readonly lights: string; readonly lod: string; readonly draw: string };
}

const BOX_KEY = {};

function warnShapeError(eid: number, error: unknown): void {
  console.warn(`renderer: prim ${eid} drawn as a box, its shape could not be generated: ${(error as Error)?.message ?? String(error)}`);
}

export function createRenderPipeline<H>(options: RenderPipelineOptions<H>): RenderPipeline<H> {
  const { world, components, settings, caps, uploader } = options;
  const capacity = world.capacity;
  const slotCount = options.meshSlots ?? DEFAULT_MESH_SLOTS;
  const state = createFrameState(capacity, caps);
  const stats = createRenderStats();
  stats.webgl2 = caps.webgl2;
  const slots = createMeshSlots<H>(slotCount);
  const batchCapacity = Math.min(capacity, slotCount);
  const lod = createLodState(
    capacity,
    options.volumeCache ?? new PrimVolumeCache({ maxBytes: DEFAULT_VOLUME_CACHE_BYTES }),
    slots,
    uploader,
    createDrawBatches(capacity, slotCount),
    createInstanceStreams(capacity, batchCapacity),
    createDrawList(batchCapacity),
    createTranslucentQueue(capacity * MAX_ENTITY_FACES),
    options.onShapeError ?? warnShapeError,
  );
  lod.boxSlot = acquireMeshSlot(slots, BOX_KEY, primVolumeMesh(generateBoundingBox()), 0, uploader, true);
  const lighting = createLightingState(capacity, options.lightFormat, state);
  const environment = options.environment ?? createEnvironment();
  const scene = createSceneLighting();
  const terrainState = createTerrainState();
  const terrains = options.terrain;
  const hzb = options.hzb ?? null;
  const prefix = options.name ?? 'render';
  const names = { cull: `${prefix}.cull`, lights: `${prefix}.lights`, lod: `${prefix}.lod`, draw: `${prefix}.draw` };

  const pipeline: RenderPipeline<H> = {
    state,
    lod,
    lighting,
    stats,
    environment,
    scene,
    terrain: terrainState,
    terrainMesh: null,
    enabled: true,
    names,
    systems: [],
  };

  pipeline.systems.push(
    {
      name: names.cull,
      phase: 'culling',
      run: (w, resources) => {
        if (!pipeline.enabled) return;
        state.frame++;
        beginRenderFrame(state, settings.rendering, resources.camera);
        hzb?.update();
        gatherObjects(state, components, (w as EngineWorld).entityIndex.maxId + 1);
        cullObjects(state, hzb, stats);
      },
    },
    {
      name: names.lights,
      phase: 'lighting',
      run: () => {
        if (!pipeline.enabled) return;
        computeSceneLighting(scene, environment);
        updateLighting(lighting, state, components, caps.maxTextureSize, stats);
      },
    },
    {
      name: names.lod,
      phase: 'lod',
      run: () => {
        if (!pipeline.enabled) return;
        const terrain = terrains === undefined ? undefined : pickTerrain(terrains, environment.regionIndex);
        pipeline.terrainMesh = updateTerrainState(terrainState, terrain, environment.waterHeight);
        stats.terrainBuilds = terrainState.builds;
        selectMeshes(lod, state, components, stats);
        stats.meshUploads = slots.uploads;
        if (state.frame % MESH_SWEEP_INTERVAL === 0) releaseIdleMeshSlots(slots, state.frame, MESH_IDLE_FRAMES, uploader);
      },
    },
  );
  return pipeline;
}
