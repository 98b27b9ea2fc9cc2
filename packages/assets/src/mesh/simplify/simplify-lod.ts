/**
 * One decoded LOD simplified with meshoptimizer (wasm, isomorphic: main
 * thread, Web Worker or worker thread). The LOD's faces are simplified as
 * one mesh, so the edges where two faces meet move together and no gap
 * opens between them: meshoptimizer treats vertices of different faces at
 * the same position as an attribute seam and keeps it. The result is split
 * back into the same faces in the same order (NoGeometry faces stay), each
 * face keeping only the vertices its triangles still use, with their
 * normals, UVs and weights.
 */
import { MeshoptSimplifier, type SimplifierFlags } from 'meshoptimizer/simplifier';
import type { MeshLod } from '../decode-mesh.ts';
import type { MeshFace, MeshWeights } from '../mesh-faces.ts';
import type { MeshLodName } from '../mesh-header.ts';

export interface SimplifyLodOptions {
  /**
   * meshoptimizer's error bound, relative to the mesh's extent (default 1:
   * no bound, the triangle target decides; a tighter bound stops earlier
   * and keeps more triangles).
   */
  readonly targetError?: number;
  readonly flags?: readonly SimplifierFlags[];
}

export interface SimplifiedLod {
  readonly lod: MeshLod;
  /** meshoptimizer's resulting error, relative to the mesh's extent. */
  readonly error: number;
  /** Triangles the simplifier returned across two faces (not drawable in one face): dropped. */
  readonly droppedAcrossFaces: number;
}

let ready = false;

/** Resolves once meshoptimizer's wasm is instantiated; simplifyMeshLod needs it. */
export async function loadSimplifier(): Promise<void> {
  if (ready) return;
  await MeshoptSimplifier.ready;
  ready = true;
}

/**
 * `lod` with about `ratio` of its triangles (0 < ratio ≤ 1), named `name`.
 * The source is not changed; the result's arrays are new. Call
 * loadSimplifier first.
 */
export function simplifyMeshLod(lod: MeshLod, name: MeshLodName, ratio: number, options: SimplifyLodOptions = {}): SimplifiedLod {
  if (!ready) throw new Error('simplifyMeshLod: meshoptimizer is not loaded yet (await loadSimplifier())');
  if (!(ratio > 0 && ratio <= 1)) throw new RangeError(`a simplification ratio must be in (0, 1], got ${ratio}`);
  const faces = lod.faces;
  let vertices = 0;
  let indexCount = 0;
  for (const face of faces) {
    vertices += face.vertexCount;
    indexCount += face.indices.length;
  }
  if (indexCount === 0) return { lod: { ...lod, name }, error: 0, droppedAcrossFaces: 0 };

  // One vertex and index buffer for every face; faceOf says whose each vertex is.
  const positions = new Float32Array(vertices * 3);
  const indices = new Uint32Array(indexCount);
  const faceOf = new Uint16Array(vertices);
  const firstVertex = new Uint32Array(faces.length);
  let v = 0;
  let at = 0;
  faces.forEach((face, f) => {
    firstVertex[f] = v;
    positions.set(face.positions, v * 3);
    faceOf.fill(f, v, v + face.vertexCount);
    for (let i = 0; i < face.indices.length; i++) indices[at++] = face.indices[i]! + v;
    v += face.vertexCount;
  });

  const targetIndexCount = Math.max(3, Math.round((indexCount / 3) * ratio) * 3);
  const [out, error] = MeshoptSimplifier.simplify(indices, positions, 3, targetIndexCount, options.targetError ?? 1, options.flags ? [...options.flags] : []);

  // Triangles per face; a triangle whose corners lie in different faces cannot be drawn by either.
  const kept = new Uint32Array(faces.length);
  let dropped = 0;
  for (let i = 0; i < out.length; i += 3) {
    const f = faceOf[out[i]!]!;
    if (faceOf[out[i + 1]!] !== f || faceOf[out[i + 2]!] !== f) dropped++;
    else kept[f]!++;
  }
  const remap = new Int32Array(vertices).fill(-1);
  const result: MeshFace[] = faces.map((face, f) => (face.vertexCount === 0 ? face : compactFace(face, f, out, faceOf, firstVertex[f]!, kept[f]! * 3, remap)));
  let vertexCount = 0;
  let triangleCount = 0;
  for (const face of result) {
    vertexCount += face.vertexCount;
    triangleCount += face.triangleCount;
  }
  return { lod: { name, faces: result, vertexCount, triangleCount }, error, droppedAcrossFaces: dropped };
}

/** Face `f`'s triangles of the simplified index list, over only the vertices they use (in first-use order). */
function compactFace(face: MeshFace, f: number, out: Uint32Array, faceOf: Uint16Array, base: number, count: number, remap: Int32Array): MeshFace {
  const indices = new Uint16Array(count);
  const source = new Uint32Array(Math.min(count, face.vertexCount)); // kept vertices, as indices into the face
  let used = 0;
  let n = 0;
  for (let i = 0; i < out.length; i += 3) {
    const a = out[i]!;
    if (faceOf[a] !== f || faceOf[out[i + 1]!] !== f || faceOf[out[i + 2]!] !== f) continue;
    for (let k = 0; k < 3; k++) {
      const global = out[i + k]!;
      let local = remap[global]!;
      if (local < 0) {
        local = used++;
        remap[global] = local;
        source[local] = global - base;
      }
      indices[n++] = local;
    }
  }
  const keep = source.subarray(0, used);
  return {
    noGeometry: false,
    vertexCount: used,
    triangleCount: count / 3,
    positions: gather(face.positions, keep, 3),
    normals: face.normals === null ? null : gather(face.normals, keep, 3),
    uvs: face.uvs === null ? null : gather(face.uvs, keep, 2),
    indices,
    positionDomain: face.positionDomain,
    uvDomain: face.uvDomain,
    weights: face.weights === null ? null : gatherWeights(face.weights, keep),
  };
}

function gather(from: Float32Array, keep: Uint32Array, stride: number): Float32Array {
  const out = new Float32Array(keep.length * stride);
  for (let i = 0; i < keep.length; i++) for (let c = 0; c < stride; c++) out[i * stride + c] = from[keep[i]! * stride + c]!;
  return out;
}

function gatherWeights(from: MeshWeights, keep: Uint32Array): MeshWeights {
  const joints = new Uint8Array(keep.length * 4);
  const weights = new Float32Array(keep.length * 4);
  for (let i = 0; i < keep.length; i++) {
    joints.set(from.joints.subarray(keep[i]! * 4, keep[i]! * 4 + 4), i * 4);
    weights.set(from.weights.subarray(keep[i]! * 4, keep[i]! * 4 + 4), i * 4);
  }
  // The source's largest joint still bounds the kept vertices' (what the skin check needs).
  return { joints, weights, maxJoint: from.maxJoint };
}
