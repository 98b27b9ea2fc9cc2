/** Mesh assets for tests, written with the simulator's encoder, and a check that decoded geometry matches what was encoded. */
import { expect } from 'vitest';
import { coneFaces, encodeMeshAsset, NO_GEOMETRY_FACE, torusKnotFace, vaseFace, type MeshAssetContent, type MeshFaceGeometry } from '@slv/sim';
import type { MeshFace } from './mesh-faces.ts';

/** All four LODs; the high LOD has a cone's two faces, a NoGeometry face and a knot; the others fewer. */
export function fourLodContent(): MeshAssetContent {
  return {
    lods: {
      lowest_lod: coneFaces(4),
      low_lod: coneFaces(8),
      medium_lod: [...coneFaces(16), NO_GEOMETRY_FACE],
      high_lod: [...coneFaces(32), NO_GEOMETRY_FACE, torusKnotFace(2, 3, 64, 8)],
    },
  };
}

/** A rigged vase: weights over three joints, and its skin. */
export function riggedContent(): MeshAssetContent {
  const face = vaseFace(12, 6);
  const vertices = face.positions.length / 3;
  const weights = Array.from({ length: vertices }, (_, v) =>
    v % 3 === 0 ? [{ joint: 0, weight: 1 }] : v % 3 === 1 ? [{ joint: 1, weight: 0.25 }, { joint: 2, weight: 0.75 }] : [0, 1, 2, 1].map((joint, i) => ({ joint, weight: 0.1 * (i + 1) })),
  );
  const matrix = (z: number) => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, z, 1];
  return {
    lods: { high_lod: [{ ...face, weights }] },
    skin: { jointNames: ['mPelvis', 'mTorso', 'mChest'], inverseBindMatrices: [matrix(-1), matrix(-1.2), matrix(-1.4)], bindShapeMatrix: matrix(0.5), pelvisOffset: 0.25 },
  };
}

export function fourLodAsset(): Uint8Array {
  return encodeMeshAsset(fourLodContent());
}

/** The decoded face equals the encoded one within the U16 quantisation step of each domain. */
export function expectFaceMatches(face: MeshFace, source: MeshFaceGeometry | typeof NO_GEOMETRY_FACE): void {
  if (source === NO_GEOMETRY_FACE) {
    expect(face).toMatchObject({ noGeometry: true, vertexCount: 0, triangleCount: 0 });
    return;
  }
  const vertices = source.positions.length / 3;
  expect(face.noGeometry).toBe(false);
  expect(face.vertexCount).toBe(vertices);
  expect(face.triangleCount).toBe(source.indices.length / 3);
  expect([...face.indices]).toEqual(Array.from(source.indices));
  expectClose(face.positions, source.positions, face.positionDomain!.min, face.positionDomain!.max, 3);
  if (source.normals !== undefined) expectClose(face.normals!, source.normals, [-1, -1, -1], [1, 1, 1], 3);
  else expect(face.normals).toBeNull();
  if (source.uvs !== undefined) expectClose(face.uvs!, source.uvs, face.uvDomain!.min, face.uvDomain!.max, 2);
  else expect(face.uvs).toBeNull();
}

function expectClose(actual: Float32Array, expected: ArrayLike<number>, min: readonly number[], max: readonly number[], stride: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const step = (max[i % stride]! - min[i % stride]!) / 65535;
    // Half a quantisation step, plus float32 rounding of the result.
    const allowed = step / 2 + Math.abs(expected[i]!) * 2 ** -23 + 1e-7;
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / allowed);
  }
  expect(worst).toBeLessThanOrEqual(1);
}
