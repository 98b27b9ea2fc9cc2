/**
 * createRenderer: the renderer's state (render-state.ts) with its GPU side
 * on the regl instance, GL context or canvas it is given, and the handling
 * of a lost context. It adds no systems: the app adds RENDER_SYSTEMS to its
 * scheduler after world ingestion's, with `resources.renderer` set to
 * `renderer.state` and `resources.ingestion` to the world's ingestion.
 *
 * It draws into the canvas of its context, reading the camera from
 * resources.camera (view and projection as the app's camera controller
 * writes them; the far plane is replaced by settings.rendering.drawDistance).
 *
 * Lost contexts (gpu/context-loss.ts): the renderer listens on the
 * context's canvas. On `webglcontextlost` it calls preventDefault (so the
 * browser may restore) and forgets every GPU object; on
 * `webglcontextrestored` it rebuilds them. `renderer.gpuContext` says where
 * it stands; apps watching the context themselves pass
 * handleContextLoss: false and call contextLost() / contextRestored().
 */
import { createHzbCuller } from './culling/index.ts';
import type { HzbCuller } from './culling/index.ts';
import type { RenderEnvironment } from './frame/environment.ts';
import type { RenderStats } from './frame/render-stats.ts';
import { contextLost, contextRestored, releaseGpu } from './gpu/context-loss.ts';
import type { GpuState } from './gpu/context-loss.ts';
import { createGpuContextStatus, DEFAULT_RESTORE_TIMEOUT_MS } from './gpu/context-status.ts';
import type { GpuContextStatus } from './gpu/context-status.ts';
import { createGpuResources } from './gpu/gpu-resources.ts';
import { createReglMeshUploader } from './gpu/mesh-buffers.ts';
import type { GpuMesh } from './gpu/mesh-buffers.ts';
import type { RenderCaps } from './gpu/render-caps.ts';
import type { TextureSource } from './textures/texture-state.ts';
import type { MeshGeometrySource } from './meshes/mesh-assets.ts';
import { contextEventTarget, createGlSetup } from './gpu/regl-setup.ts';
import type { GlTarget } from './gpu/regl-setup.ts';
import type { LightTextureFormat } from './lighting/light-textures.ts';
import { releaseAllMeshSlots } from './meshes/mesh-slots.ts';
import { createRenderState } from './render-state.ts';
import type { RenderState } from './render-state.ts';
import type { PrimVolumeCache } from './volume/index.ts';
import type { Regl } from 'regl';

export interface RendererOptions extends GlTarget {
  /** Entities the world holds (EngineWorld.capacity). */
  readonly capacity: number;
  /** Share a prim volume cache; by default the renderer keeps its own (64 MiB). */
  readonly volumeCache?: PrimVolumeCache;
  /** Distinct meshes resident on the GPU (default 4096). */
  readonly meshSlots?: number;
  /** Sun, water and region to draw; by default a new one the app then writes. */
  readonly environment?: RenderEnvironment;
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
  /** What the render systems run on: put it at resources.renderer. */
  readonly state: RenderState<GpuMesh>;
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
  /** Whether the GL context is usable, lost or could not be restored; describeGpuContext words it. Updated in place. */
  readonly gpuContext: GpuContextStatus;
  /**
   * Where face textures come from (@slv/assets' TextureStreamer in the
   * viewer); null draws faces in their colours over the checker. Takes
   * effect next frame.
   */
  setTextureSource(source: TextureSource | null): void;
  /**
   * Where mesh objects' geometry comes from (a StreamedMeshSource over
   * @slv/assets' MeshStreamer in the viewer); null draws them as their
   * bounding boxes. Takes effect next frame.
   */
  setMeshSource(source: MeshGeometrySource | null): void;
  /** The context was lost (the canvas listener calls this): forgets the GPU objects and stops drawing. */
  contextLost(): void;
  /** The context is back (the canvas listener calls this): rebuilds every GPU resource; false when that failed. */
  contextRestored(): boolean;
  /**
   * Frees GPU resources (and the regl instance when the renderer made it).
   * Its systems stay in the scheduler (which cannot remove them) and do nothing after.
   */
  dispose(): void;
}

export function createRenderer(options: RendererOptions): Renderer {
  const setup = createGlSetup(options);
  const caps = setup.caps;
  const lightFormat: LightTextureFormat = options.lightTextureFormat === 'packed' || !caps.floatTextures ? 'packed' : 'float';
  const restoreTimeoutMs = options.restoreTimeoutMs ?? DEFAULT_RESTORE_TIMEOUT_MS;
  if (!(restoreTimeoutMs > 0)) throw new RangeError(`createRenderer: restoreTimeoutMs must be positive, got ${restoreTimeoutMs}`);
  // Made whenever the context allows; settings.rendering.hzbOcclusion switches its use per frame.
  const hzb = createHzbCuller(setup.gl2);
  const uploader = createReglMeshUploader(setup.regl, caps.uintIndices);
  const state = createRenderState<GpuMesh>({
    capacity: options.capacity,
    caps,
    uploader,
    lightFormat,
    hzb,
    ...(options.volumeCache === undefined ? {} : { volumeCache: options.volumeCache }),
    ...(options.meshSlots === undefined ? {} : { meshSlots: options.meshSlots }),
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    ...(options.onShapeError === undefined ? {} : { onShapeError: options.onShapeError }),
  });
  if (!caps.webgl2 && !setup.regl.hasExtension('OES_standard_derivatives')) {
    state.textures.disabledReason = 'WebGL1 without OES_standard_derivatives: the virtual texture needs screen derivatives';
  }
  const slots = state.meshes.slots;
  const gpu: GpuState = {
    setup,
    status: createGpuContextStatus(),
    uploader,
    slots,
    lightFormat,
    restoreTimeoutMs,
    resources: createGpuResources(setup.regl, setup.gl2, lightFormat, slots, state.stats),
  };
  state.gpu = gpu;

  const canvas = options.handleContextLoss === false ? null : contextEventTarget(setup.gl);
  const onLost = (event: Event): void => {
    // Without this the browser never restores the context.
    event.preventDefault();
    contextLost(state, gpu);
  };
  const onRestored = (): void => {
    contextRestored(state, gpu);
  };
  canvas?.addEventListener('webglcontextlost', onLost);
  canvas?.addEventListener('webglcontextrestored', onRestored);

  return {
    state,
    stats: state.stats,
    environment: state.environment,
    caps,
    get regl() {
      return gpu.setup.regl;
    },
    hzb,
    gpuContext: gpu.status,
    setTextureSource(source) {
      state.textures.source = source;
    },
    setMeshSource(source) {
      state.meshes.meshAssets.source = source;
    },
    contextLost: () => contextLost(state, gpu),
    contextRestored: () => contextRestored(state, gpu),
    dispose(): void {
      if (!state.enabled) return;
      canvas?.removeEventListener('webglcontextlost', onLost);
      canvas?.removeEventListener('webglcontextrestored', onRestored);
      releaseAllMeshSlots(slots, uploader);
      hzb.dispose();
      releaseGpu(gpu);
      state.enabled = false;
    },
  };
}
