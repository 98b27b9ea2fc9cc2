/**
 * `window.slvViewer`: a small, read-mostly handle on the running viewer for
 * tests, benchmarks and the console. Every answer is plain data (it crosses
 * page.evaluate); the only changes it makes are the ones a user could make in
 * the UI: profile and preference values, camera placement.
 */
import { cloneSettings, isPerformanceProfile, type DeepPartial, type PerformanceProfile, type PerformanceSettings, type SettingsProblem } from '@slv/config';
import { findObject, terrainHeightAt } from '@slv/world';
import { lookAtPoint, projectToCanvas, type CameraMode } from './camera/camera-rig.ts';
import { recordEmptyFrames, recordFrames, type FrameRecording } from './frame-recorder.ts';
import type { NameTags } from './avatar/name-tags.ts';
import type { ChatLine } from './chat/chat-lines.ts';
import type { StatsSnapshot } from './stats/stats-snapshot.ts';
import type { ViewerEngine } from './viewer-engine.ts';

declare global {
  interface Window {
    /** The running viewer (see SlvViewerApi); set by the app at start-up. */
    slvViewer?: SlvViewerApi;
  }
}

export type ViewerStage = 'starting' | 'login' | 'connecting' | 'connected' | 'closed' | 'failed';

export interface ProjectedPoint {
  /** CSS pixels from the canvas's top-left corner. */
  x: number;
  y: number;
  /** Clip-space depth, -1 (near) .. 1 (far); outside that range the point is clipped. */
  depth: number;
  /** In front of the eye. */
  inFront: boolean;
}

export interface CameraState {
  mode: CameraMode;
  eye: [number, number, number];
  target: [number, number, number];
  yaw: number;
  pitch: number;
  distance: number;
}

export interface RegionState {
  name: string;
  /** Region handle as decimal text (a 64-bit value). */
  handle: string;
  x: number;
  y: number;
  waterHeight: number;
  regionIndex: number;
}

export interface AvatarState {
  /** Its entity in the world, -1 before its ObjectUpdate arrived. */
  eid: number;
  position: [number, number, number];
  /** Heading the viewer sends, radians (0 = east, counter-clockwise). */
  yaw: number;
  flying: boolean;
  running: boolean;
  onGround: boolean;
  /** ControlFlags of the latest AgentUpdate. */
  controlFlags: number;
}

export interface NameTagState {
  eid: number;
  name: string;
  /** CSS pixels from the canvas's top-left corner, last frame. */
  x: number;
  y: number;
  visible: boolean;
}

export interface AdaptiveState {
  /** Undo on an adaptive notice paused the scaler for this session. */
  paused: boolean;
  stepsDown: number;
  stepsUp: number;
  /** The scaler's median frame time, NaN until its window is full (it is emptied at every step and change). */
  medianFrameMs: number;
}

/** The renderer's impostor counters of the last frame, with its draws (bench frame-impostors reads them). */
export interface ImpostorCounters {
  drawn: number;
  /** Atlas tiles holding a linkset, views baked last frame, the atlas's GPU bytes. */
  tiles: number;
  bakeViews: number;
  atlasBytes: number;
  /** Linksets being baked (holding a tile; some may be waiting for their textures). */
  bakeJobs: number;
  /** Baked impostors found stale since the start: their key changed, their textures sharpened. */
  staleByKey: number;
  staleByTextures: number;
  drawCalls: number;
  triangles: number;
  primDraws: number;
  visible: number;
}

export interface SlvViewerApi {
  readonly version: 1;
  readonly stage: ViewerStage;
  /** What stopped the viewer or the last login, or null. */
  readonly error: string | null;
  /** Frames run since the page loaded. */
  readonly frames: number;
  readonly profile: PerformanceProfile;
  /** A fresh statistics snapshot. */
  stats(): StatsSnapshot;
  /** A copy of the live settings. */
  settings(): PerformanceSettings;
  setProfile(profile: PerformanceProfile): void;
  /** Applies preference values as the Preferences window does; returns what was refused. */
  updateSettings(partial: DeepPartial<PerformanceSettings>): SettingsProblem[];
  lookAt(eye: readonly [number, number, number], target: readonly [number, number, number]): void;
  setCameraMode(mode: CameraMode): void;
  camera(): CameraState;
  /** Where a region point lands on the canvas with the last frame's camera. */
  project(point: readonly [number, number, number]): ProjectedPoint;
  region(): RegionState | null;
  /** The avatar's position (its middle, region metres) as the world's components have it, or null before a session. */
  agentPosition(): [number, number, number] | null;
  /** The avatar as the viewer steers it, or null before a session. */
  avatar(): AvatarState | null;
  /** The local chat history, oldest first. */
  chatHistory(): ChatLine[];
  /** Every avatar's name tag as last placed. */
  nameTags(): NameTagState[];
  /** The adaptive scaler as the viewer runs it. */
  adaptive(): AdaptiveState;
  /** Terrain height under region (x, y) from the received heightmap, or null before any. */
  terrainHeight(x: number, y: number): number | null;
  /** Land patches received for the session's region. */
  terrainPatches(): number;
  /** Whether the session's region has the object of this local id. */
  hasObject(localId: number): boolean;
  /**
   * Starts texture streaming over: a new fetcher, streamer and virtual
   * texture, with nothing decoded or resident (the persistent codestream
   * cache stays). Resolves whether textures stream (false before a session
   * or where the region offers no texture capability).
   */
  restartTextures(): Promise<boolean>;
  /** Resolves after `count` more frames. */
  waitFrames(count: number): Promise<number>;
  /** Per-frame CPU times of every system over the next `count` frames. */
  recordFrames(count: number): Promise<FrameRecording>;
  /**
   * The last frame's impostor counters; `bakeViewsPerFrame` first sets the
   * impostor bake budget (views a frame; the renderer's default is 16), which
   * a benchmark raises to bake a region's impostors before measuring.
   */
  impostors(bakeViewsPerFrame?: number): ImpostorCounters;
  /** The same over `count` empty frames (the viewer paused meanwhile): the benchmark's baseline. */
  recordEmptyFrames(count: number): Promise<FrameRecording>;
}

export interface ViewerApiState {
  engine: ViewerEngine;
  stage: () => ViewerStage;
  error: () => string | null;
  snapshot: () => StatsSnapshot;
  chatLines: () => readonly ChatLine[];
  nameTags: NameTags;
  adaptive: () => AdaptiveState;
  /** Starts texture streaming over with empty caches; resolves whether it runs. */
  restartTextures: () => Promise<boolean>;
  /** Registers a callback run after every frame; returns its remover. */
  onFrame: (callback: () => void) => () => void;
}

function vec(a: ArrayLike<number>): [number, number, number] {
  return [a[0]!, a[1]!, a[2]!];
}

function point(p: unknown, what: string): [number, number, number] {
  if (!Array.isArray(p) || p.length !== 3 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new TypeError(`slvViewer: ${what} must be [x, y, z] of finite numbers`);
  }
  return [p[0], p[1], p[2]];
}

const projected = new Float32Array(3);

export function createViewerApi(state: ViewerApiState): SlvViewerApi {
  const { engine } = state;
  const resource = engine.settings;
  const regionTerrain = () => (engine.regionIndex < 0 ? undefined : engine.ingestion.terrain.get(engine.regionIndex));
  return {
    version: 1,
    get stage() { return state.stage(); },
    get error() { return state.error(); },
    get frames() { return engine.scheduler.frames; },
    get profile() { return resource.profile; },
    stats: () => structuredClone(state.snapshot()),
    settings: () => cloneSettings(resource.settings),
    setProfile: (profile) => {
      if (!isPerformanceProfile(profile)) throw new TypeError(`slvViewer.setProfile: ${JSON.stringify(profile)} is not Low, Balanced, High or Custom`);
      resource.setProfile(profile);
    },
    updateSettings: (partial) => resource.update(partial),
    lookAt: (eye, target) => lookAtPoint(engine.rig, point(eye, 'eye'), point(target, 'target')),
    setCameraMode: (mode) => {
      if (mode !== 'follow' && mode !== 'orbit' && mode !== 'fly') {
        throw new TypeError(`slvViewer.setCameraMode: ${JSON.stringify(mode)} is not follow, orbit or fly`);
      }
      engine.rig.mode = mode;
      if (mode === 'orbit') engine.rig.followAgent = true;
    },
    camera: () => {
      const r = engine.rig;
      return { mode: r.mode, eye: vec(r.eye), target: vec(r.target), yaw: r.yaw, pitch: r.pitch, distance: r.distance };
    },
    project: (p) => {
      const canvas = engine.canvas;
      const inFront = projectToCanvas(projected, engine.resources.camera, point(p, 'point'), canvas.clientWidth, canvas.clientHeight);
      return { x: projected[0]!, y: projected[1]!, depth: projected[2]!, inFront };
    },
    region: () => {
      const s = engine.session;
      if (s === null) return null;
      const r = s.region;
      return { name: r.name, handle: r.handle.toString(), x: r.x, y: r.y, waterHeight: r.waterHeight, regionIndex: engine.regionIndex };
    },
    agentPosition: () => (engine.session === null ? null : vec(engine.avatar.position)),
    avatar: () => {
      const a = engine.avatar;
      const c = a.controls;
      if (engine.session === null) return null;
      return { eid: a.eid, position: vec(a.position), yaw: c.yaw, flying: c.flying, running: c.running, onGround: a.onGround, controlFlags: c.flags };
    },
    chatHistory: () => state.chatLines().map((line) => ({ ...line })),
    nameTags: () => {
      const t = state.nameTags;
      const out: NameTagState[] = [];
      for (let i = 0; i < t.count; i++) out.push({ eid: t.eids[i]!, name: t.names[i]!, x: t.x[i]!, y: t.y[i]!, visible: t.visible[i] === 1 });
      return out;
    },
    adaptive: () => state.adaptive(),
    restartTextures: () => state.restartTextures(),
    terrainHeight: (x, y) => {
      const t = regionTerrain();
      return t === undefined || t.landPatches === 0 ? null : terrainHeightAt(t, x, y);
    },
    terrainPatches: () => regionTerrain()?.landPatches ?? 0,
    hasObject: (localId) => {
      const s = engine.session;
      if (s === null) return false;
      const handle = s.region.handle;
      return findObject(engine.ingestion, Number(handle >> 32n), Number(handle & 0xffffffffn), localId) >= 0;
    },
    waitFrames: (count) => {
      if (!Number.isInteger(count) || count < 0 || count > 100_000) return Promise.reject(new RangeError(`slvViewer.waitFrames: count must be an integer in 0..100000, got ${count}`));
      if (engine.failure !== null) return Promise.reject(new Error(`the frame loop stopped: ${engine.failure.message}`));
      const target = engine.scheduler.frames + count;
      return new Promise((resolve) => {
        const off = state.onFrame(() => {
          if (engine.scheduler.frames < target) return;
          off();
          resolve(engine.scheduler.frames);
        });
      });
    },
    recordFrames: (count) => recordFrames(engine, state.onFrame, count),
    impostors: (bakeViewsPerFrame) => {
      const renderer = engine.resources.renderer;
      if (bakeViewsPerFrame !== undefined) {
        if (!Number.isInteger(bakeViewsPerFrame) || bakeViewsPerFrame < 0) throw new RangeError(`slvViewer.impostors: bakeViewsPerFrame must be a non-negative integer, got ${bakeViewsPerFrame}`);
        renderer.impostors.viewsPerFrame = bakeViewsPerFrame;
      }
      const s = renderer.stats;
      return {
        drawn: s.impostorsDrawn, tiles: s.impostorTiles, bakeViews: s.impostorBakeViews, atlasBytes: s.impostorAtlasBytes, bakeJobs: s.impostorBakeJobs,
        staleByKey: s.impostorsStaleByKey, staleByTextures: s.impostorsStaleByTextures,
        drawCalls: s.drawCalls, triangles: s.triangles, primDraws: s.primDraws, visible: s.entitiesVisible,
      };
    },
    recordEmptyFrames: (count) => recordEmptyFrames(engine, count),
  };
}
