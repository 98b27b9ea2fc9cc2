/**
 * The clustered tier's light, cluster and index textures on the GPU, made
 * for the lighting layout in use (lighting/light-textures.ts packs them on
 * the CPU) and remade only when that layout changes. Each frame uploads the
 * rows in use through row-prefix views made once per row count, straight to
 * GL (see raw-uploads.ts).
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { LightTextureFormat, LightTextures, TextureArray } from '../lighting/light-textures.ts';
import type { LightingState } from '../systems/lights.ts';
import { createTextureWithHandle, uploadTextureRows } from './raw-uploads.ts';

type LightTexels = TextureArray<Float32Array | Uint8Array>;

export interface LightTextureSet {
  readonly layout: LightTextures;
  readonly lights: REGL.Texture2D;
  readonly clusters: REGL.Texture2D;
  readonly indices: REGL.Texture2D;
  /** The WebGL textures behind lights, clusters and indices. */
  readonly handles: readonly [WebGLTexture, WebGLTexture, WebGLTexture];
}

export interface GpuLightTextures {
  readonly format: LightTextureFormat;
  /** The textures of the layout last uploaded, or null before the first clustered frame. */
  current: LightTextureSet | null;
  readonly rowViews: Map<LightTexels, (Float32Array | Uint8Array)[]>;
}

export function createGpuLightTextures(format: LightTextureFormat): GpuLightTextures {
  return { format, current: null, rowViews: new Map() };
}

function lightTexture(regl: Regl, format: LightTextureFormat, a: LightTexels): { texture: REGL.Texture2D; handle: WebGLTexture } {
  return createTextureWithHandle(regl, {
    width: a.width,
    height: a.height,
    format: 'rgba',
    type: format === 'float' ? 'float' : 'uint8',
    min: 'nearest',
    mag: 'nearest',
    wrap: 'clamp',
  });
}

function uploadRows(g: GpuLightTextures, gl: WebGLRenderingContext, texture: WebGLTexture, a: LightTexels): void {
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
  uploadTextureRows(gl, texture, a.width, a.rows, view);
}

function destroySet(set: LightTextureSet): void {
  set.lights.destroy();
  set.clusters.destroy();
  set.indices.destroy();
}

/** Uploads this frame's light textures; null when the frame draws without clustered lights. */
export function uploadLightTextures(g: GpuLightTextures, regl: Regl, lighting: LightingState): LightTextureSet | null {
  const layout = lighting.textures;
  if (!lighting.active || layout === null) return null;
  let set = g.current;
  if (set === null || set.layout !== layout) {
    if (set !== null) destroySet(set);
    // The views were of the old layout's arrays.
    g.rowViews.clear();
    const lights = lightTexture(regl, g.format, layout.lights);
    const clusters = lightTexture(regl, g.format, layout.clusters);
    const indices = lightTexture(regl, g.format, layout.indices);
    set = { layout, lights: lights.texture, clusters: clusters.texture, indices: indices.texture, handles: [lights.handle, clusters.handle, indices.handle] };
    g.current = set;
  }
  const gl = regl._gl;
  uploadRows(g, gl, set.handles[0], layout.lights);
  uploadRows(g, gl, set.handles[1], layout.clusters);
  uploadRows(g, gl, set.handles[2], layout.indices);
  return set;
}

export function destroyGpuLightTextures(g: GpuLightTextures): void {
  if (g.current !== null) destroySet(g.current);
  g.current = null;
}
