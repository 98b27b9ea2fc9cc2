import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZERO_CODE_OVERFLOW, ZERO_CODE_TRUNCATED, zeroDecode, zeroEncode } from './zero-code.ts';

function decode(input: number[], limit = 8192): number[] | number {
  const src = Uint8Array.from(input);
  const dst = new Uint8Array(limit);
  const end = zeroDecode(src, 0, src.length, dst, 0, limit);
  return end < 0 ? end : Array.from(dst.subarray(0, end));
}

function encode(input: Uint8Array, limit = 16384): Uint8Array | number {
  const dst = new Uint8Array(limit);
  const end = zeroEncode(input, 0, input.length, dst, 0, limit);
  return end < 0 ? end : dst.slice(0, end);
}

const zeros = (n: number) => new Array<number>(n).fill(0);

describe('zeroDecode', () => {
  it('expands the vectors from the viewer and Hippolyzer', () => {
    expect(decode([0x01, 0x00, 0x01, 0x01])).toEqual([1, 0, 1]);
    expect(decode([0x01, 0x00, 0x00, 0x02, 0x01])).toEqual([1, ...zeros(258), 1]);
    expect(decode([0x01, 0x00, 0x00, 0x00, 0x02, 0x01])).toEqual([1, ...zeros(514), 1]);
    expect(decode([0x00, 0xff, 0x00, 0x03])).toEqual(zeros(258));
  });

  it('passes bytes without zeros through', () => {
    expect(decode([1, 2, 3, 255])).toEqual([1, 2, 3, 255]);
    expect(decode([])).toEqual([]);
  });

  it('reports a run with no count byte', () => {
    expect(decode([1, 0])).toBe(ZERO_CODE_TRUNCATED);
    expect(decode([1, 0, 0, 0])).toBe(ZERO_CODE_TRUNCATED);
  });

  it('bounds the output: a bomb of 00 00 ... stops at the limit', () => {
    const bomb = new Uint8Array(1200); // every byte zero: each pair of 00s adds 256 zeros
    const dst = new Uint8Array(8192);
    expect(zeroDecode(bomb, 0, bomb.length, dst, 0, 8192)).toBe(ZERO_CODE_OVERFLOW);
    const runs = new Uint8Array(1200);
    for (let i = 0; i < runs.length; i += 2) runs[i + 1] = 255; // 600 runs of 255 zeros
    expect(zeroDecode(runs, 0, runs.length, dst, 0, 8192)).toBe(ZERO_CODE_OVERFLOW);
  });

  it('never writes at or past the limit', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 600 }), (input, limit) => {
      const dst = new Uint8Array(limit + 8).fill(0xaa);
      const end = zeroDecode(input, 0, input.length, dst, 0, limit);
      expect(end).toBeLessThanOrEqual(limit);
      for (let i = limit; i < dst.length; i++) expect(dst[i]).toBe(0xaa);
    }));
  });
});

describe('zeroEncode', () => {
  it('encodes runs as 00 k and splits runs over 255', () => {
    expect(Array.from(encode(Uint8Array.from([1, 0, 1])) as Uint8Array)).toEqual([1, 0, 1, 1]);
    expect(Array.from(encode(new Uint8Array(258)) as Uint8Array)).toEqual([0, 255, 0, 3]);
    expect(Array.from(encode(new Uint8Array(255)) as Uint8Array)).toEqual([0, 255]);
    expect(Array.from(encode(new Uint8Array(256)) as Uint8Array)).toEqual([0, 255, 0, 1]);
  });

  it('stops with OVERFLOW once the output would pass the limit (encode only when smaller)', () => {
    const input = Uint8Array.from([1, 2, 0, 3]); // encodes to 5 bytes: not smaller
    const dst = new Uint8Array(16);
    expect(zeroEncode(input, 0, 4, dst, 0, 3)).toBe(ZERO_CODE_OVERFLOW);
    expect(zeroEncode(input, 0, 4, dst, 0, 5)).toBe(5);
  });

  it('round-trips any bytes', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constant(0), fc.constant(0)), { maxLength: 2000 }),
      (values) => {
        const input = Uint8Array.from(values);
        const encoded = encode(input) as Uint8Array;
        expect(decode(Array.from(encoded), 4096)).toEqual(values);
      },
    ));
  });
});
