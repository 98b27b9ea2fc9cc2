/**
 * TextureEntry: the per-face appearance of a prim (llprimitive.cpp packTEMessage,
 * parseTEMessage / unpack_TEField). Eleven fields in a fixed order; each is a default
 * value for every face, then { face bitfield, value } exceptions ended by a zero
 * bitfield. A bitfield is 7 bits a byte, most significant group first, continued while
 * the byte's top bit is set. Trailing fields may be missing (older senders stop after
 * MediaTexGen or Glow) and the last field needs no terminator.
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

const FIELD_NAMES = [
  'TextureID', 'Color', 'ScaleS', 'ScaleT', 'OffsetS', 'OffsetT', 'Rotation', 'BumpShinyFullbright', 'MediaTexGen', 'Glow', 'MaterialID',
] as const;
const FIELD_SIZES = [16, 4, 4, 4, 2, 2, 2, 1, 1, 1, 16] as const;

/** Texture coordinate generation, as kept in texGen (the MediaTexGen bits 0x06). */
export const TexGen = { Default: 0x00, Planar: 0x02, Spherical: 0x04, Cylindrical: 0x06 } as const;
const TEX_GEN_MASK = 0x06;
/** Bit 0 of MediaTexGen: the face shows shared media. */
export const MEDIA_FLAG = 0x01;

/** The OffsetS/T scale (the viewer packs ±1 as ±0x7FFF). */
const OFFSET_SCALE = 0x7fff;
/** TEXTURE_ROTATION_PACK_FACTOR: a full turn is 32768. */
const ROTATION_PACK = 32768;
const F_TWO_PI = Math.fround(2 * Math.PI);
const f = Math.fround;

/**
 * Every face's appearance, decoded into typed arrays sized for 45 faces. Faces the
 * TextureEntry never names hold its defaults. Allocate once, decode into it forever.
 */
export class TextureEntryFaces {
  /** 16 bytes per face. */
  readonly textureId = new Uint8Array(MAX_TEXTURE_ENTRY_FACES * 16);
  /** RGBA per face, 0..1 (the wire's inverted bytes already turned back). */
  readonly color = new Float32Array(MAX_TEXTURE_ENTRY_FACES * 4);
  readonly scaleS = new Float32Array(MAX_TEXTURE_ENTRY_FACES);
  readonly scaleT = new Float32Array(MAX_TEXTURE_ENTRY_FACES);
  /** -1..1. */
  readonly offsetS = new Float32Array(MAX_TEXTURE_ENTRY_FACES);
  readonly offsetT = new Float32Array(MAX_TEXTURE_ENTRY_FACES);
  /** Radians. */
  readonly rotation = new Float32Array(MAX_TEXTURE_ENTRY_FACES);
  /** 0..31 (bump map: 0 none, 1 brightness, 2 darkness, 3.. the textures). */
  readonly bump = new Uint8Array(MAX_TEXTURE_ENTRY_FACES);
  /** 0..3. */
  readonly shiny = new Uint8Array(MAX_TEXTURE_ENTRY_FACES);
  /** 0 or 1. */
  readonly fullbright = new Uint8Array(MAX_TEXTURE_ENTRY_FACES);
  /** The MediaTexGen byte without the texgen bits: MEDIA_FLAG and any unassigned bits. */
  readonly mediaFlags = new Uint8Array(MAX_TEXTURE_ENTRY_FACES);
  /** TexGen value (0, 2, 4 or 6). */
  readonly texGen = new Uint8Array(MAX_TEXTURE_ENTRY_FACES);
  /** 0..1. */
  readonly glow = new Float32Array(MAX_TEXTURE_ENTRY_FACES);
  /** 16 bytes per face; zeros when the TextureEntry has no MaterialID field. */
  readonly materialId = new Uint8Array(MAX_TEXTURE_ENTRY_FACES * 16);
  /**
   * One past the highest face any exception names (at least 1 when the entry has
   * fields, 0 when it is empty): the fewest faces this entry describes distinctly.
   * The prim's real face count comes from its shape.
   */
  faceCount = 0;
  /** How many of the 11 fields were on the wire; the rest hold neutral defaults. */
  fieldCount = 0;
  /** Bytes decoding consumed (the viewer ignores any beyond). */
  byteLength = 0;
  readonly status = new ObjectDataStatus();
}

/** The appearance of a face the entry does not describe: no texture, white, 1:1, nothing else. */
function setNeutral(out: TextureEntryFaces, field: number, face: number): void {
  switch (field) {
    case TextureEntryField.TextureId:
      out.textureId.fill(0, face * 16, face * 16 + 16);
      return;
    case TextureEntryField.Color:
      out.color.fill(1, face * 4, face * 4 + 4);
      return;
    case TextureEntryField.ScaleS:
      out.scaleS[face] = 1;
      return;
    case TextureEntryField.ScaleT:
      out.scaleT[face] = 1;
      return;
    case TextureEntryField.OffsetS:
      out.offsetS[face] = 0;
      return;
    case TextureEntryField.OffsetT:
      out.offsetT[face] = 0;
      return;
    case TextureEntryField.Rotation:
      out.rotation[face] = 0;
      return;
    case TextureEntryField.BumpShinyFullbright:
      out.bump[face] = 0;
      out.shiny[face] = 0;
      out.fullbright[face] = 0;
      return;
    case TextureEntryField.MediaTexGen:
      out.mediaFlags[face] = 0;
      out.texGen[face] = 0;
      return;
    case TextureEntryField.Glow:
      out.glow[face] = 0;
      return;
    default:
      out.materialId.fill(0, face * 16, face * 16 + 16);
  }
}

function copy16(to: Uint8Array, at: number, from: Uint8Array, p: number): void {
  for (let k = 0; k < 16; k++) to[at + k] = from[p + k]!;
}

/** Sets face `face` of `field` from the wire value at `p`. */
function setFromWire(out: TextureEntryFaces, field: number, face: number, bytes: Uint8Array, view: DataView, p: number): void {
  switch (field) {
    case TextureEntryField.TextureId:
      copy16(out.textureId, face * 16, bytes, p);
      return;
    case TextureEntryField.Color: {
      const c = face * 4;
      out.color[c] = f((255 - bytes[p]!) / 255);
      out.color[c + 1] = f((255 - bytes[p + 1]!) / 255);
      out.color[c + 2] = f((255 - bytes[p + 2]!) / 255);
      out.color[c + 3] = f((255 - bytes[p + 3]!) / 255);
      return;
    }
    case TextureEntryField.ScaleS:
      out.scaleS[face] = view.getFloat32(p, true);
      return;
    case TextureEntryField.ScaleT:
      out.scaleT[face] = view.getFloat32(p, true);
      return;
    case TextureEntryField.OffsetS:
      out.offsetS[face] = view.getInt16(p, true) / OFFSET_SCALE;
      return;
    case TextureEntryField.OffsetT:
      out.offsetT[face] = view.getInt16(p, true) / OFFSET_SCALE;
      return;
    case TextureEntryField.Rotation:
      out.rotation[face] = f(view.getInt16(p, true) / ROTATION_PACK) * F_TWO_PI;
      return;
    case TextureEntryField.BumpShinyFullbright: {
      const b = bytes[p]!;
      out.bump[face] = b & 0x1f;
      out.fullbright[face] = (b >> 5) & 1;
      out.shiny[face] = b >> 6;
      return;
    }
    case TextureEntryField.MediaTexGen: {
      const b = bytes[p]!;
      out.mediaFlags[face] = b & ~TEX_GEN_MASK & 0xff;
      out.texGen[face] = b & TEX_GEN_MASK;
      return;
    }
    case TextureEntryField.Glow:
      out.glow[face] = bytes[p]! / 255;
      return;
    default:
      copy16(out.materialId, face * 16, bytes, p);
  }
}

/**
 * Decodes the TextureEntry of `length` bytes at `offset` into `out`, allocating nothing.
 * Returns false with out.status saying where and why when a value or bitfield runs past
 * the end, a bitfield is longer than 7 bytes, or it names a face beyond 45; the arrays
 * are then partly written and must not be used. `view` must address the same bytes as
 * `bytes`. An empty entry (length 0) succeeds with faceCount 0 and neutral faces.
 */
export function decodeTextureEntry(bytes: Uint8Array, view: DataView, offset: number, length: number, out: TextureEntryFaces): boolean {
  const status = out.status;
  status.reset();
  out.faceCount = 0;
  out.fieldCount = 0;
  out.byteLength = 0;
  const end = offset + length;
  if (offset < 0 || length < 0 || end > bytes.length) {
    return status.fail(ObjectDataError.Truncated, offset, `TextureEntry of ${length} bytes at ${offset} runs past the ${bytes.length}-byte buffer`);
  }
  let pos = offset;
  let highest = -1;
  let field = 0;
  for (; field < TEXTURE_ENTRY_FIELD_COUNT && pos < end; field++) {
    const size = FIELD_SIZES[field]!;
    if (pos + size > end) {
      return status.fail(
        ObjectDataError.Truncated,
        pos,
        `TextureEntry ${FIELD_NAMES[field]} default needs ${size} bytes at ${pos - offset}, only ${end - pos} left`,
      );
    }
    for (let face = 0; face < MAX_TEXTURE_ENTRY_FACES; face++) setFromWire(out, field, face, bytes, view, pos);
    pos += size;
    // Exceptions until a zero bitfield; the end of the data also ends the field.
    while (pos < end) {
      const bitfieldAt = pos;
      let lo = 0; // faces 0..31
      let hi = 0; // faces 32..
      let groups = 0;
      let b: number;
      do {
        if (pos >= end) {
          return status.fail(ObjectDataError.Truncated, bitfieldAt, `TextureEntry ${FIELD_NAMES[field]} face bitfield at ${bitfieldAt - offset} runs past the end`);
        }
        if (++groups > 7) {
          return status.fail(ObjectDataError.Malformed, bitfieldAt, `TextureEntry ${FIELD_NAMES[field]} face bitfield at ${bitfieldAt - offset} is longer than 7 bytes`);
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
          `TextureEntry ${FIELD_NAMES[field]} face bitfield at ${bitfieldAt - offset} names face ${63 - Math.clz32(hi)}; a prim has at most ${MAX_TEXTURE_ENTRY_FACES} faces (0..${MAX_TEXTURE_ENTRY_FACES - 1})`,
        );
      }
      if (pos + size > end) {
        return status.fail(
          ObjectDataError.Truncated,
          pos,
          `TextureEntry ${FIELD_NAMES[field]} value at ${pos - offset} needs ${size} bytes, only ${end - pos} left`,
        );
      }
      const top = hi !== 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32(lo);
      if (top > highest) highest = top;
      for (let face = 0; face <= top; face++) {
        const set = face < 32 ? (lo >>> face) & 1 : (hi >>> (face - 32)) & 1;
        if (set !== 0) setFromWire(out, field, face, bytes, view, pos);
      }
      pos += size;
    }
  }
  out.fieldCount = field;
  for (; field < TEXTURE_ENTRY_FIELD_COUNT; field++) {
    for (let face = 0; face < MAX_TEXTURE_ENTRY_FACES; face++) setNeutral(out, field, face);
  }
  out.faceCount = out.fieldCount === 0 ? 0 : Math.max(1, highest + 1);
  out.byteLength = pos - offset;
  return true;
}

/** Fills every face of `out` with the neutral appearance (no texture, white, scale 1). */
export function resetTextureEntryFaces(out: TextureEntryFaces): TextureEntryFaces {
  for (let field = 0; field < TEXTURE_ENTRY_FIELD_COUNT; field++) {
    for (let face = 0; face < MAX_TEXTURE_ENTRY_FACES; face++) setNeutral(out, field, face);
  }
  out.faceCount = 0;
  out.fieldCount = 0;
  out.byteLength = 0;
  out.status.reset();
  return out;
}

export interface EncodeTextureEntryOptions {
  /**
   * Which face's value becomes a field's default: 'last' (the viewer's packTEField, and
   * what Second Life sends) or 'most-common' (fewest exceptions; ties go to the higher face).
   */
  readonly defaultFace?: 'last' | 'most-common';
  /** Also end the last field with a 0, as OpenSimulator (libopenmetaverse) does. */
  readonly terminateLastField?: boolean;
  /** Fields to write, from the first (11 = all; 10 = the older form without MaterialID). */
  readonly fieldCount?: number;
}

/** Wire bytes of one field for every face, compared bytewise like the viewer's memcmp. */
const wire = new Uint8Array(MAX_TEXTURE_ENTRY_FACES * 16);
const floatBits = new Float32Array(1);
const floatBytes = new Uint8Array(floatBits.buffer);
const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function colorByte(v: number): number {
  // LLColor4 -> LLColor4U: (U8)llmin((S32)(llmax(0, v * 255) + 0.5), 255), then inverted.
  const s = f(v * 255);
  const q = s > 0 ? Math.trunc(f(s + 0.5)) : 0;
  return 255 - (q > 255 ? 255 : q);
}

function putS16(p: number, value: number): void {
  wire[p] = value & 0xff;
  wire[p + 1] = (value >> 8) & 0xff;
}

function putF32(p: number, value: number): void {
  floatBits[0] = value;
  for (let k = 0; k < 4; k++) wire[p + k] = floatBytes[hostIsLittleEndian ? k : 3 - k]!;
}

function offsetToS16(v: number): number {
  // The viewer clamps to ±1; the floor is -0x8000/0x7FFF so a received -32768 survives.
  const c = v !== v ? 0 : v < -32768 / OFFSET_SCALE ? -32768 / OFFSET_SCALE : v > 1 ? 1 : v;
  return Math.floor(c * OFFSET_SCALE + 0.5);
}

function rotationToS16(v: number): number {
  let r = v !== v ? 0 : v;
  if (r > F_TWO_PI || r < -F_TWO_PI) r %= F_TWO_PI;
  const s = Math.floor((r / F_TWO_PI) * ROTATION_PACK + 0.5);
  // +32768 is a full turn, the same angle as the S16 it wraps to.
  return s >= ROTATION_PACK ? s - 2 * ROTATION_PACK : s;
}

/** Writes field `field` of every face 0..n-1 into `wire` as the bytes the encoder sends. */
function fillWire(faces: TextureEntryFaces, field: number, n: number): void {
  const size = FIELD_SIZES[field]!;
  for (let face = 0; face < n; face++) {
    const p = face * size;
    switch (field) {
      case TextureEntryField.TextureId:
        copy16(wire, p, faces.textureId, face * 16);
        break;
      case TextureEntryField.Color:
        for (let k = 0; k < 4; k++) wire[p + k] = colorByte(faces.color[face * 4 + k]!);
        break;
      case TextureEntryField.ScaleS:
        putF32(p, faces.scaleS[face]!);
        break;
      case TextureEntryField.ScaleT:
        putF32(p, faces.scaleT[face]!);
        break;
      case TextureEntryField.OffsetS:
        putS16(p, offsetToS16(faces.offsetS[face]!));
        break;
      case TextureEntryField.OffsetT:
        putS16(p, offsetToS16(faces.offsetT[face]!));
        break;
      case TextureEntryField.Rotation:
        putS16(p, rotationToS16(faces.rotation[face]!));
        break;
      case TextureEntryField.BumpShinyFullbright:
        wire[p] = (faces.bump[face]! & 0x1f) | ((faces.fullbright[face]! & 1) << 5) | ((faces.shiny[face]! & 3) << 6);
        break;
      case TextureEntryField.MediaTexGen:
        wire[p] = (faces.mediaFlags[face]! & ~TEX_GEN_MASK & 0xff) | (faces.texGen[face]! & TEX_GEN_MASK);
        break;
      case TextureEntryField.Glow: {
        const g = faces.glow[face]!;
        wire[p] = Math.floor((g !== g || g < 0 ? 0 : g > 1 ? 1 : g) * 255 + 0.5);
        break;
      }
      default:
        copy16(wire, p, faces.materialId, face * 16);
    }
  }
}

function sameValue(a: number, b: number, size: number): boolean {
  const pa = a * size;
  const pb = b * size;
  for (let k = 0; k < size; k++) if (wire[pa + k] !== wire[pb + k]) return false;
  return true;
}

function chooseDefault(n: number, size: number, mostCommon: boolean): number {
  const last = n - 1;
  if (!mostCommon) return last;
  let best = last;
  let bestCount = 0;
  for (let face = last; face >= 0; face--) {
    let count = 0;
    for (let other = 0; other < n; other++) if (sameValue(face, other, size)) count++;
    if (count > bestCount) {
      best = face;
      bestCount = count;
    }
  }
  return best;
}

const NO_OUTPUT = new Uint8Array(0);

class Writer {
  out: Uint8Array = NO_OUTPUT;
  pos = 0;
  byte(value: number): void {
    if (this.pos >= this.out.length) {
      throw new RangeError(`TextureEntry does not fit: the output ends at ${this.out.length}`);
    }
    this.out[this.pos++] = value;
  }
  value(face: number, size: number): void {
    for (let k = 0; k < size; k++) this.byte(wire[face * size + k]!);
  }
}
const writer = new Writer();

/** Writes the faces in `bits` (a float sum of 2^face, exact below 2^53) as a bitfield. */
function writeBitfield(w: Writer, bits: number): void {
  let groups = 1;
  while (groups < 8 && bits >= 2 ** (7 * groups)) groups++;
  for (let g = groups - 1; g >= 0; g--) {
    const seven = Math.floor(bits / 2 ** (7 * g)) % 128;
    w.byte(g > 0 ? seven | 0x80 : seven);
  }
}

/**
 * Encodes faces 0..faceCount-1 of `faces` at `offset` in `out`; returns the number of
 * bytes written (0 for faceCount 0, as the viewer sends a prim without faces). For each
 * field the default is chosen per `options.defaultFace`, and every other distinct value
 * is sent once with the bitfield of all faces holding it, highest face first, as
 * LLPrimitive::packTEField does. Throws a RangeError when faceCount is outside 0..45
 * or the result does not fit `out`.
 */
export function encodeTextureEntry(
  faces: TextureEntryFaces,
  faceCount: number,
  out: Uint8Array,
  offset: number,
  options?: EncodeTextureEntryOptions,
): number {
  if (!Number.isInteger(faceCount) || faceCount < 0 || faceCount > MAX_TEXTURE_ENTRY_FACES) {
    throw new RangeError(`TextureEntry face count ${faceCount} is not in 0..${MAX_TEXTURE_ENTRY_FACES}`);
  }
  const fieldCount = options?.fieldCount ?? TEXTURE_ENTRY_FIELD_COUNT;
  if (!Number.isInteger(fieldCount) || fieldCount < 1 || fieldCount > TEXTURE_ENTRY_FIELD_COUNT) {
    throw new RangeError(`TextureEntry field count ${fieldCount} is not in 1..${TEXTURE_ENTRY_FIELD_COUNT}`);
  }
  if (faceCount === 0) return 0;
  const mostCommon = options?.defaultFace === 'most-common';
  const w = writer;
  w.out = out;
  w.pos = offset;
  const last = faceCount - 1;
  for (let field = 0; field < fieldCount; field++) {
    const size = FIELD_SIZES[field]!;
    fillWire(faces, field, faceCount);
    const def = chooseDefault(faceCount, size, mostCommon);
    w.value(def, size);
    for (let face = last; face >= 0; face--) {
      if (sameValue(face, def, size)) continue;
      let sent = false;
      for (let later = face + 1; later <= last && !sent; later++) sent = sameValue(face, later, size);
      if (sent) continue;
      let bits = 0;
      for (let other = face; other >= 0; other--) if (sameValue(face, other, size)) bits += 2 ** other;
      writeBitfield(w, bits);
      w.value(face, size);
    }
    if (field < fieldCount - 1 || options?.terminateLastField === true) w.byte(0);
  }
  const written = w.pos - offset;
  w.out = NO_OUTPUT;
  return written;
}
