/**
 * Textures the renderer makes itself, and the sampler state of each
 * filtering mode. The prim checker and the terrain detail texture exist so
 * that filtering has something to act on (and so surfaces read as surfaces):
 * both are near white and multiply the face or terrain colour.
 */
import type { TextureFiltering } from '@slv/config';
import type { Regl } from 'regl';
import type REGL from 'regl';

const CHECKER_SIZE = 64;
const CHECKER_CELLS = 8;
const DETAIL_SIZE = 128;

/** RGBA texels of a checker of `cells` × `cells` squares, `light` and `dark` grey bytes. */
export function createCheckerTexels(size: number, cells: number, light = 255, dark = 214): Uint8Array {
  if (!Number.isInteger(size) || size < 2 || size > 4096 || (size & (size - 1)) !== 0) {
    throw new RangeError(`createCheckerTexels: size must be a power of two in 2..4096, got ${size}`);
  }
  if (!Number.isInteger(cells) || cells < 1 || size % cells !== 0) {
    throw new RangeError(`createCheckerTexels: cells must divide ${size}, got ${cells}`);
  }
  const out = new Uint8Array(size * size * 4);
  const cell = size / cells;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = ((Math.floor(x / cell) + Math.floor(y / cell)) & 1) === 0 ? light : dark;
      const o = (y * size + x) * 4;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = 255;
    }
  }
  return out;
}

/** Deterministic value noise in 0..1 for integer lattice point (x, y), wrapping at `period`. */
function lattice(x: number, y: number, period: number): number {
  const xi = ((x % period) + period) % period;
  const yi = ((y % period) + period) % period;
  let h = Math.imul(xi, 374761393) ^ Math.imul(yi, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967295;
}

/** RGBA texels of tileable grey noise (two octaves) between `low` and 255: the terrain's detail texture. */
export function createDetailTexels(size: number, low = 196): Uint8Array {
  if (!Number.isInteger(size) || size < 8 || size > 4096 || (size & (size - 1)) !== 0) {
    throw new RangeError(`createDetailTexels: size must be a power of two in 8..4096, got ${size}`);
  }
  const out = new Uint8Array(size * size * 4);
  const octave = (x: number, y: number, cell: number): number => {
    const period = size / cell;
    const fx = x / cell;
    const fy = y / cell;
    const x0 = Math.floor(fx);
    const y0 = Math.floor(fy);
    const tx = fx - x0;
    const ty = fy - y0;
    const a = lattice(x0, y0, period) + (lattice(x0 + 1, y0, period) - lattice(x0, y0, period)) * tx;
    const b = lattice(x0, y0 + 1, period) + (lattice(x0 + 1, y0 + 1, period) - lattice(x0, y0 + 1, period)) * tx;
    return a + (b - a) * ty;
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const n = 0.65 * octave(x, y, size / 8) + 0.35 * octave(x, y, size / 32);
      const v = Math.round(low + (255 - low) * n);
      const o = (y * size + x) * 4;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = 255;
    }
  }
  return out;
}

/** regl sampler options for a filtering mode. */
export interface SamplerState {
  readonly min: 'linear mipmap nearest' | 'linear mipmap linear';
  readonly mag: 'linear';
  /** Anisotropy to request (1 = off). */
  readonly anisotropic: number;
}

/**
 * Bilinear: linear within the nearest mip level. Trilinear: linear between
 * levels too. Anisotropic: trilinear plus EXT_texture_filter_anisotropic at
 * `anisotropy` (already clamped to the device; 1 without the extension).
 */
export function samplerState(filtering: TextureFiltering, anisotropy: number): SamplerState {
  if (filtering === 'bilinear') return { min: 'linear mipmap nearest', mag: 'linear', anisotropic: 1 };
  if (filtering === 'trilinear') return { min: 'linear mipmap linear', mag: 'linear', anisotropic: 1 };
  return { min: 'linear mipmap linear', mag: 'linear', anisotropic: Math.max(1, anisotropy) };
}

/** The renderer's own textures on the GPU and the filtering they were last made with. */
export interface SurfaceTextures {
  /** Multiplies every prim face. */
  readonly checker: REGL.Texture2D;
  /** Multiplies the terrain, repeated every few metres. */
  readonly detail: REGL.Texture2D;
  /** Bound to the light samplers when no light textures are in use. */
  readonly dummy: REGL.Texture2D;
  readonly checkerTexels: Uint8Array;
  readonly detailTexels: Uint8Array;
  /** '' before the first frame. */
  filtering: TextureFiltering | '';
  anisotropy: number;
}

export function createSurfaceTextures(regl: Regl): SurfaceTextures {
  return {
    checker: regl.texture({ width: 1, height: 1 }),
    detail: regl.texture({ width: 1, height: 1 }),
    dummy: regl.texture({ width: 1, height: 1, data: new Uint8Array(4) }),
    checkerTexels: createCheckerTexels(CHECKER_SIZE, CHECKER_CELLS),
    detailTexels: createDetailTexels(DETAIL_SIZE),
    filtering: '',
    anisotropy: 0,
  };
}

/**
 * Remakes the checker and detail textures with the sampler state of
 * `filtering` at `anisotropy` when either differs from the last frame's
 * (a profile switch); otherwise does nothing.
 */
export function updateSamplers(t: SurfaceTextures, regl: Regl, filtering: TextureFiltering, anisotropy: number): void {
  if (filtering === t.filtering && anisotropy === t.anisotropy) return;
  t.filtering = filtering;
  t.anisotropy = anisotropy;
  const s = samplerState(filtering, anisotropy);
  // Clamped to this context: a context restored on another adapter may allow less than the caps the settings were read with.
  const anisotropic = regl.hasExtension('EXT_texture_filter_anisotropic') ? Math.min(s.anisotropic, regl.limits.maxAnisotropic) : 1;
  const common = { min: s.min, mag: s.mag, mipmap: true, wrap: 'repeat' as const, ...(anisotropic > 1 ? { anisotropic } : {}) };
  t.checker({ width: CHECKER_SIZE, height: CHECKER_SIZE, data: t.checkerTexels, ...common });
  t.detail({ width: DETAIL_SIZE, height: DETAIL_SIZE, data: t.detailTexels, ...common });
}

export function destroySurfaceTextures(t: SurfaceTextures): void {
  t.checker.destroy();
  t.detail.destroy();
  t.dummy.destroy();
}
