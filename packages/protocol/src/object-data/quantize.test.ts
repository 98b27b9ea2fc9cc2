import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floatToU16, floatToU8, u16ToFloat, u8ToFloat } from './quantize.ts';

describe('U16/U8 quantization (llquantize.h)', () => {
  it('maps the ends of the range exactly', () => {
    expect(u16ToFloat(0, -128, 128)).toBe(-128);
    expect(u16ToFloat(65535, -128, 128)).toBe(128);
    expect(u8ToFloat(0, -1, 1)).toBe(-1);
    expect(u8ToFloat(255, -1, 1)).toBe(1);
    expect(floatToU16(-128, -128, 128)).toBe(0);
    expect(floatToU16(128, -128, 128)).toBe(65535);
    expect(floatToU8(1, -1, 1)).toBe(255);
  });

  it('snaps values within one step of zero to exactly zero', () => {
    expect(u16ToFloat(32767, -128, 128)).toBe(0);
    expect(u16ToFloat(32768, -128, 128)).toBe(0);
    expect(u16ToFloat(32769, -128, 128)).toBeGreaterThan(0);
    expect(u8ToFloat(127, -1, 1)).toBe(0);
    expect(u8ToFloat(128, -1, 1)).toBe(0);
  });

  it('floors like the simulators: zero of a symmetric range is 0x7FFF', () => {
    expect(floatToU16(0, -128, 128)).toBe(0x7fff);
    expect(floatToU16(0, -64, 64)).toBe(0x7fff);
    expect(floatToU16(0, -1, 1)).toBe(0x7fff);
    expect(floatToU8(0, -1, 1)).toBe(127);
  });

  it('clamps out-of-range values and treats NaN as zero', () => {
    expect(floatToU16(1e9, -64, 64)).toBe(65535);
    expect(floatToU16(-1e9, -64, 64)).toBe(0);
    expect(floatToU16(Number.NaN, -64, 64)).toBe(0x7fff);
    expect(floatToU8(Number.POSITIVE_INFINITY, -1, 1)).toBe(255);
  });

  it('re-encodes every decoded U16 outside the zero band to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(1, 64, 128, 256), (v, range) => {
        const x = u16ToFloat(v, -range, range);
        if (x === 0) return;
        expect(floatToU16(x, -range, range)).toBe(v);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes an encoded float to within one step (1.5 next to zero, which the snap widens)', () => {
    const step = 256 / 65535;
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -128, max: 128, noNaN: true }), fc.double({ min: -3 * step, max: 3 * step, noNaN: true })), (x) => {
        const back = u16ToFloat(floatToU16(x, -128, 128), -128, 128);
        expect(Math.abs(back - x)).toBeLessThanOrEqual((Math.abs(x) < 2 * step ? 1.5 : 1) * step + 1e-5);
      }),
      { numRuns: 2000 },
    );
  });
});
