/**
 * A decoded mesh LOD as the renderer uploads it: its faces' vertices laid
 * end to end in one set of buffers, one index range per face with the face's
 * TextureEntry slot (a mesh face N takes TE face N). `NoGeometry` faces take
 * their TE slot and draw nothing. Positions stay in the mesh's unit-box space
 * (the object's scale makes the size, as in the SL viewer); a face without
 * normals gets area-weighted ones from its triangles, one without UVs gets 0.
 */
import { MAX_ENTITY_FACES } from '@slv/world';
import type { DrawableMesh } from './mesh-slots.ts';

/** What the renderer reads of a decoded face (@slv/assets' MeshFace has these fields). */
export interface MeshFaceGeometry {
  readonly noGeometry: boolean;
  readonly vertexCount: number;
  readonly positions: Float32Array;
  readonly normals: Float32Array | null;
  readonly uvs: Float32Array | null;
  readonly indices: Uint16Array;
}

export interface MeshLodGeometry {
  readonly faces: readonly MeshFaceGeometry[];
}

/** A DrawableMesh with the bytes it holds on the CPU (the mesh cache counts them). */
export interface MeshAssetDrawable extends DrawableMesh {
  readonly bytes: number;
  readonly triangleCount: number;
}

/** Made once per delivered LOD (allocates its buffers). */
export function meshLodDrawable(lod: MeshLodGeometry): MeshAssetDrawable {
  const faceCount = Math.min(lod.faces.length, MAX_ENTITY_FACES);
  let vertices = 0;
  let indexTotal = 0;
  for (let f = 0; f < faceCount; f++) {
    const face = lod.faces[f]!;
    if (face.noGeometry) continue;
    vertices += face.vertexCount;
    indexTotal += face.indices.length;
  }
  const positions = new Float32Array(vertices * 3);
  const normals = new Float32Array(vertices * 3);
  const uvs = new Float32Array(vertices * 2);
  const indices = vertices > 0xffff ? new Uint32Array(indexTotal) : new Uint16Array(indexTotal);
  const faceIndexStart = new Int32Array(faceCount);
  const faceIndexCount = new Int32Array(faceCount);
  const faceTe = new Int32Array(faceCount);
  let vertexBase = 0;
  let indexAt = 0;
  for (let f = 0; f < faceCount; f++) {
    const face = lod.faces[f]!;
    faceTe[f] = f;
    faceIndexStart[f] = indexAt;
    if (face.noGeometry) continue;
    const n = face.vertexCount;
    positions.set(face.positions.subarray(0, n * 3), vertexBase * 3);
    if (face.normals !== null) normals.set(face.normals.subarray(0, n * 3), vertexBase * 3);
    else addTriangleNormals(face, normals, vertexBase);
    if (face.uvs !== null) uvs.set(face.uvs.subarray(0, n * 2), vertexBase * 2);
    for (let i = 0; i < face.indices.length; i++) indices[indexAt + i] = face.indices[i]! + vertexBase;
    faceIndexCount[f] = face.indices.length;
    indexAt += face.indices.length;
    vertexBase += n;
  }
  const bytes = positions.byteLength + normals.byteLength + uvs.byteLength + indices.byteLength;
  return { positions, normals, uvs, indices, faceCount, faceIndexStart, faceIndexCount, faceTe, bytes, triangleCount: indexTotal / 3 };
}

/** Area-weighted vertex normals of one face, written at `base` in `out`. */
function addTriangleNormals(face: MeshFaceGeometry, out: Float32Array, base: number): void {
  const p = face.positions;
  const idx = face.indices;
  for (let t = 0; t + 2 < idx.length; t += 3) {
    const a = idx[t]! * 3;
    const b = idx[t + 1]! * 3;
    const c = idx[t + 2]! * 3;
    const ux = p[b]! - p[a]!, uy = p[b + 1]! - p[a + 1]!, uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!, vy = p[c + 1]! - p[a + 1]!, vz = p[c + 2]! - p[a + 2]!;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    for (const v of [a, b, c]) {
      const o = base * 3 + v;
      out[o] += nx;
      out[o + 1] += ny;
      out[o + 2] += nz;
    }
  }
  for (let v = 0; v < face.vertexCount; v++) {
    const o = (base + v) * 3;
    const len = Math.hypot(out[o]!, out[o + 1]!, out[o + 2]!);
    if (len > 0) {
      out[o] /= len;
      out[o + 1] /= len;
      out[o + 2] /= len;
    } else {
      out[o + 2] = 1;
    }
  }
}
