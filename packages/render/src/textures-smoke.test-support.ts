/**
 * The browser side of textures-smoke.test.ts, bundled into the page:
 * textured boxes in front of the camera, their images handed over by an
 * in-page TextureSource (patterned RGBA images made at the discard asked,
 * as a decoder would hand them), the renderer's systems run until the
 * virtual texture has every wanted page, and pixels read back. Exposed as
 * `window.slvVtSmoke`.
 */
import { SHAPE_FLOATS, ShapeParams, writeShapeParams } from '@slv/protocol';
import { PerformanceSettingsResource, type PresetName } from '@slv/config';
import { addSystems, createEngineWorld, createResources, createScheduler, runFrame, spawnEntity } from '@slv/core';
import { createUuidTable, defineWorldComponents, internUuid, MAX_ENTITY_FACES, uuidText, type RegionTerrain } from '@slv/world';
import { mat4, quat, vec4 } from 'gl-matrix';
import { createRenderer } from './create-renderer.ts';
import { setTerrainTextures } from './frame/environment.ts';
import type { RenderResources } from './render-state.ts';
import { RENDER_SYSTEMS } from './systems/render-systems.ts';
import type { TextureImage, TextureSource } from './textures/texture-state.ts';
import { FEEDBACK_INTERVAL, FEEDBACK_SETTLE_DECODES } from './textures/vt-feedback.ts';
import { entryIndex } from './textures/vt-layout.ts';
import type { VtResidency } from './textures/vt-residency.ts';
import { sphereSculptMap } from './volume/sphere-sculpt-map.test-support.ts';

export interface VtBox {
  position: [number, number, number];
  scale: [number, number, number];
  /** Texture number (0: none); its image is `pattern` of that texture. */
  texture: number;
  color?: [number, number, number, number];
  repeats?: number;
  /** A sculpted prim (sphere stitching) whose map is this texture number's sphere map (see sphereMaps). */
  sculptMap?: number;
  /** Planar texture mapping on every face. */
  planar?: boolean;
}

/** Quadrants (top-left, top-right, bottom-left, bottom-right of the image), RGBA each. */
export type Pattern = [number[], number[], number[], number[]];

export interface VtScene {
  webgl2: boolean;
  profile: PresetName;
  boxes: VtBox[];
  /** Image of texture n at patterns[n - 1]; `side` the full image side. */
  patterns: Pattern[];
  side: number;
  /** Frames at most before reading (the test waits until no pages are written), and at least. */
  maxFrames: number;
  minFrames?: number;
  /** World points whose pixels are read. */
  probes: [number, number, number][];
  size?: [number, number];
  virtualTextureCacheMB?: number;
  /** A flat terrain at `height` with textures (their numbers) and start heights and ranges (SW, SE, NW, NE). */
  terrain?: { height: number; textures: number[]; start: number[]; range: number[] };
  /** Texture numbers whose image is a sculpt map of a sphere rather than a pattern. */
  sphereMaps?: number[];
  /** After settling, give every face of every box this texture number instead (a TextureEntry change) and settle again. */
  retextureTo?: number;
  /** After settling, move every box by this much and settle again (stats.before holds the first settle's figures). */
  moveBy?: [number, number, number];
  /** Leave the canvas on the page afterwards (to look at it). */
  keepCanvas?: boolean;
}

export interface VtResult {
  colors: number[][];
  stats: Record<string, unknown>;
  frames: number;
  asked: Record<string, number>;
  /** Each texture's resident pages (paged levels only) as [level, x, y], by id. */
  pages: Record<string, number[][]>;
  error?: string;
}

const EYE: [number, number, number] = [128, 96, 30];
const TARGET: [number, number, number] = [128, 140, 30];

/** The image of `pattern` at `discard`: four quadrants of solid colour. */
function patternImage(pattern: Pattern, side: number, discard: number): TextureImage {
  const s = Math.max(1, side >> discard);
  const pixels = new Uint8Array(s * s * 4);
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const q = (y < s / 2 ? 0 : 2) + (x < s / 2 ? 0 : 1);
      pixels.set(pattern[q], (y * s + x) * 4);
    }
  }
  return { width: s, height: s, pixels, discard, fullWidth: side, fullHeight: side };
}

function sphereMapImage(side: number): TextureImage {
  return { width: side, height: side, pixels: sphereSculptMap(side), discard: 0 };
}

/** Hands over each texture's image at the discard last asked, once per improvement. */
class PatternSource implements TextureSource {
  readonly asked = new Map<string, number>();
  private readonly best = new Map<string, TextureImage>();
  private readonly ready: [string, TextureImage][] = [];
  constructor(private readonly patterns: Map<string, Pattern>, private readonly side: number, private readonly spheres: Set<string> = new Set()) {}
  want(id: string, discard: number): void {
    this.asked.set(id, discard);
  }
  update(): void {
    for (const [id, discard] of this.asked) {
      const pattern = this.patterns.get(id);
      const have = this.best.get(id);
      if (pattern === undefined || (have !== undefined && have.discard <= discard)) continue;
      const image = this.spheres.has(id) ? sphereMapImage(32) : patternImage(pattern, this.side, discard);
      this.best.set(id, image);
      this.ready.push([id, image]);
    }
  }
  drain(receive: (id: string, image: TextureImage) => void): void {
    for (const [id, image] of this.ready.splice(0)) receive(id, image);
  }
  release(id: string): void {
    // Handed over again when next wanted, as the streamer does.
    this.best.delete(id);
  }
}

function residentPages(r: VtResidency | null): Record<string, number[][]> {
  const out: Record<string, number[][]> = {};
  for (const t of r?.textures.values() ?? []) {
    const s = t.shape;
    if (s === null) continue;
    const pages: number[][] = [];
    for (let m = 0; m < s.firstTailLevel; m++) {
      for (let y = 0; y < s.pagesY[m]; y++) for (let x = 0; x < s.pagesX[m]; x++) if (t.slotOf[entryIndex(s, m, x, y)] >= 0) pages.push([m, x, y]);
    }
    out[t.id] = pages;
  }
  return out;
}

function flatTerrain(height: number): RegionTerrain {
  return {
    regionIndex: 0, regionSize: 256, heightmap: new Float32Array(256 * 256).fill(height), patchReceived: new Uint8Array(256).fill(1), landPatches: 256,
    revision: 1, windX: new Float32Array(256), windY: new Float32Array(256), windRevision: 0, cloud: new Float32Array(256), cloudRevision: 0, ignoredPatches: 0,
  };
}

function uuidOf(n: number): Uint8Array {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setUint32(0, n, true);
  bytes[15] = 0x5a;
  return bytes;
}

async function run(scene: VtScene): Promise<VtResult> {
  const [width, height] = scene.size ?? [160, 120];
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  document.body.appendChild(canvas);
  const gl = scene.webgl2 ? canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true }) : canvas.getContext('webgl', { antialias: false, preserveDrawingBuffer: true });
  if (gl === null) return { colors: [], stats: {}, frames: 0, asked: {}, pages: {}, error: 'no context' };
  const world = createEngineWorld({ capacity: scene.boxes.length + 8 });
  const c = defineWorldComponents(world);
  const assets = createUuidTable(scene.patterns.length + 8);
  for (const box of scene.boxes) {
    const eid = spawnEntity(world);
    c.identity.pcode[eid] = 9;
    c.identity.parentEid[eid] = -1;
    c.world.matrix.set(mat4.fromRotationTranslationScale(mat4.create(), quat.create(), box.position, box.scale), eid * 16);
    c.world.position.set(box.position, eid * 3);
    c.local.position.set(box.position, eid * 3);
    c.local.scale.set(box.scale, eid * 3);
    c.world.rotation[eid * 4 + 3] = 1;
    c.local.rotation[eid * 4 + 3] = 1;
    c.world.valid[eid] = 1;
    writeShapeParams(c.shape.params, eid * SHAPE_FLOATS, new ShapeParams());
    if (box.sculptMap !== undefined) {
      c.sculpt.type[eid] = 1;
      c.sculpt.assetIndex[eid] = internUuid(assets, uuidOf(box.sculptMap), 0);
    }
    const index = box.texture === 0 ? 0 : internUuid(assets, uuidOf(box.texture), 0);
    for (let f = 0; f < MAX_ENTITY_FACES; f++) {
      const face = eid * MAX_ENTITY_FACES + f;
      c.textures.color.set(box.color ?? [255, 255, 255, 255], face * 4);
      c.textures.textureIndex[face] = index;
      c.textures.scaleS[face] = box.repeats ?? 1;
      c.textures.scaleT[face] = box.repeats ?? 1;
      c.textures.texGen[face] = box.planar === true ? 1 : 0;
    }
    c.textures.faceCount[eid] = 1;
  }
  const patterns = new Map<string, Pattern>();
  scene.patterns.forEach((p, i) => patterns.set(uuidText(assets, internUuid(assets, uuidOf(i + 1), 0)), p));
  const spheres = new Set((scene.sphereMaps ?? []).map((n) => uuidText(assets, internUuid(assets, uuidOf(n), 0))));
  const source = new PatternSource(patterns, scene.side, spheres);
  const settings = new PerformanceSettingsResource({ profile: scene.profile });
  if (scene.virtualTextureCacheMB !== undefined) settings.update({ memory: { virtualTextureCacheMB: scene.virtualTextureCacheMB } });
  const renderer = createRenderer({ gl, capacity: world.capacity });
  renderer.setTextureSource(source);
  const terrain = new Map<number, RegionTerrain>();
  if (scene.terrain !== undefined) {
    terrain.set(0, flatTerrain(scene.terrain.height));
    renderer.environment.regionIndex = 0;
    const ids = scene.terrain.textures.map((n) => uuidText(assets, internUuid(assets, uuidOf(n), 0)));
    setTerrainTextures(renderer.environment, ids, scene.terrain.start, scene.terrain.range);
  }
  const resources: RenderResources = { ...createResources({ settings, bus: null }), ingestion: { components: c, terrain, tables: { assets } }, renderer: renderer.state };
  mat4.lookAt(resources.camera.view as mat4, EYE, TARGET, [0, 0, 1]);
  mat4.perspective(resources.camera.projection as mat4, Math.PI / 3, width / height, 0.5, 1000);
  (resources.camera.position as Float32Array).set(EYE);
  const scheduler = createScheduler(world, resources);
  addSystems(scheduler, RENDER_SYSTEMS);
  let frames = 0;
  // Until a frame writes no page and frees none (after the first few, which learn the sizes); on WebGL2
  // long enough for a texture's first FEEDBACK_SETTLE_DECODES captures (it waits at its tail meanwhile) and
  // two more to come back and steer.
  const quietFrames = scene.webgl2 ? 3 + (FEEDBACK_SETTLE_DECODES + 2) * FEEDBACK_INTERVAL : 3;
  const settle = async (): Promise<void> => {
    let quiet = 0;
    let used = -1;
    for (let i = 0; i < scene.maxFrames && (quiet < quietFrames || i < (scene.minFrames ?? 0)); i++) {
      runFrame(scheduler, ++frames * 16);
      const now = renderer.stats.vtSlotsUsed;
      quiet = i > 3 && renderer.stats.vtPageUploads === 0 && now === used ? quiet + 1 : 0;
      used = now;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  let before: Record<string, unknown> | null = null;
  try {
    await settle();
    if (scene.retextureTo !== undefined) {
      before = { ...renderer.stats, lodCounts: [] };
      const index = internUuid(assets, uuidOf(scene.retextureTo), 0);
      for (let eid = 0; eid < world.capacity; eid++) {
        if (c.world.valid[eid] !== 1) continue;
        for (let f = 0; f < MAX_ENTITY_FACES; f++) c.textures.textureIndex[eid * MAX_ENTITY_FACES + f] = index;
      }
      await settle();
    }
    if (scene.moveBy !== undefined) {
      before = { ...renderer.stats, lodCounts: [] };
      for (let eid = 0; eid < world.capacity; eid++) {
        if (c.world.valid[eid] !== 1) continue;
        for (let k = 0; k < 3; k++) {
          c.world.position[eid * 3 + k] += scene.moveBy[k];
          c.world.matrix[eid * 16 + 12 + k] += scene.moveBy[k];
        }
      }
      await settle();
    }
    runFrame(scheduler, ++frames * 16);
    const viewProj = mat4.multiply(mat4.create(), resources.camera.projection as mat4, resources.camera.view as mat4);
    const pixel = new Uint8Array(4);
    const colors = scene.probes.map((p) => {
      const clip = vec4.transformMat4(vec4.create(), [p[0], p[1], p[2], 1], viewProj);
      gl.readPixels(Math.floor((clip[0] / clip[3] * 0.5 + 0.5) * width), Math.floor((clip[1] / clip[3] * 0.5 + 0.5) * height), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
      return Array.from(pixel);
    });
    const stats: Record<string, unknown> = { ...renderer.stats, lodCounts: [], before };
    return { colors, stats, frames, asked: Object.fromEntries(source.asked), pages: residentPages(renderer.state.textures.residency) };
  } catch (error) {
    return { colors: [], stats: {}, frames, asked: {}, pages: {}, error: String((error as Error)?.stack ?? error) };
  } finally {
    renderer.dispose();
    if (scene.keepCanvas !== true) canvas.remove();
  }
}

(globalThis as unknown as { slvVtSmoke: unknown }).slvVtSmoke = { run };
