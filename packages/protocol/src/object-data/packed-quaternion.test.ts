import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeQuaternion, packQuaternion, unpackQuaternion } from './packed-quaternion.ts';

function packUnpack(q: ArrayLike<number>): Float32Array {
  const bytes = new Uint8Array(12);
  expect(packQuaternion(q, 0, bytes, 0)).toBe(12);
  const out = new Float32Array(4);
  unpackQuaternion(new DataView(bytes.buffer), 0, out, 0);
  return out;
}

const unitQuaternion = fc
  .tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }))
  .filter(([x, y, z, w]) => x * x + y * y + z * z + w * w > 1e-3)
  .map(([x, y, z, w]) => {
    const m = Math.hypot(x, y, z, w);
    return [x / m, y / m, z / m, w / m] as const;
  });

describe('packed quaternions (packToVector3 / unpackFromVector3)', () => {
  it('rebuilds w from x, y, z', () => {
    const q = packUnpack([0, 0, Math.SQRT1_2, Math.SQRT1_2]);
    expect(q[2]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(q[3]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(Array.from(packUnpack([0, 0, 0, 1]))).toEqual([0, 0, 0, 1]);
  });

  it('negates a quaternion with w < 0, which is the same rotation', () => {
    fc.assert(
      fc.property(unitQuaternion, ([x, y, z, w]) => {
        const q = packUnpack([x, y, z, w]);
        const sign = w < 0 ? -1 : 1;
        expect(q[0]).toBeCloseTo(sign * x, 5);
        expect(q[1]).toBeCloseTo(sign * y, 5);
        expect(q[2]).toBeCloseTo(sign * z, 5);
        // w comes back through a square root, so compare its square
        expect(q[3]! * q[3]!).toBeCloseTo(w * w, 5);
      }),
    );
  });

  it('normalizes before packing', () => {
    const q = packUnpack([0, 0, 2, 2]);
    expect(q[2]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(q[3]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('re-packs an unpacked rotation to the same bytes', () => {
    fc.assert(
      fc.property(unitQuaternion, (q) => {
        const first = new Uint8Array(12);
        packQuaternion(q, 0, first, 0);
        const unpacked = new Float32Array(4);
        unpackQuaternion(new DataView(first.buffer), 0, unpacked, 0);
        const second = new Uint8Array(12);
        packQuaternion(unpacked, 0, second, 0);
        expect(Array.from(second)).toEqual(Array.from(first));
      }),
    );
  });

  it('takes w = 0 when float error pushes x² + y² + z² past 1', () => {
    const bytes = new Uint8Array(12);
    const view = new DataView(bytes.buffer);
    view.setFloat32(0, 1.0000001, true);
    const out = new Float32Array(4);
    unpackQuaternion(view, 0, out, 0);
    expect(out[3]).toBe(0);
  });

  it('normalizes in place, turning all zeros into the identity', () => {
    const q = new Float32Array([0, 3, 0, 4]);
    normalizeQuaternion(q, 0);
    expect(Array.from(q)).toEqual([0, Math.fround(0.6), 0, Math.fround(0.8)]);
    const zero = new Float32Array(4);
    expect(Array.from(normalizeQuaternion(zero, 0))).toEqual([0, 0, 0, 1]);
  });
});
