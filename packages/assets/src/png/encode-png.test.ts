import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from './encode-png.ts';

/** Reads back what encodePng writes, checking the chunk framing. */
function readBack(png: Uint8Array): { width: number; height: number; colorType: number; rows: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Uint8Array[] = [];
  const types: string[] = [];
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    types.push(type);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') [width, height, colorType] = [view.getUint32(at + 8), view.getUint32(at + 12), data[9]!];
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  return { width, height, colorType, rows: new Uint8Array(inflateSync(Buffer.concat(idat))) };
}

describe('encodePng', () => {
  it.each([[1, 0], [2, 4], [3, 2], [4, 6]])('%i components → colour type %i, rows intact', (components, colorType) => {
    const [width, height] = [5, 3];
    const pixels = Uint8Array.from({ length: width * height * components }, (_, i) => (i * 37) & 0xff);
    const png = readBack(encodePng(width, height, components, pixels));
    expect(png).toMatchObject({ width, height, colorType });
    expect(Array.from(unfilter(png.rows, width, height, components))).toEqual(Array.from(pixels));
  });

  it('picks per-row filters that make a smooth image smaller than unfiltered rows would', () => {
    const [width, height] = [64, 64];
    const gradient = Uint8Array.from({ length: width * height * 3 }, (_, i) => (Math.floor(i / 3) % width) * 4 + Math.floor(i / (3 * width)));
    const png = readBack(encodePng(width, height, 3, gradient));
    const filters = new Set(Array.from({ length: height }, (_, y) => png.rows[y * (width * 3 + 1)]!));
    expect([...filters].some((f) => f !== 0)).toBe(true);
    expect(Array.from(unfilter(png.rows, width, height, 3))).toEqual(Array.from(gradient));
  });

  it('refuses a bad component count or a size that does not match the pixels', () => {
    expect(() => encodePng(2, 2, 5, new Uint8Array(20))).toThrow(/5 components/);
    expect(() => encodePng(2, 2, 3, new Uint8Array(11))).toThrow(/11 bytes for 2x2x3/);
  });
});

/** Undoes PNG row filtering (the decoder's side of the five predictors). */
function unfilter(rows: Uint8Array, width: number, height: number, components: number): Uint8Array {
  const stride = width * components;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = rows[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const a = x >= components ? out[y * stride + x - components]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= components && y > 0 ? out[(y - 1) * stride + x - components]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter]!;
      out[y * stride + x] = (rows[y * (stride + 1) + 1 + x]! + predicted) & 0xff;
    }
  }
  return out;
}
