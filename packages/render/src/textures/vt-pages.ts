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
  /** The same texels as 32-bit words (one per texel), for copying pages a texel at a time. */
  readonly words: readonly Uint32Array[];
  /** True when some texel's alpha is below 255. */
  readonly hasAlpha: boolean;
}

export const SLOT_BYTES = SLOT * SLOT * 4;

/** Word views of staging blocks, made once per block. */
const wordViews = new WeakMap<Uint8Array, Uint32Array>();

function stagingWords(block: Uint8Array): Uint32Array {
  let words = wordViews.get(block);
  if (words === undefined) {
    words = texelWords(block);
    if (words.buffer !== block.buffer) throw new RangeError('vt pages: a staging block must be 4-byte aligned');
    wordViews.set(block, words);
  }
  return words;
}

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
  return { shape, firstLevel, pixels: out, words: out.map(texelWords), hasAlpha };
}

/** RGBA bytes as one 32-bit word per texel: the same memory when aligned, else a copy. */
export function texelWords(bytes: Uint8Array): Uint32Array {
  if (bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  return new Uint32Array(bytes.slice().buffer);
}

function wrap(v: number, n: number): number {
  return ((v % n) + n) % n;
}

/**
 * Copies a cw × ch window of level texels starting at (sx, sy) into `out`
 * (SLOT × SLOT words) at (ox, oy) with a one-texel border, coordinates
 * wrapping at the level's sides w × h. The window lies inside the level, so
 * only the border texels need wrapping: the rows in between are straight
 * word copies (this is the arrival frame's main cost).
 */
function copyWithBorder(src: Uint32Array, w: number, h: number, sx: number, sy: number, cw: number, ch: number, out: Uint32Array, ox: number, oy: number): void {
  const left = wrap(sx - 1, w);
  const right = wrap(sx + cw, w);
  for (let j = -BORDER; j < ch + BORDER; j++) {
    const srow = wrap(sy + j, h) * w;
    const orow = (oy + j) * SLOT + ox;
    out[orow - 1] = src[srow + left];
    for (let i = 0; i < cw; i++) out[orow + i] = src[srow + sx + i];
    out[orow + cw] = src[srow + right];
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
  copyWithBorder(chain.words[level - chain.firstLevel], w, h, px * PAGE, py * PAGE, Math.min(PAGE, w), Math.min(PAGE, h), stagingWords(out), BORDER, BORDER);
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
    copyWithBorder(chain.words[m - chain.firstLevel], w, h, 0, 0, w, h, stagingWords(out), ox, oy);
  }
}

/** Bytes a chain holds on the CPU. */
export function mipChainBytes(chain: MipChain): number {
  let bytes = 0;
  for (const level of chain.pixels) bytes += level.length;
  return bytes;
}
