import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitPackError, BitReader, BitWriter } from './bit-pack.ts';

function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('BitReader: SL bit order', () => {
  it('reads a 16-bit value as low byte first: 08 01 is the stride 264', () => {
    const r = new BitReader().reset(Uint8Array.of(0x08, 0x01, 0x10, 0x4c));
    expect(r.readBits(16)).toBe(264);
    expect(r.readBits(8)).toBe(16);
    expect(r.readBits(8)).toBe(0x4c);
    expect(r.bitsLeft).toBe(0);
  });

  it('right-aligns a final partial group: 10-bit ids 0x07 then 0b11 are 0x307', () => {
    const r = new BitReader().reset(Uint8Array.of(0x07, 0b1100_0000));
    expect(r.readBits(10)).toBe(0x307);
    expect(r.bitOffset).toBe(10);
  });

  it('reads short values MSB-first across byte boundaries', () => {
    const r = new BitReader().reset(Uint8Array.of(0b1011_0010, 0b1110_0000));
    expect([r.readBit(), r.readBits(2), r.readBits(3), r.readBits(4)]).toEqual([1, 0b01, 0b100, 0b1011]);
  });

  it('reads 32 bits as an unsigned value and a float from its little-endian bytes', () => {
    expect(new BitReader().reset(Uint8Array.of(0xff, 0xff, 0xff, 0xff)).readBits(32)).toBe(0xffffffff);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, 21.75, true);
    expect(new BitReader().reset(bytes).readFloat32()).toBe(21.75);
  });

  it('throws BitPackError with the offset when reading past the end, and does not move', () => {
    const r = new BitReader().reset(Uint8Array.of(0xaa));
    r.readBits(5);
    const err = errorOf(() => r.readBits(4));
    expect(err).toBeInstanceOf(BitPackError);
    expect((err as BitPackError).bitOffset).toBe(5);
    expect((err as BitPackError).message).toBe('cannot read 4 bits at bit 5: only 3 left of 8');
    expect(r.bitOffset).toBe(5);
    expect(r.readBits(3)).toBe(0b010);
    expect(() => r.readBit()).toThrow(BitPackError);
    expect(() => new BitReader().readBits(1)).toThrow(BitPackError);
  });

  it('rejects bit counts outside 0..32', () => {
    const r = new BitReader().reset(new Uint8Array(8));
    expect(() => r.readBits(33)).toThrow(RangeError);
    expect(() => r.readBits(-1)).toThrow(RangeError);
    expect(() => r.readBits(1.5)).toThrow(RangeError);
    expect(r.readBits(0)).toBe(0);
  });
});

describe('BitWriter', () => {
  it('writes the bytes the reader expects', () => {
    const out = new Uint8Array(4);
    const w = new BitWriter().reset(out);
    w.writeBits(264, 16);
    w.writeBits(0x307, 10);
    w.writeBits(0b110, 3);
    expect(w.finish()).toBe(4);
    expect([...out]).toEqual([0x08, 0x01, 0x07, 0b1111_0000]);
  });

  it('stores bits rather than OR-ing them, so a rewind overwrites, and finish zeroes the padding', () => {
    const out = new Uint8Array(2).fill(0xff);
    const w = new BitWriter().reset(out);
    w.writeBits(0b101, 3);
    const mark = w.bitOffset;
    w.writeBits(0xff, 8);
    w.rewind(mark);
    w.writeBits(0b0000, 4);
    expect(w.finish()).toBe(1);
    expect(out[0]).toBe(0b1010_0000);
    expect(() => w.rewind(mark + 10)).toThrow(RangeError);
  });

  it('throws BitPackError when the buffer is full and RangeError for a value too wide', () => {
    const w = new BitWriter().reset(new Uint8Array(1));
    w.writeBits(3, 6);
    const err = errorOf(() => w.writeBits(0, 3));
    expect(err).toBeInstanceOf(BitPackError);
    expect((err as BitPackError).bitOffset).toBe(6);
    expect(() => w.writeBits(4, 2)).toThrow(RangeError);
    expect(() => w.writeBits(-1, 2)).toThrow(RangeError);
    expect(w.bitsLeft).toBe(2);
  });

  it('round-trips any sequence of values and widths (property)', () => {
    const field = fc
      .integer({ min: 0, max: 32 })
      .chain((bits) => fc.tuple(fc.constant(bits), fc.integer({ min: 0, max: 2 ** bits - 1 })));
    fc.assert(
      fc.property(fc.array(field, { maxLength: 64 }), fc.integer({ min: 0, max: 255 }), (fields, fill) => {
        const totalBits = fields.reduce((sum, [bits]) => sum + bits, 0);
        const out = new Uint8Array(Math.ceil(totalBits / 8)).fill(fill);
        const w = new BitWriter().reset(out);
        for (const [bits, value] of fields) w.writeBits(value, bits);
        expect(w.finish()).toBe(out.length);
        const r = new BitReader().reset(out);
        for (const [bits, value] of fields) expect(r.readBits(bits)).toBe(value);
        expect(r.bitsLeft).toBe(out.length * 8 - totalBits);
        if (r.bitsLeft > 0) expect(r.readBits(r.bitsLeft)).toBe(0);
      }),
    );
  });

  it('round-trips float32 values bit for bit (property)', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true }), fc.integer({ min: 0, max: 7 }), (value, skew) => {
        const out = new Uint8Array(5);
        const w = new BitWriter().reset(out);
        w.writeBits(0, skew);
        w.writeFloat32(value);
        const r = new BitReader().reset(out);
        r.readBits(skew);
        expect(Object.is(r.readFloat32(), value)).toBe(true);
      }),
    );
  });
});
