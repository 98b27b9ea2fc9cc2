/**
 * Just enough PNG to read a browser screenshot: 8-bit greyscale, RGB, or
 * RGBA (with or without alpha), not interlaced, all five row filters. Bad
 * input is refused with the reason; output is bounded by MAX_PNG_PIXELS.
 */
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** Row-major RGBA bytes. */
  data: Uint8Array;
}

export const MAX_PNG_PIXELS = 64 << 20;
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function decodePng(bytes: Uint8Array): RgbaImage {
  const fail = (why: string): never => { throw new Error(`decodePng: ${why}`); };
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) fail('not a PNG (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (offset + 12 <= bytes.length && !ended) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = offset + 8;
    if (data + length + 4 > bytes.length) fail(`chunk ${type} at byte ${offset} runs past the end`);
    if (type === 'IHDR') {
      if (length !== 13) fail('IHDR is not 13 bytes');
      width = view.getUint32(data);
      height = view.getUint32(data + 4);
      const depth = bytes[data + 8]!;
      const colour = bytes[data + 9]!;
      if (depth !== 8) fail(`bit depth ${depth} unsupported (only 8)`);
      channels = CHANNELS[colour] ?? fail(`colour type ${colour} unsupported`);
      if (bytes[data + 12] !== 0) fail('interlaced PNGs are unsupported');
      if (width === 0 || height === 0 || width * height > MAX_PNG_PIXELS) fail(`size ${width}x${height} out of range`);
    } else if (type === 'IDAT') {
      idat.push(bytes.subarray(data, data + length));
    } else if (type === 'IEND') {
      ended = true;
    }
    offset = data + length + 4;
  }
  if (channels === 0) fail('no IHDR');
  if (idat.length === 0) fail('no IDAT');
  const stride = width * channels;
  const expected = (stride + 1) * height;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (error) {
    return fail(`image data does not inflate: ${(error as Error).message}`);
  }
  if (raw.length !== expected) fail(`image data is ${raw.length} bytes, expected ${expected}`);
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[row + x - channels]! : 0;
      const b = y > 0 ? pixels[prev + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[prev + x - channels]! : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: return fail(`row ${y} has unknown filter ${filter}`);
      }
      pixels[row + x] = (raw[src + x]! + predictor) & 0xff;
    }
  }
  const out = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    const o = i * 4;
    if (channels >= 3) {
      out[o] = pixels[j]!;
      out[o + 1] = pixels[j + 1]!;
      out[o + 2] = pixels[j + 2]!;
      out[o + 3] = channels === 4 ? pixels[j + 3]! : 255;
    } else {
      out[o] = out[o + 1] = out[o + 2] = pixels[j]!;
      out[o + 3] = channels === 2 ? pixels[j + 1]! : 255;
    }
  }
  return { width, height, data: out };
}

/** Mean RGB of the pixels within `radius` of (x, y), clipped to the image. */
export function meanColor(image: RgbaImage, x: number, y: number, radius: number): [number, number, number] {
  const x0 = Math.max(0, Math.floor(x - radius));
  const x1 = Math.min(image.width - 1, Math.ceil(x + radius));
  const y0 = Math.max(0, Math.floor(y - radius));
  const y1 = Math.min(image.height - 1, Math.ceil(y + radius));
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let j = y0; j <= y1; j++) {
    for (let i = x0; i <= x1; i++) {
      const o = (j * image.width + i) * 4;
      r += image.data[o]!;
      g += image.data[o + 1]!;
      b += image.data[o + 2]!;
      n++;
    }
  }
  if (n === 0) throw new RangeError(`meanColor: (${x}, ${y}) is outside the ${image.width}x${image.height} image`);
  return [r / n, g / n, b / n];
}

/** Share of pixels in the rectangle for which `test(r, g, b)` holds. */
export function shareOfPixels(image: RgbaImage, x0: number, y0: number, x1: number, y1: number, test: (r: number, g: number, b: number) => boolean): number {
  const ax = Math.max(0, Math.floor(Math.min(x0, x1)));
  const bx = Math.min(image.width - 1, Math.ceil(Math.max(x0, x1)));
  const ay = Math.max(0, Math.floor(Math.min(y0, y1)));
  const by = Math.min(image.height - 1, Math.ceil(Math.max(y0, y1)));
  let hits = 0;
  let n = 0;
  for (let j = ay; j <= by; j++) {
    for (let i = ax; i <= bx; i++) {
      const o = (j * image.width + i) * 4;
      if (test(image.data[o]!, image.data[o + 1]!, image.data[o + 2]!)) hits++;
      n++;
    }
  }
  return n === 0 ? 0 : hits / n;
}
