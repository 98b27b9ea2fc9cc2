/**
 * Prim shape parameters (LLPathParams / LLProfileParams) and their wire quantization,
 * exactly as llvolumemessage.cpp packs and unpacks them. The arithmetic is done in
 * 32-bit floats like the viewer's, so a decoded value is the float the viewer would
 * hold and re-quantizes to the same wire integer.
 */
import type { ObjectUpdate_ObjectData } from '../generated/message-readers.ts';
import { ensureRoom, writeU16, writeU8 } from './le-bytes.ts';

/** PathCurve byte (LL_PCODE_PATH_*). */
export const PathCurve = {
  Line: 0x10,
  Circle: 0x20,
  Circle2: 0x30,
  Test: 0x40,
  Flexible: 0x80,
} as const;
export type PathCurve = (typeof PathCurve)[keyof typeof PathCurve];

/** Low nibble of ProfileCurve (LL_PCODE_PROFILE_*): the outline swept along the path. */
export const ProfileShape = {
  Circle: 0x00,
  Square: 0x01,
  IsoTriangle: 0x02,
  EquilateralTriangle: 0x03,
  RightTriangle: 0x04,
  HalfCircle: 0x05,
} as const;
export type ProfileShape = (typeof ProfileShape)[keyof typeof ProfileShape];

/** High nibble of ProfileCurve (LL_PCODE_HOLE_*): the shape of the hollow. */
export const HoleType = {
  Same: 0x00,
  Circle: 0x10,
  Square: 0x20,
  Triangle: 0x30,
} as const;
export type HoleType = (typeof HoleType)[keyof typeof HoleType];

export const PROFILE_SHAPE_MASK = 0x0f;
export const HOLE_TYPE_MASK = 0xf0;

/** Quanta of llvolumemessage.cpp, as the 32-bit floats the viewer multiplies by. */
export const CUT_QUANTA = Math.fround(0.00002);
export const SCALE_QUANTA = Math.fround(0.01);
export const SHEAR_QUANTA = Math.fround(0.01);
export const TAPER_QUANTA = Math.fround(0.01);
export const REV_QUANTA = Math.fround(0.015);
export const HOLLOW_QUANTA = Math.fround(0.00002);

/** Bytes of the shape parameters on the wire, in either field order. */
export const SHAPE_BYTES = 23;

/** A prim's shape as plain numbers: curves as their bytes, the rest dequantized. */
export class ShapeParams {
  /** PathCurve byte (see PathCurve). */
  pathCurve: number = PathCurve.Line;
  /** ProfileCurve byte: ProfileShape | HoleType. */
  profileCurve: number = ProfileShape.Square;
  /** Path cut, 0..1. */
  pathBegin = 0;
  pathEnd = 1;
  /** Top size ("taper" in the build floater) 0..2; 1 is no taper. */
  pathScaleX = 1;
  pathScaleY = 1;
  /** Top shear, -0.5..0.5. */
  pathShearX = 0;
  pathShearY = 0;
  /** Twist end and begin, in turns (-1..1, or -0.5..0.5 on linear paths). */
  pathTwist = 0;
  pathTwistBegin = 0;
  pathRadiusOffset = 0;
  pathTaperX = 0;
  pathTaperY = 0;
  /** 1..4. */
  pathRevolutions = 1;
  pathSkew = 0;
  /** Profile cut, 0..1. */
  profileBegin = 0;
  profileEnd = 1;
  /** Hollow, 0..1 (the viewer limits it to 0.95 later, in LLVolumeParams). */
  profileHollow = 0;
}

/** The shape parameters as the integers on the wire (shear and the other S8 fields signed). */
export class QuantizedShape {
  pathCurve = PathCurve.Line as number;
  profileCurve = ProfileShape.Square as number;
  pathBegin = 0;
  pathEnd = 0;
  pathScaleX = 100;
  pathScaleY = 100;
  pathShearX = 0;
  pathShearY = 0;
  pathTwist = 0;
  pathTwistBegin = 0;
  pathRadiusOffset = 0;
  pathTaperX = 0;
  pathTaperY = 0;
  pathRevolutions = 0;
  pathSkew = 0;
  profileBegin = 0;
  profileEnd = 0;
  profileHollow = 0;
}

const f = Math.fround;

function signed8(u: number): number {
  return (u << 24) >> 24;
}

/** ll_round then clamp into [lo, hi] (the viewer would wrap; clamping keeps nonsense in range). */
function roundClamp(value: number, lo: number, hi: number): number {
  const r = Math.floor(value + 0.5);
  if (!(r >= lo)) return lo; // also catches NaN
  return r > hi ? hi : r;
}

/**
 * Dequantizes `raw` into `out` like LLVolumeMessage::unpackPathParams/unpackProfileParams.
 * Returns false when a profile value was out of range and replaced the way the viewer
 * does (begin and hollow above 1 become 0; an end cut above 1 leaves an end of 0).
 */
export function dequantizeShape(raw: QuantizedShape, out: ShapeParams): boolean {
  out.pathCurve = raw.pathCurve & 0xff;
  out.profileCurve = raw.profileCurve & 0xff;
  out.pathBegin = f(raw.pathBegin * CUT_QUANTA);
  out.pathEnd = f((50000 - raw.pathEnd) * CUT_QUANTA);
  out.pathScaleX = f((200 - raw.pathScaleX) * SCALE_QUANTA);
  out.pathScaleY = f((200 - raw.pathScaleY) * SCALE_QUANTA);
  out.pathShearX = f(raw.pathShearX * SHEAR_QUANTA);
  out.pathShearY = f(raw.pathShearY * SHEAR_QUANTA);
  out.pathTwist = f(raw.pathTwist * SCALE_QUANTA);
  out.pathTwistBegin = f(raw.pathTwistBegin * SCALE_QUANTA);
  out.pathRadiusOffset = f(raw.pathRadiusOffset * SCALE_QUANTA);
  out.pathTaperX = f(raw.pathTaperX * TAPER_QUANTA);
  out.pathTaperY = f(raw.pathTaperY * TAPER_QUANTA);
  out.pathRevolutions = f(f(raw.pathRevolutions * REV_QUANTA) + 1);
  out.pathSkew = f(raw.pathSkew * SCALE_QUANTA);

  let ok = true;
  let t = f(raw.profileBegin * CUT_QUANTA);
  if (t > 1) {
    t = 0;
    ok = false;
  }
  out.profileBegin = t;
  t = f(raw.profileEnd * CUT_QUANTA);
  if (t > 1) {
    t = 1;
    ok = false;
  }
  out.profileEnd = f(1 - t);
  t = f(raw.profileHollow * HOLLOW_QUANTA);
  if (t > 1) {
    t = 0;
    ok = false;
  }
  out.profileHollow = t;
  return ok;
}

/** Quantizes `shape` into `out` like LLVolumeMessage::packPathParams/packProfileParams, clamped to each field's range. */
export function quantizeShape(shape: ShapeParams, out: QuantizedShape): QuantizedShape {
  out.pathCurve = shape.pathCurve & 0xff;
  out.profileCurve = shape.profileCurve & 0xff;
  out.pathBegin = roundClamp(shape.pathBegin / CUT_QUANTA, 0, 0xffff);
  out.pathEnd = 50000 - roundClamp(shape.pathEnd / CUT_QUANTA, 50000 - 0xffff, 50000);
  out.pathScaleX = 200 - roundClamp(shape.pathScaleX / SCALE_QUANTA, 200 - 0xff, 200);
  out.pathScaleY = 200 - roundClamp(shape.pathScaleY / SCALE_QUANTA, 200 - 0xff, 200);
  out.pathShearX = roundClamp(shape.pathShearX / SHEAR_QUANTA, -128, 127);
  out.pathShearY = roundClamp(shape.pathShearY / SHEAR_QUANTA, -128, 127);
  out.pathTwist = roundClamp(shape.pathTwist / SCALE_QUANTA, -128, 127);
  out.pathTwistBegin = roundClamp(shape.pathTwistBegin / SCALE_QUANTA, -128, 127);
  out.pathRadiusOffset = roundClamp(shape.pathRadiusOffset / SCALE_QUANTA, -128, 127);
  out.pathTaperX = roundClamp(shape.pathTaperX / TAPER_QUANTA, -128, 127);
  out.pathTaperY = roundClamp(shape.pathTaperY / TAPER_QUANTA, -128, 127);
  out.pathRevolutions = roundClamp((shape.pathRevolutions - 1) / REV_QUANTA, 0, 0xff);
  out.pathSkew = roundClamp(shape.pathSkew / SCALE_QUANTA, -128, 127);
  out.profileBegin = roundClamp(shape.profileBegin / CUT_QUANTA, 0, 0xffff);
  out.profileEnd = 50000 - roundClamp(shape.profileEnd / CUT_QUANTA, 50000 - 0xffff, 50000);
  out.profileHollow = roundClamp(shape.profileHollow / HOLLOW_QUANTA, 0, 0xffff);
  return out;
}

/**
 * Reads the path block after PathCurve (PathBegin … PathSkew, 15 bytes) at `o`:
 * both wire orders carry it whole, ObjectUpdate with ProfileCurve before it.
 */
function readPathRest(bytes: Uint8Array, view: DataView, o: number, raw: QuantizedShape): void {
  raw.pathBegin = view.getUint16(o, true);
  raw.pathEnd = view.getUint16(o + 2, true);
  raw.pathScaleX = bytes[o + 4]!;
  raw.pathScaleY = bytes[o + 5]!;
  raw.pathShearX = signed8(bytes[o + 6]!);
  raw.pathShearY = signed8(bytes[o + 7]!);
  raw.pathTwist = signed8(bytes[o + 8]!);
  raw.pathTwistBegin = signed8(bytes[o + 9]!);
  raw.pathRadiusOffset = signed8(bytes[o + 10]!);
  raw.pathTaperX = signed8(bytes[o + 11]!);
  raw.pathTaperY = signed8(bytes[o + 12]!);
  raw.pathRevolutions = bytes[o + 13]!;
  raw.pathSkew = signed8(bytes[o + 14]!);
}

function writePathRest(raw: QuantizedShape, out: Uint8Array, o: number): number {
  o = writeU16(out, o, raw.pathBegin);
  o = writeU16(out, o, raw.pathEnd);
  o = writeU8(out, o, raw.pathScaleX);
  o = writeU8(out, o, raw.pathScaleY);
  o = writeU8(out, o, raw.pathShearX);
  o = writeU8(out, o, raw.pathShearY);
  o = writeU8(out, o, raw.pathTwist);
  o = writeU8(out, o, raw.pathTwistBegin);
  o = writeU8(out, o, raw.pathRadiusOffset);
  o = writeU8(out, o, raw.pathTaperX);
  o = writeU8(out, o, raw.pathTaperY);
  o = writeU8(out, o, raw.pathRevolutions);
  return writeU8(out, o, raw.pathSkew);
}

function readProfileRange(view: DataView, o: number, raw: QuantizedShape): void {
  raw.profileBegin = view.getUint16(o, true);
  raw.profileEnd = view.getUint16(o + 2, true);
  raw.profileHollow = view.getUint16(o + 4, true);
}

function writeProfileRange(raw: QuantizedShape, out: Uint8Array, o: number): number {
  o = writeU16(out, o, raw.profileBegin);
  o = writeU16(out, o, raw.profileEnd);
  return writeU16(out, o, raw.profileHollow);
}

/**
 * Reads 23 bytes in ObjectUpdate order: PathCurve, ProfileCurve, then the rest of the
 * path block, then ProfileBegin/End/Hollow. `view` must address the same bytes as `bytes`.
 */
export function readShapeUpdateOrder(bytes: Uint8Array, view: DataView, offset: number, raw: QuantizedShape): QuantizedShape {
  // the path block with ProfileCurve spliced in after its first byte
  raw.pathCurve = bytes[offset]!;
  raw.profileCurve = bytes[offset + 1]!;
  readPathRest(bytes, view, offset + 2, raw);
  readProfileRange(view, offset + 17, raw);
  return raw;
}

/** Writes 23 bytes in ObjectUpdate order; returns the offset after them. */
export function writeShapeUpdateOrder(raw: QuantizedShape, out: Uint8Array, offset: number): number {
  ensureRoom(out, offset, SHAPE_BYTES, 'shape parameters');
  let o = writeU8(out, offset, raw.pathCurve);
  o = writeU8(out, o, raw.profileCurve);
  o = writePathRest(raw, out, o);
  return writeProfileRange(raw, out, o);
}

/**
 * Reads 23 bytes in ObjectUpdateCompressed / LLDataPacker order: the whole path block
 * (PathCurve … PathSkew), then ProfileCurve, ProfileBegin/End/Hollow.
 */
export function readShapeCompressedOrder(bytes: Uint8Array, view: DataView, offset: number, raw: QuantizedShape): QuantizedShape {
  raw.pathCurve = bytes[offset]!;
  readPathRest(bytes, view, offset + 1, raw);
  raw.profileCurve = bytes[offset + 16]!;
  readProfileRange(view, offset + 17, raw);
  return raw;
}

/** Writes 23 bytes in ObjectUpdateCompressed order; returns the offset after them. */
export function writeShapeCompressedOrder(raw: QuantizedShape, out: Uint8Array, offset: number): number {
  ensureRoom(out, offset, SHAPE_BYTES, 'shape parameters');
  let o = writePathRest(raw, out, writeU8(out, offset, raw.pathCurve));
  o = writeU8(out, o, raw.profileCurve);
  return writeProfileRange(raw, out, o);
}

const scratchRaw = new QuantizedShape();

/** Dequantizes instance `i` of a bound ObjectUpdate ObjectData block into `out`; see dequantizeShape. */
export function readObjectUpdateShape(block: ObjectUpdate_ObjectData, i: number, out: ShapeParams): boolean {
  const raw = scratchRaw;
  raw.pathCurve = block.PathCurve(i);
  raw.profileCurve = block.ProfileCurve(i);
  raw.pathBegin = block.PathBegin(i);
  raw.pathEnd = block.PathEnd(i);
  raw.pathScaleX = block.PathScaleX(i);
  raw.pathScaleY = block.PathScaleY(i);
  // The template calls the shears U8; the viewer reads them as S8.
  raw.pathShearX = signed8(block.PathShearX(i));
  raw.pathShearY = signed8(block.PathShearY(i));
  raw.pathTwist = block.PathTwist(i);
  raw.pathTwistBegin = block.PathTwistBegin(i);
  raw.pathRadiusOffset = block.PathRadiusOffset(i);
  raw.pathTaperX = block.PathTaperX(i);
  raw.pathTaperY = block.PathTaperY(i);
  raw.pathRevolutions = block.PathRevolutions(i);
  raw.pathSkew = block.PathSkew(i);
  raw.profileBegin = block.ProfileBegin(i);
  raw.profileEnd = block.ProfileEnd(i);
  raw.profileHollow = block.ProfileHollow(i);
  return dequantizeShape(raw, out);
}

/** Reads 23 bytes in ObjectUpdate order and dequantizes them into `out`; see dequantizeShape. */
export function decodeShapeUpdateOrder(bytes: Uint8Array, view: DataView, offset: number, out: ShapeParams): boolean {
  return dequantizeShape(readShapeUpdateOrder(bytes, view, offset, scratchRaw), out);
}

/** Reads 23 bytes in compressed order and dequantizes them into `out`; see dequantizeShape. */
export function decodeShapeCompressedOrder(bytes: Uint8Array, view: DataView, offset: number, out: ShapeParams): boolean {
  return dequantizeShape(readShapeCompressedOrder(bytes, view, offset, scratchRaw), out);
}

/** Quantizes `shape` and writes it in ObjectUpdate order; returns the offset after it. */
export function encodeShapeUpdateOrder(shape: ShapeParams, out: Uint8Array, offset: number): number {
  return writeShapeUpdateOrder(quantizeShape(shape, scratchRaw), out, offset);
}

/** Quantizes `shape` and writes it in compressed order; returns the offset after it. */
export function encodeShapeCompressedOrder(shape: ShapeParams, out: Uint8Array, offset: number): number {
  return writeShapeCompressedOrder(quantizeShape(shape, scratchRaw), out, offset);
}

/**
 * Float layout of writeShapeParams/readShapeParams, for shape components kept in a
 * Float32Array (SHAPE_FLOATS per entity). Every value is exact in a float.
 */
export const ShapeFloat = {
  PathCurve: 0,
  ProfileCurve: 1,
  PathBegin: 2,
  PathEnd: 3,
  PathScaleX: 4,
  PathScaleY: 5,
  PathShearX: 6,
  PathShearY: 7,
  PathTwist: 8,
  PathTwistBegin: 9,
  PathRadiusOffset: 10,
  PathTaperX: 11,
  PathTaperY: 12,
  PathRevolutions: 13,
  PathSkew: 14,
  ProfileBegin: 15,
  ProfileEnd: 16,
  ProfileHollow: 17,
} as const;
export const SHAPE_FLOATS = 18;

export function writeShapeParams(out: Float32Array, offset: number, shape: ShapeParams): Float32Array {
  out[offset] = shape.pathCurve;
  out[offset + 1] = shape.profileCurve;
  out[offset + 2] = shape.pathBegin;
  out[offset + 3] = shape.pathEnd;
  out[offset + 4] = shape.pathScaleX;
  out[offset + 5] = shape.pathScaleY;
  out[offset + 6] = shape.pathShearX;
  out[offset + 7] = shape.pathShearY;
  out[offset + 8] = shape.pathTwist;
  out[offset + 9] = shape.pathTwistBegin;
  out[offset + 10] = shape.pathRadiusOffset;
  out[offset + 11] = shape.pathTaperX;
  out[offset + 12] = shape.pathTaperY;
  out[offset + 13] = shape.pathRevolutions;
  out[offset + 14] = shape.pathSkew;
  out[offset + 15] = shape.profileBegin;
  out[offset + 16] = shape.profileEnd;
  out[offset + 17] = shape.profileHollow;
  return out;
}

export function readShapeParams(source: Float32Array, offset: number, out: ShapeParams): ShapeParams {
  out.pathCurve = source[offset]!;
  out.profileCurve = source[offset + 1]!;
  out.pathBegin = source[offset + 2]!;
  out.pathEnd = source[offset + 3]!;
  out.pathScaleX = source[offset + 4]!;
  out.pathScaleY = source[offset + 5]!;
  out.pathShearX = source[offset + 6]!;
  out.pathShearY = source[offset + 7]!;
  out.pathTwist = source[offset + 8]!;
  out.pathTwistBegin = source[offset + 9]!;
  out.pathRadiusOffset = source[offset + 10]!;
  out.pathTaperX = source[offset + 11]!;
  out.pathTaperY = source[offset + 12]!;
  out.pathRevolutions = source[offset + 13]!;
  out.pathSkew = source[offset + 14]!;
  out.profileBegin = source[offset + 15]!;
  out.profileEnd = source[offset + 16]!;
  out.profileHollow = source[offset + 17]!;
  return out;
}

export function copyShapeParams(out: ShapeParams, from: ShapeParams): ShapeParams {
  out.pathCurve = from.pathCurve;
  out.profileCurve = from.profileCurve;
  out.pathBegin = from.pathBegin;
  out.pathEnd = from.pathEnd;
  out.pathScaleX = from.pathScaleX;
  out.pathScaleY = from.pathScaleY;
  out.pathShearX = from.pathShearX;
  out.pathShearY = from.pathShearY;
  out.pathTwist = from.pathTwist;
  out.pathTwistBegin = from.pathTwistBegin;
  out.pathRadiusOffset = from.pathRadiusOffset;
  out.pathTaperX = from.pathTaperX;
  out.pathTaperY = from.pathTaperY;
  out.pathRevolutions = from.pathRevolutions;
  out.pathSkew = from.pathSkew;
  out.profileBegin = from.profileBegin;
  out.profileEnd = from.profileEnd;
  out.profileHollow = from.profileHollow;
  return out;
}
