import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjectDataError } from './object-data-status.ts';
import {
  MAX_TEXTURE_ENTRY_FACES, TexGen, TextureEntryFaces, decodeTextureEntry, encodeTextureEntry, resetTextureEntryFaces,
  type EncodeTextureEntryOptions,
} from './texture-entry.ts';

const f = Math.fround;
const F_TWO_PI = f(2 * Math.PI);

/** One face's appearance as wire integers; `applyFace` turns it into decoded values. */
interface WireFace {
  texture: number;
  color: number[];
  scaleS: number;
  scaleT: number;
  offsetS: number;
  offsetT: number;
  rotation: number;
  bump: number;
  shiny: number;
  fullbright: number;
  media: number;
  glow: number;
  material: number;
}

// Small pools, so faces share values and the encoder has groups to find.
const wireFace: fc.Arbitrary<WireFace> = fc.record({
  texture: fc.integer({ min: 0, max: 3 }),
  color: fc.constantFrom([0, 0, 0, 0], [255, 255, 255, 255], [0, 127, 255, 0], [10, 20, 30, 40]),
  scaleS: fc.constantFrom(1, 0.5, -2.25, f(1 / 3)),
  scaleT: fc.constantFrom(1, 4, f(0.1)),
  offsetS: fc.constantFrom(0, 32767, -32767, -32768, 1234),
  offsetT: fc.constantFrom(0, -16384, 16384),
  rotation: fc.constantFrom(0, 8192, -8192, 16384, -32768, 32767, 100),
  bump: fc.constantFrom(0, 1, 17, 31),
  shiny: fc.integer({ min: 0, max: 3 }),
  fullbright: fc.integer({ min: 0, max: 1 }),
  media: fc.constantFrom(0, 1, 2, 4, 6, 7, 0x81),
  glow: fc.constantFrom(0, 13, 255),
  material: fc.integer({ min: 0, max: 2 }),
});

function id(seed: number): Uint8Array {
  return seed === 0 ? new Uint8Array(16) : Uint8Array.from({ length: 16 }, (_, k) => (seed * 37 + k * 11) & 0xff);
}

function applyFace(out: TextureEntryFaces, face: number, w: WireFace): void {
  out.textureId.set(id(w.texture), face * 16);
  for (let k = 0; k < 4; k++) out.color[face * 4 + k] = f((255 - w.color[k]!) / 255);
  out.scaleS[face] = w.scaleS;
  out.scaleT[face] = w.scaleT;
  out.offsetS[face] = w.offsetS / 0x7fff;
  out.offsetT[face] = w.offsetT / 0x7fff;
  out.rotation[face] = f(w.rotation / 32768) * F_TWO_PI;
  out.bump[face] = w.bump;
  out.shiny[face] = w.shiny;
  out.fullbright[face] = w.fullbright;
  out.mediaFlags[face] = w.media & ~6 & 0xff;
  out.texGen[face] = w.media & 6;
  out.glow[face] = w.glow / 255;
  out.materialId.set(id(w.material + 10), face * 16);
}

const faceSet = fc.array(wireFace, { minLength: 1, maxLength: MAX_TEXTURE_ENTRY_FACES }).map((list) => {
  const faces = resetTextureEntryFaces(new TextureEntryFaces());
  list.forEach((w, i) => applyFace(faces, i, w));
  return { faces, count: list.length };
});

const ARRAYS = ['textureId', 'color', 'scaleS', 'scaleT', 'offsetS', 'offsetT', 'rotation', 'bump', 'shiny', 'fullbright', 'mediaFlags', 'texGen', 'glow', 'materialId'] as const;
const WIDTH: Record<(typeof ARRAYS)[number], number> = {
  textureId: 16, color: 4, scaleS: 1, scaleT: 1, offsetS: 1, offsetT: 1, rotation: 1, bump: 1, shiny: 1, fullbright: 1, mediaFlags: 1, texGen: 1, glow: 1, materialId: 16,
};

function face(faces: TextureEntryFaces, name: (typeof ARRAYS)[number], i: number): number[] {
  const w = WIDTH[name];
  return Array.from(faces[name].subarray(i * w, i * w + w));
}

function expectSameFaces(a: TextureEntryFaces, b: TextureEntryFaces, count: number): void {
  for (const name of ARRAYS) for (let i = 0; i < count; i++) expect(face(b, name, i), `${name}[${i}]`).toEqual(face(a, name, i));
}

function encode(faces: TextureEntryFaces, count: number, options?: EncodeTextureEntryOptions): Uint8Array {
  const out = new Uint8Array(4096);
  const n = encodeTextureEntry(faces, count, out, 3, options);
  return out.slice(3, 3 + n);
}

function decode(bytes: Uint8Array): TextureEntryFaces {
  const out = new TextureEntryFaces();
  const ok = decodeTextureEntry(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length, out);
  expect(out.status.message).toBe('');
  expect(ok).toBe(true);
  return out;
}

function failure(bytes: number[]): TextureEntryFaces {
  const data = Uint8Array.from(bytes);
  const out = new TextureEntryFaces();
  expect(decodeTextureEntry(data, new DataView(data.buffer), 0, data.length, out)).toBe(false);
  expect(out.status.message).not.toBe('');
  return out;
}

const TEXTURE_A = Array.from(id(1));
const TEXTURE_B = Array.from(id(2));

describe('TextureEntry', () => {
  for (const defaultFace of ['last', 'most-common'] as const) {
    it(`round-trips every field of up to 45 faces (default: ${defaultFace} face)`, () => {
      fc.assert(
        fc.property(faceSet, fc.boolean(), ({ faces, count }, terminateLastField) => {
          const bytes = encode(faces, count, { defaultFace, terminateLastField });
          const back = decode(bytes);
          expect(back.fieldCount).toBe(11);
          expect(back.byteLength).toBe(bytes.length);
          expect(back.faceCount).toBeLessThanOrEqual(count);
          expectSameFaces(faces, back, count);
          // re-encoding the decoded faces is byte-identical
          expect(Array.from(encode(back, count, { defaultFace, terminateLastField }))).toEqual(Array.from(bytes));
        }),
      );
    });
  }

  it('gives faces beyond the described ones the default, which is the last face in viewer order', () => {
    fc.assert(
      fc.property(faceSet, ({ faces, count }) => {
        const back = decode(encode(faces, count));
        for (const name of ARRAYS) {
          const beyond: number[][] = [];
          for (let i = count; i < MAX_TEXTURE_ENTRY_FACES; i++) beyond.push(face(back, name, i));
          expect(beyond).toEqual(new Array(MAX_TEXTURE_ENTRY_FACES - count).fill(face(faces, name, count - 1)));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('groups faces like packTEField: default first, then each other value once, highest face first', () => {
    const faces = resetTextureEntryFaces(new TextureEntryFaces());
    for (const i of [0, 1, 2]) faces.textureId.set(TEXTURE_A, i * 16);
    faces.textureId.set(TEXTURE_B, 3 * 16);
    faces.textureId.set(TEXTURE_A, 4 * 16);
    const last = encode(faces, 5);
    // default = face 4's A; B on face 3 (bitfield 0x08); nothing else differs
    expect(Array.from(last.subarray(0, 34))).toEqual([...TEXTURE_A, 0x08, ...TEXTURE_B, 0]);
    faces.textureId.set(TEXTURE_B, 4 * 16);
    const viewer = encode(faces, 5);
    expect(Array.from(viewer.subarray(0, 34))).toEqual([...TEXTURE_B, 0x07, ...TEXTURE_A, 0]);
    const common = encode(faces, 5, { defaultFace: 'most-common' });
    expect(Array.from(common.subarray(0, 34))).toEqual([...TEXTURE_A, 0x18, ...TEXTURE_B, 0]);
  });

  it('writes multi-byte bitfields most significant group first', () => {
    const faces = resetTextureEntryFaces(new TextureEntryFaces());
    faces.scaleS.fill(2);
    faces.scaleS[44] = 1;
    faces.scaleS[8] = 3;
    const bytes = encode(faces, MAX_TEXTURE_ENTRY_FACES);
    const back = decode(bytes);
    expect(back.scaleS[8]).toBe(3);
    expect(back.scaleS[44]).toBe(1);
    expect(back.scaleS[43]).toBe(2);
    expect(back.faceCount).toBe(44);
    // ScaleS starts after TextureID (16 + 0) and Color (4 + 0): default 1.0 (face 44), then
    // 2.0 for faces 0..43 but 8 in seven groups, then 3.0 for face 8 (256 = 0x82 0x00)
    expect(Array.from(bytes.subarray(22, 44))).toEqual([
      0, 0, 0x80, 0x3f, 0x83, 0xff, 0xff, 0xff, 0xff, 0xfd, 0x7f, 0, 0, 0, 0x40, 0x82, 0x00, 0, 0, 0x40, 0x40, 0,
    ]);
  });

  it('decodes an empty entry as no faces', () => {
    const out = decode(new Uint8Array(0));
    expect([out.faceCount, out.fieldCount, out.byteLength]).toEqual([0, 0, 0]);
    expect(out.scaleS[0]).toBe(1);
    expect(Array.from(out.color.subarray(0, 4))).toEqual([1, 1, 1, 1]);
    expect(encodeTextureEntry(out, 0, new Uint8Array(0), 0)).toBe(0);
  });

  it('accepts entries that stop after MediaTexGen or Glow, leaving the rest neutral', () => {
    const faces = resetTextureEntryFaces(new TextureEntryFaces());
    faces.glow.fill(0.2);
    faces.materialId.fill(9);
    for (const fieldCount of [9, 10]) {
      const bytes = encode(faces, 3, { fieldCount });
      const back = decode(bytes);
      expect(back.fieldCount).toBe(fieldCount);
      expect(back.glow[0]).toBe(fieldCount === 10 ? f(51 / 255) : 0);
      expect(back.materialId[0]).toBe(0);
      // a terminator after the last present field is fine too
      const terminated = decode(Uint8Array.from([...bytes, 0]));
      expect(terminated.fieldCount).toBe(fieldCount);
    }
  });

  it('keeps media, texgen, bump, shiny and fullbright bits apart', () => {
    const faces = resetTextureEntryFaces(new TextureEntryFaces());
    faces.bump[0] = 5;
    faces.shiny[0] = 2;
    faces.fullbright[0] = 1;
    faces.mediaFlags[0] = 1;
    faces.texGen[0] = TexGen.Planar;
    const back = decode(encode(faces, 1));
    expect([back.bump[0], back.shiny[0], back.fullbright[0], back.mediaFlags[0], back.texGen[0]]).toEqual([5, 2, 1, 1, TexGen.Planar]);
  });

  it('inverts colour bytes and rounds like LLColor4U', () => {
    const faces = resetTextureEntryFaces(new TextureEntryFaces());
    faces.color.set([1, 0.5, 0, 0.25]);
    const bytes = encode(faces, 1);
    expect(Array.from(bytes.subarray(17, 21))).toEqual([0, 127, 255, 191]);
    faces.color.set([2, -1, Number.NaN, 1]);
    expect(Array.from(encode(faces, 1).subarray(17, 21))).toEqual([0, 255, 255, 0]);
  });

  it('rejects a face bitfield naming face 45 or beyond', () => {
    const out = failure([...TEXTURE_A, 0x88, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, ...TEXTURE_B]);
    expect(out.status.code).toBe(ObjectDataError.FaceOutOfRange);
    expect(out.status.message).toMatch(/TextureID face bitfield at 16 names face 45/);
    // face 44 is the last allowed
    const ok = new TextureEntryFaces();
    const bytes = Uint8Array.from([...TEXTURE_A, 0x84, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, ...TEXTURE_B]);
    expect(decodeTextureEntry(bytes, new DataView(bytes.buffer), 0, bytes.length, ok)).toBe(true);
    expect(ok.faceCount).toBe(45);
    expect(ok.textureId[44 * 16]).toBe(TEXTURE_B[0]);
  });

  it('rejects bitfields longer than seven bytes', () => {
    const out = failure([...TEXTURE_A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, ...TEXTURE_B]);
    expect(out.status.code).toBe(ObjectDataError.Malformed);
  });

  it('rejects values and bitfields that run past the end, saying where', () => {
    expect(failure(TEXTURE_A.slice(0, 10)).status.message).toMatch(/TextureID default needs 16 bytes at 0, only 10 left/);
    expect(failure([...TEXTURE_A, 0x01, ...TEXTURE_B.slice(0, 4)]).status.message).toMatch(/TextureID value at 17 needs 16 bytes, only 4 left/);
    expect(failure([...TEXTURE_A, 0x81]).status.code).toBe(ObjectDataError.Truncated);
    expect(failure([...TEXTURE_A, 0, 1, 2]).status.message).toMatch(/Color default needs 4 bytes at 17, only 2 left/);
    const out = new TextureEntryFaces();
    const bytes = new Uint8Array(20);
    expect(decodeTextureEntry(bytes, new DataView(bytes.buffer), 10, 20, out)).toBe(false);
    expect(out.status.code).toBe(ObjectDataError.Truncated);
  });

  it('never throws or hangs on arbitrary bytes', () => {
    const out = new TextureEntryFaces();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
        const ok = decodeTextureEntry(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length, out);
        expect(ok).toBe(out.status.ok);
        if (ok) {
          expect(out.byteLength).toBeLessThanOrEqual(bytes.length);
          expect(out.faceCount).toBeLessThanOrEqual(MAX_TEXTURE_ENTRY_FACES);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses bad face counts and outputs that are too small', () => {
    const faces = resetTextureEntryFaces(new TextureEntryFaces());
    expect(() => encodeTextureEntry(faces, 46, new Uint8Array(100), 0)).toThrow(RangeError);
    expect(() => encodeTextureEntry(faces, -1, new Uint8Array(100), 0)).toThrow(RangeError);
    expect(() => encodeTextureEntry(faces, 1, new Uint8Array(100), 0, { fieldCount: 12 })).toThrow(RangeError);
    expect(() => encodeTextureEntry(faces, 1, new Uint8Array(40), 0)).toThrow(/does not fit/);
  });
});
