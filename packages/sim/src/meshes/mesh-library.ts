/**
 * The mesh assets the simulator serves, by id: a cone, a torus knot (with a
 * NoGeometry face beside its tube) and a rigged column with all four LODs
 * and a skin, and a vase with only `high_lod` (the viewer must make do
 * with one LOD). Encoded on first request with the LLSD mesh encoder and
 * kept; tests can serve any bytes under an id to play a broken asset.
 */
import { nameUuid } from '../region/name-uuid.ts';
import { encodeMeshAsset, NO_GEOMETRY_FACE, type MeshAssetContent, type MeshLodName } from './mesh-asset-encoder.ts';
import { coneFaces, latheFace, torusKnotFace, vaseFace } from './mesh-shapes.ts';

export interface LibraryMesh {
  readonly id: string;
  readonly name: string;
  readonly content: () => MeshAssetContent;
}

/** Tessellation per LOD, coarsest first: each LOD has about four times the triangles of the one below. */
const DETAIL: Record<MeshLodName, number> = { lowest_lod: 6, low_lod: 12, medium_lod: 24, high_lod: 48 };

function allLods(faces: (detail: number) => MeshAssetContent['lods']['high_lod']): MeshAssetContent['lods'] {
  const lods: Partial<Record<MeshLodName, MeshAssetContent['lods']['high_lod']>> = {};
  for (const [name, detail] of Object.entries(DETAIL) as [MeshLodName, number][]) lods[name] = faces(detail);
  return lods;
}

/** A column of rings bent by two joints: the lower half follows mPelvis, the upper mTorso, blended in the middle. */
function riggedColumn(): MeshAssetContent {
  const lods = allLods((detail) => {
    const rows = Math.max(3, detail / 4);
    const profile: [number, number][] = [];
    for (let j = 0; j < rows; j++) profile.push([0.3, -0.5 + j / (rows - 1)]);
    const face = latheFace(profile, detail);
    const weights = [];
    for (let v = 0; v < face.positions.length / 3; v++) {
      const upper = Math.min(1, Math.max(0, face.positions[v * 3 + 2]! + 0.5));
      weights.push(upper <= 0 ? [{ joint: 0, weight: 1 }] : upper >= 1 ? [{ joint: 1, weight: 1 }] : [{ joint: 0, weight: 1 - upper }, { joint: 1, weight: upper }]);
    }
    return [{ ...face, weights }];
  });
  const translation = (z: number) => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, z, 1];
  return { lods, skin: { jointNames: ['mPelvis', 'mTorso'], inverseBindMatrices: [translation(-1.067), translation(-1.151)], pelvisOffset: 0 } };
}

export const LIBRARY_MESHES: readonly LibraryMesh[] = Object.freeze([
  { id: nameUuid('mesh cone'), name: 'cone', content: () => ({ lods: allLods(coneFaces) }) },
  { id: nameUuid('mesh torus knot'), name: 'torus knot', content: () => ({ lods: allLods((d) => [torusKnotFace(2, 3, d * 4, Math.max(4, d / 4)), NO_GEOMETRY_FACE]) }) },
  { id: nameUuid('mesh vase'), name: 'vase', content: () => ({ lods: { high_lod: [vaseFace(48, 24)] } }) },
  { id: nameUuid('mesh rigged column'), name: 'rigged column', content: riggedColumn },
]);

export const MESH_CONTENT_TYPE = 'application/vnd.ll.mesh';

export class MeshLibrary {
  readonly meshes: ReadonlyMap<string, LibraryMesh> = new Map(LIBRARY_MESHES.map((mesh) => [mesh.id, mesh]));
  private readonly encoded = new Map<string, Uint8Array>();

  /** The asset's bytes, or null for an id the library does not have. */
  asset(id: string): Uint8Array | null {
    const done = this.encoded.get(id);
    if (done !== undefined) return done;
    const mesh = this.meshes.get(id);
    if (mesh === undefined) return null;
    const bytes = encodeMeshAsset(mesh.content());
    this.encoded.set(id, bytes);
    return bytes;
  }

  /** Serves `bytes` under `id` from now on (any bytes: a broken asset for tests). */
  addRaw(id: string, bytes: Uint8Array): void {
    this.encoded.set(id.toLowerCase(), bytes);
  }
}
