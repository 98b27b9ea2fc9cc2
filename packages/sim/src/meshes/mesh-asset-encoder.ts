/**
 * The LLSD mesh asset format, written: a binary LLSD header map naming each
 * segment's `offset` (from the end of the header) and `size`, then the
 * segments, each a zlib stream of binary LLSD. A LOD segment is an array of
 * up to 8 face maps (positions quantised to U16 over the face's
 * PositionDomain, normals to U16 over -1..1, TexCoord0 to U16 over its
 * domain, U16 triangle lists, per-vertex joint weights), as LLModel writes
 * them; the skin segment holds joint names and bind matrices.
 */
import { deflateSync } from 'node:zlib';
import { createLLSDMap, formatLLSDBinary, LLSDReal, type LLSDMap, type LLSDValue } from '@slv/protocol';

export const MESH_LOD_NAMES = ['lowest_lod', 'low_lod', 'medium_lod', 'high_lod'] as const;
export type MeshLodName = (typeof MESH_LOD_NAMES)[number];

/** One joint influence on a vertex: joint index into the skin's names, weight 0..1. */
export interface JointInfluence {
  readonly joint: number;
  readonly weight: number;
}

export interface MeshFaceGeometry {
  /** x, y, z per vertex. */
  readonly positions: ArrayLike<number>;
  /** x, y, z per vertex, unit length. */
  readonly normals?: ArrayLike<number>;
  /** u, v per vertex. */
  readonly uvs?: ArrayLike<number>;
  /** Three per triangle, each below the vertex count (at most 65536 vertices: indices are U16). */
  readonly indices: ArrayLike<number>;
  /** Up to 4 influences per vertex (a rigged mesh). */
  readonly weights?: readonly (readonly JointInfluence[])[];
}

/** A face that holds a material slot but no triangles (Second Life writes `NoGeometry`). */
export const NO_GEOMETRY_FACE = 'no geometry' as const;

export interface MeshSkinSpec {
  readonly jointNames: readonly string[];
  /** 16 numbers per joint, in the asset's order (LLMatrix4 rows: translation in the last four). */
  readonly inverseBindMatrices: readonly (readonly number[])[];
  readonly bindShapeMatrix?: readonly number[];
  readonly pelvisOffset?: number;
}

export interface MeshAssetContent {
  readonly lods: Partial<Record<MeshLodName, readonly (MeshFaceGeometry | typeof NO_GEOMETRY_FACE)[]>>;
  readonly skin?: MeshSkinSpec;
  /** Written as given (the decoder skips physics); lets tests check that it is skipped. */
  readonly physicsConvex?: LLSDValue;
}

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** The whole asset, as a ViewerAsset/GetMesh server sends it. */
export function encodeMeshAsset(content: MeshAssetContent): Uint8Array {
  const segments: [string, Uint8Array][] = [];
  for (const name of MESH_LOD_NAMES) {
    const faces = content.lods[name];
    if (faces !== undefined) segments.push([name, compressMeshSegment(faces.map(encodeMeshFace))]);
  }
  if (content.skin !== undefined) segments.push(['skin', compressMeshSegment(encodeMeshSkin(content.skin))]);
  if (content.physicsConvex !== undefined) segments.push(['physics_convex', compressMeshSegment(content.physicsConvex)]);
  return assembleMeshAsset(segments);
}

/**
 * A header over `segments` (laid out in order) followed by them; `header`
 * adds or overrides keys, which is how tests write a header that lies.
 */
export function assembleMeshAsset(segments: readonly (readonly [string, Uint8Array])[], header: LLSDMap = createLLSDMap()): Uint8Array {
  const map = createLLSDMap({ version: 1 });
  let offset = 0;
  for (const [name, bytes] of segments) {
    map[name] = createLLSDMap({ offset, size: bytes.length });
    offset += bytes.length;
  }
  for (const key of Object.keys(header)) map[key] = header[key] as LLSDValue;
  const head = formatLLSDBinary(map);
  const out = new Uint8Array(head.length + offset);
  out.set(head);
  let at = head.length;
  for (const [, bytes] of segments) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

/** One segment: binary LLSD, zlib-compressed (the viewer inflates with zlib's header). */
export function compressMeshSegment(value: LLSDValue): Uint8Array {
  return new Uint8Array(deflateSync(formatLLSDBinary(value)));
}

export function encodeMeshFace(face: MeshFaceGeometry | typeof NO_GEOMETRY_FACE): LLSDMap {
  if (face === NO_GEOMETRY_FACE) return createLLSDMap({ NoGeometry: true });
  const count = face.positions.length / 3;
  if (!Number.isInteger(count) || count > 65536) throw new RangeError(`a face needs 3 numbers per vertex and at most 65536 vertices, got ${face.positions.length} numbers`);
  for (let i = 0; i < face.indices.length; i++) {
    const index = face.indices[i]!;
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`index ${index} at ${i} is not a vertex of this ${count}-vertex face`);
  }
  const [min, max] = bounds(face.positions, 3);
  const map = createLLSDMap({
    PositionDomain: domain(min, max),
    Position: quantise(face.positions, 3, min, max),
    TriangleList: u16Bytes(face.indices),
  });
  if (face.normals !== undefined) map.Normal = quantise(face.normals, 3, [-1, -1, -1], [1, 1, 1]);
  if (face.uvs !== undefined) {
    const [uvMin, uvMax] = bounds(face.uvs, 2);
    map.TexCoord0Domain = domain(uvMin, uvMax);
    map.TexCoord0 = quantise(face.uvs, 2, uvMin, uvMax);
  }
  if (face.weights !== undefined) map.Weights = encodeWeights(face.weights, count);
  return map;
}

export function encodeMeshSkin(skin: MeshSkinSpec): LLSDMap {
  const reals = (values: readonly number[]): LLSDValue[] => values.map((v) => new LLSDReal(v));
  const map = createLLSDMap({
    joint_names: [...skin.jointNames],
    inverse_bind_matrix: skin.inverseBindMatrices.map(reals),
    bind_shape_matrix: reals(skin.bindShapeMatrix ?? IDENTITY),
  });
  if (skin.pelvisOffset !== undefined) map.pelvis_offset = new LLSDReal(skin.pelvisOffset);
  return map;
}

/** Per vertex: (joint U8, weight U16 little-endian) up to 4 times, then 0xFF unless there were 4. */
function encodeWeights(weights: readonly (readonly JointInfluence[])[], vertices: number): Uint8Array {
  if (weights.length !== vertices) throw new RangeError(`weights for ${weights.length} vertices, the face has ${vertices}`);
  const out: number[] = [];
  for (const influences of weights) {
    if (influences.length > 4) throw new RangeError(`a vertex has at most 4 joint influences, got ${influences.length}`);
    for (const { joint, weight } of influences) {
      if (!Number.isInteger(joint) || joint < 0 || joint > 254) throw new RangeError(`joint index ${joint} is not 0..254`);
      const q = Math.round(Math.min(1, Math.max(0, weight)) * 65535);
      out.push(joint, q & 255, q >> 8);
    }
    if (influences.length < 4) out.push(0xff);
  }
  return new Uint8Array(out);
}

function bounds(values: ArrayLike<number>, stride: number): [number[], number[]] {
  const min = new Array<number>(stride).fill(values.length === 0 ? 0 : Infinity);
  const max = new Array<number>(stride).fill(values.length === 0 ? 0 : -Infinity);
  for (let i = 0; i < values.length; i++) {
    const c = i % stride;
    min[c] = Math.min(min[c]!, values[i]!);
    max[c] = Math.max(max[c]!, values[i]!);
  }
  return [min, max];
}

function domain(min: readonly number[], max: readonly number[]): LLSDMap {
  return createLLSDMap({ Min: min.map((v) => new LLSDReal(v)), Max: max.map((v) => new LLSDReal(v)) });
}

/** U16 little-endian over [min, max] per component (a flat component quantises to 0). */
function quantise(values: ArrayLike<number>, stride: number, min: readonly number[], max: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const c = i % stride;
    const range = max[c]! - min[c]!;
    const q = range > 0 ? Math.round(((values[i]! - min[c]!) / range) * 65535) : 0;
    view.setUint16(i * 2, Math.min(65535, Math.max(0, q)), true);
  }
  return out;
}

function u16Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setUint16(i * 2, values[i]!, true);
  return out;
}
