import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjectDataError } from './object-data-status.ts';
import { TextureEntryFaces, decodeTextureEntry, encodeTextureEntry, resetTextureEntryFaces } from './texture-entry.ts';
import {
  MAX_TEXTURE_ENTRY_FACES, TEXTURE_ENTRY_FIELD_COUNT, TEXTURE_ENTRY_FIELD_NAMES, TEXTURE_ENTRY_FIELD_SIZES, TextureEntryWalk,
  neutralTextureEntry, textureEntryBump, textureEntryColorByte, textureEntryFullbright, textureEntryGlowByte,
  textureEntryMediaFlags, textureEntryOffset, textureEntryRotation, textureEntryScale, textureEntryShiny, textureEntryTexGen,
  walkTextureEntry, type TextureEntrySink,
} from './texture-entry-walk.ts';

type FieldName = (typeof TEXTURE_ENTRY_FIELD_NAMES)[number];

/** Records every call, and for each (field, face) the offset of the value that applies last. */
class RecordingSink implements TextureEntrySink {
  calls: [FieldName, number, number, number][] = [];
  readonly at = new Int32Array(TEXTURE_ENTRY_FIELD_COUNT * MAX_TEXTURE_ENTRY_FACES).fill(-2);
  private record(field: number, lo: number, hi: number, at: number): void {
    this.calls.push([TEXTURE_ENTRY_FIELD_NAMES[field]!, lo, hi, at]);
    for (let face = 0; face < MAX_TEXTURE_ENTRY_FACES; face++) {
      const set = face < 32 ? (lo >>> face) & 1 : (hi >>> (face - 32)) & 1;
      if (set) this.at[field * MAX_TEXTURE_ENTRY_FACES + face] = at;
    }
  }
  textureId(lo: number, hi: number, at: number): void { this.record(0, lo, hi, at); }
  color(lo: number, hi: number, at: number): void { this.record(1, lo, hi, at); }
  scaleS(lo: number, hi: number, at: number): void { this.record(2, lo, hi, at); }
  scaleT(lo: number, hi: number, at: number): void { this.record(3, lo, hi, at); }
  offsetS(lo: number, hi: number, at: number): void { this.record(4, lo, hi, at); }
  offsetT(lo: number, hi: number, at: number): void { this.record(5, lo, hi, at); }
  rotation(lo: number, hi: number, at: number): void { this.record(6, lo, hi, at); }
  bumpShinyFullbright(lo: number, hi: number, at: number): void { this.record(7, lo, hi, at); }
  mediaTexGen(lo: number, hi: number, at: number): void { this.record(8, lo, hi, at); }
  glow(lo: number, hi: number, at: number): void { this.record(9, lo, hi, at); }
  materialId(lo: number, hi: number, at: number): void { this.record(10, lo, hi, at); }
  /** The offset of the value face `face` of `field` ended with (-1 neutral, -2 never set). */
  final(field: number, face: number): number {
    return this.at[field * MAX_TEXTURE_ENTRY_FACES + face]!;
  }
}

function walk(bytes: Uint8Array, faceLimit: number): { ok: boolean; sink: RecordingSink; result: TextureEntryWalk } {
  const sink = new RecordingSink();
  const result = new TextureEntryWalk();
  const ok = walkTextureEntry(bytes, 0, bytes.length, faceLimit, sink, result);
  return { ok, sink, result };
}

const A = Array.from({ length: 16 }, (_, k) => k + 1);
const B = Array.from({ length: 16 }, (_, k) => 0xf0 - k);

describe('walkTextureEntry', () => {
  it('hands over each default, then each exception, in wire order, then the missing fields as neutral', () => {
    // TextureID: default A, B for faces 0 and 2; Color: default, no exceptions; then the data ends.
    const bytes = Uint8Array.from([...A, 0x05, ...B, 0, 1, 2, 3, 4]);
    const { ok, sink, result } = walk(bytes, 9);
    expect(ok).toBe(true);
    expect(sink.calls).toEqual([
      ['TextureID', 0x1ff, 0, 0],
      ['TextureID', 0x05, 0, 17],
      ['Color', 0x1ff, 0, 34],
      ...TEXTURE_ENTRY_FIELD_NAMES.slice(2).map((name) => [name, 0x1ff, 0, -1]),
    ]);
    expect([result.faceCount, result.fieldCount, result.byteLength]).toEqual([3, 2, bytes.length]);
  });

  it('keeps to the face limit but counts every face the entry names', () => {
    // TextureID exceptions: face 20 only (dropped below a limit of 9), then faces 1 and 40.
    const face20 = [0xc0, 0x80, 0x00]; // 2^20 in 7-bit groups
    const faces1and40 = [0xa0, 0x80, 0x80, 0x80, 0x80, 0x02]; // 2^40 + 2
    const bytes = Uint8Array.from([...A, ...face20, ...B, ...faces1and40, ...A]);
    const nine = walk(bytes, 9);
    expect(nine.ok).toBe(true);
    expect(nine.sink.calls.slice(0, 2)).toEqual([['TextureID', 0x1ff, 0, 0], ['TextureID', 0x02, 0, 41]]);
    expect(nine.result.faceCount).toBe(41);
    const all = walk(bytes, MAX_TEXTURE_ENTRY_FACES);
    expect(all.sink.calls.slice(0, 3)).toEqual([
      ['TextureID', -1, 0x1fff, 0], ['TextureID', 1 << 20, 0, 19], ['TextureID', 0x02, 1 << 8, 41],
    ]);
    expect(all.result.faceCount).toBe(41);
    // Face 31 makes lo negative; a limit of 32 or 33 splits at the word.
    expect(walk(bytes, 32).sink.calls[0]).toEqual(['TextureID', -1, 0, 0]);
    expect(walk(bytes, 33).sink.calls[0]).toEqual(['TextureID', -1, 1, 0]);
    expect(walk(bytes, 31).sink.calls[0]).toEqual(['TextureID', 0x7fffffff, 0, 0]);
  });

  it('refuses a face limit outside 1..45 as the caller\'s mistake', () => {
    const bytes = new Uint8Array(0);
    for (const limit of [0, 46, 1.5, Number.NaN]) expect(() => walk(bytes, limit)).toThrow(RangeError);
  });

  it('an empty entry hands over every field as neutral', () => {
    const { ok, sink, result } = walk(new Uint8Array(0), 4);
    expect(ok).toBe(true);
    expect(sink.calls).toEqual(TEXTURE_ENTRY_FIELD_NAMES.map((name) => [name, 0x0f, 0, -1]));
    expect([result.faceCount, result.fieldCount, result.byteLength]).toEqual([0, 0, 0]);
  });

  it('neutralTextureEntry hands over every field as left out', () => {
    const sink = new RecordingSink();
    neutralTextureEntry(sink, 0x3, 0x10);
    expect(sink.calls).toEqual(TEXTURE_ENTRY_FIELD_NAMES.map((name) => [name, 0x3, 0x10, -1]));
  });

  it('agrees with decodeTextureEntry on every kept face, at every face limit', () => {
    const reference = new TextureEntryFaces();
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.integer({ min: 0, max: 3 }), s: fc.constantFrom(1, 2, -0.5), b: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1, maxLength: MAX_TEXTURE_ENTRY_FACES,
        }),
        fc.integer({ min: 1, max: MAX_TEXTURE_ENTRY_FACES }),
        (list, limit) => {
          const source = resetTextureEntryFaces(new TextureEntryFaces());
          list.forEach((v, face) => {
            source.textureId.fill(v.t, face * 16, face * 16 + 16);
            source.scaleS[face] = v.s;
            source.bump[face] = v.b & 0x1f;
            source.shiny[face] = v.b >> 6;
            source.glow[face] = v.t / 3;
          });
          const out = new Uint8Array(4096);
          const bytes = out.slice(0, encodeTextureEntry(source, list.length, out, 0));
          const view = new DataView(bytes.buffer);
          expect(decodeTextureEntry(bytes, view, 0, bytes.length, reference)).toBe(true);
          const { ok, sink, result } = walk(bytes, limit);
          expect(ok).toBe(true);
          expect(result.faceCount).toBe(reference.faceCount);
          for (let face = 0; face < limit; face++) {
            for (let field = 0; field < TEXTURE_ENTRY_FIELD_COUNT; field++) expect(sink.final(field, face)).toBeGreaterThanOrEqual(0);
            expect(bytes[sink.final(0, face)]).toBe(reference.textureId[face * 16]);
            expect(textureEntryScale(view, sink.final(2, face))).toBe(reference.scaleS[face]);
            expect(textureEntryBump(bytes[sink.final(7, face)]!)).toBe(reference.bump[face]);
            expect(textureEntryShiny(bytes[sink.final(7, face)]!)).toBe(reference.shiny[face]);
            expect(Math.fround(textureEntryGlowByte(bytes, sink.final(9, face)) / 255)).toBe(reference.glow[face]);
          }
          for (let face = limit; face < MAX_TEXTURE_ENTRY_FACES; face++) expect(sink.final(0, face)).toBe(-2);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fails where decodeTextureEntry fails, with the same code, offset and message, at any face limit', () => {
    const reference = new TextureEntryFaces();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: MAX_TEXTURE_ENTRY_FACES }), (bytes, limit) => {
        const ok = decodeTextureEntry(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length, reference);
        const walked = walk(bytes, limit);
        expect(walked.ok).toBe(ok);
        expect(walked.result.status.code).toBe(reference.status.code);
        expect(walked.result.status.offset).toBe(reference.status.offset);
        expect(walked.result.status.message).toBe(reference.status.message);
        if (ok) expect(walked.result.byteLength).toBe(reference.byteLength);
      }),
      { numRuns: 500 },
    );
  });

  it('says where and why it stops: a value past the end, a face beyond 44, a buffer too short', () => {
    const short = walk(Uint8Array.from([...A, 0x01, 1, 2, 3]), 9);
    expect(short.ok).toBe(false);
    expect(short.result.status.code).toBe(ObjectDataError.Truncated);
    expect(short.result.status.message).toBe('TextureEntry TextureID value at 17 needs 16 bytes, only 3 left');
    const face45 = walk(Uint8Array.from([...A, 0x88, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, ...B]), 9);
    expect(face45.result.status.code).toBe(ObjectDataError.FaceOutOfRange);
    expect(face45.result.status.message).toMatch(/^TextureEntry TextureID face bitfield at 16 names face 45; a prim has at most 45 faces/);
    const result = new TextureEntryWalk();
    expect(walkTextureEntry(new Uint8Array(8), 4, 8, 9, new RecordingSink(), result)).toBe(false);
    expect(result.status.message).toBe('TextureEntry of 8 bytes at 4 runs past the 8-byte buffer');
  });
});

describe('TextureEntry value readers', () => {
  it('read each field as the viewer does', () => {
    const bytes = Uint8Array.from([0, 255, 55, 0x00, 0x80, 0xff, 0x7f, 0x00, 0x40, 0, 0, 0x80, 0x3f]);
    const view = new DataView(bytes.buffer);
    expect([0, 1, 2].map((k) => textureEntryColorByte(bytes, k))).toEqual([255, 0, 200]);
    expect(textureEntryOffset(view, 3)).toBe(-32768 / 0x7fff);
    expect(textureEntryOffset(view, 5)).toBe(1);
    expect(textureEntryRotation(view, 7)).toBe(Math.fround(0.5) * Math.fround(2 * Math.PI));
    expect(textureEntryScale(view, 9)).toBe(1);
    expect(TEXTURE_ENTRY_FIELD_SIZES.reduce((n, s) => n + s, 0)).toBe(53);
    // BumpShinyFullbright 0b11_1_00101: shiny 3, fullbright, bump 5.
    expect([textureEntryBump(0xe5), textureEntryShiny(0xe5), textureEntryFullbright(0xe5)]).toEqual([5, 3, 1]);
    expect([textureEntryBump(0x1f), textureEntryShiny(0x1f), textureEntryFullbright(0x1f)]).toEqual([31, 0, 0]);
    // MediaTexGen 0x87: media bit and an unassigned bit kept, texgen Spherical|Planar.
    expect([textureEntryMediaFlags(0x87), textureEntryTexGen(0x87)]).toEqual([0x81, 0x06]);
  });
});
