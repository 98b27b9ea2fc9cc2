/**
 * The `Data` blob of an ObjectUpdateCompressed block (llviewerobjectlist.cpp reads the
 * ids, llviewerobject.cpp processUpdateMessage the common part, llvovolume.cpp the shape,
 * TextureEntry and texture animation; all through LLDataPackerBinaryBuffer):
 *
 *   FullID, LocalID U32, PCode U8, State U8, CRC U32, Material U8, ClickAction U8,
 *   Scale V3, Position V3, Rotation V3 (packed quaternion), Flags U32, OwnerID,
 *   [0x80 AngularVelocity V3] [0x20 ParentID U32]
 *   [0x02 TreeSpecies U8 | else 0x01 ScratchPad: U32 size, U32 length, bytes]
 *   [0x04 Text NUL-terminated, TextColor 4 bytes with alpha inverted]
 *   [0x200 MediaURL NUL-terminated] [0x08 legacy particle system, 86 bytes]
 *   ExtraParams (always), [0x10 Sound UUID, Gain F32, Flags U8, Radius F32]
 *   [0x100 NameValue NUL-terminated]
 *   shape: the path block, THEN ProfileCurve and the profile range (not ObjectUpdate's order)
 *   TextureEntry (U32 length + bytes), [0x40 TextureAnim: U32 length + bytes]
 *   [0x400 particle system: U32 size + system block, U32 size + particle block]
 *
 * Foliage (grass, trees) ends after NameValue: the viewer reads no shape for it.
 */
import { ByteRange } from './byte-range.ts';
import { extraParamsByteLength } from './extra-params.ts';
import { ensureRoom, writeBytes, writeF32, writeU32, writeU8 } from './le-bytes.ts';
import { ObjectDataError, ObjectDataStatus } from './object-data-status.ts';
import { packQuaternion, unpackQuaternion } from './packed-quaternion.ts';
import { PCode } from './pcode.ts';
import { ShapeParams, decodeShapeCompressedOrder, encodeShapeCompressedOrder, SHAPE_BYTES } from './shape-params.ts';

/** Flags U32 of the blob: which optional sections follow. */
export const CompressedFlags = {
  ScratchPad: 0x01,
  Tree: 0x02,
  HasText: 0x04,
  HasParticlesLegacy: 0x08,
  HasSound: 0x10,
  HasParent: 0x20,
  TextureAnimation: 0x40,
  HasAngularVelocity: 0x80,
  HasNameValues: 0x100,
  MediaURL: 0x200,
  HasParticlesNew: 0x400,
} as const;

/** Size of the legacy particle system block (flag 0x08). */
export const LEGACY_PARTICLE_SYSTEM_BYTES = 86;
/** FullID … OwnerID, always present. */
const FIXED_HEADER_BYTES = 84;

/** One decoded compressed object. Ranges point into the decoded blob (or, to encode, any bytes). */
export class CompressedObject {
  readonly fullId = new Uint8Array(16);
  localId = 0;
  pcode = 0;
  state = 0;
  crc = 0;
  material = 0;
  clickAction = 0;
  readonly scale = new Float32Array(3);
  /** Parent-relative when parentId is set. */
  readonly position = new Float32Array(3);
  /** Quaternion x, y, z, w. */
  readonly rotation = new Float32Array([0, 0, 0, 1]);
  /** CompressedFlags bits as sent; the encoder writes the sections these name. */
  flags = 0;
  readonly ownerId = new Uint8Array(16);
  /** Zero unless HasAngularVelocity. */
  readonly angularVelocity = new Float32Array(3);
  /** 0 unless HasParent. */
  parentId = 0;
  /** Valid with the Tree flag. */
  treeSpecies = 0;
  /** With ScratchPad (and no Tree): the size word, then the data. */
  scratchPadSize = 0;
  readonly scratchPad = new ByteRange();
  /** With HasText: the text without its NUL, and its colour RGBA (alpha as meant, not as sent). */
  readonly text = new ByteRange();
  readonly textColor = new Uint8Array(4);
  readonly mediaUrl = new ByteRange();
  /** With HasParticlesLegacy: the 86-byte block. */
  readonly particleSystemLegacy = new ByteRange();
  /** The whole ExtraParams blob (count byte included): decode it with decodeExtraParams. */
  readonly extraParams = new ByteRange();
  readonly soundId = new Uint8Array(16);
  soundGain = 0;
  soundFlags = 0;
  soundRadius = 0;
  readonly nameValue = new ByteRange();
  /** False for foliage, whose blob ends after NameValue. */
  hasShape = false;
  readonly shape = new ShapeParams();
  /** The TextureEntry bytes, without their U32 length. */
  readonly textureEntry = new ByteRange();
  /** With TextureAnimation: its bytes (normally 16), without their U32 length. */
  readonly textureAnim = new ByteRange();
  /** With HasParticlesNew: the whole block, both size words included. */
  readonly particleSystem = new ByteRange();
  /** Bytes decoding consumed; equal to the blob length for a well-formed blob. */
  byteLength = 0;
  readonly status = new ObjectDataStatus();
}

/** Decoder position plus the bound checks every section needs. */
class Cursor {
  bytes: Uint8Array = new Uint8Array(0);
  view: DataView = new DataView(new ArrayBuffer(0));
  start = 0;
  pos = 0;
  end = 0;
  status: ObjectDataStatus = new ObjectDataStatus();

  need(n: number, what: string): boolean {
    if (this.pos + n <= this.end) return true;
    return this.status.fail(
      ObjectDataError.Truncated,
      this.pos,
      `ObjectUpdateCompressed ${what} needs ${n} bytes at ${this.pos - this.start}, only ${this.end - this.pos} left`,
    );
  }

  /** Points `range` at a NUL-terminated string and moves past its NUL. */
  cString(range: ByteRange, what: string): boolean {
    for (let p = this.pos; p < this.end; p++) {
      if (this.bytes[p] === 0) {
        range.set(this.bytes, this.pos, p - this.pos);
        this.pos = p + 1;
        return true;
      }
    }
    return this.status.fail(ObjectDataError.Truncated, this.pos, `ObjectUpdateCompressed ${what} at ${this.pos - this.start} has no terminating NUL`);
  }

  /** Points `range` at U32-length-prefixed bytes and moves past them. */
  sized(range: ByteRange, what: string): boolean {
    if (!this.need(4, `${what} length`)) return false;
    const n = this.view.getUint32(this.pos, true);
    this.pos += 4;
    if (!this.need(n, what)) return false;
    range.set(this.bytes, this.pos, n);
    this.pos += n;
    return true;
  }
}

const cursor = new Cursor();
/** Where the particle blocks' inner halves land; only their framing matters here. */
const skipped = new ByteRange();
const EMPTY = new Uint8Array(0);

function readVec3(view: DataView, at: number, out: Float32Array): void {
  out[0] = view.getFloat32(at, true);
  out[1] = view.getFloat32(at + 4, true);
  out[2] = view.getFloat32(at + 8, true);
}

function copy16(to: Uint8Array, from: Uint8Array, p: number): void {
  for (let k = 0; k < 16; k++) to[k] = from[p + k]!;
}

function clearOptional(out: CompressedObject): void {
  out.angularVelocity.fill(0);
  out.parentId = 0;
  out.treeSpecies = 0;
  out.scratchPadSize = 0;
  out.scratchPad.clear();
  out.text.clear();
  out.textColor.fill(0);
  out.mediaUrl.clear();
  out.particleSystemLegacy.clear();
  out.extraParams.clear();
  out.soundId.fill(0);
  out.soundGain = 0;
  out.soundFlags = 0;
  out.soundRadius = 0;
  out.nameValue.clear();
  out.hasShape = false;
  out.textureEntry.clear();
  out.textureAnim.clear();
  out.particleSystem.clear();
}

/**
 * Decodes the blob of `length` bytes at `offset` into `out`, allocating nothing; the
 * ranges in `out` point into `bytes`. Returns false with out.status saying which section
 * ran past the end (or lacks its NUL). Bytes after the last section are not an error
 * (the viewer ignores them): compare out.byteLength with the length to detect them.
 * `view` must address the same bytes as `bytes`.
 */
export function decodeCompressedObject(bytes: Uint8Array, view: DataView, offset: number, length: number, out: CompressedObject): boolean {
  const c = cursor;
  const status = out.status;
  status.reset();
  clearOptional(out);
  out.byteLength = 0;
  c.status = status;
  c.start = offset;
  c.pos = offset;
  c.end = offset + length;
  if (offset < 0 || length < 0 || c.end > bytes.length) {
    return status.fail(ObjectDataError.Truncated, offset, `ObjectUpdateCompressed Data of ${length} bytes at ${offset} runs past the ${bytes.length}-byte buffer`);
  }
  c.bytes = bytes;
  c.view = view;
  try {
    if (!decodeSections(bytes, view, c, out)) return false;
    out.byteLength = c.pos - offset;
    return true;
  } finally {
    c.bytes = EMPTY;
  }
}

function decodeSections(bytes: Uint8Array, view: DataView, c: Cursor, out: CompressedObject): boolean {
  if (!c.need(FIXED_HEADER_BYTES, 'fixed header (FullID … OwnerID)')) return false;
  let p = c.pos;
  copy16(out.fullId, bytes, p);
  out.localId = view.getUint32(p + 16, true);
  out.pcode = bytes[p + 20]!;
  out.state = bytes[p + 21]!;
  out.crc = view.getUint32(p + 22, true);
  out.material = bytes[p + 26]!;
  out.clickAction = bytes[p + 27]!;
  readVec3(view, p + 28, out.scale);
  readVec3(view, p + 40, out.position);
  unpackQuaternion(view, p + 52, out.rotation, 0);
  const flags = view.getUint32(p + 64, true);
  out.flags = flags;
  copy16(out.ownerId, bytes, p + 68);
  c.pos = p + FIXED_HEADER_BYTES;

  if (flags & CompressedFlags.HasAngularVelocity) {
    if (!c.need(12, 'AngularVelocity')) return false;
    readVec3(view, c.pos, out.angularVelocity);
    c.pos += 12;
  }
  if (flags & CompressedFlags.HasParent) {
    if (!c.need(4, 'ParentID')) return false;
    out.parentId = view.getUint32(c.pos, true);
    c.pos += 4;
  }
  if (flags & CompressedFlags.Tree) {
    if (!c.need(1, 'TreeSpecies')) return false;
    out.treeSpecies = bytes[c.pos++]!;
  } else if (flags & CompressedFlags.ScratchPad) {
    if (!c.need(4, 'ScratchPad size')) return false;
    out.scratchPadSize = view.getUint32(c.pos, true);
    c.pos += 4;
    if (!c.sized(out.scratchPad, 'ScratchPad')) return false;
  }
  if (flags & CompressedFlags.HasText) {
    if (!c.cString(out.text, 'Text')) return false;
    if (!c.need(4, 'TextColor')) return false;
    p = c.pos;
    out.textColor[0] = bytes[p]!;
    out.textColor[1] = bytes[p + 1]!;
    out.textColor[2] = bytes[p + 2]!;
    // alpha is sent inverted so that opaque zero-codes well
    out.textColor[3] = 255 - bytes[p + 3]!;
    c.pos += 4;
  }
  if (flags & CompressedFlags.MediaURL) {
    if (!c.cString(out.mediaUrl, 'MediaURL')) return false;
  }
  if (flags & CompressedFlags.HasParticlesLegacy) {
    if (!c.need(LEGACY_PARTICLE_SYSTEM_BYTES, 'legacy particle system')) return false;
    out.particleSystemLegacy.set(bytes, c.pos, LEGACY_PARTICLE_SYSTEM_BYTES);
    c.pos += LEGACY_PARTICLE_SYSTEM_BYTES;
  }

  const extraLength = extraParamsByteLength(bytes, view, c.pos, c.end - c.pos, c.status);
  if (extraLength < 0) {
    c.status.message = `ObjectUpdateCompressed ${c.status.message}`;
    return false;
  }
  out.extraParams.set(bytes, c.pos, extraLength);
  c.pos += extraLength;

  if (flags & CompressedFlags.HasSound) {
    if (!c.need(25, 'Sound')) return false;
    p = c.pos;
    copy16(out.soundId, bytes, p);
    out.soundGain = view.getFloat32(p + 16, true);
    out.soundFlags = bytes[p + 20]!;
    out.soundRadius = view.getFloat32(p + 21, true);
    c.pos += 25;
  }
  if (flags & CompressedFlags.HasNameValues) {
    if (!c.cString(out.nameValue, 'NameValue')) return false;
  }

  if (c.pos === c.end && out.pcode !== PCode.Prim) return true;
  if (!c.need(SHAPE_BYTES, 'shape parameters')) return false;
  decodeShapeCompressedOrder(bytes, view, c.pos, out.shape);
  out.hasShape = true;
  c.pos += SHAPE_BYTES;
  if (!c.sized(out.textureEntry, 'TextureEntry')) return false;
  if (flags & CompressedFlags.TextureAnimation) {
    if (!c.sized(out.textureAnim, 'TextureAnim')) return false;
  }
  if (flags & CompressedFlags.HasParticlesNew) {
    const start = c.pos;
    const skip = skipped;
    if (!c.sized(skip, 'particle system block') || !c.sized(skip, 'particle data block')) return false;
    out.particleSystem.set(bytes, start, c.pos - start);
  }
  return true;
}

function writeCString(range: ByteRange, out: Uint8Array, at: number, what: string): number {
  if (range.indexOfNul() >= 0) throw new RangeError(`ObjectUpdateCompressed ${what} contains a NUL byte, which would end it early`);
  ensureRoom(out, at, range.length + 1, `ObjectUpdateCompressed ${what}`);
  at = writeBytes(out, at, range.bytes, range.offset, range.length);
  return writeU8(out, at, 0);
}

function writeSized(range: ByteRange, out: Uint8Array, at: number, what: string): number {
  ensureRoom(out, at, 4 + range.length, `ObjectUpdateCompressed ${what}`);
  at = writeU32(out, at, range.length);
  return writeBytes(out, at, range.bytes, range.offset, range.length);
}

function writeRaw(range: ByteRange, out: Uint8Array, at: number, what: string): number {
  ensureRoom(out, at, range.length, `ObjectUpdateCompressed ${what}`);
  return writeBytes(out, at, range.bytes, range.offset, range.length);
}

/**
 * Encodes `object` as an ObjectUpdateCompressed Data blob at `offset`; returns the offset
 * after it. The sections written are those object.flags names, from the object's fields
 * and ranges (the legacy particle block must be 86 bytes, the ExtraParams range a whole
 * blob with its count byte, e.g. from encodeExtraParams; an empty range writes a count
 * of 0). With hasShape false the blob ends after NameValue, as foliage does. Throws a
 * RangeError when the output is too small or a section cannot be framed.
 */
export function encodeCompressedObject(object: CompressedObject, out: Uint8Array, offset: number): number {
  const flags = object.flags;
  ensureRoom(out, offset, FIXED_HEADER_BYTES, 'ObjectUpdateCompressed header');
  let at = writeBytes(out, offset, object.fullId, 0, 16);
  at = writeU32(out, at, object.localId);
  at = writeU8(out, at, object.pcode);
  at = writeU8(out, at, object.state);
  at = writeU32(out, at, object.crc);
  at = writeU8(out, at, object.material);
  at = writeU8(out, at, object.clickAction);
  for (let k = 0; k < 3; k++) at = writeF32(out, at, object.scale[k]!);
  for (let k = 0; k < 3; k++) at = writeF32(out, at, object.position[k]!);
  at = packQuaternion(object.rotation, 0, out, at);
  at = writeU32(out, at, flags);
  at = writeBytes(out, at, object.ownerId, 0, 16);

  if (flags & CompressedFlags.HasAngularVelocity) {
    ensureRoom(out, at, 12, 'ObjectUpdateCompressed AngularVelocity');
    for (let k = 0; k < 3; k++) at = writeF32(out, at, object.angularVelocity[k]!);
  }
  if (flags & CompressedFlags.HasParent) {
    ensureRoom(out, at, 4, 'ObjectUpdateCompressed ParentID');
    at = writeU32(out, at, object.parentId);
  }
  if (flags & CompressedFlags.Tree) {
    ensureRoom(out, at, 1, 'ObjectUpdateCompressed TreeSpecies');
    at = writeU8(out, at, object.treeSpecies);
  } else if (flags & CompressedFlags.ScratchPad) {
    ensureRoom(out, at, 4, 'ObjectUpdateCompressed ScratchPad size');
    at = writeU32(out, at, object.scratchPadSize);
    at = writeSized(object.scratchPad, out, at, 'ScratchPad');
  }
  if (flags & CompressedFlags.HasText) {
    at = writeCString(object.text, out, at, 'Text');
    ensureRoom(out, at, 4, 'ObjectUpdateCompressed TextColor');
    at = writeU8(out, at, object.textColor[0]!);
    at = writeU8(out, at, object.textColor[1]!);
    at = writeU8(out, at, object.textColor[2]!);
    at = writeU8(out, at, 255 - object.textColor[3]!);
  }
  if (flags & CompressedFlags.MediaURL) at = writeCString(object.mediaUrl, out, at, 'MediaURL');
  if (flags & CompressedFlags.HasParticlesLegacy) {
    if (object.particleSystemLegacy.length !== LEGACY_PARTICLE_SYSTEM_BYTES) {
      throw new RangeError(`ObjectUpdateCompressed legacy particle system is ${object.particleSystemLegacy.length} bytes; it must be ${LEGACY_PARTICLE_SYSTEM_BYTES}`);
    }
    at = writeRaw(object.particleSystemLegacy, out, at, 'legacy particle system');
  }
  if (object.extraParams.length === 0) {
    ensureRoom(out, at, 1, 'ObjectUpdateCompressed ExtraParams');
    at = writeU8(out, at, 0);
  } else {
    at = writeRaw(object.extraParams, out, at, 'ExtraParams');
  }
  if (flags & CompressedFlags.HasSound) {
    ensureRoom(out, at, 25, 'ObjectUpdateCompressed Sound');
    at = writeBytes(out, at, object.soundId, 0, 16);
    at = writeF32(out, at, object.soundGain);
    at = writeU8(out, at, object.soundFlags);
    at = writeF32(out, at, object.soundRadius);
  }
  if (flags & CompressedFlags.HasNameValues) at = writeCString(object.nameValue, out, at, 'NameValue');

  if (!object.hasShape) {
    if (flags & (CompressedFlags.TextureAnimation | CompressedFlags.HasParticlesNew)) {
      throw new RangeError('ObjectUpdateCompressed texture animation and particles follow the shape, but hasShape is false');
    }
    return at;
  }
  at = encodeShapeCompressedOrder(object.shape, out, at);
  at = writeSized(object.textureEntry, out, at, 'TextureEntry');
  if (flags & CompressedFlags.TextureAnimation) at = writeSized(object.textureAnim, out, at, 'TextureAnim');
  if (flags & CompressedFlags.HasParticlesNew) at = writeRaw(object.particleSystem, out, at, 'particle system');
  return at;
}
