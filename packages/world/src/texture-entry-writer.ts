/**
 * A TextureEntry decoded straight into the TextureEntry component, faces
 * 0..MAX_ENTITY_FACES-1 only. The wire format is the one @slv/protocol's
 * decodeTextureEntry reads (eleven fields, each a default then face-bitfield
 * exceptions; see its file), with the same checks and error messages, and the
 * results match it face for face (texture-entry-writer.test.ts compares them).
 * It exists because ingestion runs it on every full update: writing 45 faces
 * of scratch and copying 9 of them cost several microseconds per object,
 * while writing the 9 kept faces directly, and interning each distinct UUID
 * once rather than per face, costs a fraction of that.
 */
import { forgetTerseTextureEntry } from './side-tables.ts';
import { internUuid } from './uuid-table.ts';
import { MAX_ENTITY_FACES } from './world-components.ts';
import type { WorldIngestion } from './world-ingestion.ts';

const FIELD_COUNT = 11;
const MAX_FACES = 45;
const FIELD_NAMES = [
  'TextureID', 'Color', 'ScaleS', 'ScaleT', 'OffsetS', 'OffsetT', 'Rotation', 'BumpShinyFullbright', 'MediaTexGen', 'Glow', 'MaterialID',
] as const;
const FIELD_SIZES = [16, 4, 4, 4, 2, 2, 2, 1, 1, 1, 16] as const;
const ALL_KEPT = (1 << MAX_ENTITY_FACES) - 1;
const F_TWO_PI = Math.fround(2 * Math.PI);
const TEX_GEN_MASK = 0x06;

/**
 * Sets field `field` of the kept faces in `mask` (bit = face) from the wire value at `p`, or to neutral when p < 0.
 * Loops visit only the set bits (m & -m is the lowest).
 */
function setField(ing: WorldIngestion, eid: number, field: number, mask: number, bytes: Uint8Array, view: DataView, p: number): void {
  const t = ing.components.textures;
  const base = eid * MAX_ENTITY_FACES;
  switch (field) {
    case 0: {
      const index = p < 0 ? 0 : internUuid(ing.assets, bytes, p);
      for (let m = mask; m !== 0; m &= m - 1) t.textureIndex[base + 31 - Math.clz32(m & -m)] = index;
      return;
    }
    case 1: {
      const r = p < 0 ? 255 : 255 - bytes[p];
      const g = p < 0 ? 255 : 255 - bytes[p + 1];
      const b = p < 0 ? 255 : 255 - bytes[p + 2];
      const a = p < 0 ? 255 : 255 - bytes[p + 3];
      for (let m = mask; m !== 0; m &= m - 1) {
        const c = (base + 31 - Math.clz32(m & -m)) * 4;
        t.color[c] = r;
        t.color[c + 1] = g;
        t.color[c + 2] = b;
        t.color[c + 3] = a;
      }
      return;
    }
    case 2:
    case 3: {
      const v = p < 0 ? 1 : view.getFloat32(p, true);
      const out = field === 2 ? t.scaleS : t.scaleT;
      for (let m = mask; m !== 0; m &= m - 1) out[base + 31 - Math.clz32(m & -m)] = v;
      return;
    }
    case 4:
    case 5: {
      const v = p < 0 ? 0 : view.getInt16(p, true) / 0x7fff;
      const out = field === 4 ? t.offsetS : t.offsetT;
      for (let m = mask; m !== 0; m &= m - 1) out[base + 31 - Math.clz32(m & -m)] = v;
      return;
    }
    case 6: {
      const v = p < 0 ? 0 : Math.fround(view.getInt16(p, true) / 32768) * F_TWO_PI;
      for (let m = mask; m !== 0; m &= m - 1) t.rotation[base + 31 - Math.clz32(m & -m)] = v;
      return;
    }
    case 7: {
      const v = p < 0 ? 0 : bytes[p];
      for (let m = mask; m !== 0; m &= m - 1) {
        const f = base + 31 - Math.clz32(m & -m);
        t.bump[f] = v & 0x1f;
        t.fullbright[f] = (v >> 5) & 1;
        t.shiny[f] = v >> 6;
      }
      return;
    }
    case 8: {
      const v = p < 0 ? 0 : bytes[p];
      for (let m = mask; m !== 0; m &= m - 1) {
        const f = base + 31 - Math.clz32(m & -m);
        t.mediaFlags[f] = v & ~TEX_GEN_MASK & 0xff;
        t.texGen[f] = v & TEX_GEN_MASK;
      }
      return;
    }
    case 9: {
      const v = p < 0 ? 0 : bytes[p];
      for (let m = mask; m !== 0; m &= m - 1) t.glow[base + 31 - Math.clz32(m & -m)] = v;
      return;
    }
    default: {
      const index = p < 0 ? 0 : internUuid(ing.assets, bytes, p);
      for (let m = mask; m !== 0; m &= m - 1) t.materialIndex[base + 31 - Math.clz32(m & -m)] = index;
    }
  }
}

/** Neutral faces: no texture, white, scale 1, nothing else; faceCount 0. */
export function writeNeutralTextureEntry(ing: WorldIngestion, eid: number): void {
  forgetTerseTextureEntry(ing.side, eid);
  for (let field = 0; field < FIELD_COUNT; field++) setField(ing, eid, field, ALL_KEPT, EMPTY, EMPTY_VIEW, -1);
  ing.components.textures.faceCount[eid] = 0;
}

const EMPTY = new Uint8Array(16);
const EMPTY_VIEW = new DataView(EMPTY.buffer);

/**
 * Decodes the TextureEntry of `length` bytes at `offset` into entity `eid`'s
 * faces. Returns '' on success, or what is wrong and where; the faces are
 * then partly written and the caller resets them. `view` must address `bytes`.
 */
export function writeTextureEntryBytes(
  ing: WorldIngestion, eid: number, bytes: Uint8Array, view: DataView, offset: number, length: number,
): string {
  forgetTerseTextureEntry(ing.side, eid);
  const end = offset + length;
  if (offset < 0 || length < 0 || end > bytes.length) return `TextureEntry of ${length} bytes at ${offset} runs past the ${bytes.length}-byte buffer`;
  let pos = offset;
  let highest = -1;
  let field = 0;
  for (; field < FIELD_COUNT && pos < end; field++) {
    const size = FIELD_SIZES[field];
    if (pos + size > end) return `TextureEntry ${FIELD_NAMES[field]} default needs ${size} bytes at ${pos - offset}, only ${end - pos} left`;
    setField(ing, eid, field, ALL_KEPT, bytes, view, pos);
    pos += size;
    while (pos < end) {
      const bitfieldAt = pos;
      let lo = 0;
      let hi = 0;
      let groups = 0;
      let b: number;
      do {
        if (pos >= end) return `TextureEntry ${FIELD_NAMES[field]} face bitfield at ${bitfieldAt - offset} runs past the end`;
        if (++groups > 7) return `TextureEntry ${FIELD_NAMES[field]} face bitfield at ${bitfieldAt - offset} is longer than 7 bytes`;
        b = bytes[pos++];
        hi = hi * 128 + (lo >>> 25);
        lo = ((lo << 7) | (b & 0x7f)) >>> 0;
      } while (b & 0x80);
      if (lo === 0 && hi === 0) break;
      if (hi >= 1 << (MAX_FACES - 32)) {
        return `TextureEntry ${FIELD_NAMES[field]} face bitfield at ${bitfieldAt - offset} names face ${31 + (32 - Math.clz32(hi))}, beyond the ${MAX_FACES} a prim can have`;
      }
      if (pos + size > end) return `TextureEntry ${FIELD_NAMES[field]} value at ${pos - offset} needs ${size} bytes, only ${end - pos} left`;
      const top = hi !== 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32(lo);
      if (top > highest) highest = top;
      const kept = lo & ALL_KEPT;
      if (kept !== 0) setField(ing, eid, field, kept, bytes, view, pos);
      pos += size;
    }
  }
  for (let missing = field; missing < FIELD_COUNT; missing++) setField(ing, eid, missing, ALL_KEPT, bytes, view, -1);
  const faces = field === 0 ? 0 : Math.max(1, highest + 1);
  if (faces > MAX_ENTITY_FACES) ing.stats.facesDropped += faces - MAX_ENTITY_FACES;
  ing.components.textures.faceCount[eid] = Math.min(faces, MAX_ENTITY_FACES);
  return '';
}
