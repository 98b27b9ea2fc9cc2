import { describeWithShared } from '@slv/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readerAs } from '../index.ts';
import { OPENSIM_LOGIN, SL_TERSE, decodeProjectCapture, decodeShared, hex } from './object-data-fixtures.test-support.ts';
import { ObjectDataError, ObjectDataStatus } from './object-data-status.ts';
import { Motion } from './object-motion.ts';
import {
  TERSE_AVATAR_DATA_BYTES, TERSE_DATA_BYTES, TerseUpdate, decodeTerseUpdate, encodeTerseUpdate, terseTextureEntryLength,
  writeTerseTextureEntry,
} from './terse-update.ts';
import { TextureEntryFaces, decodeTextureEntry } from './texture-entry.ts';

const inRange = (r: number) => fc.double({ min: -r, max: r, noNaN: true });
const position = fc.float({ min: Math.fround(-1e5), max: Math.fround(1e5), noNaN: true });

const terseUpdate = fc
  .record({
    localId: fc.integer({ min: 0, max: 0xffffffff }),
    state: fc.integer({ min: 0, max: 255 }),
    isAvatar: fc.boolean(),
    plane: fc.array(position, { minLength: 4, maxLength: 4 }),
    position: fc.array(position, { minLength: 3, maxLength: 3 }),
    velocity: fc.array(inRange(128), { minLength: 3, maxLength: 3 }),
    acceleration: fc.array(inRange(64), { minLength: 3, maxLength: 3 }),
    rotation: fc.array(inRange(1), { minLength: 4, maxLength: 4 }).filter((q) => Math.hypot(...q) > 0.1),
    angularVelocity: fc.array(inRange(64), { minLength: 3, maxLength: 3 }),
  })
  .map((r) => {
    const u = new TerseUpdate();
    u.localId = r.localId;
    u.state = r.state;
    u.isAvatar = r.isAvatar;
    const m = u.motion;
    m.set(r.position, Motion.Position);
    m.set(r.velocity, Motion.Velocity);
    m.set(r.acceleration, Motion.Acceleration);
    const n = Math.hypot(...r.rotation);
    m.set(r.rotation.map((v) => v / n), Motion.Rotation);
    m.set(r.angularVelocity, Motion.AngularVelocity);
    if (r.isAvatar) m.set(r.plane, Motion.CollisionPlane);
    return u;
  });

function encode(u: TerseUpdate): Uint8Array {
  const bytes = new Uint8Array(64);
  const end = encodeTerseUpdate(u, bytes, 2);
  return bytes.subarray(2, end);
}

function decode(bytes: Uint8Array): TerseUpdate {
  const u = new TerseUpdate();
  const ok = decodeTerseUpdate(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length, u);
  expect(u.status.message).toBe('');
  expect(ok).toBe(true);
  return u;
}

describe('ImprovedTerseObjectUpdate Data', () => {
  it('round-trips: exact ids and positions, quantized motion within a step', () => {
    fc.assert(
      fc.property(terseUpdate, (u) => {
        const bytes = encode(u);
        expect(bytes.length).toBe(u.isAvatar ? TERSE_AVATAR_DATA_BYTES : TERSE_DATA_BYTES);
        const back = decode(bytes);
        expect([back.localId, back.state, back.isAvatar]).toEqual([u.localId, u.state, u.isAvatar]);
        const m = u.motion;
        const b = back.motion;
        expect(Array.from(b.subarray(Motion.Position, Motion.Position + 3))).toEqual(Array.from(m.subarray(Motion.Position, Motion.Position + 3)));
        expect(Array.from(b.subarray(Motion.CollisionPlane, Motion.CollisionPlane + 4))).toEqual(Array.from(m.subarray(Motion.CollisionPlane, Motion.CollisionPlane + 4)));
        // one step, or 1.5 next to zero, where the step above zero is snapped down to it
        for (let k = 0; k < 3; k++) {
          expect(Math.abs(b[Motion.Velocity + k]! - m[Motion.Velocity + k]!)).toBeLessThanOrEqual((1.5 * 256) / 65535 + 1e-5);
          expect(Math.abs(b[Motion.Acceleration + k]! - m[Motion.Acceleration + k]!)).toBeLessThanOrEqual((1.5 * 128) / 65535 + 1e-5);
          expect(Math.abs(b[Motion.AngularVelocity + k]! - m[Motion.AngularVelocity + k]!)).toBeLessThanOrEqual((1.5 * 128) / 65535 + 1e-5);
        }
        for (let k = 0; k < 4; k++) expect(Math.abs(b[Motion.Rotation + k]! - m[Motion.Rotation + k]!)).toBeLessThan(2e-4);
        expect(Math.hypot(...b.subarray(Motion.Rotation, Motion.Rotation + 4))).toBeCloseTo(1, 6);
      }),
    );
  });

  it('re-encodes a decoded update to the same bytes, quantized values within one step', () => {
    // one step: the rotation is normalized on decode, and 0x7FFF/0x8000 both decode to exactly 0
    fc.assert(
      fc.property(terseUpdate, (u) => {
        const first = encode(u);
        const second = encode(decode(first));
        const quantizedAt = first.length - 26;
        expect(hex(second.subarray(0, quantizedAt))).toBe(hex(first.subarray(0, quantizedAt)));
        const v1 = new DataView(first.buffer, first.byteOffset);
        const v2 = new DataView(second.buffer, second.byteOffset);
        for (let at = quantizedAt; at < first.length; at += 2) {
          expect(Math.abs(v1.getUint16(at, true) - v2.getUint16(at, true))).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('sends zero motion as 0x7FFF, like both simulators', () => {
    const u = new TerseUpdate();
    u.motion[Motion.Rotation + 3] = 1;
    const bytes = encode(u);
    expect(hex(bytes.subarray(18, 30))).toBe('ff7f'.repeat(6));
    expect(decode(bytes).motion[Motion.Velocity]).toBe(0);
  });

  it('rejects lengths other than 44/60 and an IsAvatar byte that disagrees with the length', () => {
    const u = new TerseUpdate();
    const status = u.status;
    const bytes = new Uint8Array(80);
    const view = new DataView(bytes.buffer);
    for (const length of [0, 43, 45, 59, 61]) {
      expect(decodeTerseUpdate(bytes, view, 0, length, u)).toBe(false);
      expect(status.code).toBe(ObjectDataError.BadLength);
    }
    bytes[5] = 1;
    expect(decodeTerseUpdate(bytes, view, 0, 44, u)).toBe(false);
    expect(status.message).toMatch(/IsAvatar is 1/);
    bytes[5] = 0;
    expect(decodeTerseUpdate(bytes, view, 0, 60, u)).toBe(false);
    expect(decodeTerseUpdate(bytes, view, 50, 44, u)).toBe(false);
    expect(status.code).toBe(ObjectDataError.Truncated);
    expect(() => encodeTerseUpdate(u, new Uint8Array(43), 0)).toThrow(RangeError);
  });

  it('frames the terse TextureEntry as a U32 length and the entry', () => {
    const te = Uint8Array.from([1, 2, 3, 4, 5]);
    const bytes = new Uint8Array(12);
    expect(writeTerseTextureEntry(bytes, 1, te)).toBe(10);
    const view = new DataView(bytes.buffer);
    const status = new ObjectDataStatus();
    expect(terseTextureEntryLength(view, 1, 9, status)).toBe(5);
    expect(Array.from(bytes.subarray(5, 10))).toEqual([1, 2, 3, 4, 5]);
    expect(terseTextureEntryLength(view, 1, 0, status)).toBe(0);
    expect(terseTextureEntryLength(view, 1, 8, status)).toBe(-1);
    expect(status.message).toMatch(/claims 5 bytes but only 4/);
    expect(terseTextureEntryLength(view, 1, 3, status)).toBe(-1);
    expect(() => writeTerseTextureEntry(bytes, 4, te)).toThrow(RangeError);
  });
});

describeWithShared('Second Life ImprovedTerseObjectUpdate capture (12 objects)', [SL_TERSE], () => {
  it('decodes all twelve, inside a 256 m region, and re-encodes them', () => {
    const reader = readerAs(decodeShared(SL_TERSE), 'ImprovedTerseObjectUpdate')!;
    const block = reader.ObjectData;
    expect(block.count).toBe(12);
    const u = new TerseUpdate();
    const te = new TextureEntryFaces();
    const out = new Uint8Array(64);
    let withTextures = 0;
    for (let i = 0; i < block.count; i++) {
      expect(decodeTerseUpdate(block.bytes, block.view, block.DataOffset(i), block.DataLength(i), u)).toBe(true);
      expect(u.isAvatar).toBe(false);
      expect(u.localId).toBe(block.view.getUint32(block.DataOffset(i), true));
      const m = u.motion;
      // root objects sit in the region; children (a few here) are offsets from their parent
      expect(Math.abs(m[Motion.Position]!)).toBeLessThan(256);
      expect(Math.abs(m[Motion.Position + 1]!)).toBeLessThan(256);
      expect(Math.abs(m[Motion.Position + 2]!)).toBeLessThan(4096);
      expect(Array.from(m.subarray(Motion.Velocity, Motion.Rotation))).toEqual([0, 0, 0, 0, 0, 0]);
      expect(Math.hypot(...m.subarray(Motion.Rotation, Motion.Rotation + 4))).toBeCloseTo(1, 6);
      // re-encoded: identical except the normalized rotation, which may move one step
      const end = encodeTerseUpdate(u, out, 0);
      const original = block.bytes.subarray(block.DataOffset(i), block.DataOffset(i) + block.DataLength(i));
      expect(hex(out.subarray(0, 30))).toBe(hex(original.subarray(0, 30)));
      expect(hex(out.subarray(38, end))).toBe(hex(original.subarray(38)));
      const length = terseTextureEntryLength(block.view, block.TextureEntryOffset(i), block.TextureEntryLength(i), u.status);
      expect(length).toBeGreaterThanOrEqual(0);
      if (length > 0) {
        withTextures++;
        expect(length + 4).toBe(block.TextureEntryLength(i));
        expect(decodeTextureEntry(block.bytes, block.view, block.TextureEntryOffset(i) + 4, length, te)).toBe(true);
        expect(te.byteLength).toBe(length);
        expect(te.fieldCount).toBe(11);
      }
    }
    expect(withTextures).toBe(5);
  });
});

describe('OpenSimulator avatar terse updates', () => {
  it('decodes the avatar with its collision plane near (128, 128, 26)', () => {
    const decoders = decodeProjectCapture(OPENSIM_LOGIN, 'ImprovedTerseObjectUpdate');
    expect(decoders.length).toBe(2);
    const u = new TerseUpdate();
    for (const decoder of decoders) {
      const block = readerAs(decoder, 'ImprovedTerseObjectUpdate')!.ObjectData;
      expect(decodeTerseUpdate(block.bytes, block.view, block.DataOffset(0), block.DataLength(0), u)).toBe(true);
      expect(u.isAvatar).toBe(true);
      const m = u.motion;
      expect(m[Motion.Position]).toBeCloseTo(128, 0);
      expect(m[Motion.Position + 1]).toBeCloseTo(128, 0);
      expect(m[Motion.Position + 2]).toBeCloseTo(26.1, 0);
      // a ground plane: normal close to +z, passing near the avatar's feet
      expect(m[Motion.CollisionPlane + 2]).toBeGreaterThan(0.99);
      expect(m[Motion.CollisionPlane + 3]).toBeGreaterThan(20);
      expect(m[Motion.CollisionPlane + 3]).toBeLessThan(26);
      const out = new Uint8Array(60);
      encodeTerseUpdate(u, out, 0);
      expect(hex(out.subarray(0, 46))).toBe(hex(block.bytes.subarray(block.DataOffset(0), block.DataOffset(0) + 46)));
    }
  });
});
