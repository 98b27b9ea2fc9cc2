/**
 * The worker side of a fuzz run: builds the target's corpus and exercise,
 * then makes input after input (each from the run seed and its index) and
 * feeds it, until its time is up. Every input is copied into shared memory
 * before it runs, so a watchdog on the main thread can name the input that
 * hung; each crash signature is posted once, with its input.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import {
  SHARED_HEADER_BYTES, SLOT_INDEX, SLOT_LENGTH, SLOT_PROGRESS, SLOT_STATE, STATE_DONE, STATE_FUZZING,
  type FuzzWorkerData, type FuzzWorkerMessage,
} from './fuzz-protocol.ts';
import { randomForInput } from './fuzz-random.ts';
import { mutateInput } from './mutators.ts';
import { findProjectRoot } from './project-root.ts';
import type { FuzzTarget } from './targets.ts';

/** How often the input loop yields to the event loop. */
const YIELD_EVERY_MS = 20;

/** Inputs run before the heap is first measured: readers, tables and caches made on first use are not growth. */
const WARM_UP_INPUTS = 2000;
const WARM_UP_MS = 1000;
/** Repeats of a crash are posted at once up to this many per signature, then batched (a hang loses at most one batch). */
const REPEATS_POSTED_AT_ONCE = 100;
const REPEAT_BATCH_MS = 100;

/** Error class and the first stack frame: one crash, however many inputs reach it. */
export function crashSignature(error: unknown): { signature: string; errorClass: string; message: string; stack: string } {
  if (!(error instanceof Error)) {
    return { signature: `thrown ${typeof error}`, errorClass: `thrown ${typeof error}`, message: String(error), stack: '' };
  }
  const stack = error.stack ?? '';
  const frame = stack.split('\n').find((line) => line.trimStart().startsWith('at '))?.trim().replace(/:\d+\)?$/, '') ?? '(no stack)';
  const errorClass = error.constructor?.name ?? error.name;
  return { signature: `${errorClass} ${frame}`, errorClass, message: error.message, stack };
}

function collectGarbage(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return () => {};
  }
}

function heapMB(gc: () => void): number {
  gc();
  return getHeapStatistics().used_heap_size / (1024 * 1024);
}

/** Runs the worker for `targets`; called by the worker entry (and by test workers with extra targets). */
export async function serveFuzzWorker(targets: readonly FuzzTarget[]): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('serveFuzzWorker runs in a worker thread');
  const data = workerData as FuzzWorkerData;
  const post = (message: FuzzWorkerMessage) => port.postMessage(message);
  const target = targets.find((t) => t.name === data.target);
  if (target === undefined) throw new Error(`no fuzz target ${JSON.stringify(data.target)}`);
  const slots = new Int32Array(data.shared, 0, 4);
  const inputBytes = new Uint8Array(data.shared, SHARED_HEADER_BYTES);
  const gc = collectGarbage();

  const { seeds, sources } = await target.corpus(findProjectRoot());
  const exercise = await target.prepare();
  const context = { corpus: seeds.map((s) => s.subarray(0, target.maxInputBytes)), maxLength: Math.min(target.maxInputBytes, inputBytes.length) };
  post({ type: 'ready', seeds: seeds.length, sources, stateful: target.stateful === true });

  const crashCounts: Record<string, number> = {};
  let pendingRepeats: Record<string, number> = {};
  let repeatsPending = false;
  let lastRepeatPost = 0;
  const postRepeats = () => {
    if (!repeatsPending) return;
    post({ type: 'repeats', counts: pendingRepeats });
    pendingRepeats = {};
    repeatsPending = false;
    lastRepeatPost = performance.now();
  };
  const started = performance.now();
  const endAt = started + data.fuzzMs;
  const lastIndex = data.maxInputs === undefined ? Number.MAX_SAFE_INTEGER : data.firstIndex + data.maxInputs;
  let heapStartMB = Number.NaN;
  let inputs = 0;
  Atomics.store(slots, SLOT_STATE, STATE_FUZZING);
  let yieldedAt = started;
  for (let index = data.firstIndex; index < lastIndex; index++) {
    const now = performance.now();
    if (now >= endAt) break;
    // Let the event loop turn now and then, as an application's would: Node frees a zlib handle that failed
    // (a bad mesh segment) in a later macrotask, and a loop of microtasks alone would keep every one of them.
    if (now - yieldedAt >= YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      yieldedAt = performance.now();
    }
    if (Number.isNaN(heapStartMB) && (inputs >= WARM_UP_INPUTS || now - started >= WARM_UP_MS)) heapStartMB = heapMB(gc);
    const input = mutateInput(randomForInput(data.seed, target.name, index), context, target.mutators);
    inputBytes.set(input);
    Atomics.store(slots, SLOT_LENGTH, input.length);
    Atomics.store(slots, SLOT_INDEX, index);
    try {
      const pending = exercise(input);
      if (pending !== undefined) await pending;
    } catch (error) {
      if (!target.isDocumentedError(error)) {
        const crash = crashSignature(error);
        const seen = crashCounts[crash.signature] ?? 0;
        crashCounts[crash.signature] = seen + 1;
        if (seen === 0) {
          post({ type: 'crash', ...crash, index, input: input.slice() });
        } else {
          pendingRepeats[crash.signature] = (pendingRepeats[crash.signature] ?? 0) + 1;
          repeatsPending = true;
          if (seen < REPEATS_POSTED_AT_ONCE || performance.now() - lastRepeatPost > REPEAT_BATCH_MS) postRepeats();
        }
      }
    }
    inputs++;
    Atomics.add(slots, SLOT_PROGRESS, 1);
  }
  postRepeats();
  const fuzzMs = performance.now() - started;
  if (Number.isNaN(heapStartMB)) heapStartMB = heapMB(gc);
  const heapEndMB = heapMB(gc);
  Atomics.store(slots, SLOT_STATE, STATE_DONE);
  post({ type: 'done', inputs, fuzzMs, heapStartMB, heapEndMB });
}
