/**
 * The mesh decode job through @slv/core's real Node worker pool: the
 * segment goes in transferred, every typed array of the result comes back
 * transferred and equal to a main-thread decode, and a bad segment fails
 * its job only, with the MeshFormatError's message.
 */
import { createWorkerPool, JobFailedError, runJob, terminateWorkerPool, type WorkerPool } from '@slv/core';
import { encodeMeshAsset } from '@slv/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnNodeMeshWorker } from '../decode/node-decode-worker.test-support.ts';
import { decodeMeshSegment } from './decode-mesh.ts';
import { fourLodContent, riggedContent } from './mesh-assets.test-support.ts';
import { createMeshDecodeHandlers, MESH_DECODE_JOB, type MeshDecodeResult } from './mesh-decode-job.ts';
import { readMeshHeader } from './mesh-header.ts';

function segmentOf(asset: Uint8Array, name: string): Uint8Array {
  const range = readMeshHeader(asset, { total: asset.length }).segments[name]!;
  return asset.slice(range.start, range.end);
}

describe('mesh decode handler', () => {
  it('hands every array buffer of the result to transferOut, once each', async () => {
    const asset = encodeMeshAsset(fourLodContent());
    const transfer: ArrayBuffer[] = [];
    const result = (await createMeshDecodeHandlers()[MESH_DECODE_JOB]!({ segment: 'high_lod', bytes: segmentOf(asset, 'high_lod') }, transfer)) as MeshDecodeResult;
    if (result.kind !== 'lod') throw new Error('expected a LOD');
    const expected = new Set(result.lod.faces.flatMap((f) => [f.positions.buffer, f.indices.buffer, ...(f.normals ? [f.normals.buffer] : []), ...(f.uvs ? [f.uvs.buffer] : [])]));
    expect(new Set(transfer)).toEqual(expected);
    expect(transfer.length).toBe(expected.size);
  });
});

describe('mesh decode jobs on worker_threads', () => {
  let pool: WorkerPool;
  beforeAll(() => {
    pool = createWorkerPool({ size: 2, maxPending: 8, spawn: spawnNodeMeshWorker });
  });
  afterAll(() => terminateWorkerPool(pool));

  it('decodes LODs and a skin in workers, input transferred in, results equal to a main-thread decode', async () => {
    const asset = encodeMeshAsset(riggedContent());
    const bytes = segmentOf(asset, 'high_lod');
    const expected = await decodeMeshSegment('high_lod', bytes.slice());
    const result = await runJob<MeshDecodeResult>(pool, MESH_DECODE_JOB, { segment: 'high_lod', bytes, asset: 'rigged' }, [bytes.buffer as ArrayBuffer]);
    expect(bytes.byteLength).toBe(0); // moved to the worker, not copied
    expect(result).toEqual(expected);
    const skin = await runJob<MeshDecodeResult>(pool, MESH_DECODE_JOB, { segment: 'skin', bytes: segmentOf(asset, 'skin') });
    expect(skin.kind === 'skin' && skin.skin.jointNames).toEqual(['mPelvis', 'mTorso', 'mChest']);
  }, 60_000);

  it('several jobs at once, and a bad segment fails its job only', async () => {
    const asset = encodeMeshAsset(fourLodContent());
    const names = ['lowest_lod', 'low_lod', 'medium_lod', 'high_lod'];
    const jobs = names.map((segment) => runJob<MeshDecodeResult>(pool, MESH_DECODE_JOB, { segment, bytes: segmentOf(asset, segment) }));
    const bad = runJob(pool, MESH_DECODE_JOB, { segment: 'high_lod', bytes: new TextEncoder().encode('<html>404</html>'), asset: 'broken' });
    await expect(bad).rejects.toThrow(JobFailedError);
    await expect(bad).rejects.toThrow(/MeshFormatError: mesh broken: high_lod: 16 compressed bytes is not a whole zlib stream/);
    expect((await Promise.all(jobs)).map((r) => r.kind === 'lod' && r.lod.name)).toEqual(names);
  }, 60_000);
});
