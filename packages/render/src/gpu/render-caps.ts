/**
 * The renderer's view of settings.rendering, re-read every frame. Each frame
 * the systems call readRenderConfig, which copies what they use into one
 * preallocated RenderConfig and returns a bit mask of what changed, so a
 * profile switch takes effect on the next frame and only the affected state
 * is rebuilt: shaders on a tier or lights-per-cluster change, samplers on a
 * filtering change, cluster storage on a grid change.
 */
import type { RenderingSettings, ShaderTier, TextureFiltering } from '@slv/config';
import type { GlowQuality } from './glow-pass.ts';

/** What the context can do, detected once when the renderer is created. */
export interface RenderCaps {
  readonly webgl2: boolean;
  /** Float RGBA textures (OES_texture_float in WebGL1, core in WebGL2). */
  readonly floatTextures: boolean;
  /** EXT_texture_filter_anisotropic's maximum, or 1 without the extension. */
  readonly maxAnisotropy: number;
  /** 32-bit element indices (OES_element_index_uint, core in WebGL2). */
  readonly uintIndices: boolean;
  /** Largest texture edge. */
  readonly maxTextureSize: number;
}

export interface RenderConfig {
  /** Tier settings ask for. */
  shaderTier: ShaderTier;
  textureFiltering: TextureFiltering;
  /** Anisotropy applied: settings.anisotropy clamped to the device, 1 unless filtering is anisotropic. */
  anisotropy: number;
  drawDistance: number;
  maxLocalLights: number;
  lightsPerCluster: number;
  /** Glow (bloom) quality, settings.rendering.glow; changes with CONFIG_SHADER. */
  glow: GlowQuality;
  clusterX: number;
  clusterY: number;
  clusterZ: number;
  volumeLodFactor: number;
  /** HZB occlusion asked for and possible (WebGL2). */
  hzb: boolean;
  /** Times a change was seen (0 after the first read). */
  changes: number;
}

export const CONFIG_SHADER = 1;
export const CONFIG_FILTERING = 2;
export const CONFIG_CLUSTERS = 4;
export const CONFIG_DISTANCE = 8;
export const CONFIG_HZB = 16;
export const CONFIG_LOD = 32;
export const CONFIG_ALL = 63;

export function createRenderConfig(): RenderConfig {
  return {
    shaderTier: 'basic',
    textureFiltering: 'bilinear',
    anisotropy: 1,
    drawDistance: 0,
    maxLocalLights: 0,
    lightsPerCluster: 0,
    glow: 'off',
    clusterX: 0,
    clusterY: 0,
    clusterZ: 0,
    volumeLodFactor: 0,
    hzb: false,
    changes: -1,
  };
}

/** Anisotropy that `filtering` and the device allow for a requested value. */
export function effectiveAnisotropy(filtering: TextureFiltering, requested: number, maxAnisotropy: number): number {
  if (filtering !== 'anisotropic' || !(maxAnisotropy > 1)) return 1;
  const a = Number.isFinite(requested) ? requested : 1;
  return Math.max(1, Math.min(a, maxAnisotropy));
}

/**
 * Copies settings.rendering into `out`; returns the CONFIG_* bits of what
 * differs from the last read (CONFIG_ALL on the first). Allocates nothing.
 */
export function readRenderConfig(out: RenderConfig, rendering: RenderingSettings, caps: RenderCaps): number {
  let changed = out.changes < 0 ? CONFIG_ALL : 0;
  if (out.shaderTier !== rendering.shaderTier || out.lightsPerCluster !== rendering.lightsPerCluster || out.glow !== rendering.glow) {
    out.shaderTier = rendering.shaderTier;
    out.lightsPerCluster = rendering.lightsPerCluster;
    out.glow = rendering.glow;
    changed |= CONFIG_SHADER | CONFIG_CLUSTERS;
  }
  const anisotropy = effectiveAnisotropy(rendering.textureFiltering, rendering.anisotropy, caps.maxAnisotropy);
  if (out.textureFiltering !== rendering.textureFiltering || out.anisotropy !== anisotropy) {
    out.textureFiltering = rendering.textureFiltering;
    out.anisotropy = anisotropy;
    changed |= CONFIG_FILTERING;
  }
  const grid = rendering.clusterGrid;
  if (out.clusterX !== grid.x || out.clusterY !== grid.y || out.clusterZ !== grid.z || out.maxLocalLights !== rendering.maxLocalLights) {
    out.clusterX = grid.x;
    out.clusterY = grid.y;
    out.clusterZ = grid.z;
    out.maxLocalLights = rendering.maxLocalLights;
    changed |= CONFIG_CLUSTERS;
  }
  if (out.drawDistance !== rendering.drawDistance) {
    out.drawDistance = rendering.drawDistance;
    changed |= CONFIG_DISTANCE | CONFIG_CLUSTERS;
  }
  const hzb = rendering.hzbOcclusion && caps.webgl2;
  if (out.hzb !== hzb) {
    out.hzb = hzb;
    changed |= CONFIG_HZB;
  }
  if (out.volumeLodFactor !== rendering.volumeLodFactor) {
    out.volumeLodFactor = rendering.volumeLodFactor;
    changed |= CONFIG_LOD;
  }
  if (changed !== 0) out.changes++;
  return changed;
}
