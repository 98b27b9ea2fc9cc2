/**
 * The mesh asset's header: a binary LLSD map at the start of the asset
 * naming each segment (`high_lod`, `skin`, `physics_convex`…) by `offset`
 * (counted from the end of the header) and `size`. Read from a prefix (the
 * SL viewer fetches the first 4096 bytes); every segment is checked to lie
 * inside the asset before any byte of it is asked for.
 */
import { LLSDParseError, parseLLSDBinaryPrefix, type LLSDMap } from '@slv/protocol';
import { MeshFormatError } from './mesh-errors.ts';
import { describe, fail, isMap, numberOf, type SegmentPlace } from './mesh-fields.ts';
import { meshLimits, type MeshDecodeLimits } from './mesh-limits.ts';

/** The four geometry LODs, coarsest first, as the header names them. */
export const MESH_LOD_NAMES = ['lowest_lod', 'low_lod', 'medium_lod', 'high_lod'] as const;
export type MeshLodName = (typeof MESH_LOD_NAMES)[number];

/** Where one segment lies in the asset, in absolute bytes. */
export interface MeshSegmentRange {
  readonly name: string;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

export interface MeshHeader {
  /** Bytes the header map takes; segment offsets count from here. */
  readonly headerBytes: number;
  readonly version: number | null;
  /** Every segment the header names with a size above 0 (physics ones too; they are skipped, not decoded). */
  readonly segments: Readonly<Record<string, MeshSegmentRange>>;
  /** The geometry LODs present, coarsest first. */
  readonly lods: readonly MeshLodName[];
  readonly hasSkin: boolean;
}

export interface ReadMeshHeaderOptions {
  /** Names the asset in errors (default 'asset'). */
  readonly asset?: string;
  /** The whole asset's length when known (a Content-Range, a file): segments must end inside it. */
  readonly total?: number | null;
  readonly limits?: Partial<MeshDecodeLimits>;
}

/** A header that may continue past the bytes held: fetching more may still read it. */
export class MeshHeaderCutError extends MeshFormatError {}

export function isMeshLodName(name: string): name is MeshLodName {
  return (MESH_LOD_NAMES as readonly string[]).includes(name);
}

export function readMeshHeader(bytes: Uint8Array, options: ReadMeshHeaderOptions = {}): MeshHeader {
  const place: SegmentPlace = { asset: options.asset ?? 'asset', segment: 'header' };
  const limits = meshLimits(options.limits);
  const total = options.total ?? null;
  if (total !== null && total > limits.maxAssetBytes) fail(place, `the asset's ${total} bytes are over the ${limits.maxAssetBytes}-byte bound`);
  if (bytes.length === 0) fail(place, 'the asset is empty');
  const held = bytes.subarray(0, limits.maxHeaderBytes);
  let parsed: { value: unknown; length: number };
  try {
    parsed = parseLLSDBinaryPrefix(held, { maxDepth: 8 });
  } catch (error) {
    if (!(error instanceof LLSDParseError)) throw error;
    const cut = /end of input|bytes left|fits the/.test(`${error.expected} ${error.found}`);
    const whole = total !== null ? bytes.length >= total : false;
    if (cut && !whole && held.length === bytes.length) {
      throw new MeshHeaderCutError(place.asset, place.segment, `continues past the ${bytes.length} bytes held`, { cause: error });
    }
    const bound = held.length < bytes.length ? ` within its ${limits.maxHeaderBytes}-byte bound` : '';
    throw new MeshFormatError(place.asset, place.segment, `is not a binary LLSD map${bound}: ${error.message}`, { cause: error });
  }
  const map = parsed.value as LLSDMap;
  if (!isMap(map)) fail(place, `is ${describe(map)}, not an LLSD map`);
  const headerBytes = parsed.length;
  const segments: Record<string, MeshSegmentRange> = Object.create(null) as Record<string, MeshSegmentRange>;
  for (const name of Object.keys(map)) {
    const entry = map[name];
    if (!isMap(entry) || !('offset' in entry || 'size' in entry)) continue;
    const offset = numberOf(entry.offset);
    const size = numberOf(entry.size);
    if (offset === null || !Number.isInteger(offset) || offset < 0) fail(place, `${name}.offset must be an integer ≥ 0, found ${describe(entry.offset)}`);
    if (size === null || !Number.isInteger(size) || size < 0) fail(place, `${name}.size must be an integer ≥ 0, found ${describe(entry.size)}`);
    if (size === 0) continue; // SL writes absent segments this way
    if (size > limits.maxSegmentBytes) fail(place, `${name}.size ${size} is over the ${limits.maxSegmentBytes}-byte segment bound`);
    const start = headerBytes + offset;
    const end = start + size;
    if (end > limits.maxAssetBytes) fail(place, `${name} (offset ${offset}, size ${size}) ends past the ${limits.maxAssetBytes}-byte asset bound`);
    if (total !== null && end > total) fail(place, `${name} (offset ${offset}, size ${size}) ends at byte ${end}, past the end of the ${total}-byte asset`);
    segments[name] = { name, start, end };
  }
  const version = numberOf(map.version);
  return {
    headerBytes,
    version: version !== null && Number.isInteger(version) ? version : null,
    segments,
    lods: MESH_LOD_NAMES.filter((name) => segments[name] !== undefined),
    hasSkin: segments.skin !== undefined,
  };
}
