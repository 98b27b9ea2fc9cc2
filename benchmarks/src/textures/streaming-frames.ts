/**
 * The main thread's cost of texture streaming, frame by frame: the renderer's
 * systems (@slv/render RENDER_SYSTEMS, no GPU: render.draw does nothing
 * without one) over a scene of objects in view, each face textured with its
 * own texture, while a TextureSource hands over decoded images a few a frame
 * (what the streamer's decode workers deliver: first the small discard-5
 * image, then the level the face's on-screen size needs). What is timed is
 * `render.textures` as the scheduler times it: wants, the source's update
 * and hand-over, mip chains, page writes into staging, trims and page-table
 * rows. The GPU upload of the staging pages (render.draw) is not in it.
 *
 * The baseline is the same scene in a second world whose textures are all
 * resident already (streamed in before timing starts), its frames
 * interleaved with the arriving world's: arriving frame, resident frame, ...
 */
import { PerformanceSettingsResource } from '@slv/config';
import {
  addSystems, createEngineWorld, createResources, createScheduler, findSystem, getSystemTimings, runFrame, seededRandom, spawnEntity,
  type EngineWorld, type Scheduler,
} from '@slv/core';
import { SHAPE_FLOATS, ShapeParams, writeShapeParams } from '@slv/protocol';
import {
  createRenderState, RENDER_SYSTEMS, type DrawableMesh, type MeshUploader, type RenderCaps, type RenderResources, type TextureImage,
  type TextureSource,
} from '@slv/render';
import { createUuidTable, defineWorldComponents, internUuid, MAX_ENTITY_FACES, uuidText } from '@slv/world';
import { mat4, quat } from 'gl-matrix';
import { collectGarbage } from '../harness.ts';

/** A WebGL2 device as the viewer's Chromium reports one (its texture size sets the atlas and page-table limits). */
const CAPS: RenderCaps = { webgl2: true, floatTextures: true, maxAnisotropy: 16, uintIndices: true, maxTextureSize: 8192 };
const uploader: MeshUploader<DrawableMesh> = { upload: (mesh) => mesh, release: () => {} };

export const STREAMING_TEXTURES = 1000;
/** Images the source hands over per frame while textures arrive. */
export const IMAGES_PER_FRAME = 4;
export const STREAMING_TARGET_P95_MS = 2;
const SIDES = [128, 256, 512] as const;
const EYE: [number, number, number] = [128, 96, 30];
const ASPECT = 16 / 9;
const FOV_Y = Math.PI / 3;

interface Wanted {
  readonly side: number;
  discard: number;
  priority: number;
  /** Discard of the last image handed over; Infinity when none (or released). */
  delivered: number;
  /** Frame it was last wanted in. */
  frame: number;
}

/**
 * Decoded images of 128² to 512² (noise texels, opaque), handed over at most
 * `perFrame` a frame, highest priority first, each at the discard asked for,
 * as the streamer delivers its decode workers' results. The pixel arrays are
 * made once per size and discard and shared, as the decode itself is not
 * this benchmark's.
 */
class ArrivingTextures implements TextureSource {
  private readonly wanted = new Map<string, Wanted>();
  private readonly ready: { id: string; image: TextureImage }[] = [];
  private frame = 0;
  delivered = 0;

  constructor(
    sides: ReadonlyMap<string, number>,
    private readonly images: ReadonlyMap<number, readonly TextureImage[]>,
    private readonly perFrame: number,
  ) {
    for (const [id, side] of sides) this.wanted.set(id, { side, discard: 0, priority: 0, delivered: Infinity, frame: -1 });
  }

  want(id: string, discard: number, priority: number): void {
    const w = this.wanted.get(id);
    if (w === undefined) return;
    w.discard = discard;
    w.priority = priority;
    w.frame = this.frame;
  }

  /** Textures wanted this frame that are waiting for a finer image. */
  pending(): number {
    let n = 0;
    for (const w of this.wanted.values()) if (w.frame === this.frame - 1 && w.discard < w.delivered) n++;
    return n;
  }

  update(): void {
    for (let k = 0; k < this.perFrame; k++) {
      let best: Wanted | undefined;
      let bestId = '';
      for (const [id, w] of this.wanted) {
        if (w.frame !== this.frame || w.discard >= w.delivered) continue;
        if (best === undefined || w.priority > best.priority) {
          best = w;
          bestId = id;
        }
      }
      if (best === undefined) break;
      const discard = Math.min(best.discard, this.images.get(best.side)!.length - 1);
      best.delivered = best.discard;
      this.ready.push({ id: bestId, image: this.images.get(best.side)![discard]! });
      this.delivered++;
    }
    this.frame++;
  }

  drain(receive: (id: string, image: TextureImage) => void): void {
    for (let i = 0; i < this.ready.length; i++) receive(this.ready[i]!.id, this.ready[i]!.image);
    this.ready.length = 0;
  }

  release(id: string): void {
    const w = this.wanted.get(id);
    if (w !== undefined) w.delivered = Infinity;
  }
}

/** Each side's image at every discard down to 1 texel, noise texels. */
function makeImages(seed: number): Map<number, TextureImage[]> {
  const rand = seededRandom(seed);
  const images = new Map<number, TextureImage[]>();
  for (const full of SIDES) {
    const levels: TextureImage[] = [];
    for (let d = 0; full >> d >= 1; d++) {
      const side = full >> d;
      const pixels = new Uint8Array(side * side * 4);
      for (let i = 0; i < pixels.length; i++) pixels[i] = (i & 3) === 3 ? 255 : (rand() * 256) | 0;
      levels.push({ width: side, height: side, pixels, discard: d, fullWidth: full, fullHeight: full });
    }
    images.set(full, levels);
  }
  return images;
}

interface StreamingScene {
  readonly scheduler: Scheduler<EngineWorld, RenderResources>;
  readonly resources: RenderResources;
  readonly sides: Map<string, number>;
  readonly texturesRow: number;
  /** Runs one frame; returns render.textures' wall-clock ms as the scheduler timed it. */
  frame(): number;
  /** render.textures' CPU time in the last frame (the process's, every thread), ms. */
  readonly cpu: { ms: number };
}

/** `count` objects of 0.5 to 2 m spread through the camera's view out to 120 m, each face with the object's own texture. */
function createScene(count: number, seed: number): StreamingScene {
  let capacity = 64;
  while (capacity < count + 1) capacity *= 2;
  const world = createEngineWorld({ capacity });
  const c = defineWorldComponents(world);
  const assets = createUuidTable(capacity);
  const rand = seededRandom(seed);
  const sides = new Map<string, number>();
  const F = MAX_ENTITY_FACES;
  const tanY = Math.tan(FOV_Y / 2);
  for (let i = 0; i < count; i++) {
    const eid = spawnEntity(world);
    const distance = 6 + rand() * 114;
    const x = EYE[0] + (rand() * 2 - 1) * 0.8 * distance * tanY * ASPECT;
    const z = EYE[2] + (rand() * 2 - 1) * 0.8 * distance * tanY;
    const position: [number, number, number] = [x, EYE[1] + distance, z];
    const s = 0.5 + rand() * 1.5;
    const rotation = quat.setAxisAngle(quat.create(), [0, 0, 1], rand() * Math.PI);
    c.identity.pcode[eid] = 9;
    c.identity.parentEid[eid] = -1;
    for (let k = 0; k < 3; k++) {
      c.local.position[eid * 3 + k] = position[k]!;
      c.world.position[eid * 3 + k] = position[k]!;
      c.local.scale[eid * 3 + k] = s;
    }
    for (let k = 0; k < 4; k++) {
      c.local.rotation[eid * 4 + k] = rotation[k]!;
      c.world.rotation[eid * 4 + k] = rotation[k]!;
    }
    c.world.matrix.set(mat4.fromRotationTranslationScale(mat4.create(), rotation, position, [s, s, s]), eid * 16);
    c.world.valid[eid] = 1;
    writeShapeParams(c.shape.params, eid * SHAPE_FLOATS, new ShapeParams());
    const uuid = new Uint8Array(16);
    new DataView(uuid.buffer).setUint32(0, i + 1);
    uuid[15] = 0x5a;
    const index = internUuid(assets, uuid, 0);
    sides.set(uuidText(assets, index), SIDES[i % SIDES.length]!);
    for (let f = 0; f < F; f++) {
      c.textures.color.set([255, 255, 255, 255], (eid * F + f) * 4);
      c.textures.textureIndex[eid * F + f] = index;
      c.textures.scaleS[eid * F + f] = 1;
      c.textures.scaleT[eid * F + f] = 1;
    }
    c.textures.faceCount[eid] = 1;
  }
  const renderer = createRenderState<DrawableMesh>({ capacity, lightFormat: 'float', caps: CAPS, uploader, uuidCapacity: capacity });
  const resources: RenderResources = {
    ...createResources({ settings: new PerformanceSettingsResource({ profile: 'Balanced' }), bus: null }),
    ingestion: { components: c, terrain: new Map(), tables: { assets } },
    renderer,
  };
  mat4.lookAt(resources.camera.view as mat4, EYE, [EYE[0], EYE[1] + 10, EYE[2]], [0, 0, 1]);
  mat4.perspective(resources.camera.projection as mat4, FOV_Y, ASPECT, 0.5, 1000);
  (resources.camera.position as Float32Array).set(EYE);
  const scheduler = createScheduler(world, resources);
  // The same systems; render.textures also has its CPU time taken, which other processes on a busy machine do not inflate.
  const cpu = { ms: 0 };
  addSystems(scheduler, RENDER_SYSTEMS.map((system) => system.name !== 'render.textures' ? system : {
    ...system,
    run: (w: EngineWorld, r: RenderResources) => {
      const start = process.cpuUsage();
      system.run(w, r);
      const used = process.cpuUsage(start);
      cpu.ms = (used.user + used.system) / 1000;
    },
  }));
  const texturesRow = findSystem(scheduler, 'render.textures');
  const timings = getSystemTimings(scheduler);
  let now = 0;
  return {
    scheduler, resources, sides, texturesRow, cpu,
    frame() {
      runFrame(scheduler, (now += 16));
      return timings.last[texturesRow]!;
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export interface FrameSummary {
  readonly frames: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly worstMs: number;
  readonly bestMs: number;
}

export function summarizeFrames(ms: readonly number[]): FrameSummary {
  const sorted = [...ms].sort((a, b) => a - b);
  return { frames: sorted.length, medianMs: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), worstMs: sorted[sorted.length - 1]!, bestMs: sorted[0]! };
}

export interface ArrivalRun {
  readonly arriving: FrameSummary;
  readonly resident: FrameSummary;
  /** The same frames in CPU time. */
  readonly arrivingCpu: FrameSummary;
  readonly residentCpu: FrameSummary;
  /** Images handed over, pages written, objects visible. */
  readonly images: number;
  readonly pages: number;
  readonly visible: number;
}

export interface StreamingOptions {
  readonly textures?: number;
  readonly imagesPerFrame?: number;
  readonly seed?: number;
}

/** Frames until every wanted texture has its images and its pages are written (the source idle and no page written for 3 frames). */
function streamIn(scene: StreamingScene, source: ArrivingTextures, onFrame: (ms: number, pages: number) => void, limit: number): void {
  let quiet = 0;
  for (let f = 0; quiet < 3; f++) {
    if (f > limit) throw new Error(`textures bench: ${scene.sides.size} textures did not finish arriving in ${limit} frames (${source.pending()} waiting)`);
    const ms = scene.frame();
    const pages = scene.resources.renderer.textures.residency?.uploadCount ?? 0;
    onFrame(ms, pages);
    quiet = pages === 0 && source.pending() === 0 && f > 2 ? quiet + 1 : 0;
  }
}

/**
 * One arrival: a fresh source (hence a fresh residency) on the arriving
 * scene, its frames interleaved with frames of the resident scene.
 */
export function timeArrival(arriving: StreamingScene, resident: StreamingScene, images: ReadonlyMap<number, readonly TextureImage[]>, perFrame: number): ArrivalRun {
  const source = new ArrivingTextures(arriving.sides, images, perFrame);
  arriving.resources.renderer.textures.source = source;
  collectGarbage();
  collectGarbage();
  const arrivingMs: number[] = [];
  const residentMs: number[] = [];
  const arrivingCpu: number[] = [];
  const residentCpu: number[] = [];
  let pages = 0;
  streamIn(arriving, source, (ms, written) => {
    arrivingMs.push(ms);
    arrivingCpu.push(arriving.cpu.ms);
    pages += written;
    residentMs.push(resident.frame());
    residentCpu.push(resident.cpu.ms);
  }, 40 * arriving.sides.size + 1000);
  // The last quiet frames are not arrival any more.
  for (const list of [arrivingMs, residentMs, arrivingCpu, residentCpu]) list.length -= 3;
  return {
    arriving: summarizeFrames(arrivingMs), resident: summarizeFrames(residentMs),
    arrivingCpu: summarizeFrames(arrivingCpu), residentCpu: summarizeFrames(residentCpu), images: source.delivered, pages,
    visible: arriving.resources.renderer.frame.visibleCount,
  };
}

/** Both scenes and the images, the resident one streamed in already. */
export function prepareStreaming(options: StreamingOptions = {}): {
  arriving: StreamingScene; resident: StreamingScene; images: Map<number, TextureImage[]>; perFrame: number; textures: number;
} {
  const textures = options.textures ?? STREAMING_TEXTURES;
  const perFrame = options.imagesPerFrame ?? IMAGES_PER_FRAME;
  const seed = options.seed ?? 11;
  const images = makeImages(seed);
  const arriving = createScene(textures, seed);
  const resident = createScene(textures, seed);
  const residentSource = new ArrivingTextures(resident.sides, images, textures);
  resident.resources.renderer.textures.source = residentSource;
  streamIn(resident, residentSource, () => {}, 40 * textures + 1000);
  return { arriving, resident, images, perFrame, textures };
}
