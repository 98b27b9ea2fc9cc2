/**
 * The browser side of renderer-smoke.test.ts, bundled by esbuild into the
 * page: builds a tiny world (prims, terrain, lights), runs the renderer's
 * systems through the core scheduler into a canvas, and reads pixels back.
 * Exposed as `window.slvSmoke`.
 */
import { SHAPE_FLOATS, ShapeParams, writeShapeParams } from '@slv/protocol';
import { PerformanceSettingsResource } from '@slv/config';
import type { PresetName } from '@slv/config';
import { addSystems, createEngineWorld, createResources, createScheduler, runFrame, spawnEntity } from '@slv/core';
import { defineWorldComponents, MAX_ENTITY_FACES } from '@slv/world';
import type { RegionTerrain, WorldComponents } from '@slv/world';
import { mat4, quat, vec4 } from 'gl-matrix';
import { generateBoundingBox } from './volume/index.ts';
import { createRenderer } from './create-renderer.ts';
import type { RenderResources } from './render-state.ts';
import { RENDER_SYSTEM_NAMES, RENDER_SYSTEMS } from './systems/render-systems.ts';
import { createGlSetup } from './gpu/regl-setup.ts';
import { attachedDepthTexture, depthTextureHandle } from './gpu/render-targets.ts';
import { setSunDirection } from './frame/environment.ts';
import { describeGpuContext } from './gpu/context-status.ts';
import type { LightTextureFormat } from './lighting/light-textures.ts';

export interface SmokeObject {
  position: [number, number, number];
  scale: [number, number, number];
  /** One RGBA for every face, or one per face. */
  color: number[] | number[][];
  /** TextureEntry glow of every face, 0..1 (default 0). */
  glow?: number;
  sculpt?: boolean;
  /** Shape fields over the default box (pathCurve, profileCurve, profileHollow...). */
  shape?: Record<string, number>;
  light?: { color: [number, number, number]; intensity: number; radius: number; falloff: number };
}

export interface SmokeScene {
  webgl2: boolean;
  profile: PresetName;
  objects: SmokeObject[];
  sun?: [number, number, number];
  lightTextureFormat?: LightTextureFormat;
  /** Frames to run before reading (default 1). */
  frames?: number;
  /** Profiles to switch to, one frame each, reading after each. */
  switches?: PresetName[];
  /** World points to read the pixel of after each read. */
  probes: [number, number, number][];
  /** Extra window-space pixels (x, y from the bottom-left) to read. */
  pixels?: [number, number][];
  /** Keep the canvas on the page afterwards (for looking at it). */
  keepCanvas?: boolean;
  /** Canvas size (default 160 × 120; probes and pixels assume the default). */
  size?: [number, number];
}

export interface SmokeRead {
  /** RGBA of each probe then each pixel. */
  colors: number[][];
  stats: Record<string, unknown>;
}

const DEFAULT_SIZE: [number, number] = [160, 120];
const EYE: [number, number, number] = [128, 96, 30];
const TARGET: [number, number, number] = [128, 140, 26];

function addObject(world: ReturnType<typeof createEngineWorld>, c: WorldComponents, o: SmokeObject): number {
  const eid = spawnEntity(world);
  const rotation = quat.create();
  c.identity.pcode[eid] = 9;
  c.identity.parentEid[eid] = -1;
  for (let k = 0; k < 3; k++) {
    c.local.position[eid * 3 + k] = o.position[k];
    c.world.position[eid * 3 + k] = o.position[k];
    c.local.scale[eid * 3 + k] = o.scale[k];
  }
  c.world.rotation[eid * 4 + 3] = 1;
  c.local.rotation[eid * 4 + 3] = 1;
  c.world.matrix.set(mat4.fromRotationTranslationScale(mat4.create(), rotation, o.position, o.scale), eid * 16);
  c.world.valid[eid] = 1;
  for (let f = 0; f < MAX_ENTITY_FACES; f++) {
    const rgba = Array.isArray(o.color[0]) ? (o.color as number[][])[Math.min(f, o.color.length - 1)] : (o.color as number[]);
    c.textures.color.set(rgba, (eid * MAX_ENTITY_FACES + f) * 4);
    c.textures.glow[eid * MAX_ENTITY_FACES + f] = Math.round((o.glow ?? 0) * 255);
  }
  // ShapeParams starts as the default box; the object's fields go over it.
  const shape = new ShapeParams();
  for (const [field, value] of Object.entries(o.shape ?? {})) {
    if (!(field in shape)) throw new Error(`smoke scene: no shape field ${field}`);
    (shape as unknown as Record<string, number>)[field] = value;
  }
  writeShapeParams(c.shape.params, eid * SHAPE_FLOATS, shape);
  c.sculpt.type[eid] = o.sculpt ? 5 : 0;
  if (o.light) {
    c.light.color.set(o.light.color, eid * 3);
    c.light.intensity[eid] = o.light.intensity;
    c.light.radius[eid] = o.light.radius;
    c.light.falloff[eid] = o.light.falloff;
  }
  return eid;
}

function flatTerrain(height: number): RegionTerrain {
  const size = 256;
  const heightmap = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) heightmap[y * size + x] = height + 0.02 * Math.sin(x * 0.1) * Math.cos(y * 0.1);
  return {
    regionIndex: 0,
    regionSize: size,
    heightmap,
    patchReceived: new Uint8Array(256).fill(1),
    landPatches: 256,
    revision: 1,
    windX: new Float32Array(256),
    windY: new Float32Array(256),
    windRevision: 0,
    cloud: new Float32Array(256),
    cloudRevision: 0,
    ignoredPatches: 0,
  };
}

/** Which face of the default box faces -y (toward the camera), by the volume generator's own normals. */
function faceTowardCamera(): number {
  const box = generateBoundingBox();
  for (const face of box.faces) {
    const v = face.firstVertex;
    if (box.normals[v * 3 + 1] < -0.9) return face.index;
  }
  return -1;
}

/** Lets the browser's event loop turn, as it does between real frames (WebGL fences signal only then). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A world, a scheduler and a renderer on a new canvas, with a reader of probe pixels and stats. */
function setUp(scene: SmokeScene, extra: { restoreTimeoutMs?: number; callerRegl?: boolean } = {}) {
  const [WIDTH, HEIGHT] = scene.size ?? DEFAULT_SIZE;
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  document.body.appendChild(canvas);
  const world = createEngineWorld({ capacity: Math.max(64, scene.objects.length + 8) });
  const components = defineWorldComponents(world);
  for (const o of scene.objects) addObject(world, components, o);
  const resource = new PerformanceSettingsResource({ profile: scene.profile });
  const terrain = new Map([[0, flatTerrain(22)]]);
  const gl = scene.webgl2 ? canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true }) : canvas.getContext('webgl', { antialias: false, preserveDrawingBuffer: true });
  if (gl === null) throw new Error('no context');
  // A regl instance the app made (and keeps): the renderer only borrows it.
  const callerRegl = extra.callerRegl === true ? createGlSetup({ gl }).regl : null;
  const renderer = createRenderer({
    ...(callerRegl === null ? { gl } : { regl: callerRegl }),
    capacity: world.capacity,
    ...(scene.lightTextureFormat === undefined ? {} : { lightTextureFormat: scene.lightTextureFormat }),
    ...(extra.restoreTimeoutMs === undefined ? {} : { restoreTimeoutMs: extra.restoreTimeoutMs }),
  });
  const resources: RenderResources = {
    ...createResources({ settings: resource, bus: null }),
    ingestion: { components, terrain },
    renderer: renderer.state,
  };
  const camera = resources.camera;
  mat4.lookAt(camera.view as mat4, EYE, TARGET, [0, 0, 1]);
  mat4.perspective(camera.projection as mat4, Math.PI / 3, WIDTH / HEIGHT, 0.5, 1000);
  (camera.position as Float32Array).set(EYE);
  const scheduler = createScheduler(world, resources);
  addSystems(scheduler, RENDER_SYSTEMS);
  renderer.environment.regionIndex = 0;
  if (scene.sun) setSunDirection(renderer.environment, ...scene.sun);
  const viewProj = mat4.multiply(mat4.create(), camera.projection as mat4, camera.view as mat4);
  const reads: SmokeRead[] = [];
  const read = (probes = scene.probes): void => {
    const colors: number[][] = [];
    const pixel = new Uint8Array(4);
    const at = (x: number, y: number) => {
      gl.readPixels(x, y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
      colors.push(Array.from(pixel));
    };
    for (const p of probes) {
      const clip = vec4.transformMat4(vec4.create(), [p[0], p[1], p[2], 1], viewProj);
      at(Math.floor((clip[0] / clip[3] * 0.5 + 0.5) * WIDTH), Math.floor((clip[1] / clip[3] * 0.5 + 0.5) * HEIGHT));
    }
    for (const [x, y] of scene.pixels ?? []) at(x, y);
    const stats: Record<string, unknown> = { ...renderer.stats, lodCounts: Array.from(renderer.stats.lodCounts) };
    const timings = scheduler.timings;
    stats.systemMs = RENDER_SYSTEM_NAMES.map((n) => timings.last[timings.names.indexOf(n)]);
    stats.faceTowardCamera = faceTowardCamera();
    stats.gpuContext = { ...renderer.gpuContext };
    stats.hzbUsable = renderer.hzb.available;
    reads.push({ colors, stats });
  };
  return { canvas, gl, world, components, resource, scheduler, renderer, reads, read, callerRegl };
}

async function run(scene: SmokeScene): Promise<{ reads: SmokeRead[]; error?: string }> {
  let t: ReturnType<typeof setUp>;
  try {
    t = setUp(scene);
  } catch (error) {
    return { reads: [], error: String((error as Error)?.message ?? error) };
  }
  const { scheduler, resource, renderer, reads, read, canvas } = t;
  let now = 0;
  try {
    for (let f = 0; f < (scene.frames ?? 1); f++) {
      if (f > 0) await nextTask();
      runFrame(scheduler, (now += 16));
    }
    read();
    for (const profile of scene.switches ?? []) {
      resource.setProfile(profile);
      runFrame(scheduler, (now += 16));
      read();
    }
  } catch (error) {
    return { reads, error: String((error as Error)?.stack ?? error) };
  } finally {
    renderer.dispose();
    if (scene.keepCanvas !== true) canvas.remove();
  }
  return { reads };
}

export interface ContextLossScene extends SmokeScene {
  /** Added while the context is lost: its shape is first needed then (recorded, uploaded at restore). */
  addedWhileLost: SmokeObject;
  /** Frames run while lost (16 ms of frame time each). */
  lostFrames: number;
  restoreTimeoutMs?: number;
  /** Hand the renderer a regl instance made beforehand instead of the context. */
  callerRegl?: boolean;
}

/** What runContextLoss saw: reads before the loss, while lost, and after the restore. */
export interface ContextLossResult {
  reads: SmokeRead[];
  /** describeGpuContext while lost (after the last lost frame). */
  lostNotice: string;
  /** The lost and restored events reached the page (after the renderer's own listeners). */
  events: string[];
  error?: string;
}

/** Resolves on the canvas's next `type` event, or rejects after `ms`. */
function nextEvent(target: EventTarget, type: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${ms} ms`)), ms);
    target.addEventListener(type, () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/**
 * Draws, loses the context with WEBGL_lose_context (a frame runs at once,
 * before the event), runs frames while lost (adding an object), restores it
 * and draws again: reads before, while lost, and after.
 */
async function runContextLoss(scene: ContextLossScene): Promise<ContextLossResult> {
  let t: ReturnType<typeof setUp>;
  try {
    t = setUp(scene, {
      ...(scene.restoreTimeoutMs === undefined ? {} : { restoreTimeoutMs: scene.restoreTimeoutMs }),
      ...(scene.callerRegl === undefined ? {} : { callerRegl: scene.callerRegl }),
    });
  } catch (error) {
    return { reads: [], lostNotice: '', events: [], error: String((error as Error)?.message ?? error) };
  }
  const { gl, canvas, world, components, scheduler, renderer, reads, read, callerRegl } = t;
  const events: string[] = [];
  canvas.addEventListener('webglcontextlost', (e) => events.push(`lost${e.defaultPrevented ? ' (default prevented)' : ''}`));
  canvas.addEventListener('webglcontextrestored', () => events.push('restored'));
  let now = 0;
  let lostNotice = '';
  const frames = async (n: number): Promise<void> => {
    for (let f = 0; f < n; f++) {
      await nextTask();
      runFrame(scheduler, (now += 16));
    }
  };
  try {
    await frames(scene.frames ?? 1);
    read();
    const lose = gl.getExtension('WEBGL_lose_context');
    if (lose === null) throw new Error('no WEBGL_lose_context');
    const lost = nextEvent(canvas, 'webglcontextlost', 5000);
    lose.loseContext();
    // The context reads lost before its event arrives: this frame must notice and not throw.
    runFrame(scheduler, (now += 16));
    await lost;
    addObject(world, components, scene.addedWhileLost);
    await frames(scene.lostFrames);
    read();
    lostNotice = describeGpuContext(renderer.gpuContext, now);
    const restored = nextEvent(canvas, 'webglcontextrestored', 5000);
    lose.restoreContext();
    await restored;
    await frames(scene.frames ?? 1);
    // The probes, then the front face (toward the camera) of the object added while lost.
    const added = scene.addedWhileLost;
    read([...scene.probes, [added.position[0], added.position[1] - added.scale[1] / 2, added.position[2]]]);
  } catch (error) {
    return { reads, lostNotice, events, error: String((error as Error)?.stack ?? error) };
  } finally {
    renderer.dispose();
    callerRegl?.destroy();
    canvas.remove();
  }
  return { reads, lostNotice, events };
}

/** What depthAttachment found: the scene target's depth as GL reports it, before and after a resize. */
export interface DepthAttachmentResult {
  /** A WebGL texture (WebGL2's depth texture), or null (WebGL1's renderbuffer). */
  kinds: ('texture' | 'null' | 'other')[];
  /** The handle the HZB pass uses is the one asked of GL. */
  sameAsPass: boolean;
  error?: string;
}

/**
 * The one place the renderer needs a raw WebGL object regl made (the depth
 * texture the HZB pass reduces): asked of GL inside regl's framebuffer.use,
 * after regl.poll binds it. Checks that this still finds a texture, also
 * after a resize, so a regl upgrade that binds differently fails here.
 */
function depthAttachment(webgl2: boolean): DepthAttachmentResult {
  const canvas = document.createElement('canvas');
  const gl = webgl2 ? canvas.getContext('webgl2', { antialias: false }) : canvas.getContext('webgl', { antialias: false });
  if (gl === null) return { kinds: [], sameAsPass: false, error: 'no context' };
  const renderer = createRenderer({ gl, capacity: 8 });
  try {
    const targets = renderer.state.gpu!.resources!.targets;
    const kinds: DepthAttachmentResult['kinds'] = [];
    const kind = (h: WebGLTexture | null): 'texture' | 'null' | 'other' => (h === null ? 'null' : gl.isTexture(h) ? 'texture' : 'other');
    kinds.push(kind(attachedDepthTexture(renderer.regl, targets.scene)));
    targets.scene.resize(37, 19);
    const resized = attachedDepthTexture(renderer.regl, targets.scene);
    kinds.push(kind(resized));
    return { kinds, sameAsPass: depthTextureHandle(targets, renderer.regl) === resized };
  } catch (error) {
    return { kinds: [], sameAsPass: false, error: String((error as Error)?.stack ?? error) };
  } finally {
    renderer.dispose();
  }
}

/** The scene prepareFrames set up, for runFrames (one at a time). */
let prepared: { t: ReturnType<typeof setUp>; now: number } | null = null;

/**
 * Sets up `scene` and runs its `frames` (warm-up) frames, keeping it for
 * runFrames: the allocation probe measures the frames in between. Returns
 * an error message, or null.
 */
async function prepareFrames(scene: SmokeScene): Promise<string | null> {
  disposeFrames();
  try {
    prepared = { t: setUp(scene), now: 0 };
    await frames(prepared, scene.frames ?? 1);
    return null;
  } catch (error) {
    disposeFrames();
    return String((error as Error)?.stack ?? error);
  }
}

/** A task turn without setTimeout's 4 ms clamp on nested timers (a message to ourselves). */
const turns = new MessageChannel();
let turned: (() => void) | null = null;
turns.port1.onmessage = () => {
  const resolve = turned;
  turned = null;
  resolve?.();
};
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    turned = resolve;
    turns.port2.postMessage(null);
  });
}

async function frames(p: NonNullable<typeof prepared>, n: number): Promise<void> {
  for (let f = 0; f < n; f++) {
    await nextTurn();
    runFrame(p.t.scheduler, (p.now += 16));
  }
}

/**
 * Runs `n` more frames of the prepared scene, the event loop turning
 * between them; returns its stats as [name, value] pairs. Not as a copy of
 * the stats object: `{ ...stats, lodCounts: [...] }` shares the stats
 * object's map and widens its lodCounts field, which deoptimises the code
 * that reads it (render.lod) and would be measured.
 */
async function runFrames(n: number): Promise<[string, unknown][]> {
  const p = prepared;
  if (p === null) throw new Error('runFrames: no scene (prepareFrames)');
  await frames(p, n);
  return Object.entries(p.t.renderer.stats).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v]);
}

/** The render systems' function names as the profiler sees them (for attributing allocations to them). */
function renderSystemFunctions(): string[] {
  return RENDER_SYSTEMS.map((s) => s.run.name);
}

function disposeFrames(): void {
  if (prepared === null) return;
  prepared.t.renderer.dispose();
  prepared.t.canvas.remove();
  prepared = null;
}

(globalThis as unknown as { slvSmoke: unknown }).slvSmoke = {
  run, runContextLoss, depthAttachment, prepareFrames, runFrames, disposeFrames, renderSystemFunctions,
};
