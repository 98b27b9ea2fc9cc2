/**
 * decodeTexture on input that must be refused: every case ends in one of the
 * package's errors (or a RangeError for a bad option), never a crash or hang.
 */
import { readFileSync } from 'node:fs';
import { describeWithShared, sharedPath } from '@slv/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { handMadeCodestream } from '../codestream/hand-made.test-support.ts';
import { J2cDecodeError, J2cFormatError, NotJpeg2000Error } from '../errors.ts';
import { installOpenJpegFromNodeModules } from '../node.ts';
import { decodeTexture } from './decode-texture.ts';

beforeAll(() => installOpenJpegFromNodeModules());

const isOurs = (error: unknown): boolean =>
  error instanceof NotJpeg2000Error || error instanceof J2cFormatError || error instanceof J2cDecodeError;

async function outcome(bytes: Uint8Array, discard = 0): Promise<'decoded' | 'refused'> {
  try {
    await decodeTexture(bytes, { discard });
    return 'decoded';
  } catch (error) {
    expect(isOurs(error), String(error)).toBe(true);
    return 'refused';
  }
}

describe('decodeTexture: hand-made codestreams and refusals', () => {
  it('decodes a codestream of empty packets to a flat image of the right shape', async () => {
    const texture = await decodeTexture(handMadeCodestream({ width: 40, height: 24, components: 2 }), { discard: 1 });
    expect(texture).toMatchObject({ width: 20, height: 12, components: 2, discard: 1, complete: true });
    expect(texture.pixels.length).toBe(20 * 12 * 2);
    const rgba = await decodeTexture(handMadeCodestream({ width: 40, height: 24, components: 2 }), { rgba: true });
    expect(rgba.components).toBe(4);
    expect(rgba.pixels.length).toBe(40 * 24 * 4);
  });

  it('refuses zero bytes, a PNG and an HTML page as not JPEG2000', async () => {
    await expect(decodeTexture(new Uint8Array(0))).rejects.toThrow(/not a JPEG2000 codestream: the data is empty/);
    await expect(decodeTexture(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).rejects.toThrow(NotJpeg2000Error);
    await expect(decodeTexture(new TextEncoder().encode('<html><body>Not Found</body></html>'))).rejects.toThrow(/HTML page/);
  });

  it('refuses a 65535x65535 header without allocating', async () => {
    await expect(decodeTexture(handMadeCodestream({ width: 65535, height: 65535, components: 4 }))).rejects.toThrow(/refused before allocating/);
  });

  it('decodes a large image at the discard that fits maxTextureSize, never at full size', async () => {
    const texture = await decodeTexture(handMadeCodestream({ width: 8192, height: 4096, components: 4 }), { maxTextureSize: 1024 });
    expect(texture).toMatchObject({ width: 1024, height: 512, discard: 3 });
    const tooLarge = decodeTexture(handMadeCodestream({ width: 8192, height: 8192, components: 1 }), { maxTextureSize: 64 });
    await expect(tooLarge).rejects.toThrow(/256x256 even at discard 5, larger than maxTextureSize 64/);
    // A property of the input, so one of the documented input errors (slv fuzz found it as a RangeError).
    await expect(tooLarge).rejects.toBeInstanceOf(J2cFormatError);
    await expect(decodeTexture(handMadeCodestream({ width: 64, height: 64, components: 1 }), { discard: 6 })).rejects.toThrow(/discard 6 is outside 0..5/);
  });

  it('a prefix without one whole packet is refused with the reason', async () => {
    const whole = handMadeCodestream({ width: 64, height: 64, components: 3 });
    const sod = whole.findIndex((b, i) => b === 0xff && whole[i + 1] === 0x93);
    await expect(decodeTexture(whole.subarray(0, sod + 2))).rejects.toThrow(/holds no whole packet/);
  });
});

describeWithShared('decodeTexture: truncated, corrupted and random real codestreams', ['fixtures/textures/0187babf-6c0d-5891-ebed-4ecab1426683.j2c'], () => {
  const bytes = (): Uint8Array => new Uint8Array(readFileSync(sharedPath('fixtures/textures/0187babf-6c0d-5891-ebed-4ecab1426683.j2c')));

  it('every truncation length either decodes its whole packets or is refused', async () => {
    const whole = bytes();
    const started = performance.now();
    for (const length of [0, 1, 2, 3, 40, 80, 120, 132, 133, 135, 137, 200, 400, 1000, 5000, 20_000, whole.length - 3, whole.length - 1]) {
      const result = await outcome(whole.subarray(0, length), 2);
      if (length >= 200) expect(result, `${length} bytes`).toBe('decoded');
    }
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('corrupted bytes (header and packet data) decode or are refused, never crash', async () => {
    let seed = 99;
    const random = (n: number): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) % n);
    for (let round = 0; round < 60; round++) {
      const corrupted = bytes();
      const region = round % 3 === 0 ? 140 : corrupted.length;
      for (let k = 0; k < 1 + random(8); k++) corrupted[random(region)] = random(256);
      await outcome(corrupted, round % 4);
    }
  }, 60_000);

  it('random packet data after a real header decodes or is refused', async () => {
    const real = bytes();
    let seed = 7;
    for (let round = 0; round < 20; round++) {
      const mixed = real.slice(0, 4000);
      for (let i = 200; i < mixed.length; i++) mixed[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      await outcome(mixed, round % 3);
    }
  }, 60_000);
});
