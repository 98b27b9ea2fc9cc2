/**
 * Mesh asset decoding: one compressed segment (a LOD, the skin) as fetched
 * by byte range, or a whole asset. Every segment is inflated under a bound,
 * parsed as binary LLSD and checked; anything wrong is a MeshFormatError
 * naming the asset, the segment and the reason. Isomorphic (no Node APIs),
 * so it runs on the main thread, in a Web Worker or a worker thread.
 */
import { LLSDParseError, parseLLSDBinary, type LLSDValue } from '@slv/protocol';
import { InflateError, inflateBounded } from './inflate-bounded.ts';
import { MeshFormatError } from './mesh-errors.ts';
import { decodeLodFaces, type MeshFace } from './mesh-faces.ts';
import { fail, type SegmentPlace } from './mesh-fields.ts';
import { isMeshLodName, readMeshHeader, type MeshHeader, type MeshLodName } from './mesh-header.ts';
import { GeometryBudget, meshLimits, type MeshDecodeLimits } from './mesh-limits.ts';
import { decodeSkin, type MeshSkin } from './mesh-skin.ts';

export interface MeshLod {
  readonly name: MeshLodName;
  readonly faces: readonly MeshFace[];
  readonly vertexCount: number;
  readonly triangleCount: number;
}

export interface DecodedMesh {
  readonly header: MeshHeader;
  readonly lods: Partial<Record<MeshLodName, MeshLod>>;
  readonly skin: MeshSkin | null;
}

export interface MeshDecodeOptions {
  /** Names the asset in errors (its id, a file name; default 'asset'). */
  readonly asset?: string;
  readonly limits?: Partial<MeshDecodeLimits>;
}

export interface DecodeMeshAssetOptions extends MeshDecodeOptions {
  /** Which LODs to decode (default: every one present). */
  readonly lods?: readonly MeshLodName[];
  /** Decode the skin when there is one (default true). */
  readonly skin?: boolean;
}

/** What a segment decodes to: a LOD's faces or the skin. */
export type DecodedSegment = { readonly kind: 'lod'; readonly lod: MeshLod } | { readonly kind: 'skin'; readonly skin: MeshSkin };

/** One compressed segment, e.g. the bytes a Range request brought. */
export async function decodeMeshSegment(name: string, compressed: Uint8Array, options: MeshDecodeOptions = {}): Promise<DecodedSegment> {
  const limits = meshLimits(options.limits);
  return decodeSegment(name, compressed, { asset: options.asset ?? 'asset', segment: name }, limits, new GeometryBudget(limits));
}

/** A whole asset (a file, a 200 answer): the header, then the LODs and skin asked for. */
export async function decodeMeshAsset(bytes: Uint8Array, options: DecodeMeshAssetOptions = {}): Promise<DecodedMesh> {
  const asset = options.asset ?? 'asset';
  const limits = meshLimits(options.limits);
  if (bytes.length > limits.maxAssetBytes) fail({ asset, segment: 'asset' }, `${bytes.length} bytes are over the ${limits.maxAssetBytes}-byte bound`);
  const header = readMeshHeader(bytes, { asset, total: bytes.length, limits });
  const budget = new GeometryBudget(limits);
  const lods: Partial<Record<MeshLodName, MeshLod>> = {};
  for (const name of options.lods ?? header.lods) {
    const range = header.segments[name];
    if (range === undefined) continue;
    const decoded = await decodeSegment(name, bytes.subarray(range.start, range.end), { asset, segment: name }, limits, budget);
    if (decoded.kind === 'lod') lods[name] = decoded.lod;
  }
  let skin: MeshSkin | null = null;
  const skinRange = header.segments.skin;
  if (options.skin !== false && skinRange !== undefined) {
    const decoded = await decodeSegment('skin', bytes.subarray(skinRange.start, skinRange.end), { asset, segment: 'skin' }, limits, budget);
    if (decoded.kind === 'skin') skin = decoded.skin;
  }
  if (skin !== null) checkJoints(asset, lods, skin);
  return { header, lods, skin };
}

async function decodeSegment(name: string, compressed: Uint8Array, place: SegmentPlace, limits: MeshDecodeLimits, budget: GeometryBudget): Promise<DecodedSegment> {
  if (!isMeshLodName(name) && name !== 'skin') fail(place, 'is not a segment this decoder reads (a LOD or the skin)');
  if (compressed.length > limits.maxSegmentBytes) fail(place, `${compressed.length} compressed bytes are over the ${limits.maxSegmentBytes}-byte bound`);
  const value = await inflateSegment(compressed, place, limits);
  if (name === 'skin') return { kind: 'skin', skin: decodeSkin(value, place, limits) };
  const faces = decodeLodFaces(value, place, limits, budget);
  let vertexCount = 0;
  let triangleCount = 0;
  for (const face of faces) {
    vertexCount += face.vertexCount;
    triangleCount += face.triangleCount;
  }
  return { kind: 'lod', lod: { name, faces, vertexCount, triangleCount } };
}

async function inflateSegment(compressed: Uint8Array, place: SegmentPlace, limits: MeshDecodeLimits): Promise<LLSDValue> {
  let inflated: Uint8Array;
  try {
    inflated = await inflateBounded(compressed, limits.maxInflatedBytes);
  } catch (error) {
    if (error instanceof InflateError) throw new MeshFormatError(place.asset, place.segment, `${compressed.length} compressed bytes ${error.message}`, { cause: error });
    throw error;
  }
  try {
    return parseLLSDBinary(inflated, { maxDepth: 8 });
  } catch (error) {
    if (error instanceof LLSDParseError) throw new MeshFormatError(place.asset, place.segment, `inflates to bytes that are not binary LLSD: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Weights must name joints the skin has. */
function checkJoints(asset: string, lods: Partial<Record<MeshLodName, MeshLod>>, skin: MeshSkin): void {
  for (const lod of Object.values(lods)) {
    lod.faces.forEach((face, index) => {
      const maxJoint = face.weights?.maxJoint ?? -1;
      if (maxJoint >= skin.jointNames.length) fail({ asset, segment: lod.name }, `face ${index}: Weights name joint ${maxJoint}, the skin has ${skin.jointNames.length}`);
    });
  }
}
