/**
 * Rare per-object data that does not belong in fixed-size arrays: hover text,
 * media URL, NameValue pairs (avatar names, attachment item ids), sound,
 * particle system and texture animation bytes. Kept in maps keyed by entity.
 * An update carrying the same bytes as before costs a byte comparison and
 * nothing else; only a change decodes text and allocates.
 */
import { parseNameValues } from '@slv/protocol';
import type { NameValueList } from '@slv/protocol';

export interface HoverText {
  text: string;
  /** RGBA bytes, alpha as meant (255 opaque). */
  readonly color: Uint8Array;
  bytes: Uint8Array;
}

export interface ObjectNameValues {
  bytes: Uint8Array;
  list: NameValueList;
}

export interface ObjectSound {
  /** Index into the UUID table. */
  soundIndex: number;
  gain: number;
  flags: number;
  radius: number;
}

export interface ObjectSideTables {
  readonly text: Map<number, HoverText>;
  readonly mediaUrl: Map<number, { bytes: Uint8Array; text: string }>;
  readonly nameValues: Map<number, ObjectNameValues>;
  readonly sound: Map<number, ObjectSound>;
  /** Raw particle system bytes (ObjectUpdate PSBlock, or the compressed blob's particle section). */
  readonly particles: Map<number, Uint8Array>;
  /** Raw texture animation bytes. */
  readonly textureAnim: Map<number, Uint8Array>;
  /**
   * The last TextureEntry bytes a terse update applied, while no other update
   * replaced the faces since: an avatar's terse updates repeat them, and equal
   * bytes need no decoding.
   */
  readonly terseTextureEntry: Map<number, Uint8Array>;
}

export function createSideTables(): ObjectSideTables {
  return {
    text: new Map(),
    mediaUrl: new Map(),
    nameValues: new Map(),
    sound: new Map(),
    particles: new Map(),
    textureAnim: new Map(),
    terseTextureEntry: new Map(),
  };
}

/** Forgets everything about `eid`; true when there was something. */
export function clearSideTables(t: ObjectSideTables, eid: number): boolean {
  // Most objects have none of these: an empty map is skipped without hashing.
  let had = false;
  if (t.text.size > 0 && t.text.delete(eid)) had = true;
  if (t.mediaUrl.size > 0 && t.mediaUrl.delete(eid)) had = true;
  if (t.nameValues.size > 0 && t.nameValues.delete(eid)) had = true;
  if (t.sound.size > 0 && t.sound.delete(eid)) had = true;
  if (t.particles.size > 0 && t.particles.delete(eid)) had = true;
  if (t.textureAnim.size > 0 && t.textureAnim.delete(eid)) had = true;
  if (t.terseTextureEntry.size > 0 && t.terseTextureEntry.delete(eid)) had = true;
  return had;
}

/** True when `bytes[offset, +length)` are the terse TextureEntry last applied to `eid`. */
export function sameTerseTextureEntry(t: ObjectSideTables, eid: number, bytes: Uint8Array, offset: number, length: number): boolean {
  const stored = t.terseTextureEntry.get(eid);
  return stored !== undefined && sameBytes(stored, bytes, offset, length);
}

/** Remembers the terse TextureEntry just applied (a copy: allocates, but only when the faces changed). */
export function keepTerseTextureEntry(t: ObjectSideTables, eid: number, bytes: Uint8Array, offset: number, length: number): void {
  t.terseTextureEntry.set(eid, bytes.slice(offset, offset + length));
}

/** The faces were written by something else than a terse update. */
export function forgetTerseTextureEntry(t: ObjectSideTables, eid: number): void {
  if (t.terseTextureEntry.size > 0) t.terseTextureEntry.delete(eid);
}

const utf8 = new TextDecoder('utf-8');

function sameBytes(stored: Uint8Array, bytes: Uint8Array, offset: number, length: number): boolean {
  if (stored.length !== length) return false;
  for (let k = 0; k < length; k++) if (stored[k] !== bytes[offset + k]) return false;
  return true;
}

/** Length without trailing NULs (the variable fields carry C strings). */
function trimNul(bytes: Uint8Array, offset: number, length: number): number {
  while (length > 0 && bytes[offset + length - 1] === 0) length--;
  return length;
}

/** Sets (or, for empty text, removes) the hover text. `r, g, b, a` are the colour as meant. */
export function setHoverText(
  t: ObjectSideTables, eid: number, bytes: Uint8Array, offset: number, length: number, r: number, g: number, b: number, a: number,
): void {
  length = trimNul(bytes, offset, length);
  if (length === 0) {
    t.text.delete(eid);
    return;
  }
  let entry = t.text.get(eid);
  if (entry === undefined) {
    entry = { text: '', color: new Uint8Array(4), bytes: new Uint8Array(0) };
    t.text.set(eid, entry);
  }
  if (!sameBytes(entry.bytes, bytes, offset, length)) {
    entry.bytes = bytes.slice(offset, offset + length);
    entry.text = utf8.decode(entry.bytes);
  }
  entry.color[0] = r;
  entry.color[1] = g;
  entry.color[2] = b;
  entry.color[3] = a;
}

export function setMediaUrl(t: ObjectSideTables, eid: number, bytes: Uint8Array, offset: number, length: number): void {
  length = trimNul(bytes, offset, length);
  if (length === 0) {
    t.mediaUrl.delete(eid);
    return;
  }
  const entry = t.mediaUrl.get(eid);
  if (entry !== undefined && sameBytes(entry.bytes, bytes, offset, length)) return;
  const copy = bytes.slice(offset, offset + length);
  t.mediaUrl.set(eid, { bytes: copy, text: utf8.decode(copy) });
}

/** Sets the NameValue pairs, parsing them only when their bytes changed. */
export function setNameValues(t: ObjectSideTables, eid: number, bytes: Uint8Array, offset: number, length: number): void {
  length = trimNul(bytes, offset, length);
  if (length === 0) {
    t.nameValues.delete(eid);
    return;
  }
  const entry = t.nameValues.get(eid);
  if (entry !== undefined && sameBytes(entry.bytes, bytes, offset, length)) return;
  const copy = bytes.slice(offset, offset + length);
  t.nameValues.set(eid, { bytes: copy, list: parseNameValues(utf8.decode(copy)) });
}

/** The object's sound entry, made on first use; the caller writes its fields. */
export function soundEntry(t: ObjectSideTables, eid: number): ObjectSound {
  let entry = t.sound.get(eid);
  if (entry === undefined) {
    entry = { soundIndex: 0, gain: 0, flags: 0, radius: 0 };
    t.sound.set(eid, entry);
  }
  return entry;
}

export function clearSound(t: ObjectSideTables, eid: number): void {
  if (t.sound.size > 0) t.sound.delete(eid);
}

function setRaw(map: Map<number, Uint8Array>, eid: number, bytes: Uint8Array, offset: number, length: number): void {
  if (length === 0) {
    map.delete(eid);
    return;
  }
  const stored = map.get(eid);
  if (stored !== undefined && sameBytes(stored, bytes, offset, length)) return;
  map.set(eid, bytes.slice(offset, offset + length));
}

export function setParticles(t: ObjectSideTables, eid: number, bytes: Uint8Array, offset: number, length: number): void {
  setRaw(t.particles, eid, bytes, offset, length);
}

export function setTextureAnim(t: ObjectSideTables, eid: number, bytes: Uint8Array, offset: number, length: number): void {
  setRaw(t.textureAnim, eid, bytes, offset, length);
}
