/**
 * createRenderer: the regl renderer as four scheduler systems (see
 * render-pipeline.ts for the first three):
 *
 *   culling → render.cull · lighting → render.lights · lod → render.lod · render → render.draw
 *
 * It draws into the canvas of the regl instance, GL context or canvas it is
 * given, reading the camera from resources.camera (view and projection as
 * the app's camera controller writes them; the far plane is replaced by
 * settings.rendering.drawDistance) and settings.rendering every frame, so a
 * profile switch shows on the next frame. Per-system CPU times are the
 * scheduler's timings under `renderer.systemNames`.
 */
import type { PerformanceSettings } from '@slv/config';
import { addSystem } from '@slv/core';
import type { EngineWorld, Resources, Scheduler } from '@slv/core';
import type { RegionTerrain, WorldComponents } from '@slv/world';
import type { Regl } from 'regl';
import { createHzbCuller } from '../culling/index.ts';
import type { HzbCuller } from '../culling/index.ts';
import type { PrimVolumeCache } from '../volume/index.ts';
import type { RenderEnvironment } from './environment.ts';
import { createGlSetup } from './gl-setup.ts';
import type { GlTarget } from './gl-setup.ts';
import { createReglMeshUploader } from './gpu-meshes.ts';
import type { GpuMesh } from './gpu-meshes.ts';
import { createGpuRenderer } from './gpu-renderer.ts';
import { releaseAllMeshSlots } from './mesh-slots.ts';
import type { LightTextureFormat } from './light-textures.ts';
import type { RenderCaps } from './render-config.ts';
import { createRenderPipeline } from './render-pipeline.ts';
import type { RenderPipeline } from './render-pipeline.ts';
import type { RenderStats } from './render-stats.ts';

export interface RendererOptions<W extends EngineWorld, R extends Resources> extends GlTarget {
  readonly world: W;
  readonly components: WorldComponents;
  /** The live settings (PerformanceSettingsResource.settings). */
  readonly settings: PerformanceSettings;
  readonly scheduler: Scheduler<W, R>;
  /** Region terrains by region index (WorldIngestion.terrain). */
  readonly terrain?: ReadonlyMap<number, RegionTerrain>;
  /** Share a prim volume cache; by default the renderer keeps its own (64 MiB). */
  readonly volumeCache?: PrimVolumeCache;
  /** Distinct meshes resident on the GPU (default 4096). */
  readonly meshSlots?: number;
  /** Sun, water and region to draw; by default a new one the app then writes. */
  readonly environment?: RenderEnvironment;
  /** Prefix of the system names (default 'render'). */
  readonly name?: string;
  readonly onShapeError?: (eid: number, error: unknown) => void;
  /** Light texture format: 'float' where float textures exist (default), or 'packed' RGBA8 everywhere. */
  readonly lightTextureFormat?: LightTextureFormat;
}

export interface Renderer {
  /** Last frame's numbers, updated in place. */
  readonly stats: RenderStats;
  /** Write sun direction (setSunDirection), water height and region here. */
  readonly environment: RenderEnvironment;
  readonly caps: RenderCaps;
  readonly regl: Regl;
  /** The HZB culler (unavailable on WebGL1 or without EXT_color_buffer_float; see stats.hzbReason). */
  readonly hzb: HzbCuller;
  /** Scheduler system names, in frame order: cull, lights, lod, draw. */
  readonly systemNames: readonly string[];
  /** The CPU pipeline's state, for tools and tests. */
  readonly pipeline: RenderPipeline<GpuMesh>;
  /**
   * Frees GPU resources (and the regl instance when the renderer made it).
   * Its systems stay in the scheduler (which cannot remove them) and do nothing after.
   */
  dispose(): void;
}

export function createRenderer<W extends EngineWorld, R extends Resources>(options: RendererOptions<W, R>): Renderer {
  const gl = createGlSetup(options);
  const { regl, caps } = gl;
  const lightFormat: LightTextureFormat = options.lightTextureFormat === 'packed' || !caps.floatTextures ? 'packed' : 'float';
  // Made whenever the context allows; settings.rendering.hzbOcclusion switches its use per frame.
  const hzb = createHzbCuller(gl.gl2);
  const uploader = createReglMeshUploader(regl, caps.uintIndices);
  const pipeline = createRenderPipeline({
    world: options.world,
    components: options.components,
    settings: options.settings,
    caps,
    uploader,
    lightFormat,
    hzb,
    ...(options.terrain === undefined ? {} : { terrain: options.terrain }),
    ...(options.volumeCache === undefined ? {} : { volumeCache: options.volumeCache }),
    ...(options.meshSlots === undefined ? {} : { meshSlots: options.meshSlots }),
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.onShapeError === undefined ? {} : { onShapeError: options.onShapeError }),
  });
  const gpu = createGpuRenderer(regl, gl.gl2, lightFormat, pipeline.stats);
  const { state, lod, lighting, stats, scene } = pipeline;
  const scheduler = options.scheduler as unknown as Scheduler<EngineWorld, Resources>;
  for (const system of pipeline.systems) addSystem(scheduler, system);
  const settings = options.settings;
  const frameInput = {
    state,
    drawList: lod.drawList,
    streams: lod.streams,
    instanceCount: 0,
    translucent: lod.translucent,
    slots: lod.slots,
    lighting,
    scene,
    terrain: null as typeof pipeline.terrainMesh,
    waterHeight: 0,
    renderScale: 1,
    hzb,
    stats,
  };
  addSystem(scheduler, {
    name: pipeline.names.draw,
    phase: 'render',
    create: () => () => {
      if (!pipeline.enabled) return;
      frameInput.instanceCount = lod.batches.count;
      frameInput.terrain = pipeline.terrainMesh;
      frameInput.waterHeight = pipeline.environment.waterHeight;
      frameInput.renderScale = settings.rendering.renderScale;
      gpu.drawFrame(frameInput);
    },
  });
  return {
    stats,
    environment: pipeline.environment,
    caps,
    regl,
    hzb,
    systemNames: [pipeline.names.cull, pipeline.names.lights, pipeline.names.lod, pipeline.names.draw],
    pipeline,
    dispose(): void {
      if (!pipeline.enabled) return;
      pipeline.enabled = false;
      releaseAllMeshSlots(lod.slots, uploader);
      gpu.dispose();
      hzb.dispose();
      if (gl.ownsRegl) regl.destroy();
    },
  };
}
