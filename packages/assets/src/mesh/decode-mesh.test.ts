/**
 * Mesh assets written by the simulator's encoder read back: every LOD and
 * face, NoGeometry faces, domains, normals and UVs within a quantisation
 * step, indices exact, rigged weights and the skin, and a segment decoded
 * on its own from the bytes a Range request would bring.
 */
import { describe, expect, it } from 'vitest';
import { encodeMeshAsset, LIBRARY_MESHES, MESH_LOD_NAMES, type MeshFaceGeometry } from '@slv/sim';
import { decodeMeshAsset, decodeMeshSegment } from './decode-mesh.ts';
import { expectFaceMatches, fourLodContent, riggedContent } from './mesh-assets.test-support.ts';
import { readMeshHeader } from './mesh-header.ts';

describe('decodeMeshAsset', () => {
  it('reads all four LODs, every face within a quantisation step, NoGeometry faces empty', async () => {
    const content = fourLodContent();
    const mesh = await decodeMeshAsset(encodeMeshAsset(content), { asset: 'four-lods' });
    expect(mesh.header.lods).toEqual(MESH_LOD_NAMES);
    expect(mesh.header.version).toBe(1);
    expect(mesh.skin).toBeNull();
    for (const name of MESH_LOD_NAMES) {
      const faces = content.lods[name]!;
      const lod = mesh.lods[name]!;
      expect(lod.faces.length).toBe(faces.length);
      lod.faces.forEach((face, i) => expectFaceMatches(face, faces[i]!));
      expect(lod.vertexCount).toBe(lod.faces.reduce((n, f) => n + f.vertexCount, 0));
    }
    const high = mesh.lods.high_lod!;
    expect(high.faces.map((f) => f.noGeometry)).toEqual([false, false, true, false]);
    expect(high.faces.map((f) => f.triangleCount)).toEqual([32 * 7 * 2, 32, 0, 64 * 8 * 2]);
  });

  it("keeps each face's position and UV domain", async () => {
    const mesh = await decodeMeshAsset(encodeMeshAsset({ lods: { high_lod: [{ positions: [-2, 0, 1, 3, 0.5, 1, 0, 4, 1], uvs: [0, 0, 2, 0, 0, -1], indices: [0, 1, 2] }] } }));
    const face = mesh.lods.high_lod!.faces[0]!;
    expect(face.positionDomain).toEqual({ min: [-2, 0, 1], max: [3, 4, 1] });
    expect(face.uvDomain).toEqual({ min: [0, -1], max: [2, 0] });
    // Domain corners are exact; 0.5 in a 4-unit domain is within half a step (4 / 65535 / 2).
    expect([...face.positions].map((v, i) => (i === 4 ? Math.round(v * 1e4) / 1e4 : v))).toEqual([-2, 0, 1, 3, 0.5, 1, 0, 4, 1]);
    expect(face.normals).toBeNull();
  });

  it('reads rigged weights and the skin: joint names, bind matrices, pelvis offset', async () => {
    const content = riggedContent();
    const mesh = await decodeMeshAsset(encodeMeshAsset(content));
    const face = mesh.lods.high_lod!.faces[0]!;
    expectFaceMatches(face, content.lods.high_lod![0]!);
    const source = (content.lods.high_lod![0] as MeshFaceGeometry).weights!;
    source.forEach((influences, v) => {
      for (let slot = 0; slot < 4; slot++) {
        const expected = influences[slot];
        expect(face.weights!.joints[v * 4 + slot]).toBe(expected?.joint ?? 0);
        expect(face.weights!.weights[v * 4 + slot]).toBeCloseTo(expected?.weight ?? 0, 4);
      }
    });
    expect(face.weights!.maxJoint).toBe(2);
    expect(mesh.skin!.jointNames).toEqual(['mPelvis', 'mTorso', 'mChest']);
    expect([...mesh.skin!.inverseBindMatrices.subarray(16, 32)]).toEqual(content.skin!.inverseBindMatrices[1]!.map(Math.fround));
    expect([...mesh.skin!.bindShapeMatrix]).toEqual(content.skin!.bindShapeMatrix!.map(Math.fround));
    expect(mesh.skin!.pelvisOffset).toBe(0.25);
    expect(mesh.skin!.altInverseBindMatrices).toBeNull();
  });

  it('decodes only the LODs asked for, and skips physics', async () => {
    const bytes = encodeMeshAsset({ ...fourLodContent(), physicsConvex: { HullList: new Uint8Array([3]) } as never });
    const mesh = await decodeMeshAsset(bytes, { lods: ['low_lod'], skin: false });
    expect(Object.keys(mesh.lods)).toEqual(['low_lod']);
    expect(Object.keys(mesh.header.segments)).toContain('physics_convex');
  });

  it('decodes a segment on its own from the byte range the header names', async () => {
    const bytes = encodeMeshAsset(fourLodContent());
    const header = readMeshHeader(bytes.subarray(0, 4096), { total: bytes.length });
    const range = header.segments.medium_lod!;
    const decoded = await decodeMeshSegment('medium_lod', bytes.slice(range.start, range.end));
    expect(decoded.kind).toBe('lod');
    if (decoded.kind === 'lod') expect(decoded.lod.faces.map((f) => f.noGeometry)).toEqual([false, false, true]);
  });

  it("decodes every mesh of the simulator's library", async () => {
    for (const mesh of LIBRARY_MESHES) {
      const decoded = await decodeMeshAsset(encodeMeshAsset(mesh.content()), { asset: mesh.name });
      expect(decoded.header.lods.length, mesh.name).toBeGreaterThan(0);
      for (const lod of Object.values(decoded.lods)) expect(lod.triangleCount, `${mesh.name} ${lod.name}`).toBeGreaterThan(0);
    }
  });
});
