/**
 * Textures the renderer makes itself, and the sampler state of each
 * filtering mode. The prim checker and the terrain detail texture exist so
 * that filtering has something to act on (and so surfaces read as surfaces):
 * both are near white and multiply the face or terrain colour.
 */
import type { TextureFiltering } from '@slv/config';

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
