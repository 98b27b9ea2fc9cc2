/**
 * The mesh.simplify job through @slv/core's real Node worker pool: from a
 * compressed segment (decoded in the worker) or a decoded LOD, inputs
 * transferred in, the generated LOD's arrays transferred out and equal to a
 * main-thread simplification; a bad payload fails its job only.
 */
import { createWorkerPool, JobFailedError, runJob, terminateWorkerPool, type WorkerPool } from '@slv/core';
import { LIBRARY_MESHES, MeshLibrary } from '@slv/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnNodeMeshWorker } from '../../decode/node-decode-worker.test-support.ts';
import { decodeMeshSegment } from '../decode-mesh.ts';
import { transferablesOf } from '../mesh-decode-job.ts';
import { readMeshHeader } from '../mesh-header.ts';
import { createMeshJobHandlers, MESH_SIMPLIFY_JOB, type MeshSimplifyResult } from './mesh-simplify-job.ts';
import { loadSimplifier, simplifyMeshLod } from './simplify-lod.ts';

const vase = new MeshLibrary().asset(LIBRARY_MESHES.find((m) => m.name === 'vase')!.id)!;
const range = readMeshHeader(vase, { total: vase.length }).segments.high_lod!;
const segment = () => vase.slice(range.start, range.end);

describe('mesh.simplify', () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    await loadSimplifier();
    pool = createWorkerPool({ size: 1, maxPending: 4, spawn: spawnNodeMeshWorker });
  });
  afterAll(() => terminateWorkerPool(pool));

  it('is served beside mesh.decode, and hands every result buffer to transferOut', async () => {
    const handlers = createMeshJobHandlers();
    expect(Object.keys(handlers).sort()).toEqual(['mesh.decode', 'mesh.simplify']);
    const transfer: ArrayBuffer[] = [];
    const result = (await handlers[MESH_SIMPLIFY_JOB]!({ into: 'low_lod', ratio: 0.25, segment: 'high_lod', bytes: segment() }, transfer)) as MeshSimplifyResult;
    expect(new Set(transfer)).toEqual(new Set(transferablesOf({ kind: 'lod', lod: result.lod })));
    expect(transfer.length).toBeGreaterThan(0);
  });

  it('simplifies in a worker from the compressed segment or a decoded LOD, inputs moved, results as on the main thread', async () => {
    const bytes = segment();
    const decoded = await decodeMeshSegment('high_lod', segment());
    if (decoded.kind !== 'lod') throw new Error('expected a LOD');
    const expected = simplifyMeshLod(decoded.lod, 'medium_lod', 0.3).lod;
    const fromBytes = await runJob<MeshSimplifyResult>(pool, MESH_SIMPLIFY_JOB, { into: 'medium_lod', ratio: 0.3, segment: 'high_lod', bytes, asset: 'vase' }, [bytes.buffer as ArrayBuffer]);
    expect(bytes.byteLength).toBe(0);
    expect(fromBytes).toMatchObject({ sourceName: 'high_lod', sourceTriangles: decoded.lod.triangleCount, droppedAcrossFaces: 0 });
    expect(fromBytes.lod).toEqual(expected);
    const fromLod = await runJob<MeshSimplifyResult>(pool, MESH_SIMPLIFY_JOB, { into: 'medium_lod', ratio: 0.3, source: decoded.lod }, transferablesOf(decoded));
    expect(decoded.lod.faces[0]!.positions.byteLength).toBe(0); // moved, not copied
    expect(fromLod.lod).toEqual(expected);
  }, 60_000);

  it('a broken segment or a bad payload fails its job with a clear message', async () => {
    const bad = runJob(pool, MESH_SIMPLIFY_JOB, { into: 'low_lod', ratio: 0.5, segment: 'high_lod', bytes: new Uint8Array([1, 2, 3]), asset: 'broken' });
    await expect(bad).rejects.toThrow(JobFailedError);
    await expect(bad).rejects.toThrow(/MeshFormatError: mesh broken: high_lod: 3 compressed bytes is not a whole zlib stream/);
    await expect(runJob(pool, MESH_SIMPLIFY_JOB, { into: 'huge_lod', ratio: 0.5 })).rejects.toThrow(/payload must be/);
    await expect(runJob(pool, MESH_SIMPLIFY_JOB, { into: 'low_lod', ratio: 2, segment: 'high_lod', bytes: segment() })).rejects.toThrow(/ratio must be in \(0, 1\]/);
  }, 60_000);
});
