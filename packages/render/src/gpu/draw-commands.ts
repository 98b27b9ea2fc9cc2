/**
 * The compiled draw commands of the scene passes and the props object they
 * read, rewritten in place per draw:
 *
 *   prim      instanced (mesh, face) draws, per shader variant: opaque
 *             (depth written) or translucent (blended) by a prop
 *   glowPrim  the same draws into the glow target, colour × glow
 *   terrain   the region's terrain mesh, per shader variant
 *   water     a blended quad at the water height around the camera
 *
 * Variants are compiled on first use and kept, so switching profile back
 * and forth compiles nothing after the first time; the variant in use is
 * looked up only when the tier or lights per cluster change.
 */
import type { ShaderTier } from '@slv/config';
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { RenderStats } from '../frame/render-stats.ts';
import { FACE_RECORD_BYTES } from '../instancing/instance-streams.ts';
import type { LightTextureFormat } from '../lighting/light-textures.ts';
import type { GlowTargets } from './glow-targets.ts';
import { glowFragment, primFragment, primVertex, WATER_FRAGMENT, WATER_VERTEX } from './shaders.ts';
import { terrainFragment, terrainVertex } from './terrain-shaders.ts';
import type { ShaderVariant } from './shaders.ts';
import type { InstanceBuffers } from './stream-buffer.ts';
import type { TerrainBuffers } from './terrain-upload.ts';
import type { SurfaceTextures } from './textures.ts';
import type { VtBinding } from './vt-atlas.ts';

/** Repeats per metre of the grey detail texture over the terrain's ramp colours. */
const DETAIL_SCALE = 1 / 6;
const WATER_COLOR = [0.09, 0.27, 0.36, 0.72];

/** An instanced attribute over a stream buffer, its offset rewritten per draw. */
export interface InstanceAttribute {
  buffer: REGL.Buffer;
  offset: number;
  readonly stride: number;
  readonly divisor: 1;
}

/** Face record bytes as a normalised vec4. */
export interface FaceAttribute extends InstanceAttribute {
  readonly normalized: true;
  readonly type: 'uint8';
  readonly size: 4;
}

/** What one prim draw reads: the mesh, its index range and the instance streams at its first instance. */
export interface PrimDrawProps {
  positions: REGL.Buffer | null;
  normals: REGL.Buffer | null;
  uvs: REGL.Buffer | null;
  elements: REGL.Elements | null;
  offset: number;
  count: number;
  instances: number;
  /** 1 for the translucent pass (blended, no depth writes). */
  translucent: number;
  readonly m0: InstanceAttribute;
  readonly m1: InstanceAttribute;
  readonly m2: InstanceAttribute;
  readonly m3: InstanceAttribute;
  readonly faceColor: FaceAttribute;
  readonly faceMaterial: FaceAttribute;
  /** Repeats and offsets; rotation and page-table row (float fields of the face record). */
  readonly faceUv: FaceFloatAttribute;
  readonly faceTexture: FaceFloatAttribute;
}

/** Float fields of the face record. */
export interface FaceFloatAttribute extends InstanceAttribute {
  readonly type: 'float';
}

export interface WaterProps {
  /** x0, y0, x1, y1 of the quad, region metres (a mat2 uniform: no boxed number per component, see shaders.ts). */
  readonly rect: Float32Array;
  height: number;
}

type Command<P extends object> = REGL.DrawCommand<REGL.DefaultContext, P>;

export interface DrawCommands {
  readonly prim: Map<string, Command<PrimDrawProps>>;
  readonly terrain: Map<string, Command<{ count: number }>>;
  /** The glow pass's prim commands, by whether they sample the virtual texture. */
  readonly glowPrim: Map<boolean, Command<PrimDrawProps>>;
  readonly water: Command<WaterProps>;
  readonly primProps: PrimDrawProps;
  readonly waterProps: WaterProps;
  /** The variant in use, and its commands. */
  readonly variant: { tier: ShaderTier; lightsPerCluster: number; readonly format: LightTextureFormat; virtualTexture: boolean; readonly glsl300: boolean };
  /** Key of the variant in use ('' before the first frame), and of its lighting alone (terrain's). */
  variantKey: string;
  lightingKey: string;
  currentPrim: Command<PrimDrawProps> | null;
  /** Compiled when terrain is first drawn with the variant. */
  currentTerrain: Command<{ count: number }> | null;
  /** Config shared by the prim and glow-prim commands (mesh, streams, face records). */
  readonly primInputs: REGL.DrawConfig<REGL.Uniforms, REGL.Attributes, PrimDrawProps>;
  readonly terrainInputs: REGL.DrawConfig<REGL.Uniforms, REGL.Attributes, { count: number }>;
}

function lightingKey(v: ShaderVariant): string {
  return v.tier === 'basic' ? 'basic' : `clustered:${v.lightsPerCluster}:${v.format}`;
}

function instanceAttribute(buffer: REGL.Buffer, offset: number): InstanceAttribute {
  return { buffer, offset, stride: 64, divisor: 1 };
}

function faceAttribute(buffer: REGL.Buffer, offset: number): FaceAttribute {
  return { buffer, offset, stride: FACE_RECORD_BYTES, divisor: 1, normalized: true, type: 'uint8', size: 4 };
}

function faceFloatAttribute(buffer: REGL.Buffer, offset: number): FaceFloatAttribute {
  return { buffer, offset, stride: FACE_RECORD_BYTES, divisor: 1, type: 'float' };
}

export function createDrawCommands(
  regl: Regl,
  format: LightTextureFormat,
  opaque: InstanceBuffers,
  terrain: TerrainBuffers,
  textures: SurfaceTextures,
  quad: REGL.Buffer,
  stats: RenderStats,
  vt: VtBinding,
  webgl2: boolean,
): DrawCommands {
  const primProps: PrimDrawProps = {
    positions: null,
    normals: null,
    uvs: null,
    elements: null,
    offset: 0,
    count: 0,
    instances: 0,
    translucent: 0,
    m0: instanceAttribute(opaque.matrices.buffer, 0),
    m1: instanceAttribute(opaque.matrices.buffer, 16),
    m2: instanceAttribute(opaque.matrices.buffer, 32),
    m3: instanceAttribute(opaque.matrices.buffer, 48),
    faceColor: faceAttribute(opaque.faces.buffer, 0),
    faceMaterial: faceAttribute(opaque.faces.buffer, 4),
    faceUv: faceFloatAttribute(opaque.faces.buffer, 8),
    faceTexture: faceFloatAttribute(opaque.faces.buffer, 24),
  };
  const prop = <K extends keyof PrimDrawProps>(key: K) => regl.prop<PrimDrawProps, K>(key);
  const primInputs = {
    attributes: {
      position: prop('positions'),
      normal: prop('normals'),
      uv: prop('uvs'),
      m0: prop('m0'),
      m1: prop('m1'),
      m2: prop('m2'),
      m3: prop('m3'),
      faceColor: prop('faceColor'),
      faceMaterial: prop('faceMaterial'),
      faceUv: prop('faceUv'),
      faceTexture: prop('faceTexture'),
    },
    elements: prop('elements'),
    offset: prop('offset'),
    count: prop('count'),
    instances: prop('instances'),
    uniforms: {
      uTranslucentPass: prop('translucent'),
      uDiffuse: textures.checker,
      // Read only by the virtual-texture variants. Functions: regl copies a static array's values when it compiles the command.
      uVt: () => vt.uniforms,
      uVtAtlas: () => vt.atlas,
      uVtTable: () => vt.table,
    },
    cull: { enable: true, face: 'back' as const },
  } satisfies REGL.DrawConfig<REGL.Uniforms, REGL.Attributes, PrimDrawProps>;
  const terrainInputs: REGL.DrawConfig<REGL.Uniforms, REGL.Attributes, { count: number }> = {
    attributes: {
      position: terrain.positions,
      normal: terrain.normals,
      color: { buffer: terrain.colors, normalized: true, size: 4, type: 'uint8' },
    },
    elements: terrain.elements,
    count: regl.prop<{ count: number }, 'count'>('count'),
    uniforms: { uDetail: textures.detail, uDetailScale: DETAIL_SCALE, uVt: () => vt.uniforms, uVtAtlas: () => vt.atlas, uVtTable: () => vt.table, uTerrain: () => vt.terrain },
    cull: { enable: true, face: 'back' },
    depth: { enable: true, mask: true },
  };
  const waterProps: WaterProps = { rect: new Float32Array(4), height: 0 };
  const water = regl<REGL.Uniforms, REGL.Attributes, WaterProps>({
    vert: WATER_VERTEX,
    frag: WATER_FRAGMENT,
    attributes: { corner: quad },
    primitive: 'triangle strip',
    count: 4,
    uniforms: {
      uWaterArea: regl.prop<WaterProps, 'rect'>('rect'),
      uWaterHeight: regl.prop<WaterProps, 'height'>('height'),
      uWaterColor: WATER_COLOR,
    },
    cull: { enable: false },
    depth: { enable: true, mask: false },
    blend: {
      enable: true,
      func: { srcRGB: 'src alpha', dstRGB: 'one minus src alpha', srcAlpha: 'one', dstAlpha: 'one minus src alpha' },
    },
  });
  stats.shaderCompiles++;
  return {
    prim: new Map(),
    terrain: new Map(),
    glowPrim: new Map(),
    water,
    primProps,
    waterProps,
    variant: { tier: 'basic', lightsPerCluster: 0, format, virtualTexture: false, glsl300: webgl2 },
    variantKey: '',
    lightingKey: '',
    currentPrim: null,
    currentTerrain: null,
    primInputs,
    terrainInputs,
  };
}

/** Depth writes for the opaque pass, blending for the translucent one: read from the props per draw. */
const primPassState = {
  depth: { enable: true, mask: (_: REGL.DefaultContext, p: PrimDrawProps) => p.translucent === 0 },
  blend: {
    enable: (_: REGL.DefaultContext, p: PrimDrawProps) => p.translucent !== 0,
    func: { srcRGB: 'src alpha', dstRGB: 'one minus src alpha', srcAlpha: 'one', dstAlpha: 'one minus src alpha' },
  },
  // regl takes a function for any one state field (depth.mask, blend.enable); its typings allow it only for whole blocks.
} as unknown as Pick<REGL.DrawConfig<REGL.Uniforms, REGL.Attributes, PrimDrawProps>, 'depth' | 'blend'>;

function compilePrim(c: DrawCommands, regl: Regl, v: ShaderVariant): Command<PrimDrawProps> {
  return regl<REGL.Uniforms, REGL.Attributes, PrimDrawProps>({ vert: primVertex(v), frag: primFragment(v), ...c.primInputs, ...primPassState });
}

function compileTerrain(c: DrawCommands, regl: Regl, v: ShaderVariant): Command<{ count: number }> {
  return regl<REGL.Uniforms, REGL.Attributes, { count: number }>({ vert: terrainVertex(v), frag: terrainFragment(v), ...c.terrainInputs });
}

/**
 * Makes the prim command of (tier, lightsPerCluster, virtual texture)
 * current, compiling it on first use; nothing when the variant is unchanged.
 */
export function selectShaderVariant(
  c: DrawCommands,
  regl: Regl,
  tier: ShaderTier,
  lightsPerCluster: number,
  virtualTexture: boolean,
  stats: RenderStats,
): void {
  const v = c.variant;
  if (c.currentPrim !== null && v.tier === tier && v.lightsPerCluster === lightsPerCluster && v.virtualTexture === virtualTexture) return;
  v.tier = tier;
  v.lightsPerCluster = lightsPerCluster;
  v.virtualTexture = virtualTexture;
  c.lightingKey = lightingKey(v);
  const key = virtualTexture ? `${c.lightingKey}:vt` : c.lightingKey;
  c.variantKey = key;
  let prim = c.prim.get(key);
  if (prim === undefined) {
    stats.shaderCompiles++;
    prim = compilePrim(c, regl, v);
    c.prim.set(key, prim);
  }
  c.currentPrim = prim;
  c.currentTerrain = c.terrain.get(key) ?? null;
}

/**
 * The 'basic' tier's prim command with the current variant's texturing,
 * compiled on first use: impostor bakes draw with it (the clustered tier's
 * clusters are tiles of the screen, not of an atlas frame).
 */
export function basicPrimCommand(c: DrawCommands, regl: Regl, stats: RenderStats): Command<PrimDrawProps> {
  const v = c.variant;
  const key = v.virtualTexture ? 'basic:vt' : 'basic';
  let prim = c.prim.get(key);
  if (prim === undefined) {
    stats.shaderCompiles++;
    prim = compilePrim(c, regl, { ...v, tier: 'basic', lightsPerCluster: 0 });
    c.prim.set(key, prim);
  }
  return prim;
}

/** The current variant's prim command (selectShaderVariant ran this frame). */
export function primCommand(c: DrawCommands): Command<PrimDrawProps> {
  if (c.currentPrim === null) throw new Error('primCommand: no shader variant selected this frame');
  return c.currentPrim;
}

/** The current variant's terrain command, compiled on first use. */
export function terrainCommand(c: DrawCommands, regl: Regl, stats: RenderStats): Command<{ count: number }> {
  if (c.currentTerrain === null) {
    stats.shaderCompiles++;
    c.currentTerrain = compileTerrain(c, regl, c.variant);
    c.terrain.set(c.variantKey, c.currentTerrain);
  }
  return c.currentTerrain;
}

/** The glow pass's prim command for the current variant, compiled on the first frame that glows. */
export function glowPrimCommand(c: DrawCommands, regl: Regl, glow: GlowTargets, stats: RenderStats): Command<PrimDrawProps> {
  const vt = c.variant.virtualTexture;
  let command = c.glowPrim.get(vt);
  if (command === undefined) {
    stats.shaderCompiles++;
    command = regl<REGL.Uniforms, REGL.Attributes, PrimDrawProps>({
      vert: primVertex(c.variant),
      frag: glowFragment(c.variant),
      ...c.primInputs,
      // Opaque glow faces are in the depth buffer already: pulled forward so they pass against themselves.
      depth: { enable: true, mask: false, func: 'lequal' },
      polygonOffset: { enable: true, offset: { factor: -1, units: -2 } },
      blend: { enable: true, func: { src: 'one', dst: 'one' } },
      framebuffer: glow.target,
    });
    c.glowPrim.set(vt, command);
  }
  return command;
}
