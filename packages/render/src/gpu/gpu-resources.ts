/**
 * Everything the render system does on the GPU, through regl: the offscreen
 * target (at settings.rendering.renderScale, with a depth texture on WebGL2
 * for the HZB pyramid), the instance streams, the renderer's own textures,
 * the compiled commands per shader variant, and drawFrame:
 *
 *   clear to the sky colour → terrain → opaque prim draws → water →
 *   translucent prim runs, back to front → glow (when a drawn face glows
 *   and the tier allows: see glow-pass.ts) → HZB capture (WebGL2) → present
 *
 * The opaque pass reads instances from the instance streams, the
 * translucent pass from the translucent queue's streams (its items in draw
 * order); each pair is uploaded to its own buffers.
 *
 * Shader variants are compiled on first use and kept, so switching profile
 * back and forth compiles nothing after the first time; samplers are reset
 * only when filtering changes.
 *
 * Every object here lives and dies with one regl instance: after a lost
 * context the renderer disposes this one and makes another on the restored
 * context, which uploads the terrain, textures and light textures again
 * from their CPU copies on its first frame.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { HzbCuller } from '../culling/index.ts';
import type { TerrainMesh } from '../terrain/index.ts';
import type { DrawList } from './draw-list.ts';
import type { FrameState } from './frame-state.ts';
import { createGpuGlow } from './gpu-glow.ts';
import type { GpuMesh } from './gpu-meshes.ts';
import { FACE_RECORD_BYTES, MATRIX_FLOATS, PASS_TRANSLUCENT } from './instance-streams.ts';
import type { InstanceStreams } from './instance-streams.ts';
import type { LightingState } from './lighting-system.ts';
import type { LightTextureFormat, LightTextures, TextureArray } from './light-textures.ts';
import type { MeshSlots } from './mesh-slots.ts';
import type { RenderStats } from './render-stats.ts';
import type { TranslucentQueue } from './translucent-queue.ts';
import {
  GLOW_FRAGMENT, PRESENT_FRAGMENT, PRESENT_VERTEX, PRIM_VERTEX, TERRAIN_VERTEX, WATER_FRAGMENT, WATER_VERTEX, primFragment, terrainFragment,
} from './shaders.ts';
import type { ShaderVariant } from './shaders.ts';
import type { SceneLighting } from './environment.ts';
import { createCheckerTexels, createDetailTexels, samplerState } from './textures.ts';

type Command = (props: object) => void;

const CHECKER_SIZE = 64;
const DETAIL_SIZE = 128;
/** Detail texture repeats per metre of terrain. */
const DETAIL_SCALE = 1 / 6;
const WATER_COLOR = [0.09, 0.27, 0.36, 0.72];
/** Instances the stream buffers hold at first. */
const MIN_INSTANCE_CAPACITY = 1024;

/**
 * Prefix views of a typed array in power-of-two lengths, capped at `limit`
 * (the GPU buffer's size), made once each: uploading a frame's data then
 * allocates nothing.
 */
class PrefixViews<T extends Float32Array | Uint8Array> {
  private views: T[] = [];
  private limit: number;
  constructor(private readonly array: T) {
    this.limit = array.length;
  }
  /** Caps later views at `limit` elements (when the GPU buffer is resized). */
  setLimit(limit: number): void {
    this.limit = Math.min(limit, this.array.length);
    this.views = [];
  }
  /** A view of at least `length` elements, at most the limit. */
  at(length: number): T {
    const bucket = length <= 1 ? 0 : 32 - Math.clz32(length - 1);
    let view = this.views[bucket];
    if (view === undefined) {
      view = this.array.subarray(0, Math.min(this.limit, 2 ** bucket)) as T;
      this.views[bucket] = view;
    }
    return view;
  }
}

/**
 * A dynamic GPU buffer fed from a CPU typed array: grown (doubling, within
 * the array's length) when a frame needs more, uploaded through prefix
 * views. A new source array (its owner grew) starts it over.
 */
class StreamBuffer<T extends Float32Array | Uint8Array> {
  readonly buffer: REGL.Buffer;
  private source: T | null = null;
  private views: PrefixViews<T> | null = null;
  /** Elements the GPU buffer holds. */
  private capacity = 0;
  constructor(regl: Regl, private readonly type: 'float' | 'uint8', private readonly minElements: number) {
    this.buffer = regl.buffer({ usage: 'dynamic', type, length: 4 });
  }
  /** Uploads the first `elements` of `source`. */
  upload(source: T, elements: number): void {
    if (source !== this.source) {
      this.source = source;
      this.views = new PrefixViews(source);
      this.capacity = 0;
    }
    if (elements <= 0) return;
    if (elements > this.capacity) {
      this.capacity = Math.min(source.length, Math.max(this.minElements, this.capacity * 2, elements));
      this.buffer({ usage: 'dynamic', type: this.type, length: this.capacity * source.BYTES_PER_ELEMENT });
      this.views!.setLimit(this.capacity);
    }
    this.buffer.subdata(this.views!.at(elements), 0);
  }
}

interface LightGpu {
  readonly layout: LightTextures;
  readonly lights: REGL.Texture2D;
  readonly clusters: REGL.Texture2D;
  readonly indices: REGL.Texture2D;
  /** subimage descriptors, rewritten per upload. */
  readonly upload: { width: number; height: number; data: Float32Array | Uint8Array };
  readonly rowViews: Map<TextureArray<Float32Array | Uint8Array>, (Float32Array | Uint8Array)[]>;
}

export interface GpuFrameInput {
  readonly state: FrameState;
  readonly drawList: DrawList;
  readonly streams: InstanceStreams;
  /** Instances packed in the streams this frame. */
  readonly instanceCount: number;
  /** Translucent faces, sorted and packed this frame. */
  readonly translucent: TranslucentQueue;
  readonly slots: MeshSlots<GpuMesh>;
  readonly lighting: LightingState;
  readonly scene: SceneLighting;
  readonly terrain: TerrainMesh | null;
  readonly waterHeight: number;
  readonly renderScale: number;
  readonly hzb: HzbCuller | null;
  readonly stats: RenderStats;
}

export interface GpuRenderer {
  readonly regl: Regl;
  readonly format: LightTextureFormat;
  drawFrame(input: GpuFrameInput): void;
  /** Size of the offscreen target last drawn. */
  readonly targetWidth: number;
  readonly targetHeight: number;
  dispose(): void;
}

function variantKey(v: ShaderVariant): string {
  return v.tier === 'basic' ? 'basic' : `clustered:${v.lightsPerCluster}:${v.format}`;
}

export function createGpuRenderer(regl: Regl, gl2: WebGL2RenderingContext | null, format: LightTextureFormat, stats: RenderStats): GpuRenderer {
  // Offscreen target: colour texture, depth texture on WebGL2 (the HZB reads it), else a renderbuffer.
  let width = 1;
  let height = 1;
  const colorTarget = regl.texture({ width, height, format: 'rgba', type: 'uint8', min: 'linear', mag: 'linear' });
  const depthTexture = gl2 !== null ? regl.texture({ width, height, format: 'depth', type: 'uint32' }) : null;
  const depthTarget = depthTexture ?? regl.renderbuffer({ width, height, format: 'depth' });
  const target = regl.framebuffer({ color: colorTarget, depth: depthTarget });

  // Instance streams of the opaque pass, and the translucent queue's.
  const opaqueMatrices = new StreamBuffer<Float32Array>(regl, 'float', MIN_INSTANCE_CAPACITY * MATRIX_FLOATS);
  const opaqueFaces = new StreamBuffer<Uint8Array>(regl, 'uint8', MIN_INSTANCE_CAPACITY * FACE_RECORD_BYTES);
  const translucentMatrices = new StreamBuffer<Float32Array>(regl, 'float', MIN_INSTANCE_CAPACITY * MATRIX_FLOATS);
  const translucentFaces = new StreamBuffer<Uint8Array>(regl, 'uint8', MIN_INSTANCE_CAPACITY * FACE_RECORD_BYTES);

  const checker = regl.texture({ width: 1, height: 1 });
  const detail = regl.texture({ width: 1, height: 1 });
  const checkerTexels = createCheckerTexels(CHECKER_SIZE, 8);
  const detailTexels = createDetailTexels(DETAIL_SIZE);
  // Filtering the renderer's textures were last made with; '' before the first frame.
  let samplerFiltering: FrameState['config']['textureFiltering'] | '' = '';
  let samplerAnisotropy = 0;
  const dummy = regl.texture({ width: 1, height: 1, data: new Uint8Array(4) });

  const quad = regl.buffer(new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]));
  const glow = createGpuGlow(regl, depthTarget, quad, () => {
    stats.shaderCompiles++;
  });

  const instanceAttribute = (offset: number, stride: number) => ({ buffer: opaqueMatrices.buffer, offset, stride, divisor: 1 });
  const drawProps = {
    positions: null as REGL.Buffer | null,
    normals: null as REGL.Buffer | null,
    uvs: null as REGL.Buffer | null,
    elements: null as REGL.Elements | null,
    offset: 0,
    count: 0,
    instances: 0,
    translucent: 0,
    m0: instanceAttribute(0, 64),
    m1: instanceAttribute(16, 64),
    m2: instanceAttribute(32, 64),
    m3: instanceAttribute(48, 64),
    faceColor: { buffer: opaqueFaces.buffer, offset: 0, stride: FACE_RECORD_BYTES, divisor: 1, normalized: true, type: 'uint8', size: 4 },
    faceMaterial: { buffer: opaqueFaces.buffer, offset: 4, stride: FACE_RECORD_BYTES, divisor: 1, normalized: true, type: 'uint8', size: 4 },
  };

  const primCommands = new Map<string, Command>();
  let glowCommand: Command | null = null;
  // What the prim passes and the glow pass read alike: the mesh, the instance streams, the face records.
  const primInputs = {
    attributes: {
      position: regl.prop<typeof drawProps, 'positions'>('positions'),
      normal: regl.prop<typeof drawProps, 'normals'>('normals'),
      uv: regl.prop<typeof drawProps, 'uvs'>('uvs'),
      m0: regl.prop<typeof drawProps, 'm0'>('m0'),
      m1: regl.prop<typeof drawProps, 'm1'>('m1'),
      m2: regl.prop<typeof drawProps, 'm2'>('m2'),
      m3: regl.prop<typeof drawProps, 'm3'>('m3'),
      faceColor: regl.prop<typeof drawProps, 'faceColor'>('faceColor'),
      faceMaterial: regl.prop<typeof drawProps, 'faceMaterial'>('faceMaterial'),
    },
    elements: regl.prop<typeof drawProps, 'elements'>('elements'),
    offset: regl.prop<typeof drawProps, 'offset'>('offset'),
    count: regl.prop<typeof drawProps, 'count'>('count'),
    instances: regl.prop<typeof drawProps, 'instances'>('instances'),
    uniforms: { uTranslucentPass: regl.prop<typeof drawProps, 'translucent'>('translucent'), uDiffuse: checker },
    cull: { enable: true, face: 'back' as const },
  };

  // The glow pass draws the same (mesh, face) entries with the same attributes, colour × glow, depth-tested only.
  function glowPrimCommand(): Command {
    if (glowCommand === null) {
      stats.shaderCompiles++;
      glowCommand = regl({
        vert: PRIM_VERTEX,
        frag: GLOW_FRAGMENT,
        ...primInputs,
        // Opaque glow faces are in the depth buffer already: pulled forward so they pass against themselves.
        depth: { enable: true, mask: false, func: 'lequal' },
        polygonOffset: { enable: true, offset: { factor: -1, units: -2 } },
        blend: { enable: true, func: { src: 'one', dst: 'one' } },
        framebuffer: glow.target,
      } as unknown as REGL.DrawConfig) as unknown as Command;
    }
    return glowCommand;
  }
  const terrainCommands = new Map<string, Command>();

  function primCommand(v: ShaderVariant): Command {
    const key = variantKey(v);
    let cmd = primCommands.get(key);
    if (cmd === undefined) {
      stats.shaderCompiles++;
      cmd = regl({
        vert: PRIM_VERTEX,
        frag: primFragment(v),
        ...primInputs,
        depth: { enable: true, mask: (_: unknown, p: typeof drawProps) => p.translucent === 0 },
        blend: {
          enable: (_: unknown, p: typeof drawProps) => p.translucent !== 0,
          func: { srcRGB: 'src alpha', dstRGB: 'one minus src alpha', srcAlpha: 'one', dstAlpha: 'one minus src alpha' },
        },
      } as unknown as REGL.DrawConfig) as unknown as Command;
      primCommands.set(key, cmd);
    }
    return cmd;
  }

  // Terrain geometry: buffers sized for the mesh they were made for.
  let terrainFor: TerrainMesh | null = null;
  let terrainVersion = -1;
  const terrainPositions = regl.buffer({ usage: 'dynamic', type: 'float', length: 4 });
  const terrainNormals = regl.buffer({ usage: 'dynamic', type: 'float', length: 4 });
  const terrainColors = regl.buffer({ usage: 'dynamic', type: 'uint8', length: 4 });
  const terrainElements = regl.elements({ data: new Uint16Array(3), primitive: 'triangles' });
  const terrainProps = { count: 0 };

  function terrainCommand(v: ShaderVariant): Command {
    const key = variantKey(v);
    let cmd = terrainCommands.get(key);
    if (cmd === undefined) {
      stats.shaderCompiles++;
      cmd = regl({
        vert: TERRAIN_VERTEX,
        frag: terrainFragment(v),
        attributes: {
          position: terrainPositions,
          normal: terrainNormals,
          color: { buffer: terrainColors, normalized: true, size: 4, type: 'uint8' },
        },
        elements: terrainElements,
        count: regl.prop<typeof terrainProps, 'count'>('count'),
        uniforms: { uDetail: detail, uDetailScale: DETAIL_SCALE },
        cull: { enable: true, face: 'back' },
        depth: { enable: true, mask: true },
      } as unknown as REGL.DrawConfig) as unknown as Command;
      terrainCommands.set(key, cmd);
    }
    return cmd;
  }

  const waterProps = { rect: new Float32Array(4), height: 0 };
  const drawWater = regl({
    vert: WATER_VERTEX,
    frag: WATER_FRAGMENT,
    attributes: { corner: quad },
    primitive: 'triangle strip',
    count: 4,
    uniforms: {
      uWaterRect: regl.prop<typeof waterProps, 'rect'>('rect'),
      uWaterHeight: regl.prop<typeof waterProps, 'height'>('height'),
      uWaterColor: WATER_COLOR,
    },
    cull: { enable: false },
    depth: { enable: true, mask: false },
    blend: {
      enable: true,
      func: { srcRGB: 'src alpha', dstRGB: 'one minus src alpha', srcAlpha: 'one', dstAlpha: 'one minus src alpha' },
    },
  } as unknown as REGL.DrawConfig) as unknown as Command;
  stats.shaderCompiles++;

  const drawPresent = regl({
    vert: PRESENT_VERTEX,
    frag: PRESENT_FRAGMENT,
    attributes: { corner: quad },
    primitive: 'triangle strip',
    count: 4,
    uniforms: { uColor: colorTarget },
    depth: { enable: false, mask: false },
    framebuffer: null,
  } as unknown as REGL.DrawConfig) as unknown as Command;
  stats.shaderCompiles++;

  // Light textures of the clustered tier, made for the lighting layout in use.
  let lightGpu: LightGpu | null = null;

  function lightTexture(a: TextureArray<Float32Array | Uint8Array>): REGL.Texture2D {
    return regl.texture({
      width: a.width,
      height: a.height,
      format: 'rgba',
      type: format === 'float' ? 'float' : 'uint8',
      min: 'nearest',
      mag: 'nearest',
      wrap: 'clamp',
    });
  }

  function uploadRows(g: LightGpu, texture: REGL.Texture2D, a: TextureArray<Float32Array | Uint8Array>): void {
    if (a.rows <= 0) return;
    let views = g.rowViews.get(a);
    if (views === undefined) {
      views = [];
      g.rowViews.set(a, views);
    }
    let view = views[a.rows];
    if (view === undefined) {
      view = a.data.subarray(0, a.rows * a.width * 4);
      views[a.rows] = view;
    }
    g.upload.width = a.width;
    g.upload.height = a.rows;
    g.upload.data = view;
    texture.subimage(g.upload as unknown as REGL.TextureImageData, 0, 0);
  }

  function updateLightTextures(lighting: LightingState): LightGpu | null {
    const layout = lighting.textures;
    if (!lighting.active || layout === null) return null;
    if (lightGpu === null || lightGpu.layout !== layout) {
      if (lightGpu !== null) {
        lightGpu.lights.destroy();
        lightGpu.clusters.destroy();
        lightGpu.indices.destroy();
      }
      lightGpu = {
        layout,
        lights: lightTexture(layout.lights),
        clusters: lightTexture(layout.clusters),
        indices: lightTexture(layout.indices),
        upload: { width: 1, height: 1, data: layout.lights.data },
        rowViews: new Map(),
      };
    }
    uploadRows(lightGpu, lightGpu.lights, layout.lights);
    uploadRows(lightGpu, lightGpu.clusters, layout.clusters);
    uploadRows(lightGpu, lightGpu.indices, layout.indices);
    return lightGpu;
  }

  // Frame-wide uniforms, target and state; props rewritten in place each frame.
  const frameProps = {
    view: new Float32Array(16),
    projection: new Float32Array(16),
    lightDir: new Float32Array(3),
    lightColor: new Float32Array(3),
    ambient: new Float32Array(3),
    sky: new Float32Array(3),
    fog: new Float32Array(2),
    lightTex: dummy,
    lightTexSize: new Float32Array([1, 1]),
    clusterTex: dummy,
    clusterTexSize: new Float32Array([1, 1]),
    indexTex: dummy,
    indexTexSize: new Float32Array([1, 1]),
    clusterGrid: new Float32Array([1, 1, 1]),
    clusterDepth: new Float32Array(2),
    viewportSize: new Float32Array([1, 1]),
    packRange: 1,
  };
  const prop = <K extends keyof typeof frameProps>(key: K) => regl.prop<typeof frameProps, K>(key);
  const frameScope = regl({
    framebuffer: target,
    uniforms: {
      uView: prop('view'),
      uProjection: prop('projection'),
      uLightDir: prop('lightDir'),
      uLightColor: prop('lightColor'),
      uAmbient: prop('ambient'),
      uSkyColor: prop('sky'),
      uFogRange: prop('fog'),
      uLightTex: prop('lightTex'),
      uLightTexSize: prop('lightTexSize'),
      uClusterTex: prop('clusterTex'),
      uClusterTexSize: prop('clusterTexSize'),
      uIndexTex: prop('indexTex'),
      uIndexTexSize: prop('indexTexSize'),
      uClusterGrid: prop('clusterGrid'),
      uClusterDepth: prop('clusterDepth'),
      uViewportSize: prop('viewportSize'),
      uPackRange: prop('packRange'),
    },
  } as unknown as REGL.DrawConfig) as unknown as (props: object, body: () => void) => void;

  const variant = { tier: 'basic' as ShaderVariant['tier'], lightsPerCluster: 1, format };
  const clearOptions = { color: [0, 0, 0, 1] as [number, number, number, number], depth: 1, framebuffer: target };
  let frameInput: GpuFrameInput | null = null;

  function uploadInstances(streams: InstanceStreams, instances: number, translucent: TranslucentQueue): void {
    opaqueMatrices.upload(streams.matrices, instances * MATRIX_FLOATS);
    opaqueFaces.upload(streams.faceRecords, streams.faceRecordCount * FACE_RECORD_BYTES);
    translucentMatrices.upload(translucent.matrices, translucent.count * MATRIX_FLOATS);
    translucentFaces.upload(translucent.faceRecords, translucent.count * FACE_RECORD_BYTES);
  }

  function updateSamplers(state: FrameState): void {
    const { textureFiltering, anisotropy } = state.config;
    if (textureFiltering === samplerFiltering && anisotropy === samplerAnisotropy) return;
    samplerFiltering = textureFiltering;
    samplerAnisotropy = anisotropy;
    const s = samplerState(textureFiltering, anisotropy);
    // Clamped to this context: a context restored on another adapter may allow less than the caps the settings were read with.
    const anisotropic = regl.hasExtension('EXT_texture_filter_anisotropic') ? Math.min(s.anisotropic, regl.limits.maxAnisotropic) : 1;
    const common = { min: s.min, mag: s.mag, mipmap: true, wrap: 'repeat' as const, ...(anisotropic > 1 ? { anisotropic } : {}) };
    checker({ width: CHECKER_SIZE, height: CHECKER_SIZE, data: checkerTexels, ...common });
    detail({ width: DETAIL_SIZE, height: DETAIL_SIZE, data: detailTexels, ...common });
  }

  function updateTerrain(terrain: TerrainMesh | null): void {
    if (terrain === null) return;
    if (terrain !== terrainFor) {
      terrainFor = terrain;
      terrainPositions({ usage: 'dynamic', type: 'float', data: terrain.positions });
      terrainNormals({ usage: 'dynamic', type: 'float', data: terrain.normals });
      terrainColors({ usage: 'dynamic', type: 'uint8', data: terrain.colors });
      terrainElements({
        data: terrain.indices,
        primitive: 'triangles',
        type: terrain.indices instanceof Uint32Array ? 'uint32' : 'uint16',
      });
    } else if (terrain.version !== terrainVersion) {
      terrainPositions.subdata(terrain.positions, 0);
      terrainNormals.subdata(terrain.normals, 0);
      terrainColors.subdata(terrain.colors, 0);
    }
    terrainVersion = terrain.version;
    terrainProps.count = terrain.indices.length;
  }

  /** Points drawProps at the instance buffers of a pass. */
  function bindStreams(matrices: StreamBuffer<Float32Array>, faces: StreamBuffer<Uint8Array>): void {
    const p = drawProps;
    p.m0.buffer = p.m1.buffer = p.m2.buffer = p.m3.buffer = matrices.buffer;
    p.faceColor.buffer = p.faceMaterial.buffer = faces.buffer;
  }

  /** Fills drawProps for entry k of the draw list; false when its mesh is not resident. */
  function bindEntry(input: GpuFrameInput, k: number): boolean {
    const list = input.drawList;
    const mesh = input.slots.handles[list.slot[k]]?.buffers;
    if (mesh == null) return false;
    const p = drawProps;
    const firstInstance = list.firstInstance[k] * MATRIX_FLOATS * 4;
    p.positions = mesh.positions;
    p.normals = mesh.normals;
    p.uvs = mesh.uvs;
    p.elements = mesh.elements;
    p.offset = list.indexStart[k];
    p.count = list.indexCount[k];
    p.instances = list.instances[k];
    p.translucent = list.pass[k] === PASS_TRANSLUCENT ? 1 : 0;
    p.m0.offset = firstInstance;
    p.m1.offset = firstInstance + 16;
    p.m2.offset = firstInstance + 32;
    p.m3.offset = firstInstance + 48;
    p.faceColor.offset = list.firstRecord[k] * FACE_RECORD_BYTES;
    p.faceMaterial.offset = list.firstRecord[k] * FACE_RECORD_BYTES + 4;
    return true;
  }

  /** Draws entries [from, to) of the draw list, one pass, instances from these buffers; returns the draws issued. */
  function drawPrims(
    input: GpuFrameInput,
    command: Command,
    from: number,
    to: number,
    matrices: StreamBuffer<Float32Array>,
    faces: StreamBuffer<Uint8Array>,
  ): number {
    bindStreams(matrices, faces);
    let draws = 0;
    let triangles = 0;
    for (let k = from; k < to; k++) {
      if (!bindEntry(input, k)) continue;
      command(drawProps);
      draws++;
      triangles += (drawProps.count / 3) * drawProps.instances;
    }
    input.stats.triangles += triangles;
    return draws;
  }

  /**
   * The glow pass: the draw list's glow entries again, into the glow target
   * (opaque entries from the instance streams, translucent runs from the
   * queue's); returns the draws issued.
   */
  function drawGlow(input: GpuFrameInput): number {
    const list = input.drawList;
    const command = glowPrimCommand();
    let bound = -1;
    let draws = 0;
    let triangles = 0;
    for (let i = 0; i < list.glowCount; i++) {
      const k = list.glowEntries[i];
      const pass = list.pass[k];
      if (pass !== bound) {
        if (pass === PASS_TRANSLUCENT) bindStreams(translucentMatrices, translucentFaces);
        else bindStreams(opaqueMatrices, opaqueFaces);
        bound = pass;
      }
      if (!bindEntry(input, k)) continue;
      command(drawProps);
      draws++;
      triangles += (drawProps.count / 3) * drawProps.instances;
    }
    input.stats.triangles += triangles;
    return draws;
  }

  function scene(): void {
    const input = frameInput!;
    const { state, stats: s } = input;
    let calls = 0;
    const terrain = input.terrain;
    if (terrain !== null && terrainProps.count > 0) {
      terrainCommand(variant)(terrainProps);
      calls++;
      s.triangles += terrain.triangleCount;
    }
    const prims = primCommand(variant);
    const list = input.drawList;
    const opaque = drawPrims(input, prims, 0, list.opaqueCount, opaqueMatrices, opaqueFaces);
    waterProps.height = input.waterHeight;
    const far = state.far;
    waterProps.rect[0] = state.eye[0] - far;
    waterProps.rect[1] = state.eye[1] - far;
    waterProps.rect[2] = state.eye[0] + far;
    waterProps.rect[3] = state.eye[1] + far;
    drawWater(waterProps);
    s.triangles += 2;
    const translucent = drawPrims(input, prims, list.opaqueCount, list.count, translucentMatrices, translucentFaces);
    s.primDraws = opaque + translucent;
    s.translucentDraws = translucent;
    s.drawCalls = calls + 1 + opaque + translucent;
    s.glowDraws = 0;
    const quality = state.config.glow;
    if (quality !== 'off' && list.glowCount > 0) {
      glow.begin(width, height, quality);
      const draws = drawGlow(input);
      s.glowDraws = draws;
      s.drawCalls += draws;
      if (draws > 0) s.drawCalls += glow.finish(target);
    }
  }

  return {
    regl,
    format,
    get targetWidth() {
      return width;
    },
    get targetHeight() {
      return height;
    },
    drawFrame(input: GpuFrameInput): void {
      const { state, stats: s, scene: light } = input;
      regl.poll();
      const gl = regl._gl;
      const scale = Number.isFinite(input.renderScale) && input.renderScale > 0 ? input.renderScale : 1;
      const w = Math.max(1, Math.round(gl.drawingBufferWidth * scale));
      const h = Math.max(1, Math.round(gl.drawingBufferHeight * scale));
      if (w !== width || h !== height) {
        width = w;
        height = h;
        target.resize(w, h);
      }
      updateSamplers(state);
      updateTerrain(input.terrain);
      uploadInstances(input.streams, input.instanceCount, input.translucent);
      const lights = updateLightTextures(input.lighting);
      variant.tier = lights === null ? 'basic' : 'clustered';
      variant.lightsPerCluster = state.config.lightsPerCluster;
      s.activeShaderTier = variant.tier;
      s.shaderTier = state.config.shaderTier;
      s.textureFiltering = state.config.textureFiltering;
      s.anisotropy = state.config.anisotropy;

      const f = frameProps;
      f.view.set(state.view);
      f.projection.set(state.projection);
      f.lightDir.set(light.lightDirection);
      f.lightColor.set(light.lightColor);
      f.ambient.set(light.ambient);
      f.sky.set(light.sky);
      f.fog[0] = state.far * 0.5;
      f.fog[1] = state.far;
      f.viewportSize[0] = w;
      f.viewportSize[1] = h;
      if (lights !== null) {
        const layout = lights.layout;
        const params = input.lighting.clusters.params;
        f.lightTex = lights.lights;
        f.lightTexSize[0] = layout.lights.width;
        f.lightTexSize[1] = layout.lights.height;
        f.clusterTex = lights.clusters;
        f.clusterTexSize[0] = layout.clusters.width;
        f.clusterTexSize[1] = layout.clusters.height;
        f.indexTex = lights.indices;
        f.indexTexSize[0] = layout.indices.width;
        f.indexTexSize[1] = layout.indices.height;
        f.clusterGrid[0] = params[0];
        f.clusterGrid[1] = params[1];
        f.clusterGrid[2] = params[2];
        f.clusterDepth[0] = params[5];
        f.clusterDepth[1] = params[6];
        f.packRange = layout.range;
      } else {
        f.lightTex = dummy;
        f.clusterTex = dummy;
        f.indexTex = dummy;
      }

      clearOptions.color[0] = light.sky[0];
      clearOptions.color[1] = light.sky[1];
      clearOptions.color[2] = light.sky[2];
      regl.clear(clearOptions);
      s.triangles = 0;
      frameInput = input;
      try {
        frameScope(frameProps, scene);
      } finally {
        frameInput = null;
      }

      const hzb = input.hzb;
      if (hzb !== null && hzb.available && depthTexture !== null && state.config.hzb && state.perspective) {
        const raw = (depthTexture as unknown as { _texture?: { texture?: WebGLTexture } })._texture?.texture;
        if (raw !== undefined) {
          hzb.capture(raw, w, h, state.view, state.projection);
          regl._refresh();
        }
      }
      drawPresent({});
      s.drawCalls++;
      s.frames++;
    },
    dispose(): void {
      glow.dispose();
      for (const r of [target, colorTarget, depthTarget, checker, detail, dummy, quad]) r.destroy();
      for (const r of [opaqueMatrices, opaqueFaces, translucentMatrices, translucentFaces]) r.buffer.destroy();
      for (const r of [terrainPositions, terrainNormals, terrainColors, terrainElements]) r.destroy();
      if (lightGpu !== null) {
        lightGpu.lights.destroy();
        lightGpu.clusters.destroy();
        lightGpu.indices.destroy();
      }
      primCommands.clear();
      terrainCommands.clear();
      glowCommand = null;
    },
  };
}
