/**
 * The decode pool behind the texture streamer, and which job is whose. A pool
 * passed in is only used (never resized or terminated); a pool made from a
 * spawn function is owned: a new size replaces it with a new pool, and the
 * old one is terminated once its jobs are back, so no decode is lost.
 * Results come back through `drain`, at the frame's chosen point.
 */
import { createWorkerPool, drainWorkerResults, submitJob, terminateWorkerPool, type JobResult, type WorkerLike, type WorkerPool } from '@slv/core';

interface Lane<R> {
  readonly pool: WorkerPool;
  readonly owned: boolean;
  /** Job id → its owner; ids are per pool. */
  readonly jobs: Map<number, R>;
}

export class DecodeLanes<R> {
  private lane: Lane<R>;
  /** Owned pools replaced by a resize, terminated once their jobs are back. */
  private readonly retiring: Lane<R>[] = [];
  private draining: Lane<R> | null = null;
  // Bound once: draining every frame allocates nothing.
  private readonly take = (result: JobResult): void => {
    const lane = this.draining!;
    const owner = lane.jobs.get(result.id);
    if (owner === undefined) return; // someone else's job on a shared pool
    lane.jobs.delete(result.id);
    this.inFlight--;
    this.onResult(owner, result);
  };
  /** Jobs submitted and not yet drained, over every pool. */
  inFlight = 0;

  constructor(
    pool: WorkerPool | null,
    private readonly spawn: ((slot: number) => WorkerLike) | null,
    size: number,
    private readonly onResult: (owner: R, result: JobResult) => void,
  ) {
    this.lane = pool !== null ? { pool, owned: false, jobs: new Map() } : this.ownedLane(size);
  }

  /** Queues a job for `owner`; false when the pool is full (nothing sent, `transfer` untouched). Throws when the pool is terminated. */
  submit(type: string, payload: unknown, transfer: ArrayBuffer[], owner: R): boolean {
    const job = submitJob(this.lane.pool, type, payload, transfer);
    if (job === 0) return false;
    this.lane.jobs.set(job, owner);
    this.inFlight++;
    return true;
  }

  /** Hands every finished job to onResult. */
  drain(): void {
    this.draining = this.lane;
    drainWorkerResults(this.lane.pool, this.take);
    for (let i = this.retiring.length - 1; i >= 0; i--) {
      const lane = this.retiring[i]!;
      this.draining = lane;
      drainWorkerResults(lane.pool, this.take);
      if (lane.jobs.size === 0) {
        terminateWorkerPool(lane.pool);
        this.retiring.splice(i, 1);
      }
    }
    this.draining = null;
  }

  /** A new worker count: an owned pool is replaced; a pool passed in keeps its size. */
  resize(size: number): void {
    if (!this.lane.owned || size === this.lane.pool.size) return;
    this.retiring.push(this.lane);
    this.lane = this.ownedLane(size);
  }

  /** Terminates the owned pools; a pool passed in keeps running. */
  close(): void {
    for (const lane of [this.lane, ...this.retiring.splice(0)]) if (lane.owned) terminateWorkerPool(lane.pool);
  }

  private ownedLane(size: number): Lane<R> {
    return { pool: createWorkerPool({ size, spawn: this.spawn! }), owned: true, jobs: new Map() };
  }
}
