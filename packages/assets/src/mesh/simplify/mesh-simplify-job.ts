/**
 * The worker side of LOD generation: a `mesh.simplify` job beside
 * `mesh.decode`. The source goes in either compressed (a fetched segment,
 * decoded in the worker, so the main thread never holds the finer LOD just
 * to simplify it) or decoded (a MeshLod whose arrays the caller transfers);
 * the generated LOD comes back with every array transferred.
 * `createMeshJobHandlers` serves both jobs: a Web Worker runs
 * `serveJobs(createMeshJobHandlers())` (meshoptimizer is wasm embedded in
 * its module, so a bundled worker needs no file), a worker thread
 * `serveMeshDecodeJobs` from `@slv/assets/node`.
 */
import type { JobHandlers } from '@slv/core';
import { decodeMeshSegment, type MeshLod } from '../decode-mesh.ts';
import { createMeshDecodeHandlers, transferablesOf } from '../mesh-decode-job.ts';
import { isMeshLodName, type MeshLodName } from '../mesh-header.ts';
import type { MeshDecodeLimits } from '../mesh-limits.ts';
import { loadSimplifier, simplifyMeshLod, type SimplifyLodOptions } from './simplify-lod.ts';

export const MESH_SIMPLIFY_JOB = 'mesh.simplify';

export interface MeshSimplifyPayload extends SimplifyLodOptions {
  /** The LOD the result becomes ('medium_lod'…). */
  readonly into: MeshLodName;
  /** Share of the source's triangles to keep, (0, 1]. */
  readonly ratio: number;
  /** The source, compressed: its segment name and bytes (transfer them). */
  readonly segment?: MeshLodName;
  readonly bytes?: Uint8Array;
  /** Or the source decoded (transfer its arrays). */
  readonly source?: MeshLod;
  /** Names the asset in errors. */
  readonly asset?: string;
  readonly limits?: Partial<MeshDecodeLimits>;
}

export interface MeshSimplifyResult {
  readonly lod: MeshLod;
  readonly sourceName: MeshLodName;
  readonly sourceTriangles: number;
  /** meshoptimizer's resulting error, relative to the mesh's extent. */
  readonly error: number;
  readonly droppedAcrossFaces: number;
}

export function createMeshSimplifyHandlers(): JobHandlers {
  const simplify = async (payload: MeshSimplifyPayload, transferOut: ArrayBuffer[]): Promise<MeshSimplifyResult> => {
    if (payload === null || typeof payload !== 'object' || typeof payload.into !== 'string' || !isMeshLodName(payload.into) || typeof payload.ratio !== 'number') {
      throw new TypeError(`${MESH_SIMPLIFY_JOB}: payload must be { into: a LOD name, ratio: number, and segment + bytes or source }`);
    }
    const [, source] = await Promise.all([loadSimplifier(), sourceOf(payload)]);
    const options: SimplifyLodOptions = { ...(payload.targetError === undefined ? {} : { targetError: payload.targetError }), ...(payload.flags === undefined ? {} : { flags: payload.flags }) };
    const simplified = simplifyMeshLod(source, payload.into, payload.ratio, options);
    transferOut.push(...transferablesOf({ kind: 'lod', lod: simplified.lod }));
    return { lod: simplified.lod, sourceName: source.name, sourceTriangles: source.triangleCount, error: simplified.error, droppedAcrossFaces: simplified.droppedAcrossFaces };
  };
  return { [MESH_SIMPLIFY_JOB]: simplify };
}

/** mesh.decode and mesh.simplify: what a mesh worker serves. */
export function createMeshJobHandlers(): JobHandlers {
  return { ...createMeshDecodeHandlers(), ...createMeshSimplifyHandlers() };
}

async function sourceOf(payload: MeshSimplifyPayload): Promise<MeshLod> {
  if (payload.source !== undefined) return payload.source;
  if (payload.segment === undefined || !isMeshLodName(payload.segment) || !(payload.bytes instanceof Uint8Array)) {
    throw new TypeError(`${MESH_SIMPLIFY_JOB}: the source is either { segment: a LOD name, bytes: Uint8Array } or source: MeshLod`);
  }
  const options = { ...(payload.asset === undefined ? {} : { asset: payload.asset }), ...(payload.limits === undefined ? {} : { limits: payload.limits }) };
  const decoded = await decodeMeshSegment(payload.segment, payload.bytes, options);
  if (decoded.kind !== 'lod') throw new TypeError(`${MESH_SIMPLIFY_JOB}: ${payload.segment} is not a LOD`);
  return decoded.lod;
}
