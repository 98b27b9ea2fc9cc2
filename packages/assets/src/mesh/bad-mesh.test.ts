/**
 * Assets that lie or are broken: each is refused with one MeshFormatError
 * naming the asset, the segment and what is wrong, quickly, and without
 * allocating more than the bounds allow.
 */
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@slv/core';
import { createLLSDMap, formatLLSDBinary } from '@slv/protocol';
import { assembleMeshAsset, compressMeshSegment, encodeMeshAsset, encodeMeshFace } from '@slv/sim';
import { decodeMeshAsset, decodeMeshSegment } from './decode-mesh.ts';
import { fourLodAsset, riggedContent } from './mesh-assets.test-support.ts';
import { MeshFormatError } from './mesh-errors.ts';
import { MeshHeaderCutError, readMeshHeader } from './mesh-header.ts';
import { useSyncInflate } from './inflate-bounded.ts';
import { installNodeInflate } from '../node.ts';

async function refusal(promise: Promise<unknown>): Promise<MeshFormatError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(MeshFormatError);
  return error as MeshFormatError;
}

const triangle = () => encodeMeshFace({ positions: [0, 0, 0, 1, 0, 0, 0, 1, 0], indices: [0, 1, 2] });

// Every refusal is the same whichever inflater runs: the platform's DecompressionStream or node:zlib (installNodeInflate).
describe.each(['DecompressionStream', 'node:zlib'])('bad mesh assets (inflating with %s)', (inflater) => {
  beforeAll(() => {
    if (inflater === 'node:zlib') installNodeInflate();
  });
  afterAll(() => useSyncInflate(null));

  it('a truncated segment: the zlib stream ends early', async () => {
    const bytes = fourLodAsset();
    const range = readMeshHeader(bytes, { total: bytes.length }).segments.high_lod!;
    const error = await refusal(decodeMeshSegment('high_lod', bytes.slice(range.start, range.end - 20), { asset: 'cut' }));
    expect(error.message).toMatch(/^mesh cut: high_lod: \d+ compressed bytes is not a whole zlib stream/);
  });

  it('a truncated asset: the header names a segment past its end', async () => {
    const bytes = fourLodAsset();
    const error = await refusal(decodeMeshAsset(bytes.subarray(0, bytes.length - 100), { asset: 'short' }));
    expect(error.segment).toBe('header');
    expect(error.message).toMatch(/^mesh short: header: high_lod \(offset \d+, size \d+\) ends at byte \d+, past the end of the \d+-byte asset$/);
  });

  it('a zlib bomb stops at the inflate bound', async () => {
    // 64 MiB of zeros inside a face's Position: about 64 KB compressed.
    const body = formatLLSDBinary([createLLSDMap({ Position: new Uint8Array(64 << 20) })]);
    const bomb = new Uint8Array(deflateSync(body, { level: 9 }));
    expect(bomb.length).toBeLessThan(100_000);
    const started = performance.now();
    const error = await refusal(decodeMeshAsset(assembleMeshAsset([['high_lod', bomb]]), { asset: 'bomb', limits: { maxInflatedBytes: 4 << 20 } }));
    expect(error.message).toMatch(/^mesh bomb: high_lod: \d+ compressed bytes inflates past the 4194304-byte bound$/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('offsets outside the asset, negative or not integers', async () => {
    const segment = compressMeshSegment([triangle()]);
    const cases: [object, RegExp][] = [
      [{ offset: 1_000_000, size: segment.length }, /high_lod \(offset 1000000, size \d+\) ends at byte \d+, past the end/],
      [{ offset: -4, size: segment.length }, /high_lod\.offset must be an integer ≥ 0, found integer -4/],
      [{ offset: 0.5, size: segment.length }, /high_lod\.offset must be an integer ≥ 0, found real 0\.5/],
      [{ offset: 0, size: 'big' }, /high_lod\.size must be an integer ≥ 0, found string "big"/],
    ];
    for (const [entry, pattern] of cases) {
      const bytes = assembleMeshAsset([['high_lod', segment]], createLLSDMap({ high_lod: createLLSDMap(entry as Record<string, never>) }));
      const error = await refusal(decodeMeshAsset(bytes));
      expect(error.message).toMatch(pattern);
    }
  });

  it('a header claiming a 10⁹-byte segment, and a face claiming 7×10⁸ vertices', async () => {
    const claim = assembleMeshAsset([['high_lod', compressMeshSegment([triangle()])]], createLLSDMap({ high_lod: createLLSDMap({ offset: 0, size: 1e9 }) }));
    expect((await refusal(decodeMeshAsset(claim))).message).toMatch(/high_lod\.size 1000000000 is over the 16777216-byte segment bound/);
    // [ { 'Position': binary of 0xFFFFFFFA bytes } ] with only a few bytes behind the length.
    const lying = new Uint8Array([0x5b, 0, 0, 0, 1, 0x7b, 0, 0, 0, 1, 0x6b, 0, 0, 0, 8, ...new TextEncoder().encode('Position'), 0x62, 0xff, 0xff, 0xff, 0xfa, 1, 2, 3, 0x7d, 0x5d]);
    const error = await refusal(decodeMeshSegment('high_lod', new Uint8Array(deflateSync(lying))));
    expect(error.message).toMatch(/high_lod: inflates to bytes that are not binary LLSD: .*a length for binary data within the \d+ bytes left, found 4294967290/);
  });

  it('vertices and indices past the per-face and per-decode bounds', async () => {
    // More vertices than U16 indices can reach (the encoder refuses to write them, so the Position is made by hand).
    const segment = compressMeshSegment([createLLSDMap({ ...triangle(), Position: new Uint8Array(70_000 * 6) })]);
    expect((await refusal(decodeMeshSegment('high_lod', segment))).message).toMatch(/face 0: 70000 vertices, more than the 65536 a face may have/);
    const small = compressMeshSegment([triangle(), triangle(), triangle()]);
    expect((await refusal(decodeMeshSegment('low_lod', small, { limits: { maxVertices: 8 } }))).message).toMatch(/face 2: 3 more vertices pass the 8-vertex bound/);
    expect((await refusal(decodeMeshSegment('low_lod', small, { limits: { maxIndicesPerFace: 2 } }))).message).toMatch(/face 0: 3 indices, more than the 2/);
  });

  it('an index past the vertices, more than 8 faces, a wrong-sized Normal, no domain', async () => {
    const face = triangle();
    const outOfRange = createLLSDMap({ ...face, TriangleList: new Uint8Array([0, 0, 1, 0, 3, 0]) });
    expect((await refusal(decodeMeshSegment('high_lod', compressMeshSegment([face, outOfRange])))).message).toMatch(/face 1: TriangleList index 2 is 3, past the face's 3 vertices/);
    expect((await refusal(decodeMeshSegment('high_lod', compressMeshSegment(new Array(9).fill(face))))).message).toMatch(/has 9 faces, more than the 8 a LOD may have/);
    const badNormal = createLLSDMap({ ...face, Normal: new Uint8Array(12) });
    expect((await refusal(decodeMeshSegment('high_lod', compressMeshSegment([badNormal])))).message).toMatch(/face 0: Normal has 12 bytes, not 6 for each of the 3 vertices/);
    const noDomain = createLLSDMap({ Position: face.Position!, TriangleList: face.TriangleList! });
    expect((await refusal(decodeMeshSegment('high_lod', compressMeshSegment([noDomain])))).message).toMatch(/face 0: PositionDomain must be a map \{Min, Max\}, found nothing/);
    expect((await refusal(decodeMeshSegment('high_lod', compressMeshSegment(createLLSDMap())))).message).toMatch(/must be an LLSD array of face maps, found map/);
  });

  it('weights that name a joint the skin does not have, or run short', async () => {
    const content = riggedContent();
    const skin = { ...content.skin!, jointNames: ['mPelvis', 'mTorso'], inverseBindMatrices: content.skin!.inverseBindMatrices.slice(0, 2) };
    expect((await refusal(decodeMeshAsset(encodeMeshAsset({ ...content, skin })))).message).toMatch(/high_lod: face 0: Weights name joint 2, the skin has 2/);
    const face = createLLSDMap({ ...triangle(), Weights: new Uint8Array([0, 255, 255, 0xff, 1]) });
    expect((await refusal(decodeMeshSegment('high_lod', compressMeshSegment([face])))).message).toMatch(/face 0: Weights end inside vertex 1's influence 0/);
  });

  it('a header cut short by the prefix held is told apart from a bad one', () => {
    const bytes = fourLodAsset();
    expect(() => readMeshHeader(bytes.subarray(0, 20), { total: bytes.length })).toThrow(MeshHeaderCutError);
    expect(() => readMeshHeader(new TextEncoder().encode('<html>nope</html>'), { total: 17 })).toThrow(/mesh asset: header: is not a binary LLSD map/);
    expect(() => readMeshHeader(formatLLSDBinary([1, 2]), {})).toThrow(/header: is an array of 2, not an LLSD map/);
  });

  it('random bytes, and random damage to a good asset, end in a MeshFormatError or a decode, nothing else', async () => {
    const random = seededRandom(11);
    const good = fourLodAsset();
    for (let round = 0; round < 300; round++) {
      let bytes: Uint8Array;
      if (round % 2 === 0) {
        bytes = new Uint8Array(1 + Math.floor(random() * 2000)).map(() => Math.floor(random() * 256));
      } else {
        bytes = good.slice();
        for (let flips = 1 + Math.floor(random() * 8); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      const outcome = await decodeMeshAsset(bytes, { asset: `round ${round}` }).then(() => null, (e: unknown) => e);
      if (outcome !== null) {
        expect(outcome, String(outcome)).toBeInstanceOf(MeshFormatError);
        expect((outcome as Error).message).toMatch(new RegExp(`^mesh round ${round}: (header|asset|\\w+_lod|skin): `));
      }
    }
  });
});
