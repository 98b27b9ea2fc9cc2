/**
 * The running viewer: one engine world, the core scheduler with the
 * systems of viewer-frame.ts (the frame's order, top to bottom), the message
 * bus the session feeds, the camera rig, and the animation-frame loop that
 * ties them. Nothing here allocates per frame.
 */
import { PerformanceSettingsResource, type PerformanceSettings } from '@slv/config';
import { addSystems, createEngineWorld, createResources, createScheduler, runFrame, type EngineWorld, type Resources, type Scheduler } from '@slv/core';
import { MessageBus, type AgentSession } from '@slv/net';
import type { RenderState, MeshGeometrySource, TextureSource } from '@slv/render';
import { createIngestion, requestObjectsOverSession, setSourceRegion, subscribeIngestion, terrainHeightAt, type WorldIngestion } from '@slv/world';
import { attachOwnAvatar, createOwnAvatar, stepOwnAvatar, type OwnAvatar } from './avatar/own-avatar.ts';
import {
  createCameraInput, createCameraRig, stepCamera, writeAgentCamera, writeCameraMatrices, type CameraBounds, type CameraInput, type CameraRig,
} from './camera/camera-rig.ts';
import { createFrameRateMeter, recordFrame, type FrameRateMeter } from './stats/rate-meters.ts';
import type { OverlayRenderStats } from './stats/stats-snapshot.ts';
import { VIEWER_FRAME } from './viewer-frame.ts';

export interface ViewerResources extends Resources<MessageBus, PerformanceSettingsResource> {
  /** World ingestion's state: the world systems write it, the render systems read its components and terrain. */
  readonly ingestion: WorldIngestion;
  /** The renderer's state, which the render systems run on. */
  readonly renderer: RenderState;
}

/** What the renderer adapter hands back to the engine. */
export interface ViewerRenderer {
  /** What the render systems run on (resources.renderer). */
  readonly state: RenderState;
  /** Last frame's figures, overwritten in place each frame. */
  readonly stats: OverlayRenderStats;
  /** Called once the session knows the region (water height, which terrain to draw). */
  setRegion(regionIndex: number, waterHeight: number): void;
  /** The region's terrain textures with their start heights and ranges (SW, SE, NW, NE), from RegionHandshake. */
  setTerrainTextures(textures: readonly string[], start: readonly number[], range: readonly number[]): void;
  /** A unit vector toward the sun, region frame. */
  setSunDirection(x: number, y: number, z: number): void;
  /**
   * '' while drawing; otherwise one line on the GPU context (lost and waiting
   * for the browser to restore it, or not restored), at frame time `nowMs`.
   * The frame loop keeps running meanwhile: only drawing pauses.
   */
  gpuNotice(nowMs: number): string;
  /** Where face textures come from (null: faces in their colours); next frame on. */
  setTextureSource(source: TextureSource | null): void;
  /** Where mesh objects' geometry comes from (null: their bounding boxes); next frame on. */
  setMeshSource(source: MeshGeometrySource | null): void;
  dispose(): void;
}

/** Makes the renderer for the canvas and the world (its systems run from viewer-frame.ts). */
export type AttachRenderer = (engine: { canvas: HTMLCanvasElement; world: EngineWorld }) => ViewerRenderer;

export interface ViewerEngine {
  readonly canvas: HTMLCanvasElement;
  readonly settings: PerformanceSettingsResource;
  readonly world: EngineWorld;
  readonly bus: MessageBus;
  readonly resources: ViewerResources;
  readonly scheduler: Scheduler<EngineWorld, ViewerResources>;
  readonly ingestion: WorldIngestion;
  readonly renderer: ViewerRenderer;
  readonly rig: CameraRig;
  readonly input: CameraInput;
  /** The agent's avatar: its controls and where it is. */
  readonly avatar: OwnAvatar;
  readonly frames: FrameRateMeter;
  session: AgentSession | null;
  /** Region index of the session's region, -1 before one. */
  regionIndex: number;
  /** The error that stopped the frame loop, if one did. */
  failure: Error | null;
  /** Called after every frame (the overlay's refresh, tests' frame waits). */
  afterFrame: ((nowMs: number) => void) | null;
  /** Starts (or resumes) the animation-frame loop. */
  start(): void;
  /** Pauses the loop; start() resumes it. */
  stop(): void;
  /** Points world ingestion and the AgentUpdate camera at a connected session. */
  attachSession(session: AgentSession): void;
}

/** Largest canvas edge in device pixels; beyond this the fill rate is not worth it. */
const MAX_CANVAS_EDGE = 4096;

export interface ViewerEngineOptions {
  canvas: HTMLCanvasElement;
  settings: PerformanceSettingsResource;
  attachRenderer: AttachRenderer;
  /** Adaptive scaler's per-frame feed; omitted in tests. */
  sampleFrame?: (frameMs: number, nowMs: number) => void;
}

export function createViewerEngine(options: ViewerEngineOptions): ViewerEngine {
  const { canvas, settings } = options;
  const live: PerformanceSettings = settings.settings;
  // Capacity is fixed for the page's life: typed-array components are allocated once.
  const world = createEngineWorld({ capacity: live.world.entityCapacity });
  const bus = new MessageBus();
  let engine: ViewerEngine;
  const ingestion = createIngestion(world, live, {
    onError: (error) => console.warn(`world: ${error.message}`),
    requestObjects: (_region, localIds, missTypes, count) => {
      if (engine.session !== null) requestObjectsOverSession(engine.session, localIds, missTypes, count);
    },
  });
  subscribeIngestion(ingestion, bus);
  const renderer = options.attachRenderer({ canvas, world });
  const resources: ViewerResources = { ...createResources({ settings, bus }), ingestion, renderer: renderer.state };
  const scheduler = createScheduler<EngineWorld, ViewerResources>(world, resources);
  addSystems(scheduler, VIEWER_FRAME);
  const rig = createCameraRig();
  const input = createCameraInput();
  // The received height field of the session's region; made once, so a frame allocates nothing.
  const cameraBounds: CameraBounds = {
    drawDistance: live.rendering.drawDistance,
    groundHeight: (x, y) => {
      const terrain = engine.regionIndex < 0 ? undefined : ingestion.terrain.get(engine.regionIndex);
      return terrain === undefined || terrain.landPatches === 0 ? Number.NaN : terrainHeightAt(terrain, x, y);
    },
  };
  const avatar = createOwnAvatar();
  const frames = createFrameRateMeter();
  let raf = 0;
  let lastNow = -1;

  const resize = (): void => {
    const ratio = globalThis.devicePixelRatio || 1;
    const width = Math.max(1, Math.min(MAX_CANVAS_EDGE, Math.round(canvas.clientWidth * ratio)));
    const height = Math.max(1, Math.min(MAX_CANVAS_EDGE, Math.round(canvas.clientHeight * ratio)));
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
  };

  const frame = (now: number): void => {
    raf = requestAnimationFrame(frame);
    const dt = lastNow < 0 ? 0 : (now - lastNow) / 1000;
    lastNow = now;
    recordFrame(frames, now);
    resize();
    const far = live.rendering.drawDistance;
    const session = engine.session;
    if (session !== null) stepOwnAvatar(avatar, ingestion, session, engine.regionIndex, dt);
    cameraBounds.drawDistance = far;
    stepCamera(rig, input, dt, session !== null ? avatar.position : null, avatar.controls.yaw, cameraBounds);
    writeCameraMatrices(resources.camera, rig, canvas.width / canvas.height, far);
    if (session !== null) writeAgentCamera(session.camera, rig, far);
    try {
      runFrame(scheduler, now);
    } catch (error) {
      cancelAnimationFrame(raf);
      raf = 0;
      engine.failure = error instanceof Error ? error : new Error(String(error));
      console.error(engine.failure);
    }
    if (dt > 0) options.sampleFrame?.(dt * 1000, now);
    engine.afterFrame?.(now);
  };

  bus.on('SimulatorViewerTimeMessage', (r) => {
    const sun = r.TimeInfo.SunDirection(0, sunScratch);
    renderer.setSunDirection(sun[0]!, sun[1]!, sun[2]!);
  });

  engine = {
    canvas,
    settings,
    world,
    bus,
    resources,
    scheduler,
    ingestion,
    renderer,
    rig,
    input,
    avatar,
    frames,
    session: null,
    regionIndex: -1,
    failure: null,
    afterFrame: null,
    start: () => {
      if (raf === 0 && engine.failure === null) raf = requestAnimationFrame(frame);
    },
    stop: () => {
      if (raf !== 0) cancelAnimationFrame(raf);
      raf = 0;
      lastNow = -1;
    },
    attachSession: (session) => {
      engine.session = session;
      const handle = session.region.handle;
      const regionIndex = setSourceRegion(ingestion, session.source, Number(handle >> 32n), Number(handle & 0xffffffffn));
      engine.regionIndex = regionIndex;
      renderer.setRegion(regionIndex, session.region.waterHeight);
      renderer.setTerrainTextures(session.region.terrainTextures, session.region.terrainStart, session.region.terrainRange);
      session.camera.far = live.rendering.drawDistance;
      attachOwnAvatar(avatar, session);
    },
  };
  return engine;
}

const sunScratch = new Float32Array(3);
