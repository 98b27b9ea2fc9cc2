/**
 * The main-thread side of a fuzz run: one worker thread per target, a
 * watchdog that reads the worker's progress counter from shared memory, and
 * the report. An input that runs longer than hangMs is a hang: the worker is
 * terminated, the input (read from shared memory) is recorded, and a fresh
 * worker goes on from the next input. A worker that dies (out of memory, an
 * error outside any input) is a crash of the input it was running.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  SHARED_HEADER_BYTES, SLOT_INDEX, SLOT_LENGTH, SLOT_PROGRESS, SLOT_STATE, STATE_FUZZING, createSharedState,
  type FuzzWorkerData, type FuzzWorkerMessage,
} from './fuzz-protocol.ts';

export const DEFAULT_HANG_MS = 2000;
/** Corpus building and setup (scene generation, texture encoding) get this long before the run gives up. */
const SETUP_LIMIT_MS = 180_000;
const WATCH_INTERVAL_MS = 50;
/** Restarts after hangs or dead workers before the target is abandoned (every input hanging is one finding, not thousands). */
const MAX_RESTARTS = 25;

export interface FuzzRunOptions {
  readonly seed: number;
  /** Seconds of fuzzing for the target, not counting setup. */
  readonly seconds: number;
  /** Where crashing and hanging inputs are written. */
  readonly outDir: string;
  readonly hangMs?: number;
  /** The worker entry (default dist/fuzz-worker.js beside the bundled CLI). */
  readonly workerUrl?: URL;
  /** Largest input of the target, for the shared buffer. */
  readonly maxInputBytes: number;
  /** Stop after this many inputs (tests). */
  readonly maxInputs?: number;
}

export interface CrashRecord {
  readonly signature: string;
  readonly errorClass: string;
  readonly message: string;
  /** Inputs that met it (at least: repeats past the first hundred are batched, and a hung worker's last batch is lost). */
  count: number;
  /** Index of the first input that met it (with the seed, it regenerates the input). */
  readonly index: number;
  readonly file: string;
}

export interface HangRecord {
  readonly index: number;
  readonly file: string;
}

export interface TargetReport {
  readonly target: string;
  inputs: number;
  inputsPerSecond: number;
  /** Distinct crashes (by error class and top stack frame). */
  crashes: number;
  hangs: number;
  /** Heap after GC at the end minus after the warm-up, in the last worker. */
  heapGrowthMB: number;
  heapStartMB: number;
  heapEndMB: number;
  fuzzSeconds: number;
  seeds: number;
  seedSources: readonly string[];
  stateful: boolean;
  restarts: number;
  crashList: CrashRecord[];
  hangList: HangRecord[];
  /** Why the target could not run at all (corpus or setup failed). */
  setupError?: string;
}

export function defaultWorkerUrl(): URL {
  return new URL('./fuzz-worker.js', import.meta.url);
}

/** Writes a finding's input as TARGET-HASH.bin, with a .json beside it naming what happened. */
function saveInput(outDir: string, target: string, input: Uint8Array, details: Record<string, unknown>): string {
  mkdirSync(outDir, { recursive: true });
  const hash = createHash('sha256').update(input).digest('hex').slice(0, 16);
  const file = join(outDir, `${target}-${hash}.bin`);
  writeFileSync(file, input);
  writeFileSync(join(outDir, `${target}-${hash}.json`), `${JSON.stringify({ target, ...details }, null, 2)}\n`);
  return file;
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

type WorkerEnd =
  | { kind: 'done'; inputs: number; fuzzMs: number }
  | { kind: 'hang'; index: number; input: Uint8Array; inputs: number; fuzzMs: number }
  | { kind: 'died'; index: number; input: Uint8Array; error: unknown; inputs: number; fuzzMs: number; duringSetup: boolean };

/** Fuzzes one target for options.seconds and reports what it found. */
export async function runFuzzTarget(target: string, options: FuzzRunOptions): Promise<TargetReport> {
  const hangMs = options.hangMs ?? DEFAULT_HANG_MS;
  const report: TargetReport = {
    target, inputs: 0, inputsPerSecond: 0, crashes: 0, hangs: 0, heapGrowthMB: 0, heapStartMB: 0, heapEndMB: 0, fuzzSeconds: 0,
    seeds: 0, seedSources: [], stateful: false, restarts: 0, crashList: [], hangList: [],
  };
  const bySignature = new Map<string, CrashRecord>();
  const recordCrash = (signature: string, errorClass: string, message: string, index: number, input: Uint8Array, stack: string, count = 1) => {
    const known = bySignature.get(signature);
    if (known !== undefined) {
      known.count += count;
      return;
    }
    const file = saveInput(options.outDir, target, input, { kind: 'crash', seed: options.seed, index, signature, errorClass, message, stack, stateful: report.stateful });
    const record: CrashRecord = { signature, errorClass, message, count, index, file };
    bySignature.set(signature, record);
    report.crashList.push(record);
  };

  let nextIndex = 0;
  let fuzzMsLeft = options.seconds * 1000;
  let inputsLeft = options.maxInputs;
  let fuzzMsTotal = 0;
  for (;;) {
    const shared = createSharedState(options.maxInputBytes);
    const end = await runWorker(target, options, shared, nextIndex, fuzzMsLeft, inputsLeft, hangMs, (message) => {
      if (message.type === 'ready') {
        report.seeds = message.seeds;
        report.seedSources = message.sources;
        report.stateful = message.stateful;
      } else if (message.type === 'crash') {
        recordCrash(message.signature, message.errorClass, message.message, message.index, message.input, message.stack);
      } else if (message.type === 'repeats') {
        for (const [signature, count] of Object.entries(message.counts)) {
          const record = bySignature.get(signature);
          if (record !== undefined) record.count += count;
        }
      } else if (message.type === 'done') {
        report.heapStartMB = round(message.heapStartMB);
        report.heapEndMB = round(message.heapEndMB);
        report.heapGrowthMB = round(message.heapEndMB - message.heapStartMB);
      }
    });
    report.inputs += end.inputs;
    fuzzMsTotal += end.fuzzMs;
    fuzzMsLeft -= end.fuzzMs;
    if (inputsLeft !== undefined) inputsLeft -= end.inputs;
    if (end.kind === 'done') break;
    if (end.kind === 'died' && end.duringSetup) {
      report.setupError = end.error instanceof Error ? end.error.message : String(end.error);
      break;
    }
    if (end.kind === 'hang') {
      report.hangList.push({ index: end.index, file: saveInput(options.outDir, target, end.input, { kind: 'hang', seed: options.seed, index: end.index, hangMs, stateful: report.stateful }) });
    } else {
      const error = end.error;
      const name = error instanceof Error ? error.constructor.name : 'worker exit';
      recordCrash(`${name} (worker died)`, name, error instanceof Error ? error.message : String(error), end.index, end.input, error instanceof Error ? error.stack ?? '' : '');
    }
    // The input that hung or killed the worker counts as run; the next worker starts after it.
    report.inputs++;
    if (inputsLeft !== undefined) inputsLeft--;
    nextIndex = end.index + 1;
    report.restarts++;
    if (fuzzMsLeft <= 0 || (inputsLeft !== undefined && inputsLeft <= 0) || report.restarts > MAX_RESTARTS) break;
  }
  report.crashes = report.crashList.length;
  report.hangs = report.hangList.length;
  report.fuzzSeconds = round(fuzzMsTotal / 1000);
  report.inputsPerSecond = fuzzMsTotal > 0 ? Math.round(report.inputs / (fuzzMsTotal / 1000)) : 0;
  return report;
}

function runWorker(
  target: string, options: FuzzRunOptions, shared: SharedArrayBuffer, firstIndex: number, fuzzMs: number,
  maxInputs: number | undefined, hangMs: number, onMessage: (message: FuzzWorkerMessage) => void,
): Promise<WorkerEnd> {
  const data: FuzzWorkerData = { target, seed: options.seed, firstIndex, fuzzMs, shared, ...(maxInputs !== undefined ? { maxInputs } : {}) };
  const worker = new Worker(options.workerUrl ?? defaultWorkerUrl(), { workerData: data });
  const slots = new Int32Array(shared, 0, 4);
  const inputBytes = new Uint8Array(shared, SHARED_HEADER_BYTES);
  const currentInput = () => inputBytes.slice(0, Atomics.load(slots, SLOT_LENGTH));
  return new Promise<WorkerEnd>((resolve) => {
    const spawnedAt = performance.now();
    let readyAt = Number.NaN;
    let lastProgress = -1;
    let lastProgressAt = performance.now();
    let settled = false;
    const fuzzedMs = () => (Number.isNaN(readyAt) ? 0 : performance.now() - readyAt);
    const finish = (end: WorkerEnd) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      void worker.terminate();
      resolve(end);
    };
    const watchdog = setInterval(() => {
      const now = performance.now();
      if (Atomics.load(slots, SLOT_STATE) !== STATE_FUZZING) {
        if (Number.isNaN(readyAt) && now - spawnedAt > SETUP_LIMIT_MS) {
          finish({ kind: 'died', index: firstIndex, input: new Uint8Array(0), error: new Error(`setup took over ${SETUP_LIMIT_MS} ms`), inputs: 0, fuzzMs: 0, duringSetup: true });
        }
        return;
      }
      const progress = Atomics.load(slots, SLOT_PROGRESS);
      if (progress !== lastProgress) {
        lastProgress = progress;
        lastProgressAt = now;
      } else if (now - lastProgressAt > hangMs) {
        finish({ kind: 'hang', index: Atomics.load(slots, SLOT_INDEX), input: currentInput(), inputs: progress, fuzzMs: fuzzedMs() });
      }
    }, WATCH_INTERVAL_MS);
    worker.on('message', (message: FuzzWorkerMessage) => {
      if (message.type === 'ready') {
        readyAt = performance.now();
        lastProgressAt = readyAt;
      }
      onMessage(message);
      if (message.type === 'done') finish({ kind: 'done', inputs: message.inputs, fuzzMs: message.fuzzMs });
    });
    worker.on('error', (error) => {
      const duringSetup = Number.isNaN(readyAt);
      finish({ kind: 'died', index: Atomics.load(slots, SLOT_INDEX), input: currentInput(), error, inputs: Atomics.load(slots, SLOT_PROGRESS), fuzzMs: fuzzedMs(), duringSetup });
    });
    worker.on('exit', (code) => {
      const duringSetup = Number.isNaN(readyAt);
      finish({ kind: 'died', index: Atomics.load(slots, SLOT_INDEX), input: currentInput(), error: new Error(`worker exited with code ${code}`), inputs: Atomics.load(slots, SLOT_PROGRESS), fuzzMs: fuzzedMs(), duringSetup });
    });
  });
}
