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

  // One vertex and index buffer for every face; faceOf says whose each vertex is. A single face
  // keeps its own positions, and its indices are only widened.
  const single = faces.length === 1;
  const positions = single ? faces[0]!.positions : new Float32Array(vertices * 3);
  const indices = single ? new Uint32Array(faces[0]!.indices) : new Uint32Array(indexCount);
  const faceOf = new Uint16Array(vertices);
  const firstVertex = new Uint32Array(faces.length);
  let v = 0;
  let at = 0;
  for (let f = 0; f < faces.length; f++) {
    const face = faces[f]!;
    firstVertex[f] = v;
    faceOf.fill(f, v, v + face.vertexCount);
    if (!single) {
      positions.set(face.positions, v * 3);
      // A typed-array set widens in native code; only faces after the first need their offset added.
      indices.set(face.indices, at);
      if (v > 0) for (let i = at, end = at + face.indices.length; i < end; i++) indices[i]! += v;
    }
    at += face.indices.length;
    v += face.vertexCount;
  }

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
  const split = splitByFace(faces, out, faceOf, firstVertex, kept, vertices);
  const result: MeshFace[] = faces.map((face, f) => (face.vertexCount === 0 ? face : compactFace(face, split.indices[f]!, split.source[f]!.subarray(0, split.used[f]!))));
  let vertexCount = 0;
  let triangleCount = 0;
  for (const face of result) {
    vertexCount += face.vertexCount;
    triangleCount += face.triangleCount;
  }
  return { lod: { name, faces: result, vertexCount, triangleCount }, error, droppedAcrossFaces: dropped };
}

interface FaceSplit {
  /** Per face: its kept triangles over its own kept vertices, numbered in first-use order. */
  readonly indices: Uint16Array[];
  /** Per face: which of the source face's vertices each kept vertex is. */
  readonly source: Uint32Array[];
  readonly used: Uint32Array;
}

/** One pass over the simplified list, sending each drawable triangle to its face. */
function splitByFace(faces: readonly MeshFace[], out: Uint32Array, faceOf: Uint16Array, firstVertex: Uint32Array, kept: Uint32Array, vertices: number): FaceSplit {
  const indices = faces.map((_, f) => new Uint16Array(kept[f]! * 3));
  const source = faces.map((face, f) => new Uint32Array(Math.min(kept[f]! * 3, face.vertexCount)));
  const used = new Uint32Array(faces.length);
  const written = new Uint32Array(faces.length);
  const local = new Int32Array(vertices).fill(-1);
  for (let i = 0; i < out.length; i += 3) {
    const f = faceOf[out[i]!]!;
    if (faceOf[out[i + 1]!] !== f || faceOf[out[i + 2]!] !== f) continue;
    const faceIndices = indices[f]!;
    const faceSource = source[f]!;
    const base = firstVertex[f]!;
    let n = written[f]!;
    for (let k = 0; k < 3; k++) {
      const global = out[i + k]!;
      let index = local[global]!;
      if (index < 0) {
        index = used[f]!++;
        local[global] = index;
        faceSource[index] = global - base;
      }
      faceIndices[n++] = index;
    }
    written[f] = n;
  }
  return { indices, source, used };
}

/** A face over only the kept vertices `keep`, with their normals, UVs and weights. */
function compactFace(face: MeshFace, indices: Uint16Array, keep: Uint32Array): MeshFace {
  return {
    noGeometry: false,
    vertexCount: keep.length,
    triangleCount: indices.length / 3,
    positions: gather3(face.positions, keep),
    normals: face.normals === null ? null : gather3(face.normals, keep),
    uvs: face.uvs === null ? null : gather2(face.uvs, keep),
    indices,
    positionDomain: face.positionDomain,
    uvDomain: face.uvDomain,
    weights: face.weights === null ? null : gatherWeights(face.weights, keep),
  };
}

function gather3(from: Float32Array, keep: Uint32Array): Float32Array {
  const out = new Float32Array(keep.length * 3);
  for (let i = 0, o = 0; i < keep.length; i++, o += 3) {
    const s = keep[i]! * 3;
    out[o] = from[s]!;
    out[o + 1] = from[s + 1]!;
    out[o + 2] = from[s + 2]!;
  }
  return out;
}

function gather2(from: Float32Array, keep: Uint32Array): Float32Array {
  const out = new Float32Array(keep.length * 2);
  for (let i = 0, o = 0; i < keep.length; i++, o += 2) {
    const s = keep[i]! * 2;
    out[o] = from[s]!;
    out[o + 1] = from[s + 1]!;
  }
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
