import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, meanColor, shareOfPixels } from './png.ts';

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG with the given filter on every row (the encoder side of each filter). */
function encode(width: number, height: number, channels: 3 | 4, pixels: Uint8Array, filter: number): Buffer {
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const v = pixels[y * stride + x]!;
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      raw[y * (stride + 1) + 1 + x] = (v - predictor) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 4 ? 6 : 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

describe('decodePng', () => {
  const width = 7;
  const height = 5;
  const rgba = new Uint8Array(width * height * 4).map((_, i) => (i * 37 + (i >> 3) * 11) & 0xff);

  it.each([0, 1, 2, 3, 4])('reads RGBA rows with filter %i', (filter) => {
    const image = decodePng(encode(width, height, 4, rgba, filter));
    expect(image.width).toBe(width);
    expect(image.height).toBe(height);
    expect(image.data).toEqual(rgba);
  });

  it('reads RGB as opaque RGBA', () => {
    const rgb = new Uint8Array(width * height * 3).map((_, i) => (i * 13) & 0xff);
    const image = decodePng(encode(width, height, 3, rgb, 4));
    expect(image.data[3]).toBe(255);
    expect(Array.from(image.data.subarray(4, 7))).toEqual(Array.from(rgb.subarray(3, 6)));
  });

  it('refuses what it cannot read, saying why', () => {
    expect(() => decodePng(new Uint8Array(4))).toThrow('bad signature');
    const good = encode(2, 2, 4, new Uint8Array(16), 0);
    expect(() => decodePng(good.subarray(0, 40))).toThrow(/runs past the end|no IDAT/);
    const bad = Buffer.from(good);
    bad[8 + 8 + 8] = 16; // bit depth
    expect(() => decodePng(bad)).toThrow('bit depth 16 unsupported');
    const huge = Buffer.from(good);
    huge.writeUInt32BE(1 << 20, 16);
    huge.writeUInt32BE(1 << 20, 20);
    expect(() => decodePng(huge)).toThrow('out of range');
  });

  it('averages and counts pixels in a region', () => {
    const image = { width: 2, height: 2, data: Uint8Array.of(255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 255, 255, 0, 0, 255, 255) };
    expect(meanColor(image, 0, 0, 0)).toEqual([255, 0, 0]);
    expect(meanColor(image, 0.5, 0.5, 1)).toEqual([127.5, 0, 127.5]);
    expect(shareOfPixels(image, 0, 0, 1, 1, (r) => r > 128)).toBe(0.5);
    expect(() => meanColor(image, 10, 10, 1)).toThrow('outside');
  });
});
