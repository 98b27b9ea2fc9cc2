/**
 * simplifyMeshLod on decoded simulator meshes: about the target triangle
 * count, indices inside each face's compacted vertices, faces kept in order
 * (NoGeometry ones too), kept vertices carrying their own normals, UVs and
 * weights; and the LOD plan: which LODs are missing or useless, filled for
 * the vase (only high_lod) and the four-LOD asset.
 */
import { encodeMeshAsset, LIBRARY_MESHES, MeshLibrary } from '@slv/sim';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMeshAsset, type MeshLod } from '../decode-mesh.ts';
import { fourLodAsset, riggedContent } from '../mesh-assets.test-support.ts';
import type { MeshFace } from '../mesh-faces.ts';
import { fillMissingLods, generationRatio, lodStepRatio, lodsToGenerate } from './lod-plan.ts';
import { loadSimplifier, simplifyMeshLod } from './simplify-lod.ts';

const library = new MeshLibrary();
const VASE = LIBRARY_MESHES.find((m) => m.name === 'vase')!.id;

beforeAll(() => loadSimplifier());

async function high(bytes: Uint8Array): Promise<MeshLod> {
  return (await decodeMeshAsset(bytes, { lods: ['high_lod'] })).lods.high_lod!;
}

/** Every index inside the face, every vertex used, and each kept vertex one of the source face's (position, normal, UV). */
function expectCompactFaceOf(face: MeshFace, source: MeshFace): void {
  expect(face.indices.length).toBe(face.triangleCount * 3);
  const used = new Uint8Array(face.vertexCount);
  for (const index of face.indices) {
    expect(index).toBeLessThan(face.vertexCount);
    used[index] = 1;
  }
  expect(used.every((u) => u === 1)).toBe(true);
  const key = (f: MeshFace, v: number) => [...f.positions.subarray(v * 3, v * 3 + 3), ...(f.normals?.subarray(v * 3, v * 3 + 3) ?? []), ...(f.uvs?.subarray(v * 2, v * 2 + 2) ?? [])].join();
  const known = new Set(Array.from({ length: source.vertexCount }, (_, v) => key(source, v)));
  for (let v = 0; v < face.vertexCount; v++) expect(known.has(key(face, v))).toBe(true);
}

describe('simplifyMeshLod', () => {
  it('brings the vase to about the target triangle count, indices in range', async () => {
    const source = await high(library.asset(VASE)!);
    for (const ratio of [0.5, 0.25, 0.1]) {
      const { lod, droppedAcrossFaces } = simplifyMeshLod(source, 'low_lod', ratio);
      expect(lod.name).toBe('low_lod');
      const target = source.triangleCount * ratio;
      expect(lod.triangleCount).toBeLessThanOrEqual(Math.ceil(target) + 1);
      expect(lod.triangleCount).toBeGreaterThan(target * 0.8);
      expect(droppedAcrossFaces).toBe(0);
      expect(lod.faces).toHaveLength(1);
      expectCompactFaceOf(lod.faces[0]!, source.faces[0]!);
      expect(lod.vertexCount).toBeLessThan(source.vertexCount);
    }
  });

  it('keeps every face in order, NoGeometry faces included, and leaves the source untouched', async () => {
    const source = await high(fourLodAsset());
    const before = source.faces.map((f) => f.indices.slice());
    const { lod } = simplifyMeshLod(source, 'medium_lod', 0.3);
    expect(lod.faces.map((f) => f.noGeometry)).toEqual(source.faces.map((f) => f.noGeometry));
    expect(lod.faces.map((f) => f.noGeometry)).toEqual([false, false, true, false]);
    lod.faces.forEach((face, i) => {
      if (!face.noGeometry) expectCompactFaceOf(face, source.faces[i]!);
      expect(face.positionDomain).toEqual(source.faces[i]!.positionDomain);
    });
    expect(lod.triangleCount).toBeLessThan(source.triangleCount * 0.4);
    expect(lod.triangleCount).toBe(lod.faces.reduce((n, f) => n + f.triangleCount, 0));
    expect(source.faces.map((f) => f.indices)).toEqual(before);
  });

  it('keeps each kept vertex\'s weights', async () => {
    const source = await high(encodeMeshAsset(riggedContent()));
    const { lod } = simplifyMeshLod(source, 'low_lod', 0.25);
    const face = lod.faces[0]!;
    const from = source.faces[0]!;
    expect(face.weights!.maxJoint).toBe(from.weights!.maxJoint);
    const byPosition = new Map<string, string>();
    for (let v = 0; v < from.vertexCount; v++) byPosition.set([...from.positions.subarray(v * 3, v * 3 + 3)].join(), [...from.weights!.weights.subarray(v * 4, v * 4 + 4), ...from.weights!.joints.subarray(v * 4, v * 4 + 4)].join());
    for (let v = 0; v < face.vertexCount; v++) {
      expect([...face.weights!.weights.subarray(v * 4, v * 4 + 4), ...face.weights!.joints.subarray(v * 4, v * 4 + 4)].join()).toBe(byPosition.get([...face.positions.subarray(v * 3, v * 3 + 3)].join()));
    }
  });
});

describe('which LODs to generate', () => {
  it('maps aggressiveness to a ratio per LOD step: Low 0.75 simplifies hardest', () => {
    expect(lodStepRatio(0.25)).toBeCloseTo(0.40625);
    expect(lodStepRatio(0.5)).toBeCloseTo(0.3125);
    expect(lodStepRatio(0.75)).toBeCloseTo(0.21875);
    expect(generationRatio('lowest_lod', 'high_lod', 0.5)).toBeCloseTo(0.3125 ** 3);
    expect(() => generationRatio('high_lod', 'low_lod', 0.5)).toThrow(RangeError);
  });

  it('missing LODs from the nearest finer one present; useless ones (≥ 90 % of the finer) too; nothing finer: none', () => {
    expect(lodsToGenerate({ high_lod: 1000 })).toEqual([
      { lod: 'lowest_lod', from: 'high_lod', reason: 'missing' },
      { lod: 'low_lod', from: 'high_lod', reason: 'missing' },
      { lod: 'medium_lod', from: 'high_lod', reason: 'missing' },
    ]);
    expect(lodsToGenerate({ lowest_lod: 10, low_lod: 100, medium_lod: 300, high_lod: 1000 })).toEqual([]);
    expect(lodsToGenerate({ lowest_lod: 950, low_lod: 1000, medium_lod: 1000, high_lod: 1000 })).toEqual([
      { lod: 'lowest_lod', from: 'high_lod', reason: 'useless' },
      { lod: 'low_lod', from: 'high_lod', reason: 'useless' },
      { lod: 'medium_lod', from: 'high_lod', reason: 'useless' },
    ]);
    expect(lodsToGenerate({ lowest_lod: 10, medium_lod: 300 })).toEqual([{ lod: 'low_lod', from: 'medium_lod', reason: 'missing' }]);
  });

  it('fills the vase\'s three missing LODs from high_lod, each coarser than the next', async () => {
    const mesh = await decodeMeshAsset(library.asset(VASE)!);
    const { lods, generated } = await fillMissingLods(mesh.lods, 0.5);
    expect(generated.map((g) => [g.lod, g.from, g.reason])).toEqual([['lowest_lod', 'high_lod', 'missing'], ['low_lod', 'high_lod', 'missing'], ['medium_lod', 'high_lod', 'missing']]);
    const counts = (['lowest_lod', 'low_lod', 'medium_lod', 'high_lod'] as const).map((name) => lods[name]!.triangleCount);
    expect(counts[3]).toBe(mesh.lods.high_lod!.triangleCount);
    for (let i = 0; i < 3; i++) {
      expect(counts[i]).toBeLessThan(counts[i + 1]!);
      expect(counts[i]).toBeLessThanOrEqual(Math.ceil(counts[3]! * generationRatio(generated[i]!.lod, 'high_lod', 0.5)) + 1);
    }
    expect(lods.high_lod).toBe(mesh.lods.high_lod);
  });
});
