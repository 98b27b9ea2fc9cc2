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
 *
 * Lost contexts (see gpu-context.ts): the renderer listens on the context's
 * canvas. On `webglcontextlost` it calls preventDefault (so the browser may
 * restore), forgets every GPU object and stops issuing GL calls: render.draw
 * does nothing, while culling, lighting and LOD keep running on the CPU
 * (meshes first needed meanwhile are recorded, not uploaded; HZB falls back
 * to frustum culling). On `webglcontextrestored` it makes a new regl
 * instance on the same context (or takes the caller's, which regl restores
 * itself), uploads every resident mesh again from its CPU copy, makes the
 * draw side anew (terrain, textures, light textures, shaders) and the HZB
 * pyramid objects, and draws the same world on the next frame.
 * `renderer.gpuContext` says where it stands; apps watching the context
 * themselves pass handleContextLoss: false and call contextLost() /
 * contextRestored().
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
import { contextEventTarget, createGlSetup } from './gl-setup.ts';
import type { GlSetup, GlTarget } from './gl-setup.ts';
import {
  checkGpuContextTimeout, createGpuContextStatus, DEFAULT_RESTORE_TIMEOUT_MS, markGpuContextFailed, markGpuContextLost,
  markGpuContextRestored, restoredCapsProblem,
} from './gpu-context.ts';
import type { GpuContextStatus } from './gpu-context.ts';
import { createReglMeshUploader, dropGpuMeshes, restoreGpuMeshes } from './gpu-meshes.ts';
import type { GpuMesh } from './gpu-meshes.ts';
import { createGpuRenderer } from './gpu-renderer.ts';
import type { GpuRenderer } from './gpu-renderer.ts';
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
  /**
   * Listen for webglcontextlost / webglcontextrestored on the context's
   * canvas (default true). False: the app calls contextLost() and
   * contextRestored() itself (and preventDefault on the lost event).
   */
  readonly handleContextLoss?: boolean;
  /** How long a lost context may stay lost before gpuContext says 'failed' (default 10 s of frame time). */
  readonly restoreTimeoutMs?: number;
}

export interface Renderer {
  /** Last frame's numbers, updated in place. */
  readonly stats: RenderStats;
  /** Write sun direction (setSunDirection), water height and region here. */
  readonly environment: RenderEnvironment;
  /** The capabilities the renderer was set up for (a restored context must offer as much). */
  readonly caps: RenderCaps;
  /** The regl instance in use; a new one after a restored context (when the renderer made it). */
  readonly regl: Regl;
  /** The HZB culler (unavailable on WebGL1 or without EXT_color_buffer_float; see stats.hzbReason). */
  readonly hzb: HzbCuller;
  /** Scheduler system names, in frame order: cull, lights, lod, draw. */
  readonly systemNames: readonly string[];
  /** The CPU pipeline's state, for tools and tests. */
  readonly pipeline: RenderPipeline<GpuMesh>;
  /** Whether the GL context is usable, lost or could not be restored; describeGpuContext words it. Updated in place. */
  readonly gpuContext: GpuContextStatus;
  /**
   * The context was lost (the canvas listener calls this): forgets the GPU
   * objects and stops drawing. Safe to call more than once.
   */
  contextLost(): void;
  /**
   * The context is back (the canvas listener calls this): rebuilds every GPU
   * resource from the CPU side. False, with gpuContext.state 'failed' and
   * its error, when that could not be done; true when already drawing.
   */
  contextRestored(): boolean;
  /**
   * Frees GPU resources (and the regl instance when the renderer made it).
   * Its systems stay in the scheduler (which cannot remove them) and do nothing after.
   */
  dispose(): void;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createRenderer<W extends EngineWorld, R extends Resources>(options: RendererOptions<W, R>): Renderer {
  let setup: GlSetup = createGlSetup(options);
  const caps = setup.caps;
  const lightFormat: LightTextureFormat = options.lightTextureFormat === 'packed' || !caps.floatTextures ? 'packed' : 'float';
  const restoreTimeoutMs = options.restoreTimeoutMs ?? DEFAULT_RESTORE_TIMEOUT_MS;
  if (!(restoreTimeoutMs > 0)) throw new RangeError(`createRenderer: restoreTimeoutMs must be positive, got ${restoreTimeoutMs}`);
  // Made whenever the context allows; settings.rendering.hzbOcclusion switches its use per frame.
  const hzb = createHzbCuller(setup.gl2);
  const uploader = createReglMeshUploader(setup.regl, caps.uintIndices);
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
  const { state, lod, lighting, stats, scene } = pipeline;
  // Null while the context is lost: nothing may touch GL then.
  let gpu: GpuRenderer | null = createGpuRenderer(setup.regl, setup.gl2, lightFormat, stats);
  const gpuContext = createGpuContextStatus();
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

  /**
   * Frees every GPU object; on a lost context the GL deletes are no-ops, but
   * regl forgets the objects (and a destroyed regl instance its canvas
   * listeners). The uploader holds the live instance, so none is destroyed twice.
   */
  function releaseGpu(): void {
    const live = uploader.regl !== null;
    dropGpuMeshes(lod.slots);
    uploader.regl = null;
    gpu?.dispose();
    gpu = null;
    if (live && setup.ownsRegl) setup.regl.destroy();
  }

  function contextLost(): void {
    if (!pipeline.enabled || !markGpuContextLost(gpuContext)) return;
    stats.drawCalls = 0;
    stats.triangles = 0;
    stats.primDraws = 0;
    stats.translucentDraws = 0;
    stats.glowDraws = 0;
    hzb.contextLost();
    releaseGpu();
  }

  function contextRestored(): boolean {
    if (!pipeline.enabled) return false;
    if (gpuContext.state === 'ready') return true;
    if (setup.gl.isContextLost()) return false;
    let next: GlSetup | null = null;
    try {
      // The same context, or the caller's regl instance (which restored its own objects already).
      next = createGlSetup(setup.ownsRegl ? { gl: setup.gl } : { regl: setup.regl });
      const problem = restoredCapsProblem(caps, next.caps, lightFormat);
      if (problem !== '') throw new Error(problem);
      setup = next;
      uploader.regl = next.regl;
      restoreGpuMeshes(lod.slots, uploader);
      gpu = createGpuRenderer(next.regl, next.gl2, lightFormat, stats);
      hzb.contextRestored(next.gl2);
    } catch (error) {
      if (next !== null && next !== setup && next.ownsRegl) next.regl.destroy();
      hzb.contextLost();
      releaseGpu();
      markGpuContextFailed(gpuContext, `rebuilding on the restored context failed: ${errorMessage(error)}`);
      return false;
    }
    markGpuContextRestored(gpuContext);
    return true;
  }

  const canvas = options.handleContextLoss === false ? null : contextEventTarget(setup.gl);
  const onLost = (event: Event): void => {
    // Without this the browser never restores the context.
    event.preventDefault();
    contextLost();
  };
  const onRestored = (): void => {
    contextRestored();
  };
  canvas?.addEventListener('webglcontextlost', onLost);
  canvas?.addEventListener('webglcontextrestored', onRestored);

  addSystem(scheduler, {
    name: pipeline.names.draw,
    phase: 'render',
    run: (_world, resources) => {
      if (!pipeline.enabled) return;
      // The context can read lost before its event arrives (the event is queued as a task).
      if (gpuContext.state === 'ready' && setup.gl.isContextLost()) contextLost();
      if (gpu === null) {
        checkGpuContextTimeout(gpuContext, resources.time.nowMs, restoreTimeoutMs);
        return;
      }
      frameInput.instanceCount = lod.batches.count;
      frameInput.terrain = pipeline.terrainMesh;
      frameInput.waterHeight = pipeline.environment.waterHeight;
      frameInput.renderScale = settings.rendering.renderScale;
      try {
        gpu.drawFrame(frameInput);
      } catch (error) {
        // A context lost mid-frame makes regl throw; that is a loss, not a bug.
        if (!setup.gl.isContextLost()) throw error;
        contextLost();
      }
    },
  });
  return {
    stats,
    environment: pipeline.environment,
    caps,
    get regl() {
      return setup.regl;
    },
    hzb,
    systemNames: [pipeline.names.cull, pipeline.names.lights, pipeline.names.lod, pipeline.names.draw],
    pipeline,
    gpuContext,
    contextLost,
    contextRestored,
    dispose(): void {
      if (!pipeline.enabled) return;
      canvas?.removeEventListener('webglcontextlost', onLost);
      canvas?.removeEventListener('webglcontextrestored', onRestored);
      releaseAllMeshSlots(lod.slots, uploader);
      hzb.dispose();
      releaseGpu();
      pipeline.enabled = false;
    },
  };
}
