/**
 * The `ObjectData` field of an ObjectUpdate block: where an object is and how it moves
 * (llviewerobject.cpp processUpdateMessage, OUT_FULL). Decoded into a flat float layout
 * shared with ImprovedTerseObjectUpdate, so ingestion can write straight into ECS arrays.
 */
import { ensureRoom, writeF32 } from './le-bytes.ts';
import { normalizeQuaternion, packQuaternion, unpackQuaternion } from './packed-quaternion.ts';
import { u16ToFloat, u8ToFloat } from './quantize.ts';

/**
 * Offsets into a motion record (MOTION_FLOATS floats):
 * position xyz (parent-relative when the object has a parent), velocity xyz,
 * acceleration xyz, rotation quaternion xyzw, angular velocity xyz, and the avatar
 * collision plane (normal xyz, distance w; all 0 when the update carries none).
 */
export const Motion = {
  Position: 0,
  Velocity: 3,
  Acceleration: 6,
  Rotation: 9,
  AngularVelocity: 13,
  CollisionPlane: 16,
} as const;
export const MOTION_FLOATS = 20;

/** Full-precision forms the simulators send: 76 with the avatar collision plane, 60 without. */
export const OBJECT_MOTION_AVATAR_BYTES = 76;
export const OBJECT_MOTION_BYTES = 60;

/**
 * Ranges of the legacy quantized forms (48/32 U16, 16 U8) that no simulator sends
 * any more: positions span [-regionSize/2, 1.5 regionSize] horizontally and
 * [minHeight, maxHeight] vertically; velocity, acceleration and angular velocity
 * span ±regionSize. The viewer took them from the region (width, -width, max object z).
 */
export interface LegacyMotionRanges {
  readonly regionSize: number;
  readonly minHeight: number;
  readonly maxHeight: number;
}
export const DEFAULT_LEGACY_MOTION_RANGES: LegacyMotionRanges = { regionSize: 256, minHeight: -256, maxHeight: 4096 };

/** True for the ObjectData lengths that start with an avatar collision plane. */
export function objectMotionHasCollisionPlane(length: number): boolean {
  return length === 76 || length === 140 || length === 48;
}

/** True for the ObjectData lengths decodeObjectMotion accepts. */
export function isObjectMotionLength(length: number): boolean {
  return length === 76 || length === 60 || length === 140 || length === 124 || length === 48 || length === 32 || length === 16;
}

function zeroPlane(out: Float32Array, o: number): void {
  out[o + Motion.CollisionPlane] = 0;
  out[o + Motion.CollisionPlane + 1] = 0;
  out[o + Motion.CollisionPlane + 2] = 0;
  out[o + Motion.CollisionPlane + 3] = 0;
}

function readVec3(view: DataView, at: number, out: Float32Array, o: number): void {
  out[o] = view.getFloat32(at, true);
  out[o + 1] = view.getFloat32(at + 4, true);
  out[o + 2] = view.getFloat32(at + 8, true);
}

function readU16Vec(view: DataView, at: number, out: Float32Array, o: number, n: number, lower: number, upper: number): void {
  for (let k = 0; k < n; k++) out[o + k] = u16ToFloat(view.getUint16(at + 2 * k, true), lower, upper);
}

/**
 * Decodes an ObjectUpdate ObjectData field of `length` bytes at `offset` into the motion
 * record at out[outOffset..+MOTION_FLOATS] (layout: Motion). Accepts 76/60, their
 * extended 140/124 (the tail is ignored, as the viewer does) and the legacy 48/32/16;
 * returns false, writing nothing, for any other length. Quantized rotations are
 * normalized. `view` must address the same bytes as `bytes`.
 */
export function decodeObjectMotion(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  length: number,
  out: Float32Array,
  outOffset = 0,
  legacy: LegacyMotionRanges = DEFAULT_LEGACY_MOTION_RANGES,
): boolean {
  if (!isObjectMotionLength(length) || offset < 0 || offset + length > bytes.length) return false;
  if (outOffset < 0 || outOffset + MOTION_FLOATS > out.length) return false;
  let at = offset;
  const o = outOffset;
  if (objectMotionHasCollisionPlane(length)) {
    out[o + Motion.CollisionPlane] = view.getFloat32(at, true);
    out[o + Motion.CollisionPlane + 1] = view.getFloat32(at + 4, true);
    out[o + Motion.CollisionPlane + 2] = view.getFloat32(at + 8, true);
    out[o + Motion.CollisionPlane + 3] = view.getFloat32(at + 12, true);
    at += 16;
  } else {
    zeroPlane(out, o);
  }

  if (length >= 60) {
    readVec3(view, at, out, o + Motion.Position);
    readVec3(view, at + 12, out, o + Motion.Velocity);
    readVec3(view, at + 24, out, o + Motion.Acceleration);
    unpackQuaternion(view, at + 36, out, o + Motion.Rotation);
    readVec3(view, at + 48, out, o + Motion.AngularVelocity);
    return true;
  }

  const size = legacy.regionSize;
  if (length !== 16) {
    // 48 / 32: U16-quantized
    out[o + Motion.Position] = u16ToFloat(view.getUint16(at, true), -0.5 * size, 1.5 * size);
    out[o + Motion.Position + 1] = u16ToFloat(view.getUint16(at + 2, true), -0.5 * size, 1.5 * size);
    out[o + Motion.Position + 2] = u16ToFloat(view.getUint16(at + 4, true), legacy.minHeight, legacy.maxHeight);
    readU16Vec(view, at + 6, out, o + Motion.Velocity, 3, -size, size);
    readU16Vec(view, at + 12, out, o + Motion.Acceleration, 3, -size, size);
    readU16Vec(view, at + 18, out, o + Motion.Rotation, 4, -1, 1);
    readU16Vec(view, at + 26, out, o + Motion.AngularVelocity, 3, -size, size);
  } else {
    out[o + Motion.Position] = u8ToFloat(bytes[at]!, -0.5 * size, 1.5 * size);
    out[o + Motion.Position + 1] = u8ToFloat(bytes[at + 1]!, -0.5 * size, 1.5 * size);
    out[o + Motion.Position + 2] = u8ToFloat(bytes[at + 2]!, legacy.minHeight, legacy.maxHeight);
    for (let k = 0; k < 3; k++) out[o + Motion.Velocity + k] = u8ToFloat(bytes[at + 3 + k]!, -size, size);
    for (let k = 0; k < 3; k++) out[o + Motion.Acceleration + k] = u8ToFloat(bytes[at + 6 + k]!, -size, size);
    for (let k = 0; k < 4; k++) out[o + Motion.Rotation + k] = u8ToFloat(bytes[at + 9 + k]!, -1, 1);
    for (let k = 0; k < 3; k++) out[o + Motion.AngularVelocity + k] = u8ToFloat(bytes[at + 13 + k]!, -size, size);
  }
  normalizeQuaternion(out, o + Motion.Rotation);
  return true;
}

/**
 * Encodes the motion record motion[motionOffset..] as a full-precision ObjectData field:
 * 76 bytes when `withCollisionPlane` (avatars), else 60. Returns the offset after it.
 */
export function encodeObjectMotion(
  motion: ArrayLike<number>,
  motionOffset: number,
  withCollisionPlane: boolean,
  out: Uint8Array,
  offset: number,
): number {
  ensureRoom(out, offset, withCollisionPlane ? OBJECT_MOTION_AVATAR_BYTES : OBJECT_MOTION_BYTES, 'ObjectUpdate ObjectData');
  let at = offset;
  const m = motionOffset;
  if (withCollisionPlane) {
    for (let k = 0; k < 4; k++) at = writeF32(out, at, motion[m + Motion.CollisionPlane + k]!);
  }
  for (let k = 0; k < 3; k++) at = writeF32(out, at, motion[m + Motion.Position + k]!);
  for (let k = 0; k < 3; k++) at = writeF32(out, at, motion[m + Motion.Velocity + k]!);
  for (let k = 0; k < 3; k++) at = writeF32(out, at, motion[m + Motion.Acceleration + k]!);
  at = packQuaternion(motion, m + Motion.Rotation, out, at);
  for (let k = 0; k < 3; k++) at = writeF32(out, at, motion[m + Motion.AngularVelocity + k]!);
  return at;
}
