/**
 * ImprovedTerseObjectUpdate `Data` (llviewerobject.cpp processUpdateMessage,
 * OUT_TERSE_IMPROVED; OpenSimulator LLClientView CreateImprovedTerseBlock):
 * LocalID U32, State U8, IsAvatar U8, [CollisionPlane 4×F32 when IsAvatar],
 * Position 3×F32, then U16-quantized velocity (±128), acceleration (±64),
 * rotation x,y,z,w (±1) and angular velocity (±64). 44 bytes, 60 for avatars.
 */
import { ensureRoom, writeBytes, writeF32, writeU16, writeU32, writeU8 } from './le-bytes.ts';
import { MOTION_FLOATS, Motion } from './object-motion.ts';
import { ObjectDataError, ObjectDataStatus } from './object-data-status.ts';
import { normalizeQuaternion } from './packed-quaternion.ts';
import { floatToU16, u16ToFloat } from './quantize.ts';

export const TERSE_DATA_BYTES = 44;
export const TERSE_AVATAR_DATA_BYTES = 60;
export const TERSE_VELOCITY_RANGE = 128;
export const TERSE_ACCELERATION_RANGE = 64;
export const TERSE_ANGULAR_VELOCITY_RANGE = 64;

/** One decoded terse update; `motion` uses the Motion layout (collision plane 0 for non-avatars). */
export class TerseUpdate {
  localId = 0;
  /** Attachment state byte (attachment point, nibbles swapped) as sent. */
  state = 0;
  isAvatar = false;
  readonly motion = new Float32Array(MOTION_FLOATS);
  readonly status = new ObjectDataStatus();
}

function readU16Triple(view: DataView, at: number, out: Float32Array, o: number, range: number): void {
  out[o] = u16ToFloat(view.getUint16(at, true), -range, range);
  out[o + 1] = u16ToFloat(view.getUint16(at + 2, true), -range, range);
  out[o + 2] = u16ToFloat(view.getUint16(at + 4, true), -range, range);
}

/**
 * Decodes a terse `Data` field of `length` bytes at `offset` into `out`. Returns false
 * (with out.status saying why) when the length is neither 44 nor 60 or disagrees with
 * the IsAvatar byte. The rotation is normalized. `view` must address the same bytes as `bytes`.
 */
export function decodeTerseUpdate(bytes: Uint8Array, view: DataView, offset: number, length: number, out: TerseUpdate): boolean {
  const status = out.status;
  status.reset();
  if (offset < 0 || offset + length > bytes.length) {
    return status.fail(ObjectDataError.Truncated, offset, `terse Data of ${length} bytes at ${offset} runs past the ${bytes.length}-byte buffer`);
  }
  if (length !== TERSE_DATA_BYTES && length !== TERSE_AVATAR_DATA_BYTES) {
    return status.fail(ObjectDataError.BadLength, offset, `terse Data is ${length} bytes; it must be 44, or 60 for an avatar`);
  }
  const isAvatar = bytes[offset + 5] !== 0;
  if ((length === TERSE_AVATAR_DATA_BYTES) !== isAvatar) {
    return status.fail(
      ObjectDataError.BadLength,
      offset + 5,
      `terse Data is ${length} bytes but IsAvatar is ${bytes[offset + 5]}; avatars take 60 bytes, others 44`,
    );
  }
  out.localId = view.getUint32(offset, true);
  out.state = bytes[offset + 4]!;
  out.isAvatar = isAvatar;
  const m = out.motion;
  let at = offset + 6;
  if (isAvatar) {
    for (let k = 0; k < 4; k++) m[Motion.CollisionPlane + k] = view.getFloat32(at + 4 * k, true);
    at += 16;
  } else {
    m.fill(0, Motion.CollisionPlane, Motion.CollisionPlane + 4);
  }
  m[Motion.Position] = view.getFloat32(at, true);
  m[Motion.Position + 1] = view.getFloat32(at + 4, true);
  m[Motion.Position + 2] = view.getFloat32(at + 8, true);
  readU16Triple(view, at + 12, m, Motion.Velocity, TERSE_VELOCITY_RANGE);
  readU16Triple(view, at + 18, m, Motion.Acceleration, TERSE_ACCELERATION_RANGE);
  for (let k = 0; k < 4; k++) m[Motion.Rotation + k] = u16ToFloat(view.getUint16(at + 24 + 2 * k, true), -1, 1);
  normalizeQuaternion(m, Motion.Rotation);
  readU16Triple(view, at + 32, m, Motion.AngularVelocity, TERSE_ANGULAR_VELOCITY_RANGE);
  return true;
}

function writeU16Triple(out: Uint8Array, at: number, m: Float32Array, o: number, range: number): number {
  at = writeU16(out, at, floatToU16(m[o]!, -range, range));
  at = writeU16(out, at, floatToU16(m[o + 1]!, -range, range));
  return writeU16(out, at, floatToU16(m[o + 2]!, -range, range));
}

/**
 * Encodes `update` as a terse `Data` field (60 bytes for an avatar, else 44) at `offset`;
 * returns the offset after it. Out-of-range velocities and the like are clamped.
 */
export function encodeTerseUpdate(update: TerseUpdate, out: Uint8Array, offset: number): number {
  ensureRoom(out, offset, update.isAvatar ? TERSE_AVATAR_DATA_BYTES : TERSE_DATA_BYTES, 'ImprovedTerseObjectUpdate Data');
  const m = update.motion;
  let at = writeU32(out, offset, update.localId);
  at = writeU8(out, at, update.state);
  at = writeU8(out, at, update.isAvatar ? 1 : 0);
  if (update.isAvatar) {
    for (let k = 0; k < 4; k++) at = writeF32(out, at, m[Motion.CollisionPlane + k]!);
  }
  for (let k = 0; k < 3; k++) at = writeF32(out, at, m[Motion.Position + k]!);
  at = writeU16Triple(out, at, m, Motion.Velocity, TERSE_VELOCITY_RANGE);
  at = writeU16Triple(out, at, m, Motion.Acceleration, TERSE_ACCELERATION_RANGE);
  for (let k = 0; k < 4; k++) at = writeU16(out, at, floatToU16(m[Motion.Rotation + k]!, -1, 1));
  return writeU16Triple(out, at, m, Motion.AngularVelocity, TERSE_ANGULAR_VELOCITY_RANGE);
}

/**
 * The terse TextureEntry field is LLDataPacker binary data: a U32 length, then the
 * TextureEntry. Returns that inner length (the TE starts at offset + 4), 0 for an empty
 * field, or -1 with `status` filled when the prefix claims more than the field holds.
 * Bytes after the inner TE are ignored, as the viewer does.
 */
export function terseTextureEntryLength(view: DataView, offset: number, length: number, status: ObjectDataStatus): number {
  status.reset();
  if (length === 0) return 0;
  if (length < 4) {
    status.fail(ObjectDataError.Truncated, offset, `terse TextureEntry of ${length} bytes is too short for its 4-byte length`);
    return -1;
  }
  const inner = view.getUint32(offset, true);
  if (inner > length - 4) {
    status.fail(ObjectDataError.Truncated, offset, `terse TextureEntry claims ${inner} bytes but only ${length - 4} follow its length`);
    return -1;
  }
  return inner;
}

/** Writes a terse TextureEntry field (U32 length + the TE bytes); returns the offset after it. */
export function writeTerseTextureEntry(
  out: Uint8Array,
  offset: number,
  textureEntry: Uint8Array,
  teOffset = 0,
  teLength = textureEntry.length - teOffset,
): number {
  ensureRoom(out, offset, 4 + teLength, 'terse TextureEntry');
  const at = writeU32(out, offset, teLength);
  return writeBytes(out, at, textureEntry, teOffset, teLength);
}
