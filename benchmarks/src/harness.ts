/**
 * Benchmark harness. Machines are shared and noisy, so nothing here trusts a
 * single timing: every case is calibrated to a fixed sample length, warmed up,
 * sampled many times and summarised by its median, and every reported number
 * is paired with a baseline measured in the same run, samples interleaved, so
 * that drift on the machine hits both sides alike.
 */
import { PerformanceObserver, constants as perfConstants, performance } from 'node:perf_hooks';
import type { PerformanceEntry } from 'node:perf_hooks';

/** One thing to measure. `run` does `iterations` operations and returns a checksum so the work cannot be optimised away. */
export interface BenchCase {
  readonly name: string;
  /** Label of one operation per second, e.g. 'msg/s'. */
  readonly unit: string;
  /** Bytes consumed by one operation, when meaningful: enables MB/s. */
  readonly bytesPerOp?: number;
  run(iterations: number): number;
}

export interface RunOptions {
  /** Target wall time of one sample, in milliseconds (default 100; 20 in quick mode). */
  readonly sampleMs?: number;
  /** Samples per case (default 15; 5 in quick mode). */
  readonly samples?: number;
  /** Warm-up time per case before sampling, in milliseconds (default 3 samples' worth). */
  readonly warmupMs?: number;
  /** CI smoke-test preset: short samples, fewer of them. Explicit fields above still win. */
  readonly quick?: boolean;
  /** Upper bound on iterations per sample, a guard against cases that take no measurable time. */
  readonly maxIterations?: number;
  /** Millisecond clock; tests inject a fake one. Defaults to `performance.now`. */
  readonly clock?: () => number;
}

export interface ResolvedRunOptions {
  readonly sampleMs: number;
  readonly samples: number;
  readonly warmupMs: number;
  readonly maxIterations: number;
  readonly clock: () => number;
}

export interface CaseResult {
  readonly name: string;
  readonly unit: string;
  /** Iterations per sample, as calibrated. */
  readonly iterations: number;
  /** Operations per second of every sample, in the order taken. */
  readonly samples: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Median throughput in MB/s (10^6 bytes), when the case declares `bytesPerOp`. */
  readonly mbPerSec?: number;
}

/** One row of a suite: our case against its same-run baseline. The first six fields are the stable JSON contract. */
export interface PairResult {
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly baseline: string;
  readonly baselineMedian: number;
  /** median / baselineMedian: above 1 means ours is faster. */
  readonly ratio: number;
  readonly mbPerSec?: number;
  readonly baselineMbPerSec?: number;
  readonly min: number;
  readonly max: number;
  readonly baselineMin: number;
  readonly baselineMax: number;
  readonly samples: number;
}

export interface AllocationReport {
  readonly iterations: number;
  /** Whether `global.gc` was available (node --expose-gc); without it heap readings include uncollected garbage. */
  readonly gcExposed: boolean;
  readonly heapUsedBefore: number;
  readonly heapUsedAfter: number;
  readonly heapGrowthBytes: number;
  readonly heapGrowthPerOp: number;
  /** GC events of every kind that started during the measured loop. */
  readonly gcEvents: number;
  /** Young-generation collections (scavenges) during the loop: 0 over ~1M operations means no per-operation allocation. */
  readonly scavenges: number;
  readonly majorGcs: number;
  /** Total GC pause time during the loop, in milliseconds. */
  readonly gcPauseMs: number;
  readonly durationMs: number;
}

/** A suite row with its optional allocation check. */
export type SuiteCaseResult = PairResult & { readonly allocations?: AllocationReport };

/** The machine-readable output of `slv bench <suite> --json`. */
export interface SuiteReport {
  readonly suite: string;
  readonly cases: readonly SuiteCaseResult[];
}

export const DEFAULT_RUN_OPTIONS = { sampleMs: 100, samples: 15, warmupMs: 300 } as const;
export const QUICK_RUN_OPTIONS = { sampleMs: 20, samples: 5, warmupMs: 40 } as const;
const DEFAULT_MAX_ITERATIONS = 2 ** 30;

export function resolveRunOptions(options: RunOptions = {}): ResolvedRunOptions {
  const preset = options.quick === true ? QUICK_RUN_OPTIONS : DEFAULT_RUN_OPTIONS;
  const sampleMs = options.sampleMs ?? preset.sampleMs;
  const samples = options.samples ?? preset.samples;
  const warmupMs = options.warmupMs ?? (options.sampleMs !== undefined ? sampleMs * 3 : preset.warmupMs);
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!(Number.isFinite(sampleMs) && sampleMs > 0)) throw new RangeError(`bench: sampleMs must be a positive number of milliseconds, got ${sampleMs}`);
  if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError(`bench: samples must be an integer >= 1, got ${samples}`);
  if (!(Number.isFinite(warmupMs) && warmupMs >= 0)) throw new RangeError(`bench: warmupMs must be a number >= 0, got ${warmupMs}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) throw new RangeError(`bench: maxIterations must be an integer >= 1, got ${maxIterations}`);
  return { sampleMs, samples, warmupMs, maxIterations, clock: options.clock ?? (() => performance.now()) };
}

/** The median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// Checksums land here so no engine can prove the benchmarked work unused.
const sink = new Float64Array(1);

function timeBatch(c: BenchCase, iterations: number, clock: () => number): number {
  const start = clock();
  const checksum = c.run(iterations);
  const elapsed = clock() - start;
  sink[0] = sink[0]! + (Number.isFinite(checksum) ? checksum : 0);
  return elapsed;
}

function clampIterations(n: number, max: number): number {
  return Math.min(max, Math.max(1, Math.ceil(n)));
}

/**
 * Iterations that make one batch last about `sampleMs`. Batches grow until one
 * takes a quarter of a sample. The earlier batches were each shorter than that
 * and grew at least twofold, so together they took under half a sample, and
 * the last one under half a sample too: calibration costs less than one sample
 * (or one iteration, when a single iteration already exceeds that).
 */
export function calibrate(c: BenchCase, options: RunOptions = {}): number {
  const o = resolveRunOptions(options);
  let n = 1;
  for (;;) {
    const elapsed = timeBatch(c, n, o.clock);
    if (elapsed >= o.sampleMs / 4) return clampIterations((n * o.sampleMs) / elapsed, o.maxIterations);
    if (n >= o.maxIterations) return o.maxIterations;
    // Tiny batches are mostly clock noise: jump by 10x until the batch is measurable.
    n = clampIterations(elapsed < o.sampleMs / 100 ? n * 10 : n * 2, o.maxIterations);
  }
}

interface Calibrated {
  readonly c: BenchCase;
  iterations: number;
  readonly samples: number[];
}

function start(c: BenchCase, o: ResolvedRunOptions): Calibrated {
  return { c, iterations: calibrate(c, o), samples: [] };
}

/** Warm-up batches, alternating between cases, then recalibrate from the last (warm) batch of each. */
function warmUp(cases: readonly Calibrated[], o: ResolvedRunOptions): void {
  const last = cases.map(() => 0);
  const began = o.clock();
  for (;;) {
    let round = 0;
    for (let i = 0; i < cases.length; i++) round += last[i] = timeBatch(cases[i]!.c, cases[i]!.iterations, o.clock);
    // A round that takes no measurable time would never end the warm-up; sampling reports it.
    if (!(round > 0) || o.clock() - began >= o.warmupMs) break;
  }
  for (let i = 0; i < cases.length; i++) {
    const k = cases[i]!;
    if (last[i]! > 0) k.iterations = clampIterations((k.iterations * o.sampleMs) / last[i]!, o.maxIterations);
  }
}

function takeSample(k: Calibrated, o: ResolvedRunOptions): void {
  // Start every sample from a collected heap, so garbage one side leaves behind
  // (a peer library allocating per message) is not collected during the other
  // side's sample. Each side still pays the scavenges of its own sample; the
  // collection here is charged to neither, which if anything favours the peer.
  collectGarbage();
  const elapsed = timeBatch(k.c, k.iterations, o.clock);
  if (!(elapsed > 0)) {
    throw new Error(`bench "${k.c.name}": ${k.iterations} iterations took no measurable time; raise maxIterations or give the case more work`);
  }
  k.samples.push((k.iterations * 1000) / elapsed);
}

function summarise(k: Calibrated): CaseResult {
  const m = median(k.samples);
  const base = {
    name: k.c.name,
    unit: k.c.unit,
    iterations: k.iterations,
    samples: k.samples,
    median: m,
    min: Math.min(...k.samples),
    max: Math.max(...k.samples),
  };
  return k.c.bytesPerOp === undefined ? base : { ...base, mbPerSec: (m * k.c.bytesPerOp) / 1e6 };
}

/** Measures one case on its own: calibrate, warm up, sample. */
export function runCase(c: BenchCase, options: RunOptions = {}): CaseResult {
  const o = resolveRunOptions(options);
  const k = start(c, o);
  warmUp([k], o);
  for (let s = 0; s < o.samples; s++) takeSample(k, o);
  return summarise(k);
}

/** Measures a case against its baseline, samples interleaved (ours, baseline, ours, baseline, ...). */
export function runPair(ours: BenchCase, baseline: BenchCase, options: RunOptions = {}): PairResult {
  const o = resolveRunOptions(options);
  const a = start(ours, o);
  const b = start(baseline, o);
  warmUp([a, b], o);
  for (let s = 0; s < o.samples; s++) {
    takeSample(a, o);
    takeSample(b, o);
  }
  return pairResult(summarise(a), summarise(b));
}

/** A side measured in passes of its own (an async or batch run the calibrated runner cannot drive): one rate per pass, in `unit`. */
export function passesResult(name: string, unit: string, rates: readonly number[]): CaseResult {
  return { name, unit, iterations: 1, samples: rates, median: median(rates), min: Math.min(...rates), max: Math.max(...rates) };
}

/** Combines two measured cases into a suite row. */
export function pairResult(ours: CaseResult, baseline: CaseResult): PairResult {
  return {
    name: ours.name,
    unit: ours.unit,
    median: ours.median,
    baseline: baseline.name,
    baselineMedian: baseline.median,
    ratio: ours.median / baseline.median,
    ...(ours.mbPerSec === undefined ? {} : { mbPerSec: ours.mbPerSec }),
    ...(baseline.mbPerSec === undefined ? {} : { baselineMbPerSec: baseline.mbPerSec }),
    min: ours.min,
    max: ours.max,
    baselineMin: baseline.min,
    baselineMax: baseline.max,
    samples: ours.samples.length,
  };
}

/** True when node runs with --expose-gc. */
export function gcExposed(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

/** A full collection now, where node runs with --expose-gc (else nothing). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

// GC entries reach observers from a timer after the collection, never synchronously.
async function flushGcEntries(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

// Results escape here so an inlined, side-effect-free `fn` cannot have its allocations optimised away.
let retained: unknown;

export interface AllocationOptions {
  /** Calls made before measuring, so lazy initialisation and JIT tiers settle (default min(iterations, 10 000)). */
  readonly warmup?: number;
}

/**
 * Calls `fn` `iterations` times and reports heap growth and the GC events that
 * happened meanwhile. Scavenges are the telling number: the young generation
 * is several MB, so a loop of 1M operations that triggers none allocates less
 * than a few bytes per operation on average, i.e. nothing per operation in
 * steady state. Heap growth is only meaningful with --expose-gc (see
 * `gcExposed`), since otherwise uncollected garbage is counted too.
 * `fn` should return an object, a small integer or nothing: a fractional
 * number result may be boxed on every call, which is itself an allocation.
 */
export async function measureAllocations(fn: () => unknown, iterations: number, options: AllocationOptions = {}): Promise<AllocationReport> {
  if (!(Number.isInteger(iterations) && iterations >= 1)) throw new RangeError(`measureAllocations: iterations must be an integer >= 1, got ${iterations}`);
  const warmup = options.warmup ?? Math.min(iterations, 10_000);
  if (!(Number.isInteger(warmup) && warmup >= 0)) throw new RangeError(`measureAllocations: warmup must be an integer >= 0, got ${warmup}`);

  for (let i = 0; i < warmup; i++) retained = fn();

  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) entries.push(e);
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    // Settle any pending collection so it is neither counted nor inflating the baseline reading.
    collectGarbage();
    await flushGcEntries();
    const heapUsedBefore = process.memoryUsage().heapUsed;
    const began = performance.now();
    for (let i = 0; i < iterations; i++) retained = fn();
    const ended = performance.now();
    collectGarbage();
    const heapUsedAfter = process.memoryUsage().heapUsed;
    retained = undefined;
    await flushGcEntries();

    let gcEvents = 0;
    let scavenges = 0;
    let majorGcs = 0;
    let gcPauseMs = 0;
    for (const e of entries) {
      // Only collections that began inside the loop: the forced ones around it are ours.
      if (e.startTime < began || e.startTime > ended) continue;
      const kind = (e as PerformanceEntry & { readonly detail?: { readonly kind?: number } }).detail?.kind ?? 0;
      gcEvents++;
      gcPauseMs += e.duration;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
      else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) majorGcs++;
    }
    const heapGrowthBytes = heapUsedAfter - heapUsedBefore;
    return {
      iterations,
      gcExposed: gcExposed(),
      heapUsedBefore,
      heapUsedAfter,
      heapGrowthBytes,
      heapGrowthPerOp: heapGrowthBytes / iterations,
      gcEvents,
      scavenges,
      majorGcs,
      gcPauseMs,
      durationMs: ended - began,
    };
  } finally {
    observer.disconnect();
  }
}

/** The `--json` document, fields in the documented order whatever order the rows were built in. */
export function suiteReport(suite: string, cases: readonly SuiteCaseResult[]): SuiteReport {
  return {
    suite,
    cases: cases.map((c) => {
      const { name, unit, median: m, baseline, baselineMedian, ratio, mbPerSec, baselineMbPerSec, allocations, ...rest } = c;
      return {
        name,
        unit,
        median: m,
        baseline,
        baselineMedian,
        ratio,
        ...(mbPerSec === undefined ? {} : { mbPerSec }),
        ...(baselineMbPerSec === undefined ? {} : { baselineMbPerSec }),
        ...rest,
        ...(allocations === undefined ? {} : { allocations }),
      };
    }),
  };
}

/** A rate with an SI suffix: 1234567 -> '1.23M'. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  // Small values are times (the frame suite's ms), not rates: two significant digits, not "0.00".
  if (abs > 0 && abs < 0.1) return value.toPrecision(2);
  const [scale, suffix] = abs >= 1e9 ? [1e9, 'G'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'k'] : [1, ''];
  const scaled = value / scale;
  return `${scaled.toFixed(Math.abs(scaled) >= 100 ? 0 : Math.abs(scaled) >= 10 ? 1 : 2)}${suffix}`;
}

/** A ratio with about three significant digits: 4.00, 12.3, 405, 0.0031. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  const abs = Math.abs(ratio);
  if (abs >= 100) return ratio.toFixed(0);
  if (abs >= 10) return ratio.toFixed(1);
  if (abs >= 0.01 || abs === 0) return ratio.toFixed(2);
  return ratio.toPrecision(2);
}

// Spread of the samples around the median, as the larger of the two deviations.
function spread(medianValue: number, min: number, max: number): string {
  if (!(medianValue > 0)) return '-';
  return `±${((Math.max(max - medianValue, medianValue - min) / medianValue) * 100).toFixed(0)}%`;
}

function allocationCell(a: AllocationReport | undefined): string {
  if (a === undefined) return '';
  return `${a.scavenges} scav/${formatRate(a.iterations)} ops, ${a.heapGrowthPerOp.toFixed(1)} B/op${a.gcExposed ? '' : ' (no --expose-gc)'}`;
}

interface Column {
  readonly title: string;
  readonly right: boolean;
  readonly cells: readonly string[];
  readonly optional?: boolean;
}

/** A plain-text table for humans: medians, ratio to the same-run baseline, spread, MB/s, allocation check. */
export function formatTable(results: readonly SuiteCaseResult[], title?: string): string {
  const columns: Column[] = [
    { title: 'case', right: false, cells: results.map((r) => r.name) },
    { title: 'median', right: true, cells: results.map((r) => `${formatRate(r.median)} ${r.unit}`) },
    { title: '±', right: true, cells: results.map((r) => spread(r.median, r.min, r.max)) },
    { title: 'baseline', right: false, cells: results.map((r) => r.baseline) },
    { title: 'baseline median', right: true, cells: results.map((r) => `${formatRate(r.baselineMedian)} ${r.unit}`) },
    { title: '±', right: true, cells: results.map((r) => spread(r.baselineMedian, r.baselineMin, r.baselineMax)) },
    { title: 'ratio', right: true, cells: results.map((r) => `${formatRatio(r.ratio)}x`) },
    { title: 'MB/s', right: true, optional: true, cells: results.map((r) => (r.mbPerSec === undefined ? '' : r.mbPerSec.toFixed(1))) },
    { title: 'allocations', right: false, optional: true, cells: results.map((r) => allocationCell(r.allocations)) },
  ];
  const shown = columns.filter((c) => c.optional !== true || c.cells.some((cell) => cell !== ''));
  const widths = shown.map((c) => Math.max(c.title.length, ...c.cells.map((cell) => cell.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (shown[i]!.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [
    line(shown.map((c) => c.title)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...results.map((_, row) => line(shown.map((c) => c.cells[row]!))),
  ];
  return (title === undefined ? '' : `${title}\n`) + lines.join('\n');
}
