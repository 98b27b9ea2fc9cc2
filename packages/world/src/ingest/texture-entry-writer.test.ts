/** The direct TextureEntry writer agrees with @slv/protocol's decodeTextureEntry on every face it keeps. */
import { presetSettings } from '@slv/config';
import { createEngineWorld } from '@slv/core';
import { MAX_TEXTURE_ENTRY_FACES, TextureEntryFaces, decodeTextureEntry, encodeTextureEntry, resetTextureEntryFaces } from '@slv/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readUuid } from '../tables/uuid-table.ts';
import { writeNeutralTextureEntry, writeTextureEntryBytes } from './texture-entry-writer.ts';
import { MAX_ENTITY_FACES } from '../components/world-components.ts';
import { createIngestion } from '../ingestion/world-ingestion.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

function setup(): WorldIngestion {
  return createIngestion(createEngineWorld({ capacity: 4 }), presetSettings('Balanced'), { onError: () => {} });
}

const reference = new TextureEntryFaces();
const uuid = new Uint8Array(16);

/** Asserts entity 1's kept faces equal the reference decode of the same bytes. */
function expectSameFaces(ing: WorldIngestion, bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ok = decodeTextureEntry(bytes, view, 0, bytes.length, reference);
  const error = writeTextureEntryBytes(ing, 1, bytes, view, 0, bytes.length);
  expect(error === '').toBe(ok);
  if (!ok) {
    expect(error).toBe(reference.status.message);
    return;
  }
  const t = ing.components.textures;
  expect(t.faceCount[1]).toBe(Math.min(reference.faceCount, MAX_ENTITY_FACES));
  for (let f = 0; f < MAX_ENTITY_FACES; f++) {
    const i = MAX_ENTITY_FACES + f;
    expect([...readUuid(ing.tables.assets, t.textureIndex[i], uuid)]).toEqual([...reference.textureId.subarray(f * 16, f * 16 + 16)]);
    expect([...readUuid(ing.tables.assets, t.materialIndex[i], uuid)]).toEqual([...reference.materialId.subarray(f * 16, f * 16 + 16)]);
    for (let k = 0; k < 4; k++) expect(t.color[i * 4 + k]).toBe(Math.round(reference.color[f * 4 + k] * 255));
    expect(t.scaleS[i]).toBe(reference.scaleS[f]);
    expect(t.scaleT[i]).toBe(reference.scaleT[f]);
    expect(t.offsetS[i]).toBe(reference.offsetS[f]);
    expect(t.offsetT[i]).toBe(reference.offsetT[f]);
    expect(t.rotation[i]).toBe(reference.rotation[f]);
    expect(t.glow[i]).toBe(Math.round(reference.glow[f] * 255));
    expect(t.bump[i]).toBe(reference.bump[f]);
    expect(t.shiny[i]).toBe(reference.shiny[f]);
    expect(t.fullbright[i]).toBe(reference.fullbright[f]);
    expect(t.texGen[i]).toBe(reference.texGen[f]);
    expect(t.mediaFlags[i]).toBe(reference.mediaFlags[f]);
  }
}

const faceValues = fc.record({
  texture: fc.integer({ min: 0, max: 3 }),
  color: fc.integer({ min: 0, max: 255 }),
  scale: fc.constantFrom(1, 0.5, 2, -1),
  offset: fc.constantFrom(0, 0.25, -0.5),
  rotation: fc.constantFrom(0, 1, -2),
  bump: fc.integer({ min: 0, max: 255 }),
  media: fc.integer({ min: 0, max: 255 }),
  glow: fc.integer({ min: 0, max: 255 }),
  material: fc.integer({ min: 0, max: 2 }),
});

describe('writeTextureEntryBytes', () => {
  it('matches decodeTextureEntry on encoded entries of 1 to 45 faces, fields and defaults of every kind', () => {
    const ing = setup();
    fc.assert(
      fc.property(
        fc.array(faceValues, { minLength: 1, maxLength: MAX_TEXTURE_ENTRY_FACES }),
        fc.constantFrom<'last' | 'most-common'>('last', 'most-common'),
        fc.integer({ min: 1, max: 11 }),
        (faces, defaultFace, fieldCount) => {
          const source = resetTextureEntryFaces(new TextureEntryFaces());
          faces.forEach((v, f) => {
            source.textureId.fill(v.texture, f * 16, f * 16 + 16);
            source.color.fill(v.color / 255, f * 4, f * 4 + 4);
            source.scaleS[f] = v.scale;
            source.scaleT[f] = -v.scale;
            source.offsetS[f] = v.offset;
            source.offsetT[f] = -v.offset;
            source.rotation[f] = v.rotation;
            source.bump[f] = v.bump & 0x1f;
            source.shiny[f] = v.bump >> 6;
            source.fullbright[f] = (v.bump >> 5) & 1;
            source.mediaFlags[f] = v.media & 0xf9;
            source.texGen[f] = v.media & 0x06;
            source.glow[f] = v.glow / 255;
            source.materialId.fill(v.material, f * 16, f * 16 + 16);
          });
          const out = new Uint8Array(4096);
          const length = encodeTextureEntry(source, faces.length, out, 0, { defaultFace, fieldCount });
          expectSameFaces(ing, out.slice(0, length));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fails exactly where decodeTextureEntry fails, with the same message, on arbitrary bytes', () => {
    const ing = setup();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expectSameFaces(ing, bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('an empty entry and writeNeutralTextureEntry give neutral faces: white, no texture, scale 1', () => {
    const ing = setup();
    expectSameFaces(ing, new Uint8Array(0));
    writeNeutralTextureEntry(ing, 2);
    const t = ing.components.textures;
    expect(t.faceCount[2]).toBe(0);
    expect([...t.color.subarray(2 * 9 * 4, 3 * 9 * 4)].every((c) => c === 255)).toBe(true);
    expect([...t.scaleS.subarray(18, 27)].every((s) => s === 1)).toBe(true);
    expect([...t.textureIndex.subarray(18, 27)].every((s) => s === 0)).toBe(true);
  });

  it('counts faces an entry describes beyond the kept nine', () => {
    const ing = setup();
    const source = resetTextureEntryFaces(new TextureEntryFaces());
    source.textureId.fill(9, 20 * 16, 21 * 16);
    const out = new Uint8Array(1024);
    const length = encodeTextureEntry(source, 21, out, 0);
    const view = new DataView(out.buffer);
    expect(writeTextureEntryBytes(ing, 1, out, view, 0, length)).toBe('');
    expect(ing.components.textures.faceCount[1]).toBe(MAX_ENTITY_FACES);
    // The entry's own count of distinct faces (the last face is the default, so 20) less the nine kept.
    expect(decodeTextureEntry(out, view, 0, length, reference)).toBe(true);
    expect(reference.faceCount).toBe(20);
    expect(ing.stats.facesDropped).toBe(20 - MAX_ENTITY_FACES);
  });
});
