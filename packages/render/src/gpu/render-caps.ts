/**
 * What the GL context can do, detected once per context (regl-setup.ts),
 * and the one setting the device clamps: anisotropy. Every other rendering
 * setting the systems read straight from settings.rendering each frame.
 */
import type { TextureFiltering } from '@slv/config';

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

/** Anisotropy that `filtering` and the device allow for a requested value. */
export function effectiveAnisotropy(filtering: TextureFiltering, requested: number, maxAnisotropy: number): number {
  if (filtering !== 'anisotropic' || !(maxAnisotropy > 1)) return 1;
  const a = Number.isFinite(requested) ? requested : 1;
  return Math.max(1, Math.min(a, maxAnisotropy));
}

/** HZB occlusion culling is asked for and possible (it needs WebGL2). */
export function hzbAllowed(hzbOcclusion: boolean, caps: RenderCaps): boolean {
  return hzbOcclusion && caps.webgl2;
}
