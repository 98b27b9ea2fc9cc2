import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorker } from './node-worker.ts';
import {
  createWorkerPool,
  drainWorkerResults,
  JobFailedError,
  liveWorkerCount,
  readyResultCount,
  runJob,
  submitJob,
  terminateWorkerPool,
} from './worker-pool.ts';
import type { JobResult, WorkerPool } from './worker-pool.ts';

// Worker threads cannot load TypeScript, so bundle the fixture (with the real
// serveJobs) into one ES module and start workers from a data: URL.
let workerUrl: URL;
beforeAll(() => {
  const out = buildSync({
    entryPoints: [fileURLToPath(new URL('./__fixtures__/job-worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  workerUrl = new URL(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].contents).toString('base64')}`);
});

const pools: WorkerPool[] = [];
afterEach(() => {
  while (pools.length > 0) terminateWorkerPool(pools.pop()!);
});

function nodePool(size: number, maxPending = 16): WorkerPool {
  const pool = createWorkerPool({ size, maxPending, spawn: () => createNodeWorker(workerUrl) });
  pools.push(pool);
  return pool;
}

async function waitForResults(pool: WorkerPool, count: number, timeoutMs = 10_000): Promise<JobResult[]> {
  const deadline = Date.now() + timeoutMs;
  while (readyResultCount(pool) < count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} results (have ${readyResultCount(pool)})`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const results: JobResult[] = [];
  drainWorkerResults(pool, (r) => results.push({ ...r }));
  return results;
}

function filled(length: number, seed: number): Float32Array<ArrayBuffer> {
  const data = new Float32Array(length);
  for (let i = 0; i < length; i++) data[i] = ((i * 7 + seed) % 101) / 4;
  return data;
}

describe('worker pool on worker_threads', () => {
  it('sums transferred Float32Arrays in parallel workers', async () => {
    const pool = nodePool(3);
    const expected = new Map<number, number>();
    const sources: Float32Array[] = [];
    for (let j = 0; j < 6; j++) {
      const data = filled(100_000, j);
      let total = 0;
      for (let i = 0; i < data.length; i++) total += data[i];
      const id = submitJob(pool, 'sum', { data }, [data.buffer]);
      expect(id).toBeGreaterThan(0);
      expected.set(id, total);
      sources.push(data);
    }
    const results = await waitForResults(pool, 6);
    // Transferred, not copied: the sender's views are detached (a queued job's
    // buffers move when it starts).
    for (const data of sources) expect(data.byteLength).toBe(0);
    expect(results).toHaveLength(6);
    for (const r of results) {
      expect(r.ok).toBe(true);
      expect(r.type).toBe('sum');
      expect(r.result).toBe(expected.get(r.id));
    }
  });

  it('gets buffers transferred back from the worker', async () => {
    const pool = nodePool(1);
    const data = new Float32Array([1, 2, 3]);
    const scaled = await runJob<Float32Array>(pool, 'scale', { data, factor: 2 }, [data.buffer]);
    expect(Array.from(scaled)).toEqual([2, 4, 6]);
  });

  it('turns a throwing job into an error result and keeps the worker', async () => {
    const pool = nodePool(1);
    submitJob(pool, 'fail', 'nope');
    submitJob(pool, 'no-such-job', null);
    submitJob(pool, 'unsendable', null);
    const data = new Float32Array([1, 2]);
    submitJob(pool, 'sum', { data }, [data.buffer]);
    const [failed, unknown, unsendable, ok] = await waitForResults(pool, 4);
    expect(failed).toMatchObject({ type: 'fail', ok: false, errorName: 'RangeError', errorMessage: 'bad input: nope' });
    expect(unknown).toMatchObject({ type: 'no-such-job', ok: false, errorName: 'UnknownJobType' });
    expect(unsendable).toMatchObject({ type: 'unsendable', ok: false, errorName: 'DataCloneError' });
    expect(ok).toMatchObject({ type: 'sum', ok: true, result: 3 });
    expect(pool.stats.crashes).toBe(0);
    const error = await runJob(pool, 'fail', 'promised').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as Error).message).toMatch(/"fail" failed: RangeError: bad input: promised/);
  });

  it('replaces a worker that crashes or exits, failing only the job it was running', async () => {
    const pool = nodePool(1);
    submitJob(pool, 'crash', null);
    const data = new Float32Array([5, 6]);
    submitJob(pool, 'sum', { data }, [data.buffer]);
    const [crashed, after] = await waitForResults(pool, 2);
    expect(crashed).toMatchObject({ type: 'crash', ok: false, errorName: 'WorkerCrashError' });
    expect(crashed.errorMessage).toMatch(/worker blew up/);
    expect(after).toMatchObject({ type: 'sum', ok: true, result: 11 });

    submitJob(pool, 'exit', null);
    const [exited] = await waitForResults(pool, 1);
    expect(exited).toMatchObject({ type: 'exit', ok: false, errorName: 'WorkerCrashError' });
    expect(exited.errorMessage).toMatch(/exited with code 7/);
    await expect(runJob(pool, 'sleep', 1)).resolves.toBe(1);
    expect(pool.stats.crashes).toBe(2);
    expect(pool.stats.respawns).toBe(2);
    expect(liveWorkerCount(pool)).toBe(1);
  });

  it('applies backpressure while real jobs run', async () => {
    const pool = nodePool(1, 2);
    expect(submitJob(pool, 'sleep', 30)).toBeGreaterThan(0);
    expect(submitJob(pool, 'sleep', 1)).toBeGreaterThan(0);
    const held = new Float32Array(4);
    expect(submitJob(pool, 'sum', { data: held }, [held.buffer])).toBe(0);
    expect(held.byteLength).toBe(16);
    const results = await waitForResults(pool, 2);
    expect(results.map((r) => r.result)).toEqual([30, 1]);
    expect(submitJob(pool, 'sum', { data: held }, [held.buffer])).toBeGreaterThan(0);
    const [sum] = await waitForResults(pool, 1);
    expect(sum.result).toBe(0);
  });
});
