/**
 * Golden-image support: compare two RGBA images channel by channel with a
 * tolerance, draw where they differ, and write PNGs (the golden itself, and
 * the actual and diff images a failing comparison leaves for a person).
 */
import { deflateSync } from 'node:zlib';
import type { RgbaImage } from './png.ts';

export interface ImageComparison {
  /** False when the sizes differ; the counts are then all zero. */
  sameSize: boolean;
  /** Largest |expected - actual| over every RGB channel of every pixel (alpha is ignored: the canvas is opaque). */
  maxChannelDiff: number;
  /** Pixels with any RGB channel differing at all. */
  differingPixels: number;
  /** Pixels with some RGB channel differing by more than the tolerance. */
  pixelsOverTolerance: number;
  totalPixels: number;
}

export function compareImages(expected: RgbaImage, actual: RgbaImage, channelTolerance: number): ImageComparison {
  const totalPixels = expected.width * expected.height;
  if (expected.width !== actual.width || expected.height !== actual.height) {
    return { sameSize: false, maxChannelDiff: 0, differingPixels: 0, pixelsOverTolerance: 0, totalPixels };
  }
  let maxChannelDiff = 0;
  let differingPixels = 0;
  let pixelsOverTolerance = 0;
  for (let o = 0; o < totalPixels * 4; o += 4) {
    const d = pixelDiff(expected.data, actual.data, o);
    if (d > 0) differingPixels++;
    if (d > channelTolerance) pixelsOverTolerance++;
    if (d > maxChannelDiff) maxChannelDiff = d;
  }
  return { sameSize: true, maxChannelDiff, differingPixels, pixelsOverTolerance, totalPixels };
}

/**
 * Where two same-sized images differ: the expected image dimmed to grey,
 * pixels over the tolerance in red (brighter for larger differences), pixels
 * that differ within the tolerance in dark yellow.
 */
export function diffImage(expected: RgbaImage, actual: RgbaImage, channelTolerance: number): RgbaImage {
  if (expected.width !== actual.width || expected.height !== actual.height) {
    throw new RangeError(`diffImage: sizes differ (${expected.width}x${expected.height} vs ${actual.width}x${actual.height})`);
  }
  const out = new Uint8Array(expected.data.length);
  for (let o = 0; o < out.length; o += 4) {
    const d = pixelDiff(expected.data, actual.data, o);
    const grey = ((expected.data[o]! + expected.data[o + 1]! + expected.data[o + 2]!) / 3) * 0.3;
    if (d > channelTolerance) {
      out[o] = 128 + Math.min(127, d);
      out[o + 1] = 0;
      out[o + 2] = 0;
    } else if (d > 0) {
      out[o] = 160;
      out[o + 1] = 140;
      out[o + 2] = 0;
    } else {
      out[o] = out[o + 1] = out[o + 2] = grey;
    }
    out[o + 3] = 255;
  }
  return { width: expected.width, height: expected.height, data: out };
}

function pixelDiff(a: Uint8Array, b: Uint8Array, o: number): number {
  return Math.max(Math.abs(a[o]! - b[o]!), Math.abs(a[o + 1]! - b[o + 1]!), Math.abs(a[o + 2]! - b[o + 2]!));
}

/**
 * An 8-bit PNG: RGB when every pixel is opaque (a canvas screenshot is),
 * else RGBA; each row with the filter whose residuals are smallest (the
 * usual heuristic), so a committed golden stays small.
 */
export function encodePng(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new RangeError(`encodePng: ${data.length} bytes for ${width}x${height} RGBA`);
  let opaque = true;
  for (let o = 3; o < data.length && opaque; o += 4) opaque = data[o] === 255;
  const channels = opaque ? 3 : 4;
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    for (let c = 0; c < channels; c++) pixels[j + c] = data[i * 4 + c]!;
  }
  const raw = new Uint8Array((stride + 1) * height);
  const candidate = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    let bestCost = Infinity;
    for (let filter = 0; filter < 5; filter++) {
      let cost = 0;
      for (let x = 0; x < stride; x++) {
        const a = x >= channels ? pixels[row + x - channels]! : 0;
        const b = y > 0 ? pixels[row - stride + x]! : 0;
        const c = x >= channels && y > 0 ? pixels[row - stride + x - channels]! : 0;
        const v = (pixels[row + x]! - predict(filter, a, b, c)) & 0xff;
        candidate[x] = v;
        cost += v < 128 ? v : 256 - v;
      }
      if (cost < bestCost) {
        bestCost = cost;
        raw[y * (stride + 1)] = filter;
        raw.set(candidate, y * (stride + 1) + 1);
      }
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = opaque ? 2 : 6;
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function predict(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 1: return a;
    case 2: return b;
    case 3: return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default: return 0;
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
