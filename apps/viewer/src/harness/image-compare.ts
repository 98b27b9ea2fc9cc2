/**
 * Golden-image support: compare two RGBA images channel by channel with a
 * tolerance, draw where they differ, and write PNGs (the golden itself, and
 * the actual and diff images a failing comparison leaves for a person).
 */
import { encodePng as encodeComponentsPng } from '@slv/assets/png';
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

/** An 8-bit PNG of an RGBA image: RGB when every pixel is opaque (a canvas screenshot is), else RGBA. */
export function encodePng(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new RangeError(`encodePng: ${data.length} bytes for ${width}x${height} RGBA`);
  let opaque = true;
  for (let o = 3; o < data.length && opaque; o += 4) opaque = data[o] === 255;
  if (!opaque) return encodeComponentsPng(width, height, 4, data);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    rgb[j] = data[i]!;
    rgb[j + 1] = data[i + 1]!;
    rgb[j + 2] = data[i + 2]!;
  }
  return encodeComponentsPng(width, height, 3, rgb);
}
