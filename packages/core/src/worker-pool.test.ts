import { describe, expect, it } from 'vitest';
import { CapacityError } from './errors.ts';
import type { JobReply, JobRequest } from './job-protocol.ts';
import { createResources } from './resources.ts';
import { addSystem, createScheduler, runFrame } from './scheduler.ts';
import type { WorkerLike } from './worker-like.ts';
import {
  createWorkerPool,
  drainWorkerResults,
  JobFailedError,
  liveWorkerCount,
  pendingJobCount,
  readyResultCount,
  runJob,
  submitJob,
  terminateWorkerPool,
} from './worker-pool.ts';
import type { JobResult } from './worker-pool.ts';
import { applyWorkerResultsAtBoundaries } from './worker-results.ts';

/** A hand-driven worker: the test decides when it replies or dies. */
class FakeWorker implements WorkerLike {
  readonly inbox: { message: JobRequest; transfer: ArrayBuffer[] }[] = [];
  terminated = false;
  private messageListener: (message: unknown) => void = () => {};
  private errorListener: (error: Error) => void = () => {};

  postMessage(message: unknown, transfer: ArrayBuffer[]): void {
    // Structured clone, as a real postMessage would.
    this.inbox.push({ message: structuredClone(message) as JobRequest, transfer });
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListener = listener;
  }
  onError(listener: (error: Error) => void): void {
    this.errorListener = listener;
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(result: unknown): void {
    const { message } = this.inbox.shift()!;
    const reply: JobReply = { kind: 'slv-job-reply', id: message.id, ok: true, result };
    this.messageListener(reply);
  }
  fail(name: string, text: string): void {
    const { message } = this.inbox.shift()!;
    this.messageListener({ kind: 'slv-job-reply', id: message.id, ok: false, errorName: name, errorMessage: text });
  }
  send(message: unknown): void {
    this.messageListener(message);
  }
  crash(text: string): void {
    this.errorListener(new Error(text));
  }
}

function fakePool(size: number, maxPending = 8, maxConsecutiveCrashes = 3) {
  const spawned: FakeWorker[] = [];
  const pool = createWorkerPool({
    size,
    maxPending,
    maxConsecutiveCrashes,
    spawn: () => {
      const w = new FakeWorker();
      spawned.push(w);
      return w;
    },
  });
  return { pool, spawned };
}

function drainAll(pool: Parameters<typeof drainWorkerResults>[0]): JobResult[] {
  const out: JobResult[] = [];
  drainWorkerResults(pool, (r) => out.push({ ...r }));
  return out;
}

describe('worker pool (fake workers)', () => {
  it('spreads jobs over idle workers, queues the rest, and hands results back only when drained', () => {
    const { pool, spawned } = fakePool(2);
    const ids = [submitJob(pool, 'sum', 1), submitJob(pool, 'sum', 2), submitJob(pool, 'sum', 3)];
    expect(ids).toEqual([1, 2, 3]);
    expect(spawned[0].inbox.map((m) => m.message.payload)).toEqual([1]);
    expect(spawned[1].inbox.map((m) => m.message.payload)).toEqual([2]);
    spawned[1].reply(20);
    // Worker 1 is free again and takes the queued job.
    expect(spawned[1].inbox.map((m) => m.message.payload)).toEqual([3]);
    spawned[0].reply(10);
    spawned[1].reply(30);
    expect(readyResultCount(pool)).toBe(3);
    expect(pendingJobCount(pool)).toBe(3);
    const results = drainAll(pool);
    expect(results.map((r) => [r.id, r.type, r.ok, r.result])).toEqual([
      [2, 'sum', true, 20],
      [1, 'sum', true, 10],
      [3, 'sum', true, 30],
    ]);
    expect(pendingJobCount(pool)).toBe(0);
    expect(drainWorkerResults(pool, () => {})).toBe(0);
  });

  it('passes the transfer list to the worker', () => {
    const { pool, spawned } = fakePool(1);
    const buffer = new ArrayBuffer(8);
    submitJob(pool, 'decode', { buffer }, [buffer]);
    expect(spawned[0].inbox[0].transfer).toEqual([buffer]);
  });

  it('returns error replies as error results naming the job type', () => {
    const { pool, spawned } = fakePool(1);
    submitJob(pool, 'decode', null);
    spawned[0].fail('RangeError', 'bad codestream');
    const [r] = drainAll(pool);
    expect(r).toMatchObject({ type: 'decode', ok: false, errorName: 'RangeError', errorMessage: 'bad codestream' });
    expect(pool.stats.failed).toBe(1);
  });

  it('replaces a crashed worker, fails its job with WorkerCrashError, and keeps going', () => {
    const { pool, spawned } = fakePool(1);
    submitJob(pool, 'mesh', 'a');
    submitJob(pool, 'mesh', 'b');
    spawned[0].crash('out of memory');
    expect(spawned[0].terminated).toBe(true);
    expect(spawned.length).toBe(2);
    // The queued job went to the replacement.
    expect(spawned[1].inbox[0].message.payload).toBe('b');
    spawned[1].reply('ok');
    // Late events from the dead worker are ignored.
    spawned[0].crash('again');
    spawned[0].send({ kind: 'slv-job-reply', id: 1, ok: true, result: 'late' });
    const results = drainAll(pool);
    expect(results[0]).toMatchObject({ id: 1, type: 'mesh', ok: false, errorName: 'WorkerCrashError' });
    expect(results[0].errorMessage).toMatch(/died during job "mesh": out of memory/);
    expect(results[1]).toMatchObject({ id: 2, ok: true, result: 'ok' });
    expect(pool.stats.crashes).toBe(1);
    expect(pool.stats.respawns).toBe(1);
  });

  it('gives up on a slot after maxConsecutiveCrashes and fails queued jobs when no worker is left', () => {
    const { pool, spawned } = fakePool(1, 8, 2);
    spawned[0].crash('load error');
    spawned[1].crash('load error');
    expect(liveWorkerCount(pool)).toBe(1);
    spawned[2].crash('load error');
    expect(liveWorkerCount(pool)).toBe(0);
    expect(spawned.length).toBe(3);
    expect(submitJob(pool, 'x', 1)).toBe(1);
    const [r] = drainAll(pool);
    expect(r).toMatchObject({ ok: false, errorName: 'NoLiveWorkers' });
  });

  it('counts a successful job as the end of a crash streak', () => {
    const { pool, spawned } = fakePool(1, 8, 1);
    spawned[0].crash('once');
    submitJob(pool, 'x', 1);
    spawned[1].reply(1);
    spawned[1].crash('twice');
    expect(liveWorkerCount(pool)).toBe(1);
  });

  it('applies backpressure: submitJob returns 0 when maxPending jobs are outstanding, runJob rejects', async () => {
    const { pool, spawned } = fakePool(1, 3);
    const buffer = new ArrayBuffer(4);
    expect(submitJob(pool, 'a', 0)).toBeGreaterThan(0);
    expect(submitJob(pool, 'a', 1)).toBeGreaterThan(0);
    expect(submitJob(pool, 'a', 2)).toBeGreaterThan(0);
    expect(submitJob(pool, 'a', 3, [buffer])).toBe(0);
    expect(buffer.byteLength).toBe(4);
    await expect(runJob(pool, 'a', 3)).rejects.toBeInstanceOf(CapacityError);
    // Finished but undrained results still count.
    spawned[0].reply(0);
    spawned[0].reply(1);
    spawned[0].reply(2);
    expect(submitJob(pool, 'a', 3)).toBe(0);
    expect(drainWorkerResults(pool, () => {}, 1)).toBe(1);
    expect(submitJob(pool, 'a', 3)).toBeGreaterThan(0);
  });

  it('keeps a result record reserved while the drain handler reads it', () => {
    const { pool, spawned } = fakePool(1, 2);
    submitJob(pool, 'a', 0);
    submitJob(pool, 'a', 1);
    spawned[0].reply('r0');
    spawned[0].reply('r1');
    drainWorkerResults(
      pool,
      (r) => {
        // The record being read still counts as outstanding, so a submit from
        // the handler cannot complete into it.
        expect(submitJob(pool, 'b', 2)).toBe(0);
        expect(r.result).toBe('r0');
      },
      1,
    );
    expect(submitJob(pool, 'b', 2)).toBeGreaterThan(0);
    spawned[0].reply('r2');
    expect(drainAll(pool).map((r) => r.result)).toEqual(['r1', 'r2']);
  });

  it('runJob resolves and rejects through promises without touching the drain queue', async () => {
    const { pool, spawned } = fakePool(1);
    const ok = runJob<number>(pool, 'sum', [1, 2]);
    spawned[0].reply(3);
    await expect(ok).resolves.toBe(3);
    const bad = runJob(pool, 'sum', null);
    spawned[0].fail('TypeError', 'not an array');
    const error = await bad.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).jobType).toBe('sum');
    expect((error as Error).message).toMatch(/"sum" failed: TypeError: not an array/);
    expect(readyResultCount(pool)).toBe(0);
    expect(pendingJobCount(pool)).toBe(0);
  });

  it('ignores stray and malformed replies', () => {
    const { pool, spawned } = fakePool(1);
    submitJob(pool, 'a', 0);
    spawned[0].send({ kind: 'slv-job-reply', id: 99, ok: true, result: 1 });
    spawned[0].send('garbage');
    spawned[0].send(null);
    expect(pool.stats.strayMessages).toBe(3);
    spawned[0].reply(7);
    expect(drainAll(pool).map((r) => r.result)).toEqual([7]);
  });

  it('turns an unsendable payload into an error result', () => {
    const spawnThrowing = (): WorkerLike => ({
      postMessage: () => {
        throw new Error('could not be cloned');
      },
      onMessage: () => {},
      onError: () => {},
      terminate: () => {},
    });
    const pool = createWorkerPool({ size: 1, spawn: spawnThrowing });
    submitJob(pool, 'a', () => 1);
    const [r] = drainAll(pool);
    expect(r).toMatchObject({ ok: false, errorName: 'DataCloneError' });
    expect(r.errorMessage).toMatch(/job "a" could not be sent: could not be cloned/);
  });

  it('terminates: running and queued jobs fail, later submissions throw', async () => {
    const { pool, spawned } = fakePool(1);
    submitJob(pool, 'a', 0);
    submitJob(pool, 'a', 1);
    const promised = runJob(pool, 'a', 2);
    terminateWorkerPool(pool);
    expect(spawned[0].terminated).toBe(true);
    expect(drainAll(pool).map((r) => r.errorName)).toEqual(['WorkerPoolTerminated', 'WorkerPoolTerminated']);
    await expect(promised).rejects.toThrow(/WorkerPoolTerminated/);
    expect(() => submitJob(pool, 'a', 3)).toThrow(/terminated/);
  });

  it('validates its options and submissions', () => {
    expect(() => createWorkerPool({ size: 0, spawn: () => new FakeWorker() })).toThrow(/size must be an integer/);
    expect(() => createWorkerPool({ size: 1, maxPending: 0, spawn: () => new FakeWorker() })).toThrow(/maxPending/);
    expect(() =>
      createWorkerPool({
        size: 2,
        spawn: (i) => {
          if (i === 1) throw new Error('no worker script');
          return new FakeWorker();
        },
      }),
    ).toThrow(/spawning a worker failed: no worker script/);
    const { pool } = fakePool(1);
    expect(() => submitJob(pool, '', 0)).toThrow(/non-empty string/);
    expect(() => submitJob(pool, 'a', 0, 'x' as never)).toThrow(/array of ArrayBuffers/);
  });

  it('applies results at scheduler phase boundaries only', () => {
    const { pool, spawned } = fakePool(1);
    const world = { applied: [] as unknown[], log: [] as string[] };
    const scheduler = createScheduler(world, createResources({ settings: null, bus: null }));
    applyWorkerResultsAtBoundaries(scheduler, pool, (r) => {
      world.applied.push(r.result);
      world.log.push(`apply ${String(r.result)}`);
    });
    addSystem(scheduler, { name: 'sim', phase: 'simulation', run: (w) => {
      submitJob(pool, 'work', 1);
      // The worker answers at once, while this system is still running.
      spawned[0].reply('done');
      w.log.push(`sim sees ${w.applied.length}`);
    } });
    addSystem(scheduler, { name: 'sim2', phase: 'simulation', run: (w) => {
      w.log.push(`sim2 sees ${w.applied.length}`);
    } });
    addSystem(scheduler, { name: 'cull', phase: 'culling', run: (w) => {
      w.log.push(`cull sees ${w.applied.length}`);
    } });
    runFrame(scheduler, 0);
    expect(world.log).toEqual(['sim sees 0', 'sim2 sees 0', 'apply done', 'cull sees 1']);
  });
});
