import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HOLE_TYPE_MASK, HoleType, PROFILE_SHAPE_MASK, PathCurve, ProfileShape, QuantizedShape, SHAPE_BYTES, SHAPE_FLOATS, ShapeFloat,
  ShapeParams, decodeShapeCompressedOrder, decodeShapeUpdateOrder, dequantizeShape, encodeShapeCompressedOrder,
  encodeShapeUpdateOrder, quantizeShape, readShapeCompressedOrder, readShapeParams, readShapeUpdateOrder,
  writeShapeCompressedOrder, writeShapeParams, writeShapeUpdateOrder,
} from './shape-params.ts';

const f = Math.fround;

function raw(fields: Partial<QuantizedShape>): QuantizedShape {
  return Object.assign(new QuantizedShape(), fields);
}

function decoded(fields: Partial<QuantizedShape>): ShapeParams {
  const out = new ShapeParams();
  dequantizeShape(raw(fields), out);
  return out;
}

const quantizedShape = fc.record({
  pathCurve: fc.integer({ min: 0, max: 255 }),
  profileCurve: fc.integer({ min: 0, max: 255 }),
  pathBegin: fc.integer({ min: 0, max: 0xffff }),
  pathEnd: fc.integer({ min: 0, max: 0xffff }),
  pathScaleX: fc.integer({ min: 0, max: 255 }),
  pathScaleY: fc.integer({ min: 0, max: 255 }),
  pathShearX: fc.integer({ min: -128, max: 127 }),
  pathShearY: fc.integer({ min: -128, max: 127 }),
  pathTwist: fc.integer({ min: -128, max: 127 }),
  pathTwistBegin: fc.integer({ min: -128, max: 127 }),
  pathRadiusOffset: fc.integer({ min: -128, max: 127 }),
  pathTaperX: fc.integer({ min: -128, max: 127 }),
  pathTaperY: fc.integer({ min: -128, max: 127 }),
  pathRevolutions: fc.integer({ min: 0, max: 255 }),
  pathSkew: fc.integer({ min: -128, max: 127 }),
  // the viewer only keeps profile values up to 1.0 (50000 quanta)
  profileBegin: fc.integer({ min: 0, max: 50000 }),
  profileEnd: fc.integer({ min: 0, max: 50000 }),
  profileHollow: fc.integer({ min: 0, max: 50000 }),
});

describe('shape parameter quantization tables (llvolumemessage.cpp)', () => {
  it('dequantizes the scale, cut and hollow bytes', () => {
    expect(decoded({ pathScaleX: 100, pathScaleY: 150 }).pathScaleX).toBe(f(100 * f(0.01)));
    expect(decoded({ pathScaleX: 100 }).pathScaleX).toBeCloseTo(1, 6);
    expect(decoded({ pathScaleY: 150 }).pathScaleY).toBeCloseTo(0.5, 6);
    expect(decoded({ pathScaleX: 200 }).pathScaleX).toBe(0);
    expect(decoded({ pathScaleX: 0 }).pathScaleX).toBeCloseTo(2, 6);
    expect(decoded({ profileHollow: 50000 }).profileHollow).toBe(f(50000 * f(0.00002)));
    expect(decoded({ profileHollow: 25000 }).profileHollow).toBeCloseTo(0.5, 6);
    expect(decoded({ pathBegin: 10000 }).pathBegin).toBeCloseTo(0.2, 6);
    expect(decoded({ pathEnd: 0 }).pathEnd).toBeCloseTo(1, 6);
    expect(decoded({ pathEnd: 10000 }).pathEnd).toBeCloseTo(0.8, 6);
    expect(decoded({ profileBegin: 12500 }).profileBegin).toBeCloseTo(0.25, 6);
    expect(decoded({ profileEnd: 0 }).profileEnd).toBe(1);
    expect(decoded({ profileEnd: 12500 }).profileEnd).toBeCloseTo(0.75, 6);
  });

  it('dequantizes revolutions as 1 + u * 0.015', () => {
    expect(decoded({ pathRevolutions: 0 }).pathRevolutions).toBe(1);
    expect(decoded({ pathRevolutions: 200 }).pathRevolutions).toBeCloseTo(4, 5);
    expect(decoded({ pathRevolutions: 66 }).pathRevolutions).toBeCloseTo(1.99, 5);
    expect(decoded({ pathRevolutions: 255 }).pathRevolutions).toBeCloseTo(4.825, 5);
  });

  it('dequantizes the signed bytes at 0.01 per step', () => {
    const s = decoded({ pathShearX: -50, pathShearY: 50, pathTwist: -100, pathTwistBegin: 100, pathRadiusOffset: -128, pathTaperX: 127, pathTaperY: -1, pathSkew: 95 });
    expect(s.pathShearX).toBeCloseTo(-0.5, 6);
    expect(s.pathShearY).toBeCloseTo(0.5, 6);
    expect(s.pathTwist).toBeCloseTo(-1, 6);
    expect(s.pathTwistBegin).toBeCloseTo(1, 6);
    expect(s.pathRadiusOffset).toBeCloseTo(-1.28, 6);
    expect(s.pathTaperX).toBeCloseTo(1.27, 6);
    expect(s.pathTaperY).toBeCloseTo(-0.01, 6);
    expect(s.pathSkew).toBeCloseTo(0.95, 6);
  });

  it('replaces out-of-range profile values the way the viewer does, and says so', () => {
    const out = new ShapeParams();
    expect(dequantizeShape(raw({ profileBegin: 50001 }), out)).toBe(false);
    expect(out.profileBegin).toBe(0);
    expect(dequantizeShape(raw({ profileHollow: 60000 }), out)).toBe(false);
    expect(out.profileHollow).toBe(0);
    expect(dequantizeShape(raw({ profileEnd: 60000 }), out)).toBe(false);
    expect(out.profileEnd).toBe(0);
    expect(dequantizeShape(raw({}), out)).toBe(true);
  });

  it('splits ProfileCurve into the profile shape and the hole type', () => {
    const curve = ProfileShape.HalfCircle | HoleType.Triangle;
    expect(curve & PROFILE_SHAPE_MASK).toBe(ProfileShape.HalfCircle);
    expect(curve & HOLE_TYPE_MASK).toBe(HoleType.Triangle);
    expect(PathCurve.Line).toBe(0x10);
    expect(PathCurve.Flexible).toBe(0x80);
  });

  it('re-quantizes every dequantized wire value to the integer it came from', () => {
    fc.assert(
      fc.property(quantizedShape, (q) => {
        const shape = new ShapeParams();
        dequantizeShape(raw(q), shape);
        expect({ ...quantizeShape(shape, new QuantizedShape()) }).toEqual(q);
      }),
    );
  });

  it('quantizes arbitrary shapes to within half a step, clamping the rest', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (cut, scale, shear, revolutions, hollow) => {
          const shape = Object.assign(new ShapeParams(), {
            pathBegin: cut, pathEnd: cut, pathScaleX: scale, pathShearY: shear, pathRevolutions: revolutions, profileHollow: hollow,
          });
          const back = new ShapeParams();
          dequantizeShape(quantizeShape(shape, new QuantizedShape()), back);
          expect(Math.abs(back.pathBegin - cut)).toBeLessThanOrEqual(0.00001 + 1e-6);
          expect(Math.abs(back.pathEnd - cut)).toBeLessThanOrEqual(0.00001 + 1e-6);
          expect(Math.abs(back.pathScaleX - scale)).toBeLessThanOrEqual(0.005 + 1e-6);
          expect(Math.abs(back.pathShearY - shear)).toBeLessThanOrEqual(0.005 + 1e-6);
          expect(Math.abs(back.pathRevolutions - revolutions)).toBeLessThanOrEqual(0.0075 + 1e-6);
          expect(Math.abs(back.profileHollow - hollow)).toBeLessThanOrEqual(0.00001 + 1e-6);
        },
      ),
    );
    const wild = Object.assign(new ShapeParams(), { pathShearX: 9, pathTwist: -9, pathScaleX: -5, pathRevolutions: 99, pathBegin: Number.NaN });
    const q = quantizeShape(wild, new QuantizedShape());
    expect([q.pathShearX, q.pathTwist, q.pathScaleX, q.pathRevolutions, q.pathBegin]).toEqual([127, -128, 255, 255, 0]); // scale -5 -> the lowest the byte holds, -0.55
  });
});

describe('shape byte layouts', () => {
  it('round-trips both field orders', () => {
    fc.assert(
      fc.property(quantizedShape, (q) => {
        const bytes = new Uint8Array(SHAPE_BYTES + 3);
        const view = new DataView(bytes.buffer);
        expect(writeShapeUpdateOrder(raw(q), bytes, 3)).toBe(3 + SHAPE_BYTES);
        expect({ ...readShapeUpdateOrder(bytes, view, 3, new QuantizedShape()) }).toEqual(q);
        expect(writeShapeCompressedOrder(raw(q), bytes, 2)).toBe(2 + SHAPE_BYTES);
        expect({ ...readShapeCompressedOrder(bytes, view, 2, new QuantizedShape()) }).toEqual(q);
      }),
    );
  });

  it('puts the profile curve second in ObjectUpdate order and after the path block in compressed order', () => {
    const q = raw({ pathCurve: PathCurve.Circle, profileCurve: ProfileShape.HalfCircle, pathBegin: 0x1234, pathSkew: -2, profileHollow: 0xabcd });
    const update = new Uint8Array(SHAPE_BYTES);
    writeShapeUpdateOrder(q, update, 0);
    expect(Array.from(update.subarray(0, 4))).toEqual([0x20, 0x05, 0x34, 0x12]);
    expect(update[16]).toBe(0xfe);
    expect(Array.from(update.subarray(21))).toEqual([0xcd, 0xab]);
    const compressed = new Uint8Array(SHAPE_BYTES);
    writeShapeCompressedOrder(q, compressed, 0);
    expect(Array.from(compressed.subarray(0, 3))).toEqual([0x20, 0x34, 0x12]);
    expect(compressed[15]).toBe(0xfe);
    expect(compressed[16]).toBe(0x05);
  });

  it('encodes and decodes dequantized shapes through the bytes', () => {
    const shape = Object.assign(new ShapeParams(), { pathCurve: PathCurve.Circle, profileCurve: ProfileShape.Circle | HoleType.Square, pathScaleY: 0.25, profileHollow: 0.5 });
    const bytes = new Uint8Array(SHAPE_BYTES);
    const view = new DataView(bytes.buffer);
    encodeShapeUpdateOrder(shape, bytes, 0);
    const back = new ShapeParams();
    expect(decodeShapeUpdateOrder(bytes, view, 0, back)).toBe(true);
    expect(back.pathScaleY).toBeCloseTo(0.25, 6);
    expect(back.profileCurve).toBe(0x20);
    encodeShapeCompressedOrder(shape, bytes, 0);
    expect(decodeShapeCompressedOrder(bytes, view, 0, back)).toBe(true);
    expect(back.profileHollow).toBeCloseTo(0.5, 6);
    expect(() => encodeShapeUpdateOrder(shape, bytes, 1)).toThrow(RangeError);
  });

  it('writes and reads the float layout losslessly', () => {
    fc.assert(
      fc.property(quantizedShape, fc.integer({ min: 0, max: 5 }), (q, at) => {
        const shape = new ShapeParams();
        dequantizeShape(raw(q), shape);
        const floats = new Float32Array(SHAPE_FLOATS * 7);
        writeShapeParams(floats, at * SHAPE_FLOATS, shape);
        expect(floats[at * SHAPE_FLOATS + ShapeFloat.ProfileCurve]).toBe(q.profileCurve);
        expect({ ...readShapeParams(floats, at * SHAPE_FLOATS, new ShapeParams()) }).toEqual({ ...shape });
      }),
    );
  });
});
