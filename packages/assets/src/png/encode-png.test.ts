import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from './encode-png.ts';

/** Reads back what encodePng writes (filter 0 rows), checking every chunk's CRC-free framing. */
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
    for (let y = 0; y < height; y++) {
      const row = png.rows.subarray(y * (width * components + 1), (y + 1) * (width * components + 1));
      expect(row[0]).toBe(0);
      expect(Array.from(row.subarray(1))).toEqual(Array.from(pixels.subarray(y * width * components, (y + 1) * width * components)));
    }
  });

  it('refuses a bad component count or a size that does not match the pixels', () => {
    expect(() => encodePng(2, 2, 5, new Uint8Array(20))).toThrow(/5 components/);
    expect(() => encodePng(2, 2, 3, new Uint8Array(11))).toThrow(/11 bytes for 2x2x3/);
  });
});
