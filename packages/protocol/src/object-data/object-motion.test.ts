import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MOTION_FLOATS, Motion, OBJECT_MOTION_AVATAR_BYTES, OBJECT_MOTION_BYTES, decodeObjectMotion, encodeObjectMotion,
  isObjectMotionLength, objectMotionHasCollisionPlane,
} from './object-motion.ts';
import { packQuaternion, unpackQuaternion } from './packed-quaternion.ts';
import { floatToU16, floatToU8 } from './quantize.ts';

const f32 = fc.float({ min: Math.fround(-1e6), max: Math.fround(1e6), noNaN: true, noDefaultInfinity: true });

const motionRecord = fc
  .tuple(fc.array(f32, { minLength: MOTION_FLOATS, maxLength: MOTION_FLOATS }), fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }))
  .map(([values, angle]) => {
    const m = Float32Array.from(values);
    // a rotation about z as the packed form carries it (w >= 0, rebuilt from x, y, z)
    const packed = new Uint8Array(12);
    packQuaternion([0, 0, Math.sin(angle / 2), Math.cos(angle / 2)], 0, packed, 0);
    unpackQuaternion(new DataView(packed.buffer), 0, m, Motion.Rotation);
    return m;
  });

function roundTrip(m: Float32Array, withPlane: boolean): Float32Array {
  const bytes = new Uint8Array(100);
  const end = encodeObjectMotion(m, 0, withPlane, bytes, 7);
  expect(end - 7).toBe(withPlane ? OBJECT_MOTION_AVATAR_BYTES : OBJECT_MOTION_BYTES);
  const out = new Float32Array(MOTION_FLOATS + 5);
  expect(decodeObjectMotion(bytes, new DataView(bytes.buffer), 7, end - 7, out, 5)).toBe(true);
  return out.subarray(5);
}

describe('ObjectUpdate ObjectData (object motion)', () => {
  it('round-trips the 76-byte avatar form and the 60-byte form', () => {
    fc.assert(
      fc.property(motionRecord, fc.boolean(), (m, withPlane) => {
        const back = roundTrip(m, withPlane);
        for (const at of [Motion.Position, Motion.Velocity, Motion.Acceleration, Motion.AngularVelocity]) {
          expect(Array.from(back.subarray(at, at + 3))).toEqual(Array.from(m.subarray(at, at + 3)));
        }
        expect(Array.from(back.subarray(Motion.Rotation, Motion.Rotation + 4))).toEqual(Array.from(m.subarray(Motion.Rotation, Motion.Rotation + 4)));
        const plane = Array.from(back.subarray(Motion.CollisionPlane, Motion.CollisionPlane + 4));
        expect(plane).toEqual(withPlane ? Array.from(m.subarray(Motion.CollisionPlane, Motion.CollisionPlane + 4)) : [0, 0, 0, 0]);
      }),
    );
  });

  it('accepts the extended 140/124-byte forms and ignores their tails', () => {
    const m = new Float32Array(MOTION_FLOATS);
    m.set([1, 2, 3], Motion.Position);
    m.set([0, 0, 0, 1], Motion.Rotation);
    m.set([0, 0, 1, 25], Motion.CollisionPlane);
    const bytes = new Uint8Array(140).fill(0x7f);
    const view = new DataView(bytes.buffer);
    encodeObjectMotion(m, 0, true, bytes, 0);
    const out = new Float32Array(MOTION_FLOATS);
    expect(decodeObjectMotion(bytes, view, 0, 140, out)).toBe(true);
    expect(Array.from(out.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(out[Motion.CollisionPlane + 3]).toBe(25);
    encodeObjectMotion(m, 0, false, bytes, 0);
    expect(decodeObjectMotion(bytes, view, 0, 124, out)).toBe(true);
    expect(out[Motion.CollisionPlane + 3]).toBe(0);
    expect(objectMotionHasCollisionPlane(140)).toBe(true);
    expect(objectMotionHasCollisionPlane(124)).toBe(false);
  });

  it('decodes the legacy 32- and 48-byte U16 forms over the region ranges', () => {
    const size = 256;
    const bytes = new Uint8Array(48);
    const view = new DataView(bytes.buffer);
    const plane = [0, 0, 1, -20];
    plane.forEach((v, k) => view.setFloat32(4 * k, v, true));
    const u16 = [
      floatToU16(100, -0.5 * size, 1.5 * size), floatToU16(200, -0.5 * size, 1.5 * size), floatToU16(30, -256, 4096),
      floatToU16(1, -size, size), floatToU16(0, -size, size), floatToU16(-1, -size, size),
      floatToU16(0, -size, size), floatToU16(0, -size, size), floatToU16(-9.8, -size, size),
      floatToU16(0, -1, 1), floatToU16(0, -1, 1), floatToU16(Math.SQRT1_2, -1, 1), floatToU16(Math.SQRT1_2, -1, 1),
      floatToU16(0, -size, size), floatToU16(0, -size, size), floatToU16(0.5, -size, size),
    ];
    u16.forEach((v, k) => view.setUint16(16 + 2 * k, v, true));
    const out = new Float32Array(MOTION_FLOATS);
    expect(decodeObjectMotion(bytes, view, 0, 48, out)).toBe(true);
    expect(Array.from(out.subarray(Motion.CollisionPlane))).toEqual(plane);
    expect(out[Motion.Position]).toBeCloseTo(100, 1);
    expect(out[Motion.Position + 1]).toBeCloseTo(200, 1);
    expect(out[Motion.Position + 2]).toBeCloseTo(30, 0);
    expect(out[Motion.Velocity]).toBeCloseTo(1, 1);
    expect(out[Motion.Velocity + 1]).toBe(0);
    expect(out[Motion.Acceleration + 2]).toBeCloseTo(-9.8, 1);
    expect(out[Motion.Rotation + 2]).toBeCloseTo(Math.SQRT1_2, 3);
    expect(Math.hypot(...out.subarray(Motion.Rotation, Motion.Rotation + 4))).toBeCloseTo(1, 6);
    expect(out[Motion.AngularVelocity + 2]).toBeCloseTo(0.5, 1);
    // the 32-byte form is the same without the plane
    expect(decodeObjectMotion(bytes, view, 16, 32, out)).toBe(true);
    expect(out[Motion.Position + 1]).toBeCloseTo(200, 1);
    expect(out[Motion.CollisionPlane + 3]).toBe(0);
  });

  it('decodes the legacy 16-byte U8 form', () => {
    const size = 256;
    const bytes = Uint8Array.from([
      floatToU8(64, -128, 384), floatToU8(128, -128, 384), floatToU8(0, -256, 4096),
      floatToU8(0, -size, size), floatToU8(0, -size, size), floatToU8(0, -size, size),
      floatToU8(0, -size, size), floatToU8(0, -size, size), floatToU8(0, -size, size),
      floatToU8(0, -1, 1), floatToU8(0, -1, 1), floatToU8(0, -1, 1), 255,
      floatToU8(0, -size, size), floatToU8(0, -size, size), floatToU8(0, -size, size),
    ]);
    const out = new Float32Array(MOTION_FLOATS);
    expect(decodeObjectMotion(bytes, new DataView(bytes.buffer), 0, 16, out)).toBe(true);
    expect(out[Motion.Position]).toBeCloseTo(64, -1);
    expect(out[Motion.Position + 1]).toBeCloseTo(128, -1);
    expect(Array.from(out.subarray(Motion.Rotation, Motion.Rotation + 4))).toEqual([0, 0, 0, 1]);
  });

  it('refuses other lengths, short buffers and short outputs without writing', () => {
    const bytes = new Uint8Array(200);
    const view = new DataView(bytes.buffer);
    const out = new Float32Array(MOTION_FLOATS).fill(7);
    for (const length of [0, 1, 15, 44, 59, 61, 75, 77, 139, 200]) {
      expect(isObjectMotionLength(length)).toBe(false);
      expect(decodeObjectMotion(bytes, view, 0, length, out)).toBe(false);
    }
    expect(decodeObjectMotion(bytes, view, 150, 60, out)).toBe(false);
    expect(decodeObjectMotion(bytes, view, 0, 60, new Float32Array(MOTION_FLOATS - 1))).toBe(false);
    expect(Array.from(out)).toEqual(new Array(MOTION_FLOATS).fill(7));
    expect(() => encodeObjectMotion(out, 0, true, new Uint8Array(75), 0)).toThrow(RangeError);
  });
});
