/** Smoke test: the translucency suite runs end to end and reports in the documented shape. Speeds are never asserted. */
import { describe, expect, it } from 'vitest';
import { runTranslucencySuite } from './translucency-suite.ts';

describe('translucency suite', () => {
  it('pairs each face count with the typed-array sort of the same keys, after checking both give one order', async () => {
    const lines: string[] = [];
    const report = await runTranslucencySuite({
      sampleMs: 5, samples: 3, warmupMs: 5, faceCounts: [100, 3000], allocationIterations: 2000, log: (l) => lines.push(l),
    });
    expect(report.suite).toBe('translucency');
    expect(report.cases.map((c) => c.name)).toEqual(['radix sort: 100 faces', 'radix sort: 3,000 faces']);
    for (const c of report.cases) {
      expect(Object.keys(c).slice(0, 6)).toEqual(['name', 'unit', 'median', 'baseline', 'baselineMedian', 'ratio']);
      expect(c.baseline).toMatch(/^Float64Array\.prototype\.sort: /);
      expect(c.median).toBeGreaterThan(0);
      expect(c.ratio).toBeCloseTo(c.median / c.baselineMedian);
    }
    expect(report.cases[0]!.allocations?.iterations).toBe(2000);
    expect(lines.some((l) => /ms a frame/.test(l))).toBe(true);
  }, 60_000);

  it('refuses face counts the packed baseline cannot hold', async () => {
    await expect(runTranslucencySuite({ faceCounts: [2 ** 20 + 1] })).rejects.toThrow(/face count 1048577/);
  });
});
