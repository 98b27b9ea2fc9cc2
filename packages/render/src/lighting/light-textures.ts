/**
 * Clustered-lighting data as WebGL1 textures. The lighting module lays its
 * output out for WebGL2 (RGBA32F lights, RG32UI clusters, R16UI indices);
 * WebGL1 has neither integer textures nor, everywhere, float ones, so this
 * repacks it each frame into one of two RGBA formats the GLSL 1.00 shaders
 * read (see LIGHT_DECODE_GLSL in prim-shaders.ts):
 *
 * - 'float' (OES_texture_float, or WebGL2): lights 2 texels each exactly as
 *   the lighting module packs them (view x, y, z, radius | r, g, b, falloff);
 *   clusters 1 texel (offset, count, 0, 0); indices 4 to a texel.
 * - 'packed' (RGBA8 anywhere): every value in 16-bit fixed point as two
 *   bytes (high, low). Lights 4 texels each: (x, y), (z, radius), (r, g),
 *   (b, falloff), positions over ±range (a uniform: the farthest light
 *   reach), radius over range, colour over 0..COLOR_RANGE, falloff over
 *   0..FALLOFF_RANGE. Clusters 1 texel: offset in 24 bits, count in 8 (at
 *   most 255). Indices 2 to a texel. A 256 m range keeps 8 mm precision.
 *
 * Texture layouts are row-major with a fixed width; the data arrays span
 * whole rows, and `*Rows` say how many rows this frame uses (upload those).
 */
import type { ClusterData } from './cluster-data.ts';

export type LightTextureFormat = 'float' | 'packed';

export const LIGHT_TEXTURE_ROW = 1024;
export const INDEX_TEXTURE_ROW = 1024;
export const COLOR_RANGE = 4;
export const FALLOFF_RANGE = 4;
/** Most lights a packed cluster texel can count. */
export const PACKED_MAX_CLUSTER_COUNT = 255;

export interface TextureArray<T extends Float32Array | Uint8Array> {
  readonly width: number;
  readonly height: number;
  readonly data: T;
  /** Rows holding this frame's data. */
  rows: number;
}

export interface LightTextures {
  readonly format: LightTextureFormat;
  readonly texelsPerLight: number;
  readonly indicesPerTexel: number;
  readonly lights: TextureArray<Float32Array | Uint8Array>;
  readonly clusters: TextureArray<Float32Array | Uint8Array>;
  readonly indices: TextureArray<Float32Array | Uint8Array>;
  /** Packed format: positions span ±range metres, radii 0..range. */
  range: number;
  /** Layout it was made for. */
  readonly maxLights: number;
  readonly clusterCount: number;
  readonly gridXY: number;
  readonly gridZ: number;
  readonly indexCapacity: number;
}

function textureArray(format: LightTextureFormat, texels: number, rowWidth: number): TextureArray<Float32Array | Uint8Array> {
  const width = Math.max(1, Math.min(rowWidth, texels));
  const height = Math.max(1, Math.ceil(texels / width));
  const data = format === 'float' ? new Float32Array(width * height * 4) : new Uint8Array(width * height * 4);
  return { width, height, data, rows: 0 };
}

/** Textures for `data`'s layout; make new ones when lightTexturesFit says the layout changed. */
export function createLightTextures(format: LightTextureFormat, data: ClusterData, maxTextureSize: number): LightTextures {
  const texelsPerLight = format === 'float' ? 2 : 4;
  const indicesPerTexel = format === 'float' ? 4 : 2;
  const gridXY = data.grid.x * data.grid.y;
  const t: LightTextures = {
    format,
    texelsPerLight,
    indicesPerTexel,
    lights: textureArray(format, Math.max(1, data.maxLights) * texelsPerLight, LIGHT_TEXTURE_ROW),
    clusters: { ...textureArray(format, gridXY * data.grid.z, gridXY), rows: 0 },
    indices: textureArray(format, Math.ceil(data.indexCapacity / indicesPerTexel), INDEX_TEXTURE_ROW),
    range: 1,
    maxLights: data.maxLights,
    clusterCount: data.clusterCount,
    gridXY,
    gridZ: data.grid.z,
    indexCapacity: data.indexCapacity,
  };
  for (const [name, a] of [['light', t.lights], ['cluster', t.clusters], ['index', t.indices]] as const) {
    if (a.width > maxTextureSize || a.height > maxTextureSize) {
      throw new RangeError(`createLightTextures: the ${name} texture needs ${a.width}×${a.height} texels, the device allows ${maxTextureSize}`);
    }
  }
  return t;
}

/** True when `t` was laid out for `data`'s current limits. */
export function lightTexturesFit(t: LightTextures, data: ClusterData, format: LightTextureFormat): boolean {
  return (
    t.format === format && t.maxLights === data.maxLights && t.clusterCount === data.clusterCount &&
    t.gridXY === data.grid.x * data.grid.y && t.indexCapacity === data.indexCapacity
  );
}

function put16(out: Uint8Array, o: number, unit: number): void {
  const v = Math.round(Math.min(Math.max(unit, 0), 1) * 65535);
  out[o] = v >>> 8;
  out[o + 1] = v & 255;
}

/** Repacks this frame's cluster data; allocates nothing. */
export function packLightTextures(t: LightTextures, data: ClusterData): LightTextures {
  if (!lightTexturesFit(t, data, t.format)) throw new Error('packLightTextures: the textures were laid out for other cluster limits');
  const lights = data.lightCount;
  const src = data.lightData;
  const assignments = data.stats.assignments;
  t.lights.rows = Math.ceil((lights * t.texelsPerLight) / t.lights.width);
  t.clusters.rows = t.clusters.height;
  t.indices.rows = Math.ceil(Math.ceil(assignments / t.indicesPerTexel) / t.indices.width);
  const cells = data.clusterTexels;
  const index = data.lightIndices;
  if (t.format === 'float') {
    const l = t.lights.data;
    for (let i = 0; i < lights * 8; i++) l[i] = src[i];
    const c = t.clusters.data;
    for (let k = 0; k < data.clusterCount; k++) {
      c[k * 4] = cells[k * 2];
      c[k * 4 + 1] = cells[k * 2 + 1];
      c[k * 4 + 2] = 0;
      c[k * 4 + 3] = 0;
    }
    const x = t.indices.data;
    for (let k = 0; k < assignments; k++) x[k] = index[k];
    return t;
  }
  let range = 1;
  for (let k = 0; k < lights; k++) {
    const o = k * 8;
    range = Math.max(range, Math.abs(src[o]), Math.abs(src[o + 1]), Math.abs(src[o + 2]), src[o + 3]);
  }
  // A little headroom so the farthest value never rounds past the end of the scale.
  range *= 1.001;
  t.range = range;
  const l = t.lights.data as Uint8Array;
  for (let k = 0; k < lights; k++) {
    const s = k * 8;
    const o = k * 16;
    put16(l, o, src[s] / (2 * range) + 0.5);
    put16(l, o + 2, src[s + 1] / (2 * range) + 0.5);
    put16(l, o + 4, src[s + 2] / (2 * range) + 0.5);
    put16(l, o + 6, src[s + 3] / range);
    put16(l, o + 8, src[s + 4] / COLOR_RANGE);
    put16(l, o + 10, src[s + 5] / COLOR_RANGE);
    put16(l, o + 12, src[s + 6] / COLOR_RANGE);
    put16(l, o + 14, src[s + 7] / FALLOFF_RANGE);
  }
  const c = t.clusters.data as Uint8Array;
  for (let k = 0; k < data.clusterCount; k++) {
    const offset = cells[k * 2];
    c[k * 4] = (offset >>> 16) & 255;
    c[k * 4 + 1] = (offset >>> 8) & 255;
    c[k * 4 + 2] = offset & 255;
    c[k * 4 + 3] = Math.min(cells[k * 2 + 1], PACKED_MAX_CLUSTER_COUNT);
  }
  const x = t.indices.data as Uint8Array;
  for (let k = 0; k < assignments; k++) {
    x[k * 2] = index[k] >>> 8;
    x[k * 2 + 1] = index[k] & 255;
  }
  return t;
}

/** Decodes a packed 16-bit value (as the shader does), for tests. */
export function unpack16(hi: number, lo: number): number {
  return (hi * 256 + lo) / 65535;
}
