import { describe, expect, it } from 'vitest';
import { compareImages, diffImage, encodePng } from './image-compare.ts';
import { decodePng, type RgbaImage } from './png.ts';

function gradient(width: number, height: number, alpha = 255): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      data.set([(x * 7) & 0xff, (y * 13) & 0xff, (x * y) & 0xff, alpha], o);
    }
  }
  return { width, height, data };
}

describe('encodePng', () => {
  it('round-trips through decodePng, opaque (as RGB) and translucent (as RGBA)', () => {
    for (const alpha of [255, 128]) {
      const image = gradient(37, 11, alpha);
      const png = encodePng(image);
      expect(png[25]).toBe(alpha === 255 ? 2 : 6); // IHDR colour type
      expect(decodePng(png)).toEqual(image);
    }
  });

  it('refuses data that does not match the size', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(12) })).toThrow(/12 bytes for 2x2/);
  });
});

describe('compareImages and diffImage', () => {
  it('counts pixels that differ at all and over the tolerance, and the largest channel difference', () => {
    const expected = gradient(10, 10);
    const actual: RgbaImage = { ...expected, data: expected.data.slice() };
    actual.data[0]! += 2; // within a tolerance of 3
    actual.data[4 * 5 + 1]! += 9; // over it
    actual.data[4 * 7 + 3] = 0; // alpha is ignored
    expect(compareImages(expected, actual, 3)).toEqual({
      sameSize: true, maxChannelDiff: 9, differingPixels: 2, pixelsOverTolerance: 1, totalPixels: 100,
    });
    const diff = diffImage(expected, actual, 3);
    expect(Array.from(diff.data.subarray(0, 3))).toEqual([160, 140, 0]);
    expect(Array.from(diff.data.subarray(20, 23))).toEqual([137, 0, 0]);
    expect(diff.data[30]).toBe(diff.data[29]); // unchanged pixels are grey
  });

  it('reports a size mismatch instead of comparing', () => {
    expect(compareImages(gradient(4, 4), gradient(4, 5), 3).sameSize).toBe(false);
    expect(() => diffImage(gradient(4, 4), gradient(4, 5), 3)).toThrow(/sizes differ/);
  });
});
