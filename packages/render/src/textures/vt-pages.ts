/**
 * Turning a decoded image into virtual-texture pages: the image is resampled
 * to its power-of-two level (a decode at discard d is level d), the coarser
 * levels are box-filtered from it, and each page or the tail is written
 * into a SLOT × SLOT block with its one-texel border taken from the
 * neighbouring texels, wrapping at the texture's edges (faces repeat their
 * textures). Runs when content arrives, never per frame per entity.
 */
import { BORDER, levelSide, PAGE, SLOT, tailCellOrigin, type VtShape } from './vt-layout.ts';

/** The levels of one texture held on the CPU, from `firstLevel` down to 1×1. */
export interface MipChain {
  readonly shape: VtShape;
  readonly firstLevel: number;
  /** RGBA texels of level firstLevel + i at [i]. */
  readonly pixels: readonly Uint8Array[];
  /** True when some texel's alpha is below 255. */
  readonly hasAlpha: boolean;
}

export const SLOT_BYTES = SLOT * SLOT * 4;

/** Bilinear resample of RGBA `src` (sw × sh) to dw × dh (only called for shrink factors in [1, 2)). */
function resample(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Uint8Array {
  if (sw === dw && sh === dh) return src;
  const out = new Uint8Array(dw * dh * 4);
  const sx = sw / dw;
  const sy = sh / dh;
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const tx = fx - x0;
      const o = (y * dw + x) * 4;
      for (let c = 0; c < 4; c++) {
        const a = src[(y0 * sw + x0) * 4 + c] + (src[(y0 * sw + x1) * 4 + c] - src[(y0 * sw + x0) * 4 + c]) * tx;
        const b = src[(y1 * sw + x0) * 4 + c] + (src[(y1 * sw + x1) * 4 + c] - src[(y1 * sw + x0) * 4 + c]) * tx;
        out[o + c] = Math.round(a + (b - a) * ty);
      }
    }
  }
  return out;
}

/** The next level by 2 × 2 box filter (a side of 1 stays 1). */
function halve(src: Uint8Array, sw: number, sh: number): Uint8Array {
  const dw = Math.max(1, sw >> 1);
  const dh = Math.max(1, sh >> 1);
  const out = new Uint8Array(dw * dh * 4);
  const dx = sw > 1 ? 1 : 0;
  const dy = sh > 1 ? sw : 0;
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const s = ((sh > 1 ? y * 2 : y) * sw + (sw > 1 ? x * 2 : x)) * 4;
      const o = (y * dw + x) * 4;
      for (let c = 0; c < 4; c++) {
        out[o + c] = (src[s + c] + src[s + dx * 4 + c] + src[s + dy * 4 + c] + src[s + (dx + dy) * 4 + c] + 2) >> 2;
      }
    }
  }
  return out;
}

/**
 * The chain of `shape`'s levels from `firstLevel`, made from RGBA `pixels`
 * of `width` × `height` (the decoded image at that level, any sides).
 */
export function buildMipChain(shape: VtShape, pixels: Uint8Array, width: number, height: number, firstLevel: number): MipChain {
  if (!Number.isInteger(firstLevel) || firstLevel < 0 || firstLevel >= shape.levels) {
    throw new RangeError(`buildMipChain: level ${firstLevel} is outside 0..${shape.levels - 1}`);
  }
  if (pixels.length < width * height * 4) {
    throw new RangeError(`buildMipChain: ${pixels.length} bytes cannot hold ${width}×${height} RGBA texels`);
  }
  let w = levelSide(shape.log2Width, firstLevel);
  let h = levelSide(shape.log2Height, firstLevel);
  let level = resample(pixels, width, height, w, h);
  let hasAlpha = false;
  for (let i = 3; i < level.length; i += 4) {
    if (level[i] !== 255) {
      hasAlpha = true;
      break;
    }
  }
  const out: Uint8Array[] = [level];
  for (let m = firstLevel + 1; m < shape.levels; m++) {
    level = halve(level, w, h);
    w = Math.max(1, w >> 1);
    h = Math.max(1, h >> 1);
    out.push(level);
  }
  return { shape, firstLevel, pixels: out, hasAlpha };
}

/**
 * Copies a cw × ch window of level texels starting at (sx, sy) into `out`
 * at (ox, oy) with a one-texel border, coordinates wrapping at the level's
 * sides w × h.
 */
function copyWithBorder(src: Uint8Array, w: number, h: number, sx: number, sy: number, cw: number, ch: number, out: Uint8Array, ox: number, oy: number): void {
  for (let j = -BORDER; j < ch + BORDER; j++) {
    const y = (((sy + j) % h) + h) % h;
    const row = ((oy + j) * SLOT + ox) * 4;
    for (let i = -BORDER; i < cw + BORDER; i++) {
      const x = (((sx + i) % w) + w) % w;
      const s = (y * w + x) * 4;
      const o = row + i * 4;
      out[o] = src[s];
      out[o + 1] = src[s + 1];
      out[o + 2] = src[s + 2];
      out[o + 3] = src[s + 3];
    }
  }
}

/** Writes page (px, py) of paged level `level` into `out` (SLOT_BYTES). */
export function writePage(chain: MipChain, level: number, px: number, py: number, out: Uint8Array): void {
  const { shape } = chain;
  if (level < chain.firstLevel || level >= shape.firstTailLevel) {
    throw new RangeError(`writePage: level ${level} is not a paged level held (${chain.firstLevel}..${shape.firstTailLevel - 1})`);
  }
  if (px < 0 || py < 0 || px >= shape.pagesX[level] || py >= shape.pagesY[level]) {
    throw new RangeError(`writePage: page ${px},${py} is outside level ${level}'s ${shape.pagesX[level]}×${shape.pagesY[level]}`);
  }
  const w = levelSide(shape.log2Width, level);
  const h = levelSide(shape.log2Height, level);
  copyWithBorder(chain.pixels[level - chain.firstLevel], w, h, px * PAGE, py * PAGE, Math.min(PAGE, w), Math.min(PAGE, h), out, BORDER, BORDER);
}

/** The finest tail level `chain` holds. */
export function finestTailLevel(chain: MipChain): number {
  return Math.max(chain.firstLevel, chain.shape.firstTailLevel);
}

/** Writes every tail level the chain holds into `out` (SLOT_BYTES), each in its cell. */
export function writeTail(chain: MipChain, out: Uint8Array): void {
  const { shape } = chain;
  for (let m = finestTailLevel(chain); m < shape.levels; m++) {
    const w = levelSide(shape.log2Width, m);
    const h = levelSide(shape.log2Height, m);
    const [ox, oy] = tailCellOrigin(shape, m);
    copyWithBorder(chain.pixels[m - chain.firstLevel], w, h, 0, 0, w, h, out, ox, oy);
  }
}

/** Bytes a chain holds on the CPU. */
export function mipChainBytes(chain: MipChain): number {
  let bytes = 0;
  for (const level of chain.pixels) bytes += level.length;
  return bytes;
}
