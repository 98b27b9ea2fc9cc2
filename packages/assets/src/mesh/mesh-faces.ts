/**
 * A LOD segment's faces, from the LLSD the segment inflates to, into typed
 * arrays the renderer can upload: positions de-quantised from U16 over the
 * face's PositionDomain, normals from U16 over -1..1, TexCoord0 over its
 * domain, the U16 triangle list checked against the vertex count, and the
 * per-vertex joint weights of rigged meshes (as LLVolume::unpackVolumeFaces
 * reads them). All U16 data is little-endian.
 */
import type { LLSDMap, LLSDValue } from '@slv/protocol';
import { binaryAt, describe, fail, isMap, numbersAt, type SegmentPlace } from './mesh-fields.ts';
import type { GeometryBudget, MeshDecodeLimits } from './mesh-limits.ts';

/** A box in the mesh's own space (or UV space, with two components). */
export interface MeshDomain {
  readonly min: readonly number[];
  readonly max: readonly number[];
}

/** Up to four joint influences per vertex; unused slots have weight 0. */
export interface MeshWeights {
  /** 4 per vertex: indices into the skin's joint names. */
  readonly joints: Uint8Array;
  /** 4 per vertex, each influence / 65535. */
  readonly weights: Float32Array;
  /** The largest joint index used (-1 when none): must name a joint of the skin. */
  readonly maxJoint: number;
}

export interface MeshFace {
  /** A material slot without triangles (`NoGeometry`): every array is empty. */
  readonly noGeometry: boolean;
  readonly vertexCount: number;
  readonly triangleCount: number;
  /** x, y, z per vertex. */
  readonly positions: Float32Array;
  /** x, y, z per vertex, or null when the face has none. */
  readonly normals: Float32Array | null;
  /** u, v per vertex, or null when the face has none. */
  readonly uvs: Float32Array | null;
  /** Three per triangle, each below vertexCount. */
  readonly indices: Uint16Array;
  readonly positionDomain: MeshDomain | null;
  readonly uvDomain: MeshDomain | null;
  readonly weights: MeshWeights | null;
}

interface FaceContext {
  readonly place: SegmentPlace;
  readonly limits: MeshDecodeLimits;
  readonly budget: GeometryBudget;
}

export function decodeLodFaces(value: LLSDValue, place: SegmentPlace, limits: MeshDecodeLimits, budget: GeometryBudget): MeshFace[] {
  if (!Array.isArray(value)) fail(place, `must be an LLSD array of face maps, found ${describe(value)}`);
  if (value.length === 0) fail(place, 'has no faces');
  if (value.length > limits.maxFaces) fail(place, `has ${value.length} faces, more than the ${limits.maxFaces} a LOD may have`);
  const context = { place, limits, budget };
  return value.map((face, index) => decodeFace(context, face, index));
}

function decodeFace(context: FaceContext, value: LLSDValue, index: number): MeshFace {
  const { place, limits, budget } = context;
  const where = `face ${index}: `;
  if (!isMap(value)) fail(place, `${where}must be a map, found ${describe(value)}`);
  if (value.NoGeometry !== undefined && value.NoGeometry !== false) return emptyFace(true);
  const position = binaryAt(place, value, 'Position', where);
  const triangles = binaryAt(place, value, 'TriangleList', where);
  if (position === null || position.length % 6 !== 0) fail(place, `${where}Position must be binary of 6 bytes per vertex, found ${position === null ? 'nothing' : `${position.length} bytes`}`);
  const vertexCount = position.length / 6;
  if (vertexCount > limits.maxVerticesPerFace) fail(place, `${where}${vertexCount} vertices, more than the ${limits.maxVerticesPerFace} a face may have`);
  if (vertexCount > budget.vertices) fail(place, `${where}${vertexCount} more vertices pass the ${limits.maxVertices}-vertex bound of one decode`);
  if (triangles === null || triangles.length % 2 !== 0) fail(place, `${where}TriangleList must be binary of U16 indices, found ${triangles === null ? 'nothing' : `${triangles.length} bytes`}`);
  // An incomplete last triangle is dropped, as the SL viewer does.
  const indexCount = Math.floor(triangles.length / 6) * 3;
  if (indexCount > limits.maxIndicesPerFace) fail(place, `${where}${indexCount} indices, more than the ${limits.maxIndicesPerFace} a face may have`);
  if (indexCount > budget.indices) fail(place, `${where}${indexCount} more indices pass the ${limits.maxIndices}-index bound of one decode`);
  budget.vertices -= vertexCount;
  budget.indices -= indexCount;
  if (vertexCount === 0) return emptyFace(false);

  const positionDomain = domainOf(place, value, 'PositionDomain', 3, where);
  const positions = dequantise(position, 3, positionDomain.min, positionDomain.max);
  const indices = readIndices(place, triangles, indexCount, vertexCount, where);
  const normal = binaryAt(place, value, 'Normal', where);
  let normals: Float32Array | null = null;
  if (normal !== null && normal.length > 0) {
    if (normal.length !== vertexCount * 6) fail(place, `${where}Normal has ${normal.length} bytes, not 6 for each of the ${vertexCount} vertices`);
    normals = dequantise(normal, 3, [-1, -1, -1], [1, 1, 1]);
  }
  const texCoord = binaryAt(place, value, 'TexCoord0', where);
  let uvs: Float32Array | null = null;
  let uvDomain: MeshDomain | null = null;
  if (texCoord !== null && texCoord.length > 0) {
    if (texCoord.length !== vertexCount * 4) fail(place, `${where}TexCoord0 has ${texCoord.length} bytes, not 4 for each of the ${vertexCount} vertices`);
    uvDomain = domainOf(place, value, 'TexCoord0Domain', 2, where);
    uvs = dequantise(texCoord, 2, uvDomain.min, uvDomain.max);
  }
  const weightBytes = binaryAt(place, value, 'Weights', where);
  const weights = weightBytes === null ? null : readWeights(place, weightBytes, vertexCount, where);
  return { noGeometry: false, vertexCount, triangleCount: indexCount / 3, positions, normals, uvs, indices, positionDomain, uvDomain, weights };
}

function emptyFace(noGeometry: boolean): MeshFace {
  return {
    noGeometry, vertexCount: 0, triangleCount: 0, positions: new Float32Array(0), normals: null, uvs: null,
    indices: new Uint16Array(0), positionDomain: null, uvDomain: null, weights: null,
  };
}

function domainOf(place: SegmentPlace, face: LLSDMap, key: string, components: number, where: string): MeshDomain {
  const domain = face[key];
  if (!isMap(domain)) fail(place, `${where}${key} must be a map {Min, Max}, found ${describe(domain)}`);
  return { min: numbersAt(place, domain.Min, components, `${where}${key}.Min`), max: numbersAt(place, domain.Max, components, `${where}${key}.Max`) };
}

/** U16 little-endian → min + q / 65535 × (max − min), per component. */
function dequantise(bytes: Uint8Array, stride: number, min: readonly number[], max: readonly number[]): Float32Array {
  const count = bytes.length >> 1;
  const out = new Float32Array(count);
  // One pass per component keeps its min and scale in registers (the hot loop of a LOD's decode).
  for (let c = 0; c < stride; c++) {
    const lo = min[c]!;
    const scale = (max[c]! - lo) / 65535;
    for (let i = c; i < count; i += stride) out[i] = lo + (bytes[i * 2]! | (bytes[i * 2 + 1]! << 8)) * scale;
  }
  return out;
}

function readIndices(place: SegmentPlace, bytes: Uint8Array, count: number, vertexCount: number, where: string): Uint16Array {
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const index = bytes[i * 2]! | (bytes[i * 2 + 1]! << 8);
    if (index >= vertexCount) fail(place, `${where}TriangleList index ${i} is ${index}, past the face's ${vertexCount} vertices`);
    out[i] = index;
  }
  return out;
}

/** Per vertex: (joint U8, weight U16 LE) up to four times, ended by joint 0xFF when fewer. */
function readWeights(place: SegmentPlace, bytes: Uint8Array, vertexCount: number, where: string): MeshWeights {
  const END = 0xff;
  const joints = new Uint8Array(vertexCount * 4);
  const weights = new Float32Array(vertexCount * 4);
  let maxJoint = -1;
  let at = 0;
  for (let vertex = 0; vertex < vertexCount; vertex++) {
    for (let slot = 0; slot < 4; slot++) {
      if (at >= bytes.length) fail(place, `${where}Weights end inside vertex ${vertex} of ${vertexCount}`);
      const joint = bytes[at++]!;
      if (joint === END) break;
      if (at + 2 > bytes.length) fail(place, `${where}Weights end inside vertex ${vertex}'s influence ${slot}`);
      joints[vertex * 4 + slot] = joint;
      weights[vertex * 4 + slot] = (bytes[at]! | (bytes[at + 1]! << 8)) / 65535;
      at += 2;
      if (joint > maxJoint) maxJoint = joint;
    }
  }
  if (at !== bytes.length) fail(place, `${where}Weights hold ${bytes.length - at} bytes more than the face's ${vertexCount} vertices use`);
  return { joints, weights, maxJoint };
}
