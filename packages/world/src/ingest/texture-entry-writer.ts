/**
 * A TextureEntry written straight into the TextureEntry component, faces
 * 0..MAX_ENTITY_FACES-1 only. @slv/protocol's walkTextureEntry reads the wire
 * format (its checks and error messages are the protocol's); this file is
 * only its sink: where each value goes. Ingestion runs it on every full
 * update, so it writes the 9 kept faces directly, rather than 45 faces of
 * scratch copied over, and interns each distinct UUID once rather than per
 * face. texture-entry-writer.test.ts checks it against decodeTextureEntry.
 */
import {
  TextureEntryWalk, neutralTextureEntry, textureEntryBump, textureEntryColorByte, textureEntryFullbright,
  textureEntryGlowByte, textureEntryMediaFlags, textureEntryOffset, textureEntryRotation, textureEntryScale,
  textureEntryShiny, textureEntryTexGen, walkTextureEntry, type TextureEntrySink,
} from '@slv/protocol';
import { forgetTerseTextureEntry } from '../tables/side-tables.ts';
import { internUuid, type UuidTable } from '../tables/uuid-table.ts';
import { MAX_ENTITY_FACES, type TextureEntryComponent } from '../components/world-components.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

const ALL_KEPT = (1 << MAX_ENTITY_FACES) - 1;
const NO_BYTES = new Uint8Array(16);
const NO_VIEW = new DataView(NO_BYTES.buffer);

/**
 * Writes each value into the bound entity's kept faces. With MAX_ENTITY_FACES < 32
 * the walker never sets `hi`; the loops visit only the set bits of `lo` (m & -m is
 * the lowest), and `base + 31 - clz32(m & -m)` is that face's slot.
 */
class ComponentSink implements TextureEntrySink {
  t: TextureEntryComponent | null = null;
  assets: UuidTable | null = null;
  base = 0;
  bytes: Uint8Array = NO_BYTES;
  view: DataView = NO_VIEW;

  textureId(lo: number, _hi: number, at: number): void {
    const index = at < 0 ? 0 : internUuid(this.assets!, this.bytes, at);
    const out = this.t!.textureIndex;
    for (let m = lo; m !== 0; m &= m - 1) out[this.base + 31 - Math.clz32(m & -m)] = index;
  }
  color(lo: number, _hi: number, at: number): void {
    const bytes = this.bytes;
    const r = at < 0 ? 255 : textureEntryColorByte(bytes, at);
    const g = at < 0 ? 255 : textureEntryColorByte(bytes, at + 1);
    const b = at < 0 ? 255 : textureEntryColorByte(bytes, at + 2);
    const a = at < 0 ? 255 : textureEntryColorByte(bytes, at + 3);
    const out = this.t!.color;
    for (let m = lo; m !== 0; m &= m - 1) {
      const c = (this.base + 31 - Math.clz32(m & -m)) * 4;
      out[c] = r;
      out[c + 1] = g;
      out[c + 2] = b;
      out[c + 3] = a;
    }
  }
  scaleS(lo: number, _hi: number, at: number): void {
    const v = at < 0 ? 1 : textureEntryScale(this.view, at);
    const out = this.t!.scaleS;
    for (let m = lo; m !== 0; m &= m - 1) out[this.base + 31 - Math.clz32(m & -m)] = v;
  }
  scaleT(lo: number, _hi: number, at: number): void {
    const v = at < 0 ? 1 : textureEntryScale(this.view, at);
    const out = this.t!.scaleT;
    for (let m = lo; m !== 0; m &= m - 1) out[this.base + 31 - Math.clz32(m & -m)] = v;
  }
  offsetS(lo: number, _hi: number, at: number): void {
    const v = at < 0 ? 0 : textureEntryOffset(this.view, at);
    const out = this.t!.offsetS;
    for (let m = lo; m !== 0; m &= m - 1) out[this.base + 31 - Math.clz32(m & -m)] = v;
  }
  offsetT(lo: number, _hi: number, at: number): void {
    const v = at < 0 ? 0 : textureEntryOffset(this.view, at);
    const out = this.t!.offsetT;
    for (let m = lo; m !== 0; m &= m - 1) out[this.base + 31 - Math.clz32(m & -m)] = v;
  }
  rotation(lo: number, _hi: number, at: number): void {
    const v = at < 0 ? 0 : textureEntryRotation(this.view, at);
    const out = this.t!.rotation;
    for (let m = lo; m !== 0; m &= m - 1) out[this.base + 31 - Math.clz32(m & -m)] = v;
  }
  bumpShinyFullbright(lo: number, _hi: number, at: number): void {
    const v = at < 0 ? 0 : this.bytes[at]!;
    const t = this.t!;
    for (let m = lo; m !== 0; m &= m - 1) {
      const f = this.base + 31 - Math.clz32(m & -m);
      t.bump[f] = textureEntryBump(v);
      t.fullbright[f] = textureEntryFullbright(v);
      t.shiny[f] = textureEntryShiny(v);
    }
  }
  mediaTexGen(lo: number, _hi: number, at: number): void {
    const v = at < 0 ? 0 : this.bytes[at]!;
    const t = this.t!;
    for (let m = lo; m !== 0; m &= m - 1) {
      const f = this.base + 31 - Math.clz32(m & -m);
      t.mediaFlags[f] = textureEntryMediaFlags(v);
      t.texGen[f] = textureEntryTexGen(v);
    }
  }
  glow(lo: number, _hi: number, at: number): void {
    const v = at < 0 ? 0 : textureEntryGlowByte(this.bytes, at);
    const out = this.t!.glow;
    for (let m = lo; m !== 0; m &= m - 1) out[this.base + 31 - Math.clz32(m & -m)] = v;
  }
  materialId(lo: number, _hi: number, at: number): void {
    const index = at < 0 ? 0 : internUuid(this.assets!, this.bytes, at);
    const out = this.t!.materialIndex;
    for (let m = lo; m !== 0; m &= m - 1) out[this.base + 31 - Math.clz32(m & -m)] = index;
  }

  bind(ing: WorldIngestion, eid: number, bytes: Uint8Array, view: DataView): void {
    this.t = ing.components.textures;
    this.assets = ing.tables.assets;
    this.base = eid * MAX_ENTITY_FACES;
    this.bytes = bytes;
    this.view = view;
  }

  /** Lets go of the caller's buffer. */
  release(): void {
    this.bytes = NO_BYTES;
    this.view = NO_VIEW;
  }
}
const sink = new ComponentSink();
const walk = new TextureEntryWalk();

/** Neutral faces: no texture, white, scale 1, nothing else; faceCount 0. */
export function writeNeutralTextureEntry(ing: WorldIngestion, eid: number): void {
  forgetTerseTextureEntry(ing.tables.side, eid);
  sink.bind(ing, eid, NO_BYTES, NO_VIEW);
  neutralTextureEntry(sink, ALL_KEPT, 0);
  ing.components.textures.faceCount[eid] = 0;
}

/**
 * Decodes the TextureEntry of `length` bytes at `offset` into entity `eid`'s
 * faces. Returns '' on success, or what is wrong and where (the protocol's
 * message); the faces are then partly written and the caller resets them.
 * `view` must address `bytes`.
 */
export function writeTextureEntryBytes(
  ing: WorldIngestion, eid: number, bytes: Uint8Array, view: DataView, offset: number, length: number,
): string {
  forgetTerseTextureEntry(ing.tables.side, eid);
  sink.bind(ing, eid, bytes, view);
  const ok = walkTextureEntry(bytes, offset, length, MAX_ENTITY_FACES, sink, walk);
  sink.release();
  if (!ok) return walk.status.message;
  const faces = walk.faceCount;
  if (faces > MAX_ENTITY_FACES) ing.stats.facesDropped += faces - MAX_ENTITY_FACES;
  ing.components.textures.faceCount[eid] = Math.min(faces, MAX_ENTITY_FACES);
  return '';
}
