import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BenchCase,
  calibrate,
  formatRate,
  formatRatio,
  formatTable,
  gcExposed,
  measureAllocations,
  median,
  pairResult,
  resolveRunOptions,
  runCase,
  runPair,
  suiteReport,
} from './harness.ts';

// A fake millisecond clock that advances only when a case "works", so every
// number below is exact and nothing depends on the speed of the machine.
function fakeTime() {
  let now = 0;
  const calls: string[] = [];
  return {
    clock: () => now,
    calls,
    elapsed: () => now,
    /** A case costing `costMs(callIndex)` per iteration. */
    bench(name: string, costMs: number | ((call: number) => number), extra: Partial<BenchCase> = {}): BenchCase {
      let call = 0;
      return {
        name,
        unit: 'op/s',
        ...extra,
        run(iterations: number): number {
          const cost = typeof costMs === 'number' ? costMs : costMs(call);
          call++;
          calls.push(name);
          now += iterations * cost;
          return iterations;
        },
      };
    },
  };
}

// Costs that are exact binary fractions keep the arithmetic exact.
const PER_OP = 2 ** -10;

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([9])).toBe(9);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('rejects an empty list', () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('resolveRunOptions', () => {
  it('defaults to 15 samples of 100 ms, quick mode to 5 of 20 ms', () => {
    expect(resolveRunOptions()).toMatchObject({ sampleMs: 100, samples: 15 });
    expect(resolveRunOptions({ quick: true })).toMatchObject({ sampleMs: 20, samples: 5 });
  });

  it('lets explicit values override the quick preset, warm-up following the sample length', () => {
    expect(resolveRunOptions({ quick: true, samples: 9, sampleMs: 2 })).toMatchObject({ sampleMs: 2, samples: 9, warmupMs: 6 });
  });

  it('rejects nonsense with the option named', () => {
    expect(() => resolveRunOptions({ sampleMs: 0 })).toThrow(/sampleMs/);
    expect(() => resolveRunOptions({ samples: 2.5 })).toThrow(/samples/);
    expect(() => resolveRunOptions({ warmupMs: -1 })).toThrow(/warmupMs/);
    expect(() => resolveRunOptions({ maxIterations: 0 })).toThrow(/maxIterations/);
  });
});

describe('calibrate', () => {
  it('picks the iteration count that fills one sample', () => {
    const t = fakeTime();
    const n = calibrate(t.bench('a', PER_OP), { sampleMs: 100, clock: t.clock });
    expect(n * PER_OP).toBeGreaterThanOrEqual(100);
    expect(n * PER_OP).toBeLessThan(100 + PER_OP * 2);
  });

  it('spends less than one sample calibrating, from very cheap to very costly operations', () => {
    for (const cost of [2 ** -24, 2 ** -16, PER_OP, 2 ** -4, 1, 8, 40]) {
      const t = fakeTime();
      calibrate(t.bench('a', cost), { sampleMs: 100, clock: t.clock });
      expect(t.elapsed(), `cost ${cost} ms/op`).toBeLessThan(100 + cost);
    }
  });

  it('settles on one iteration when one already exceeds a sample', () => {
    const t = fakeTime();
    expect(calibrate(t.bench('slow', 250), { sampleMs: 100, clock: t.clock })).toBe(1);
    expect(t.elapsed()).toBe(250);
  });

  it('stops at maxIterations when the case takes no measurable time', () => {
    const t = fakeTime();
    expect(calibrate(t.bench('free', 0), { sampleMs: 100, clock: t.clock, maxIterations: 5000 })).toBe(5000);
  });
});

describe('runCase', () => {
  it('reports ops/s per sample, their median, min and max', () => {
    const options = { sampleMs: 10, samples: 5, warmupMs: 0 };
    // How many batches calibration takes, learnt on an identical case; then comes one warm-up batch.
    const probe = fakeTime();
    const iterations = calibrate(probe.bench('probe', PER_OP), { ...options, clock: probe.clock });
    const firstSample = probe.calls.length + 1;
    const costs = [1, 2, 4, 2, 1].map((k) => k * PER_OP);
    const t = fakeTime();
    const c = t.bench('noisy', (call) => (call < firstSample ? PER_OP : costs[call - firstSample]!));
    const result = runCase(c, { ...options, clock: t.clock });
    expect(result.iterations).toBe(iterations);
    const expected = costs.map((cost) => 1000 / cost);
    expect(result.samples).toEqual(expected);
    expect(result.median).toBe(1000 / (2 * PER_OP));
    expect(result.min).toBe(1000 / (4 * PER_OP));
    expect(result.max).toBe(1000 / PER_OP);
    expect(result.mbPerSec).toBeUndefined();
  });

  it('derives MB/s from bytesPerOp', () => {
    const t = fakeTime();
    const result = runCase(t.bench('bytes', PER_OP, { bytesPerOp: 250 }), { sampleMs: 10, samples: 3, clock: t.clock });
    expect(result.median).toBe(1000 / PER_OP);
    expect(result.mbPerSec).toBe((result.median * 250) / 1e6);
  });

  it('fails clearly when a sample takes no measurable time', () => {
    const t = fakeTime();
    expect(() => runCase(t.bench('free', 0), { sampleMs: 10, samples: 3, clock: t.clock, maxIterations: 1000 })).toThrow(/"free".*no measurable time/);
  });

  it('works on the real clock with tiny samples', () => {
    const data = new Float64Array(256).fill(1);
    const result = runCase(
      {
        name: 'sum',
        unit: 'pass/s',
        bytesPerOp: data.byteLength,
        run(iterations) {
          let s = 0;
          for (let i = 0; i < iterations; i++) for (let j = 0; j < data.length; j++) s += data[j]!;
          return s;
        },
      },
      { sampleMs: 2, samples: 3, warmupMs: 2 },
    );
    expect(result.samples).toHaveLength(3);
    expect(result.iterations).toBeGreaterThanOrEqual(1);
    for (const s of result.samples) expect(Number.isFinite(s) && s > 0).toBe(true);
    expect(result.min).toBeLessThanOrEqual(result.median);
    expect(result.median).toBeLessThanOrEqual(result.max);
    expect(result.mbPerSec).toBeCloseTo((result.median * data.byteLength) / 1e6, 6);
  });
});

describe('runPair', () => {
  it('interleaves the samples: ours, baseline, ours, baseline, ...', () => {
    const t = fakeTime();
    const samples = 6;
    runPair(t.bench('ours', PER_OP), t.bench('base', 4 * PER_OP), { sampleMs: 10, samples, clock: t.clock });
    const sampling = t.calls.slice(-2 * samples);
    expect(sampling).toEqual(Array.from({ length: 2 * samples }, (_, i) => (i % 2 === 0 ? 'ours' : 'base')));
  });

  it('reports the ratio of medians against the named baseline', () => {
    const t = fakeTime();
    const row = runPair(t.bench('ours', PER_OP, { bytesPerOp: 100 }), t.bench('base', 4 * PER_OP, { bytesPerOp: 100 }), {
      sampleMs: 10,
      samples: 5,
      clock: t.clock,
    });
    expect(row).toMatchObject({ name: 'ours', unit: 'op/s', baseline: 'base', samples: 5 });
    expect(row.median).toBe(1000 / PER_OP);
    expect(row.baselineMedian).toBe(1000 / (4 * PER_OP));
    expect(row.ratio).toBe(4);
    expect(row.mbPerSec).toBe((row.median * 100) / 1e6);
    expect(row.baselineMbPerSec).toBe((row.baselineMedian * 100) / 1e6);
  });

  it('keeps the ratio when the machine slows down steadily during the run', () => {
    const t = fakeTime();
    let batches = 0;
    // Every batch of either case makes the machine 5% slower.
    const slowing = (base: number) => () => base * 1.05 ** batches++;
    const row = runPair(t.bench('ours', slowing(PER_OP)), t.bench('base', slowing(3 * PER_OP)), {
      sampleMs: 10,
      samples: 9,
      warmupMs: 0,
      clock: t.clock,
    });
    // Each baseline sample runs one step after its ours sample, so the ratio is off by one step only.
    expect(row.ratio).toBeCloseTo(3 * 1.05, 6);
  });

  it('puts the JSON contract fields first', () => {
    const t = fakeTime();
    const row = runPair(t.bench('ours', PER_OP), t.bench('base', PER_OP), { sampleMs: 5, samples: 3, clock: t.clock });
    expect(Object.keys(row).slice(0, 6)).toEqual(['name', 'unit', 'median', 'baseline', 'baselineMedian', 'ratio']);
  });
});

describe('suiteReport and formatTable', () => {
  const ours = { name: 'decode ObjectUpdate', unit: 'msg/s', iterations: 1, samples: [2e6, 3e6, 2.5e6], median: 2.5e6, min: 2e6, max: 3e6, mbPerSec: 560 };
  const base = { name: 'node-metaverse', unit: 'msg/s', iterations: 1, samples: [5e5], median: 5e5, min: 4e5, max: 6e5 };
  const allocations = {
    iterations: 1_000_000,
    gcExposed: true,
    heapUsedBefore: 1000,
    heapUsedAfter: 1000,
    heapGrowthBytes: 0,
    heapGrowthPerOp: 0,
    gcEvents: 0,
    scavenges: 0,
    majorGcs: 0,
    gcPauseMs: 0,
    durationMs: 120,
  };

  it('builds the documented JSON shape, contract fields first and allocations last', () => {
    const row = pairResult(ours, base);
    const report = suiteReport('protocol', [{ ...row, allocations }, row]);
    expect(report.suite).toBe('protocol');
    expect(report.cases).toHaveLength(2);
    const keys = Object.keys(report.cases[0]!);
    expect(keys.slice(0, 7)).toEqual(['name', 'unit', 'median', 'baseline', 'baselineMedian', 'ratio', 'mbPerSec']);
    expect(keys.at(-1)).toBe('allocations');
    expect(report.cases[0]).toMatchObject({ median: 2.5e6, baseline: 'node-metaverse', baselineMedian: 5e5, ratio: 5, allocations });
    expect('allocations' in report.cases[1]!).toBe(false);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('prints medians, spreads, the ratio, MB/s and the allocation check', () => {
    const text = formatTable([{ ...pairResult(ours, base), allocations }], 'protocol');
    const lines = text.split('\n');
    expect(lines[0]).toBe('protocol');
    expect(lines[1]).toMatch(/^case\s+median\s+±\s+baseline\s+baseline median\s+±\s+ratio\s+MB\/s\s+allocations$/);
    expect(lines[3]).toContain('decode ObjectUpdate');
    expect(lines[3]).toContain('2.50M msg/s');
    expect(lines[3]).toContain('±20%');
    expect(lines[3]).toContain('500k msg/s');
    expect(lines[3]).toContain('5.00x');
    expect(lines[3]).toContain('560.0');
    expect(lines[3]).toContain('0 scav/1.00M ops, 0.0 B/op');
  });

  it('leaves out the MB/s and allocation columns when no row has them', () => {
    const { mbPerSec: _, ...plain } = ours;
    const text = formatTable([pairResult(plain, base)]);
    expect(text).not.toContain('MB/s');
    expect(text).not.toContain('allocations');
    expect(text.split('\n')).toHaveLength(3);
  });

  it('formats ratios to about three significant digits', () => {
    expect(formatRatio(4)).toBe('4.00');
    expect(formatRatio(12.345)).toBe('12.3');
    expect(formatRatio(4050.5)).toBe('4051');
    expect(formatRatio(0.0031234)).toBe('0.0031');
  });

  it('formats rates with SI suffixes', () => {
    expect(formatRate(999)).toBe('999');
    expect(formatRate(0.0041)).toBe('0.0041');
    expect(formatRate(0.25)).toBe('0.25');
    expect(formatRate(1234)).toBe('1.23k');
    expect(formatRate(45_600_000)).toBe('45.6M');
    expect(formatRate(3.2e9)).toBe('3.20G');
  });
});

describe('measureAllocations', () => {
  const installedGc = (globalThis as { gc?: unknown }).gc;
  afterEach(() => {
    (globalThis as { gc?: unknown }).gc = installedGc;
  });

  it('rejects a non-integer iteration count', async () => {
    await expect(measureAllocations(() => 0, 0)).rejects.toThrow(/iterations/);
  });

  it('sees scavenges when every call allocates, and fewer when none does', async () => {
    const ring: object[] = new Array(1024);
    let i = 0;
    const allocating = await measureAllocations(() => (ring[i++ & 1023] = { a: i, b: [i] }), 1_000_000);
    const counter = new Int32Array(1);
    const quiet = await measureAllocations(() => ++counter[0]! & 0xff, 1_000_000);
    // ~80 MB of short-lived objects cannot fit in the young generation.
    expect(allocating.scavenges).toBeGreaterThan(0);
    expect(allocating.gcEvents).toBeGreaterThanOrEqual(allocating.scavenges);
    // Zero in steady state; one allowed for a young generation already nearly full at the start.
    expect(quiet.scavenges).toBeLessThanOrEqual(1);
    expect(quiet.scavenges).toBeLessThan(allocating.scavenges);
    expect(quiet.iterations).toBe(1_000_000);
    expect(quiet.gcExposed).toBe(gcExposed());
  });

  it('reports heap growth of retained objects when gc is exposed', async () => {
    // The same gc() that node --expose-gc installs, obtained at run time for this test.
    setFlagsFromString('--expose-gc');
    (globalThis as { gc?: unknown }).gc = runInNewContext('gc');
    expect(gcExposed()).toBe(true);
    const kept: number[][] = [];
    const report = await measureAllocations(() => kept.push([kept.length, 1, 2, 3]), 100_000, { warmup: 0 });
    expect(report.gcExposed).toBe(true);
    // Each retained 4-element array costs well over 16 bytes.
    expect(report.heapGrowthBytes).toBeGreaterThan(100_000 * 16);
    expect(report.heapGrowthPerOp).toBe(report.heapGrowthBytes / 100_000);
    expect(kept).toHaveLength(100_000);
  });
});
