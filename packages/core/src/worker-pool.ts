/**
 * A fixed pool of workers running jobs `{ type, payload, transfer }`, one job
 * per worker at a time. Frame code submits with submitJob and collects
 * finished jobs with drainWorkerResults at a phase boundary: no Promise per
 * job, no callback into the middle of a system. runJob offers a Promise for
 * code outside the frame.
 *
 * Failures are results, never crashes of the pool: a handler's exception
 * comes back as an error result naming the job type; a worker that dies is
 * replaced (up to maxConsecutiveCrashes times in a row per slot) and its job
 * fails with a WorkerCrashError result.
 *
 * Backpressure: at most maxPending jobs may be outstanding (queued, running,
 * or finished but not yet drained). When full, submitJob returns 0 and
 * transfers nothing, so the caller keeps its buffers and retries later;
 * runJob rejects with a CapacityError.
 */
import { CapacityError } from './errors.ts';
import { isJobReply } from './job-protocol.ts';
import type { JobRequest } from './job-protocol.ts';
import type { WorkerLike } from './worker-like.ts';

export interface WorkerPoolOptions {
  /** Number of workers, 1..256. */
  readonly size: number;
  /** Creates the worker for a slot (called again when that slot's worker dies). */
  readonly spawn: (slot: number) => WorkerLike;
  /** Jobs outstanding at once (default 256). */
  readonly maxPending?: number;
  /** A slot whose worker dies this many times without completing a job in between is left empty (default 3). */
  readonly maxConsecutiveCrashes?: number;
}

/**
 * A finished job. The object is reused once the drain handler returns: copy
 * out what you keep.
 */
export interface JobResult {
  id: number;
  type: string;
  ok: boolean;
  /** The handler's return value when ok. */
  result: unknown;
  /** Empty when ok; otherwise the error's name (`WorkerCrashError`, `UnknownJobType`, the thrown error's name…). */
  errorName: string;
  errorMessage: string;
}

export class JobFailedError extends Error {
  override readonly name = 'JobFailedError';
  readonly jobId: number;
  readonly jobType: string;
  readonly errorName: string;

  constructor(jobId: number, jobType: string, errorName: string, errorMessage: string) {
    super(`job ${jobId} "${jobType}" failed: ${errorName}: ${errorMessage}`);
    this.jobId = jobId;
    this.jobType = jobType;
    this.errorName = errorName;
  }
}

interface JobRecord {
  id: number;
  type: string;
  payload: unknown;
  transfer: ArrayBuffer[];
  resolve: ((value: unknown) => void) | null;
  reject: ((error: Error) => void) | null;
}

interface WorkerSlot {
  readonly index: number;
  worker: WorkerLike | null;
  job: JobRecord | null;
  /** Bumped whenever the slot's worker is dropped, so its late events are ignored. */
  generation: number;
  crashes: number;
}

export interface WorkerPoolStats {
  submitted: number;
  succeeded: number;
  failed: number;
  crashes: number;
  respawns: number;
  /** Replies that matched no running job (ignored). */
  strayMessages: number;
}

export interface WorkerPool {
  readonly size: number;
  readonly maxPending: number;
  readonly maxConsecutiveCrashes: number;
  readonly spawn: (slot: number) => WorkerLike;
  readonly slots: WorkerSlot[];
  readonly freeRecords: JobRecord[];
  readonly queue: (JobRecord | null)[];
  queueHead: number;
  queueLength: number;
  readonly results: JobResult[];
  resultsHead: number;
  resultsLength: number;
  outstanding: number;
  nextId: number;
  terminated: boolean;
  /** Why the last replacement worker could not be spawned, if it could not. */
  lastSpawnError: Error | null;
  readonly stats: WorkerPoolStats;
  /** Reused for every request: postMessage clones it synchronously. */
  readonly request: JobRequest;
}

const NO_TRANSFER: ArrayBuffer[] = [];

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { size, spawn, maxPending = 256, maxConsecutiveCrashes = 3 } = options;
  if (!Number.isInteger(size) || size < 1 || size > 256) {
    throw new RangeError(`createWorkerPool: size must be an integer in 1..256, got ${size}`);
  }
  if (!Number.isInteger(maxPending) || maxPending < 1 || maxPending > 1 << 20) {
    throw new RangeError(`createWorkerPool: maxPending must be an integer in 1..${1 << 20}, got ${maxPending}`);
  }
  if (!Number.isInteger(maxConsecutiveCrashes) || maxConsecutiveCrashes < 0) {
    throw new RangeError(`createWorkerPool: maxConsecutiveCrashes must be a non-negative integer, got ${maxConsecutiveCrashes}`);
  }
  if (typeof spawn !== 'function') throw new TypeError('createWorkerPool: spawn must be a function');
  const pool: WorkerPool = {
    size,
    maxPending,
    maxConsecutiveCrashes,
    spawn,
    slots: [],
    freeRecords: [],
    queue: new Array<JobRecord | null>(maxPending).fill(null),
    queueHead: 0,
    queueLength: 0,
    results: [],
    resultsHead: 0,
    resultsLength: 0,
    outstanding: 0,
    nextId: 1,
    terminated: false,
    lastSpawnError: null,
    stats: { submitted: 0, succeeded: 0, failed: 0, crashes: 0, respawns: 0, strayMessages: 0 },
    request: { kind: 'slv-job', id: 0, type: '', payload: undefined },
  };
  for (let i = 0; i < maxPending; i++) {
    pool.freeRecords.push({ id: 0, type: '', payload: undefined, transfer: NO_TRANSFER, resolve: null, reject: null });
    pool.results.push({ id: 0, type: '', ok: false, result: undefined, errorName: '', errorMessage: '' });
  }
  try {
    for (let i = 0; i < size; i++) {
      const slot: WorkerSlot = { index: i, worker: null, job: null, generation: 0, crashes: 0 };
      pool.slots.push(slot);
      attachWorker(pool, slot);
    }
  } catch (error) {
    for (const slot of pool.slots) slot.worker?.terminate();
    throw new Error(`createWorkerPool: spawning a worker failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return pool;
}

function attachWorker(pool: WorkerPool, slot: WorkerSlot): void {
  const worker = pool.spawn(slot.index);
  const generation = slot.generation;
  slot.worker = worker;
  worker.onMessage((message) => receiveReply(pool, slot, generation, message));
  worker.onError((error) => workerDied(pool, slot, generation, error));
}

function receiveReply(pool: WorkerPool, slot: WorkerSlot, generation: number, message: unknown): void {
  if (slot.generation !== generation) return;
  const job = slot.job;
  if (job === null || !isJobReply(message) || message.id !== job.id) {
    pool.stats.strayMessages++;
    return;
  }
  slot.job = null;
  slot.crashes = 0;
  if (message.ok) {
    complete(pool, job, true, message.result, '', '');
  } else {
    complete(pool, job, false, undefined, String(message.errorName ?? 'Error'), String(message.errorMessage ?? ''));
  }
  dispatch(pool);
}

function workerDied(pool: WorkerPool, slot: WorkerSlot, generation: number, error: Error): void {
  if (slot.generation !== generation || pool.terminated) return;
  slot.generation++;
  slot.crashes++;
  pool.stats.crashes++;
  const dead = slot.worker;
  slot.worker = null;
  try {
    dead?.terminate();
  } catch {
    // Already gone; nothing left to release.
  }
  const job = slot.job;
  slot.job = null;
  if (job !== null) {
    complete(pool, job, false, undefined, 'WorkerCrashError', `worker ${slot.index} died during job "${job.type}": ${error.message}`);
  }
  if (slot.crashes <= pool.maxConsecutiveCrashes) {
    try {
      attachWorker(pool, slot);
      pool.stats.respawns++;
    } catch (spawnError) {
      slot.worker = null;
      pool.lastSpawnError = spawnError instanceof Error ? spawnError : new Error(String(spawnError));
    }
  }
  if (liveWorkerCount(pool) === 0) {
    failQueued(pool, 'NoLiveWorkers', `every worker died (last: ${error.message})`);
  } else {
    dispatch(pool);
  }
}

function complete(pool: WorkerPool, job: JobRecord, ok: boolean, result: unknown, errorName: string, errorMessage: string): void {
  if (ok) pool.stats.succeeded++;
  else pool.stats.failed++;
  const { id, type, resolve, reject } = job;
  job.payload = undefined;
  job.transfer = NO_TRANSFER;
  job.resolve = null;
  job.reject = null;
  pool.freeRecords.push(job);
  if (resolve !== null && reject !== null) {
    pool.outstanding--;
    if (ok) resolve(result);
    else reject(new JobFailedError(id, type, errorName, errorMessage));
    return;
  }
  // outstanding ≤ maxPending guarantees room in the ring.
  const r = pool.results[(pool.resultsHead + pool.resultsLength) % pool.maxPending];
  pool.resultsLength++;
  r.id = id;
  r.type = type;
  r.ok = ok;
  r.result = result;
  r.errorName = errorName;
  r.errorMessage = errorMessage;
}

function dispatch(pool: WorkerPool): void {
  for (let s = 0; s < pool.slots.length && pool.queueLength > 0; s++) {
    const slot = pool.slots[s];
    while (slot.worker !== null && slot.job === null && pool.queueLength > 0) {
      const job = pool.queue[pool.queueHead]!;
      pool.queue[pool.queueHead] = null;
      pool.queueHead = (pool.queueHead + 1) % pool.maxPending;
      pool.queueLength--;
      start(pool, slot, job);
    }
  }
}

function start(pool: WorkerPool, slot: WorkerSlot, job: JobRecord): void {
  const request = pool.request;
  request.id = job.id;
  request.type = job.type;
  request.payload = job.payload;
  slot.job = job;
  try {
    slot.worker!.postMessage(request, job.transfer);
  } catch (error) {
    slot.job = null;
    const message = error instanceof Error ? error.message : String(error);
    complete(pool, job, false, undefined, 'DataCloneError', `job "${job.type}" could not be sent: ${message}`);
  } finally {
    request.payload = undefined;
  }
  if (slot.job === job) {
    // The worker owns its copy now; do not keep the payload alive.
    job.payload = undefined;
    job.transfer = NO_TRANSFER;
  }
}

function failQueued(pool: WorkerPool, errorName: string, errorMessage: string): void {
  while (pool.queueLength > 0) {
    const job = pool.queue[pool.queueHead]!;
    pool.queue[pool.queueHead] = null;
    pool.queueHead = (pool.queueHead + 1) % pool.maxPending;
    pool.queueLength--;
    complete(pool, job, false, undefined, errorName, errorMessage);
  }
}

function enqueue(
  pool: WorkerPool,
  type: string,
  payload: unknown,
  transfer: ArrayBuffer[],
  resolve: ((value: unknown) => void) | null,
  reject: ((error: Error) => void) | null,
): number {
  const job = pool.freeRecords.pop()!;
  const id = pool.nextId++;
  job.id = id;
  job.type = type;
  job.payload = payload;
  job.transfer = transfer;
  job.resolve = resolve;
  job.reject = reject;
  pool.outstanding++;
  pool.stats.submitted++;
  pool.queue[(pool.queueHead + pool.queueLength) % pool.maxPending] = job;
  pool.queueLength++;
  if (liveWorkerCount(pool) === 0) failQueued(pool, 'NoLiveWorkers', 'the pool has no live workers');
  else dispatch(pool);
  return id;
}

function checkSubmission(pool: WorkerPool, type: string, transfer: ArrayBuffer[], where: string): void {
  if (pool.terminated) throw new Error(`${where}: the worker pool has been terminated`);
  if (typeof type !== 'string' || type.length === 0) throw new TypeError(`${where}: job type must be a non-empty string`);
  if (!Array.isArray(transfer)) throw new TypeError(`${where}: transfer must be an array of ArrayBuffers`);
}

/**
 * Queues a job and returns its id (≥ 1), or 0 when maxPending jobs are
 * outstanding — then nothing is sent and `transfer` stays usable. Once
 * accepted, the `transfer` buffers belong to the pool: they move to the
 * worker when the job starts (at once if a worker is idle). The result
 * arrives through drainWorkerResults.
 */
export function submitJob(pool: WorkerPool, type: string, payload: unknown, transfer: ArrayBuffer[] = NO_TRANSFER): number {
  checkSubmission(pool, type, transfer, 'submitJob');
  if (pool.outstanding >= pool.maxPending) return 0;
  return enqueue(pool, type, payload, transfer, null, null);
}

/**
 * Runs a job outside the frame loop: resolves with the handler's result,
 * rejects with JobFailedError, or with CapacityError when the pool is full.
 */
export function runJob<T = unknown>(pool: WorkerPool, type: string, payload: unknown, transfer: ArrayBuffer[] = NO_TRANSFER): Promise<T> {
  try {
    checkSubmission(pool, type, transfer, 'runJob');
  } catch (error) {
    return Promise.reject(error);
  }
  if (pool.outstanding >= pool.maxPending) {
    return Promise.reject(
      new CapacityError(`runJob: ${pool.maxPending} jobs are already outstanding`, pool.maxPending, pool.outstanding + 1),
    );
  }
  return new Promise<T>((resolve, reject) => {
    enqueue(pool, type, payload, transfer, resolve as (value: unknown) => void, reject);
  });
}

/**
 * Hands finished jobs (oldest first, at most `max`) to `handler`; returns how
 * many. Call it at a phase boundary. If the handler throws, the results not
 * yet handed over stay queued.
 */
export function drainWorkerResults(pool: WorkerPool, handler: (result: JobResult) => void, max = Infinity): number {
  let drained = 0;
  while (pool.resultsLength > 0 && drained < max) {
    const r = pool.results[pool.resultsHead];
    pool.resultsHead = (pool.resultsHead + 1) % pool.maxPending;
    pool.resultsLength--;
    drained++;
    try {
      handler(r);
    } finally {
      // Counted until the handler is done, so a job it submits cannot reuse this record under it.
      pool.outstanding--;
      r.result = undefined;
    }
  }
  return drained;
}

/** Jobs submitted and not yet handed back (queued, running, or awaiting drain). */
export function pendingJobCount(pool: WorkerPool): number {
  return pool.outstanding;
}

/** Finished results waiting for drainWorkerResults. */
export function readyResultCount(pool: WorkerPool): number {
  return pool.resultsLength;
}

export function liveWorkerCount(pool: WorkerPool): number {
  let live = 0;
  for (let i = 0; i < pool.slots.length; i++) if (pool.slots[i].worker !== null) live++;
  return live;
}

/**
 * Stops every worker. Running and queued jobs fail with WorkerPoolTerminated
 * (results stay drainable); later submissions throw.
 */
export function terminateWorkerPool(pool: WorkerPool): void {
  if (pool.terminated) return;
  pool.terminated = true;
  for (const slot of pool.slots) {
    slot.generation++;
    const worker = slot.worker;
    slot.worker = null;
    try {
      worker?.terminate();
    } catch {
      // Already gone.
    }
    const job = slot.job;
    slot.job = null;
    if (job !== null) complete(pool, job, false, undefined, 'WorkerPoolTerminated', `pool terminated during job "${job.type}"`);
  }
  failQueued(pool, 'WorkerPoolTerminated', 'pool terminated before the job started');
}
