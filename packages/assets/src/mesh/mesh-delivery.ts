/** What the mesh streamer hands the renderer, its counters, and the plan it keeps per wanted LOD. */
import type { MeshLod } from './decode-mesh.ts';
import { nearestMeshLod } from './mesh-fetcher.ts';
import { MESH_LOD_NAMES, type MeshHeader, type MeshLodName } from './mesh-header.ts';
import { generationRatio, lodsToGenerate } from './simplify/lod-plan.ts';

/** 0 = lowest_lod … 3 = high_lod (MESH_LOD_NAMES' order). */
export type MeshLodIndex = 0 | 1 | 2 | 3;

export type MeshDelivery =
  | {
    readonly kind: 'lod';
    /** The LOD index this geometry is for (what was wanted). */
    readonly lod: MeshLodIndex;
    /** The LOD the geometry came from: the wanted one, the nearest present (a fallback), or the one it was generated from. */
    readonly from: MeshLodName;
    /** Made by simplifying `from` (the asset lacks the wanted LOD, or it was useless). */
    readonly generated: boolean;
    /** Whether a better geometry for this LOD follows (a fallback while the LOD is generated). */
    readonly final: boolean;
    readonly geometry: MeshLod;
  }
  /** The server has no such mesh (404): once, never asked again. */
  | { readonly kind: 'missing'; readonly message: string }
  /** Not a usable mesh (MeshFormatError: a bad header or segment; not a mesh id): once, never asked again. */
  | { readonly kind: 'unusable'; readonly message: string }
  /** The server gave up after the fetcher's retries: once per failure; asked again after retryFailedAfterMs. */
  | { readonly kind: 'failed'; readonly message: string };

/** Counters for the stats overlay; one object, updated in place by `update`. */
export interface MeshStreamerStats {
  /** Meshes wanted in the last frame. */
  wanted: number;
  /** Meshes whose header or a segment is being fetched. */
  fetching: number;
  /** Jobs (decode or simplify) in the workers. */
  working: number;
  /** mesh.decode and mesh.simplify jobs submitted so far. */
  decodeJobs: number;
  simplifyJobs: number;
  /** Deliveries handed over by drain, of geometry and of failures. */
  delivered: number;
  /** Meshes reported missing, unusable or failed (and not delivered since). */
  failed: number;
  /** Decoded and generated LODs held in RAM, and the budget. */
  cacheBytes: number;
  cacheBudgetBytes: number;
}

/** How one wanted LOD index is served, from the header alone. */
export interface LodPlan {
  /** Present and useful: decoded as it is. */
  readonly exact: MeshLodName | null;
  /** Shown at once while `source` is simplified (or for good when there is no source). */
  readonly fallback: MeshLodName;
  /** Simplified into the wanted LOD; null: nothing finer to make it from. */
  readonly source: MeshLodName | null;
  readonly ratio: number;
  /** Cache keys, made once per header (no strings built per frame). */
  readonly fallbackKey: string;
  readonly generatedKey: string;
}

/** The four plans of a mesh; null when the header names no geometry LOD. */
export function planLods(id: string, header: MeshHeader, aggressiveness: number, uselessShare: number): LodPlan[] | null {
  if (header.lods.length === 0) return null;
  const sizes: Partial<Record<MeshLodName, number>> = {};
  for (const name of header.lods) sizes[name] = header.segments[name]!.end - header.segments[name]!.start;
  // A copied lower LOD costs as many bytes as the finer one: segment sizes show it before any decode.
  const generate = lodsToGenerate(sizes, uselessShare);
  return MESH_LOD_NAMES.map((name) => {
    const plan = generate.find((g) => g.lod === name);
    const present = header.lods.includes(name);
    const fallback = plan === undefined || plan.reason === 'missing' ? nearestMeshLod(header, name)! : plan.from;
    const source = plan?.from ?? null;
    return {
      exact: present && plan === undefined ? name : null,
      fallback,
      source,
      ratio: source === null ? 1 : generationRatio(name, source, aggressiveness),
      fallbackKey: lodKey(id, fallback),
      generatedKey: `${id}|${name}|from ${source}|a ${aggressiveness}`,
    };
  });
}

/** The cache key of a LOD decoded as the asset has it. */
export function lodKey(id: string, name: MeshLodName): string {
  return `${id}|${name}`;
}

/** Bytes a LOD's arrays hold. */
export function sizeOfLod(lod: MeshLod): number {
  let bytes = 0;
  for (const face of lod.faces) {
    bytes += face.positions.byteLength + face.indices.byteLength + (face.normals?.byteLength ?? 0) + (face.uvs?.byteLength ?? 0);
    if (face.weights !== null) bytes += face.weights.joints.byteLength + face.weights.weights.byteLength;
  }
  return bytes;
}
