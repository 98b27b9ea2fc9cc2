/**
 * TextureEntry: the per-face appearance of a prim, decoded into 45 faces of typed
 * arrays and encoded back as the viewer packs it (LLPrimitive::packTEMessage). The
 * wire format is read in one place, texture-entry-walk.ts; decoding is a sink of it.
 */
import { ObjectDataStatus } from './object-data-status.ts';
import {
  MAX_TEXTURE_ENTRY_FACES, TEX_GEN_MASK, TEXTURE_ENTRY_FIELD_COUNT, TEXTURE_ENTRY_FIELD_SIZES, TEXTURE_OFFSET_SCALE,
  TEXTURE_ROTATION_PACK, TextureEntryField, neutralTextureEntry, textureEntryBump, textureEntryColorByte, textureEntryFullbright,
  textureEntryGlowByte, textureEntryMediaFlags, textureEntryOffset, textureEntryRotation, textureEntryScale,
  textureEntryShiny, textureEntryTexGen, walkTextureEntry, type TextureEntrySink,
} from './texture-entry-walk.ts';

export { MAX_TEXTURE_ENTRY_FACES, MEDIA_FLAG, TEXTURE_ENTRY_FIELD_COUNT, TexGen, TextureEntryField } from './texture-entry-walk.ts';

const FIELD_SIZES = TEXTURE_ENTRY_FIELD_SIZES;
const OFFSET_SCALE = TEXTURE_OFFSET_SCALE;
const ROTATION_PACK = TEXTURE_ROTATION_PACK;
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

function copy16(to: Uint8Array, at: number, from: Uint8Array, p: number): void {
  for (let k = 0; k < 16; k++) to[at + k] = from[p + k]!;
}

const NO_BYTES = new Uint8Array(16);
const NO_VIEW = new DataView(NO_BYTES.buffer);
const ALL_FACES_LO = -1;
const ALL_FACES_HI = (1 << (MAX_TEXTURE_ENTRY_FACES - 32)) - 1;

/** The faces named by lo/hi, listed by listFaces. */
const named = new Uint8Array(MAX_TEXTURE_ENTRY_FACES);

/** Lists the faces set in lo (0..31) and hi (32..44) into `named`; returns how many. */
function listFaces(lo: number, hi: number): number {
  let n = 0;
  for (let m = lo; m !== 0; m &= m - 1) named[n++] = 31 - Math.clz32(m & -m);
  for (let m = hi; m !== 0; m &= m - 1) named[n++] = 63 - Math.clz32(m & -m);
  return n;
}

/** Writes each value the walker hands over into every named face of `out`. */
class FacesSink implements TextureEntrySink {
  out: TextureEntryFaces | null = null;
  bytes: Uint8Array = NO_BYTES;
  view: DataView = NO_VIEW;

  textureId(lo: number, hi: number, at: number): void {
    const ids = this.out!.textureId;
    for (let i = 0, n = listFaces(lo, hi); i < n; i++) {
      if (at < 0) ids.fill(0, named[i]! * 16, named[i]! * 16 + 16);
      else copy16(ids, named[i]! * 16, this.bytes, at);
    }
  }
  color(lo: number, hi: number, at: number): void {
    const color = this.out!.color;
    const n = listFaces(lo, hi);
    for (let k = 0; k < 4; k++) {
      const v = at < 0 ? 1 : f(textureEntryColorByte(this.bytes, at + k) / 255);
      for (let i = 0; i < n; i++) color[named[i]! * 4 + k] = v;
    }
  }
  scaleS(lo: number, hi: number, at: number): void {
    const v = at < 0 ? 1 : textureEntryScale(this.view, at);
    for (let i = 0, n = listFaces(lo, hi); i < n; i++) this.out!.scaleS[named[i]!] = v;
  }
  scaleT(lo: number, hi: number, at: number): void {
    const v = at < 0 ? 1 : textureEntryScale(this.view, at);
    for (let i = 0, n = listFaces(lo, hi); i < n; i++) this.out!.scaleT[named[i]!] = v;
  }
  offsetS(lo: number, hi: number, at: number): void {
    const v = at < 0 ? 0 : textureEntryOffset(this.view, at);
    for (let i = 0, n = listFaces(lo, hi); i < n; i++) this.out!.offsetS[named[i]!] = v;
  }
  offsetT(lo: number, hi: number, at: number): void {
    const v = at < 0 ? 0 : textureEntryOffset(this.view, at);
    for (let i = 0, n = listFaces(lo, hi); i < n; i++) this.out!.offsetT[named[i]!] = v;
  }
  rotation(lo: number, hi: number, at: number): void {
    const v = at < 0 ? 0 : textureEntryRotation(this.view, at);
    for (let i = 0, n = listFaces(lo, hi); i < n; i++) this.out!.rotation[named[i]!] = v;
  }
  bumpShinyFullbright(lo: number, hi: number, at: number): void {
    const b = at < 0 ? 0 : this.bytes[at]!;
    const out = this.out!;
    for (let i = 0, n = listFaces(lo, hi); i < n; i++) {
      out.bump[named[i]!] = textureEntryBump(b);
      out.fullbright[named[i]!] = textureEntryFullbright(b);
      out.shiny[named[i]!] = textureEntryShiny(b);
    }
  }
  mediaTexGen(lo: number, hi: number, at: number): void {
    const b = at < 0 ? 0 : this.bytes[at]!;
    const out = this.out!;
    for (let i = 0, n = listFaces(lo, hi); i < n; i++) {
      out.mediaFlags[named[i]!] = textureEntryMediaFlags(b);
      out.texGen[named[i]!] = textureEntryTexGen(b);
    }
  }
  glow(lo: number, hi: number, at: number): void {
    const v = at < 0 ? 0 : textureEntryGlowByte(this.bytes, at) / 255;
    for (let i = 0, n = listFaces(lo, hi); i < n; i++) this.out!.glow[named[i]!] = v;
  }
  materialId(lo: number, hi: number, at: number): void {
    const ids = this.out!.materialId;
    for (let i = 0, n = listFaces(lo, hi); i < n; i++) {
      if (at < 0) ids.fill(0, named[i]! * 16, named[i]! * 16 + 16);
      else copy16(ids, named[i]! * 16, this.bytes, at);
    }
  }
}
const sink = new FacesSink();

/**
 * Decodes the TextureEntry of `length` bytes at `offset` into `out`, allocating nothing.
 * Returns false with out.status saying where and why when a value or bitfield runs past
 * the end, a bitfield is longer than 7 bytes, or it names a face beyond 45; the arrays
 * are then partly written and must not be used. `view` must address the same bytes as
 * `bytes`. An empty entry (length 0) succeeds with faceCount 0 and neutral faces.
 */
export function decodeTextureEntry(bytes: Uint8Array, view: DataView, offset: number, length: number, out: TextureEntryFaces): boolean {
  sink.out = out;
  sink.bytes = bytes;
  sink.view = view;
  const ok = walkTextureEntry(bytes, offset, length, MAX_TEXTURE_ENTRY_FACES, sink, out);
  sink.out = null;
  sink.bytes = NO_BYTES;
  sink.view = NO_VIEW;
  return ok;
}

/** Fills every face of `out` with the neutral appearance (no texture, white, scale 1). */
export function resetTextureEntryFaces(out: TextureEntryFaces): TextureEntryFaces {
  sink.out = out;
  neutralTextureEntry(sink, ALL_FACES_LO, ALL_FACES_HI);
  sink.out = null;
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
