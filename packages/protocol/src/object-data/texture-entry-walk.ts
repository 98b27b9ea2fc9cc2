/**
 * The one reader of the TextureEntry wire format (llprimitive.cpp packTEMessage,
 * parseTEMessage / unpack_TEField). Eleven fields in a fixed order; each is a default
 * value for every face, then { face bitfield, value } exceptions ended by a zero
 * bitfield. A bitfield is 7 bits a byte, most significant group first, continued while
 * the byte's top bit is set. Trailing fields may be missing (older senders stop after
 * MediaTexGen or Glow) and the last field needs no terminator.
 *
 * walkTextureEntry checks the layout and hands each value to a sink's method for its
 * field as (faces, byte offset); the value readers below say what the bytes mean. decodeTextureEntry
 * (all 45 faces into TextureEntryFaces) and @slv/world (its kept faces straight into
 * components) are both sinks, so neither walks the bytes itself.
 */
import { ObjectDataError, ObjectDataStatus } from './object-data-status.ts';

export const MAX_TEXTURE_ENTRY_FACES = 45;
export const TEXTURE_ENTRY_FIELD_COUNT = 11;

/** Field order on the wire. */
export const TextureEntryField = {
  TextureId: 0,
  Color: 1,
  ScaleS: 2,
  ScaleT: 3,
  OffsetS: 4,
  OffsetT: 5,
  Rotation: 6,
  BumpShinyFullbright: 7,
  MediaTexGen: 8,
  Glow: 9,
  MaterialId: 10,
} as const;
export type TextureEntryField = (typeof TextureEntryField)[keyof typeof TextureEntryField];

/** The field names errors use, in wire order. */
export const TEXTURE_ENTRY_FIELD_NAMES = [
  'TextureID', 'Color', 'ScaleS', 'ScaleT', 'OffsetS', 'OffsetT', 'Rotation', 'BumpShinyFullbright', 'MediaTexGen', 'Glow', 'MaterialID',
] as const;
/** Bytes of one value of each field, in wire order. */
export const TEXTURE_ENTRY_FIELD_SIZES = [16, 4, 4, 4, 2, 2, 2, 1, 1, 1, 16] as const;

/** Texture coordinate generation, as kept in texGen (the MediaTexGen bits 0x06). */
export const TexGen = { Default: 0x00, Planar: 0x02, Spherical: 0x04, Cylindrical: 0x06 } as const;
/** The MediaTexGen bits that hold the TexGen. */
export const TEX_GEN_MASK = 0x06;
/** Bit 0 of MediaTexGen: the face shows shared media. */
export const MEDIA_FLAG = 0x01;

/** The OffsetS/T scale (the viewer packs ±1 as ±0x7FFF). */
export const TEXTURE_OFFSET_SCALE = 0x7fff;
/** TEXTURE_ROTATION_PACK_FACTOR: a full turn is 32768. */
export const TEXTURE_ROTATION_PACK = 32768;
const F_TWO_PI = Math.fround(2 * Math.PI);

// Value readers: what a field's bytes at `at` mean. Small enough to inline into a sink.

/** A Color byte (R, G, B or A at at..at+3) as 0..255: the wire holds 255 - value, so zeros are opaque white. */
export function textureEntryColorByte(bytes: Uint8Array, at: number): number {
  return 255 - bytes[at]!;
}
/** ScaleS or ScaleT: an F32. */
export function textureEntryScale(view: DataView, at: number): number {
  return view.getFloat32(at, true);
}
/** OffsetS or OffsetT: an S16, -1..1 (a received -32768 gives just under -1). */
export function textureEntryOffset(view: DataView, at: number): number {
  return view.getInt16(at, true) / TEXTURE_OFFSET_SCALE;
}
/** Rotation: an S16, in radians, rounded through F32 as the viewer does. */
export function textureEntryRotation(view: DataView, at: number): number {
  return Math.fround(view.getInt16(at, true) / TEXTURE_ROTATION_PACK) * F_TWO_PI;
}
/** The bump map of a BumpShinyFullbright byte: 0 none, 1 brightness, 2 darkness, 3.. the textures. */
export function textureEntryBump(b: number): number {
  return b & 0x1f;
}
/** The fullbright bit (0 or 1) of a BumpShinyFullbright byte. */
export function textureEntryFullbright(b: number): number {
  return (b >> 5) & 1;
}
/** The shininess (0..3) of a BumpShinyFullbright byte. */
export function textureEntryShiny(b: number): number {
  return (b >> 6) & 3;
}
/** The TexGen (0, 2, 4 or 6) of a MediaTexGen byte. */
export function textureEntryTexGen(b: number): number {
  return b & TEX_GEN_MASK;
}
/** A MediaTexGen byte without the TexGen bits: MEDIA_FLAG and any unassigned bits. */
export function textureEntryMediaFlags(b: number): number {
  return b & ~TEX_GEN_MASK & 0xff;
}
/** Glow as its byte, 0..255 (255 is full glow). */
export function textureEntryGlowByte(bytes: Uint8Array, at: number): number {
  return bytes[at]!;
}

/**
 * Receives a TextureEntry's values in wire order, one method per field, later calls
 * overriding earlier ones for the faces they share. Implement it on one reused object:
 * the walker calls it for every default and exception, so it must not allocate.
 *
 * Each method gets the faces the value applies to, `lo` (faces 0..31 as an int32, so
 * face 31 makes it negative) and `hi` (faces 32..44), only faces below the walk's face
 * limit and never none, and `at`, the offset of the value (TEXTURE_ENTRY_FIELD_SIZES
 * bytes) in the bytes being walked; read it with the value readers above. `at` is -1
 * for a field the entry leaves out: those faces take the neutral value (no texture or
 * material, white, scale 1, the rest 0). One method per field keeps each small, so a
 * reader inlines into it.
 */
export interface TextureEntrySink {
  textureId(lo: number, hi: number, at: number): void;
  color(lo: number, hi: number, at: number): void;
  scaleS(lo: number, hi: number, at: number): void;
  scaleT(lo: number, hi: number, at: number): void;
  offsetS(lo: number, hi: number, at: number): void;
  offsetT(lo: number, hi: number, at: number): void;
  rotation(lo: number, hi: number, at: number): void;
  bumpShinyFullbright(lo: number, hi: number, at: number): void;
  mediaTexGen(lo: number, hi: number, at: number): void;
  glow(lo: number, hi: number, at: number): void;
  materialId(lo: number, hi: number, at: number): void;
}

/** Hands field `field`'s value to its method of `sink`. */
function deliver(sink: TextureEntrySink, field: number, lo: number, hi: number, at: number): void {
  switch (field) {
    case TextureEntryField.TextureId: sink.textureId(lo, hi, at); return;
    case TextureEntryField.Color: sink.color(lo, hi, at); return;
    case TextureEntryField.ScaleS: sink.scaleS(lo, hi, at); return;
    case TextureEntryField.ScaleT: sink.scaleT(lo, hi, at); return;
    case TextureEntryField.OffsetS: sink.offsetS(lo, hi, at); return;
    case TextureEntryField.OffsetT: sink.offsetT(lo, hi, at); return;
    case TextureEntryField.Rotation: sink.rotation(lo, hi, at); return;
    case TextureEntryField.BumpShinyFullbright: sink.bumpShinyFullbright(lo, hi, at); return;
    case TextureEntryField.MediaTexGen: sink.mediaTexGen(lo, hi, at); return;
    case TextureEntryField.Glow: sink.glow(lo, hi, at); return;
    default: sink.materialId(lo, hi, at);
  }
}

/** Hands every field of the faces in lo/hi to `sink` as left out (at -1): the neutral appearance. */
export function neutralTextureEntry(sink: TextureEntrySink, lo: number, hi: number): void {
  for (let field = 0; field < TEXTURE_ENTRY_FIELD_COUNT; field++) deliver(sink, field, lo, hi, -1);
}

/** What a walk found; TextureEntryFaces is one, and TextureEntryWalk a bare one. */
export interface TextureEntryWalkResult {
  /**
   * One past the highest face any exception names, at any face limit (at least 1 when
   * the entry has fields, 0 when it is empty): the fewest faces this entry describes
   * distinctly. The prim's real face count comes from its shape.
   */
  faceCount: number;
  /** How many of the 11 fields were on the wire; the rest were handed over as neutral. */
  fieldCount: number;
  /** Bytes the walk consumed (the viewer ignores any beyond). */
  byteLength: number;
  /** Why and where the walk stopped, when it failed. */
  readonly status: ObjectDataStatus;
}

/** A reusable result for walkTextureEntry when the sink keeps the values elsewhere. */
export class TextureEntryWalk implements TextureEntryWalkResult {
  faceCount = 0;
  fieldCount = 0;
  byteLength = 0;
  readonly status = new ObjectDataStatus();
}

/**
 * Walks the TextureEntry of `length` bytes at `offset`, handing `sink` every value for
 * faces 0..faceLimit-1 (1..45): each field's default, its exceptions, and the fields
 * left out (at -1). Allocates nothing. Returns false with result.status saying where
 * and why when a value or bitfield runs past the end, a bitfield is longer than 7
 * bytes, or it names a face beyond 45; the sink has then seen part of the entry. An
 * empty entry (length 0) succeeds with faceCount 0 and every field neutral. Throws a
 * RangeError only for a faceLimit outside 1..45, which is the caller's mistake.
 */
export function walkTextureEntry(
  bytes: Uint8Array, offset: number, length: number, faceLimit: number, sink: TextureEntrySink, result: TextureEntryWalkResult,
): boolean {
  const status = result.status;
  status.reset();
  result.faceCount = 0;
  result.fieldCount = 0;
  result.byteLength = 0;
  if (!(faceLimit >= 1 && faceLimit <= MAX_TEXTURE_ENTRY_FACES) || (faceLimit | 0) !== faceLimit) {
    throw new RangeError(`TextureEntry face limit ${faceLimit} is not in 1..${MAX_TEXTURE_ENTRY_FACES}`);
  }
  const end = offset + length;
  if (offset < 0 || length < 0 || end > bytes.length) {
    return status.fail(ObjectDataError.Truncated, offset, `TextureEntry of ${length} bytes at ${offset} runs past the ${bytes.length}-byte buffer`);
  }
  const loMask = faceLimit >= 32 ? -1 : ((1 << faceLimit) - 1) | 0;
  const hiMask = faceLimit > 32 ? (1 << (faceLimit - 32)) - 1 : 0;
  let pos = offset;
  let highest = -1;
  let field = 0;
  for (; field < TEXTURE_ENTRY_FIELD_COUNT && pos < end; field++) {
    const size = TEXTURE_ENTRY_FIELD_SIZES[field]!;
    if (pos + size > end) {
      return status.fail(
        ObjectDataError.Truncated,
        pos,
        `TextureEntry ${TEXTURE_ENTRY_FIELD_NAMES[field]} default needs ${size} bytes at ${pos - offset}, only ${end - pos} left`,
      );
    }
    // The default for every face, then exceptions until a zero bitfield; the end of
    // the data also ends the field. One call site, so the switch is compiled once.
    let keptLo = loMask;
    let keptHi = hiMask;
    for (;;) {
      if ((keptLo | keptHi) !== 0) {
        switch (field) {
          case TextureEntryField.TextureId: sink.textureId(keptLo, keptHi, pos); break;
          case TextureEntryField.Color: sink.color(keptLo, keptHi, pos); break;
          case TextureEntryField.ScaleS: sink.scaleS(keptLo, keptHi, pos); break;
          case TextureEntryField.ScaleT: sink.scaleT(keptLo, keptHi, pos); break;
          case TextureEntryField.OffsetS: sink.offsetS(keptLo, keptHi, pos); break;
          case TextureEntryField.OffsetT: sink.offsetT(keptLo, keptHi, pos); break;
          case TextureEntryField.Rotation: sink.rotation(keptLo, keptHi, pos); break;
          case TextureEntryField.BumpShinyFullbright: sink.bumpShinyFullbright(keptLo, keptHi, pos); break;
          case TextureEntryField.MediaTexGen: sink.mediaTexGen(keptLo, keptHi, pos); break;
          case TextureEntryField.Glow: sink.glow(keptLo, keptHi, pos); break;
          default: sink.materialId(keptLo, keptHi, pos);
        }
      }
      pos += size;
      if (pos >= end) break;
      const bitfieldAt = pos;
      let lo = 0; // faces 0..31, unsigned
      let hi = 0; // faces 32..
      let groups = 0;
      let b: number;
      do {
        if (pos >= end) {
          return status.fail(
            ObjectDataError.Truncated, bitfieldAt, `TextureEntry ${TEXTURE_ENTRY_FIELD_NAMES[field]} face bitfield at ${bitfieldAt - offset} runs past the end`,
          );
        }
        if (++groups > 7) {
          return status.fail(
            ObjectDataError.Malformed, bitfieldAt, `TextureEntry ${TEXTURE_ENTRY_FIELD_NAMES[field]} face bitfield at ${bitfieldAt - offset} is longer than 7 bytes`,
          );
        }
        b = bytes[pos++]!;
        hi = hi * 128 + (lo >>> 25);
        lo = ((lo << 7) | (b & 0x7f)) >>> 0;
      } while (b & 0x80);
      if (lo === 0 && hi === 0) break;
      if (hi >= 1 << (MAX_TEXTURE_ENTRY_FACES - 32)) {
        return status.fail(
          ObjectDataError.FaceOutOfRange,
          bitfieldAt,
          `TextureEntry ${TEXTURE_ENTRY_FIELD_NAMES[field]} face bitfield at ${bitfieldAt - offset} names face ${63 - Math.clz32(hi)}; a prim has at most ${MAX_TEXTURE_ENTRY_FACES} faces (0..${MAX_TEXTURE_ENTRY_FACES - 1})`,
        );
      }
      if (pos + size > end) {
        return status.fail(
          ObjectDataError.Truncated,
          pos,
          `TextureEntry ${TEXTURE_ENTRY_FIELD_NAMES[field]} value at ${pos - offset} needs ${size} bytes, only ${end - pos} left`,
        );
      }
      const top = hi !== 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32(lo);
      if (top > highest) highest = top;
      keptLo = lo & loMask;
      keptHi = hi & hiMask;
    }
  }
  result.fieldCount = field;
  for (let missing = field; missing < TEXTURE_ENTRY_FIELD_COUNT; missing++) deliver(sink, missing, loMask, hiMask, -1);
  result.faceCount = field === 0 ? 0 : Math.max(1, highest + 1);
  result.byteLength = pos - offset;
  return true;
}
