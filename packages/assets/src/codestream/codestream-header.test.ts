/**
 * The header reader on hand-made codestreams (so these run on any clone) and
 * on bad input: empty, PNG, HTML, random bytes, absurd sizes, truncations.
 */
import { describe, expect, it } from 'vitest';
import { J2cFormatError, NotJpeg2000Error } from '../errors.ts';
import { readCodestreamHeader } from './codestream-header.ts';
import { handMadeCodestream, sizSegment } from './hand-made.test-support.ts';

describe('readCodestreamHeader', () => {
  it('reads SIZ, COD, QCD, COM and the tile-part of a small codestream', () => {
    const header = readCodestreamHeader(handMadeCodestream({ width: 64, height: 32, components: 4, comment: 'hello' }));
    expect(header).toMatchObject({
      width: 64, height: 32, tilesAcross: 1, tilesDown: 1, quantizationStyle: 'scalar-expounded', guardBits: 1,
      comments: ['hello'], complete: true, hasTlm: false, hasPlm: false,
    });
    expect(header.components).toHaveLength(4);
    expect(header.components[3]).toEqual({ precision: 8, signed: false, dx: 1, dy: 1 });
    expect(header.coding).toMatchObject({ progression: 'RPCL', layers: 2, multipleComponentTransform: true });
    expect(header.coding.component).toMatchObject({ decompositions: 5, resolutions: 6, codeBlockWidthExp: 6, codeBlockHeightExp: 6, reversible: false });
    expect(header.tileParts).toHaveLength(1);
    expect(header.tileParts[0]).toMatchObject({ tile: 0, part: 0, partCount: 1, complete: true });
  });

  it('marks a prefix as incomplete and keeps what it has', () => {
    const whole = handMadeCodestream({ width: 64, height: 32, components: 3 });
    const header = readCodestreamHeader(whole.subarray(0, whole.length - 5));
    expect(header.complete).toBe(false);
    expect(header.tileParts[0]!.complete).toBe(false);
  });
});

describe('bad input: a clear error each, nothing allocated from the header', () => {
  const expectNot = (bytes: Uint8Array, hint: RegExp): void => {
    expect(() => readCodestreamHeader(bytes)).toThrow(NotJpeg2000Error);
    expect(() => readCodestreamHeader(bytes)).toThrow(hint);
  };
  const expectBad = (bytes: Uint8Array, reason: RegExp): void => {
    expect(() => readCodestreamHeader(bytes)).toThrow(J2cFormatError);
    expect(() => readCodestreamHeader(bytes)).toThrow(reason);
  };

  it('zero bytes, a PNG, an HTML page, JSON, a JPEG', () => {
    expectNot(new Uint8Array(0), /not a JPEG2000 codestream: the data is empty/);
    expectNot(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), /not a JPEG2000 codestream: the data is a PNG image/);
    expectNot(new TextEncoder().encode('<!DOCTYPE html><html><body>404</body></html>'), /an HTML page/);
    expectNot(new TextEncoder().encode('{"error":"missing"}'), /JSON/);
    expectNot(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0), /JPEG \(JFIF\)/);
  });

  it('a header claiming 65535x65535 is refused before anything is sized from it', () => {
    expectBad(handMadeCodestream({ width: 65535, height: 65535, components: 4 }), /65535x65535 is larger than 16384x16384; refused before allocating/);
  });

  it('absurd tile counts, component counts, bit depths and empty images', () => {
    expectBad(handMadeCodestream({ width: 4096, height: 4096, components: 3, tile: 16 }), /256x256 tiles \(at most 1024\)/);
    expectBad(handMadeCodestream({ width: 64, height: 64, components: 5 }), /5 components/);
    expectBad(handMadeCodestream({ width: 64, height: 64, components: 1, precision: 30 }), /30 bits/);
    expectBad(handMadeCodestream({ width: 0, height: 64, components: 1 }), /empty image area/);
  });

  it('truncated main headers say where they end', () => {
    const whole = handMadeCodestream({ width: 64, height: 64, components: 3 });
    for (const length of [4, 10, 40, 60, 70]) {
      expect(() => readCodestreamHeader(whole.subarray(0, length)), `${length} bytes`).toThrow(J2cFormatError);
    }
    expectBad(whole.subarray(0, 30), /at byte 4: main header ends inside a marker segment|runs past the data/);
  });

  it('missing COD, a bad marker, an unknown progression order', () => {
    const siz = sizSegment(64, 64, 1, 8, 64);
    expectBad(Uint8Array.from([0xff, 0x4f, ...siz, 0xff, 0x90, 0, 10, 0, 0, 0, 0, 0, 14, 0, 1, 0xff, 0x93, 0xff, 0xd9]), /no COD segment/);
    expectBad(Uint8Array.from([0xff, 0x4f, ...siz, 0x12, 0x34, 0, 4, 0, 0]), /expected a marker in the main header, found byte 0x12/);
    const badOrder = handMadeCodestream({ width: 64, height: 64, components: 1 });
    const cod = badOrder.indexOf(0x52, 2 + siz.length) - 1;
    badOrder[cod + 5] = 9;
    expectBad(badOrder, /unknown progression order 9/);
  });

  it('random bytes after SOC+SIZ and random buffers: only NotJpeg2000Error or J2cFormatError, quickly', () => {
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const started = performance.now();
    for (let round = 0; round < 500; round++) {
      const tail = Uint8Array.from({ length: 8 + (round % 300) }, random);
      const withHeader = round % 2 === 0 ? Uint8Array.from([0xff, 0x4f, 0xff, 0x51, ...tail]) : tail;
      try {
        readCodestreamHeader(withHeader);
      } catch (error) {
        expect(error instanceof NotJpeg2000Error || error instanceof J2cFormatError, String(error)).toBe(true);
      }
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
