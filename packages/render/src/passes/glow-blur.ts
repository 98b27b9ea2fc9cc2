/**
 * Second Life glow as a bloom, the CPU half. The SL viewer writes each
 * face's colour × TextureEntry glow into a glow buffer, blurs it at reduced
 * resolution and adds it over the frame (LLPipeline::renderBloom). Here the
 * glow pass redraws the draw list's glow entries into a full-size target
 * that shares the scene's depth (so glow behind walls is hidden), a
 * horizontal then a vertical Gaussian pass blur it into two reduced-size
 * targets, and the result is added onto the frame.
 *
 * The quality is PerformanceSettings.rendering.glow: off on Low, the normal
 * blur on Balanced, the wider one on High.
 */
import type { GlowQuality } from '@slv/config';

export type { GlowQuality };

/** Taps of the separable blur on each side of the centre. */
export const GLOW_TAPS = 4;

export interface GlowBlur {
  /** Reduced target size = frame size / downscale (rounded up). */
  readonly downscale: number;
  /** Distance between taps, texels of the reduced target. */
  readonly spread: number;
  /** Gaussian sigma, in taps. */
  readonly sigma: number;
}

const BLUR: Readonly<Record<Exclude<GlowQuality, 'off'>, GlowBlur>> = {
  normal: { downscale: 2, spread: 1, sigma: 2 },
  wide: { downscale: 2, spread: 2, sigma: 2.5 },
};

/** Blur parameters of a quality that glows. */
export function glowBlur(quality: Exclude<GlowQuality, 'off'>): GlowBlur {
  return BLUR[quality];
}

/** Size of the reduced blur targets for a frame of `size` texels. */
export function glowTargetSize(size: number, downscale: number): number {
  return Math.max(1, Math.ceil(size / downscale));
}

/**
 * Weights of taps 0..GLOW_TAPS (centre first) of a normalised 1-D Gaussian:
 * w0 + 2 · Σ wi = 1, so a flat image stays flat.
 */
export function gaussianWeights(sigma: number): Float32Array {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`gaussianWeights: sigma must be a positive finite number, got ${sigma}`);
  const w = new Float32Array(GLOW_TAPS + 1);
  let sum = 0;
  for (let i = 0; i <= GLOW_TAPS; i++) {
    w[i] = Math.exp(-(i * i) / (2 * sigma * sigma));
    sum += i === 0 ? w[i] : 2 * w[i];
  }
  for (let i = 0; i <= GLOW_TAPS; i++) w[i] /= sum;
  return w;
}
