/** Smoke test: the cull suite runs end to end and reports in the documented shape. Speeds are never asserted. */
import { describe, expect, it } from 'vitest';
import { runCullSuite } from './cull-suite.ts';

describe('cull suite', () => {
  it('pairs every case with the plain loop over the same spheres and checks allocations', async () => {
    const lines: string[] = [];
    const report = await runCullSuite({
      sampleMs: 5, samples: 3, warmupMs: 5, frustumCounts: [1000, 5000], hzbSpheres: 2000, hzbSize: 128,
      allocationIterations: 10_000, log: (l) => lines.push(l),
    });
    expect(report.suite).toBe('cull');
    expect(report.cases.map((c) => c.name)).toEqual([
      'frustum cull: 1,000 spheres (SIMD kernel)', 'frustum cull: 1,000 spheres (scalar fallback)',
      'frustum cull: 5,000 spheres (SIMD kernel)', 'frustum cull: 5,000 spheres (scalar fallback)',
      'HZB test: 2,000 spheres, 128×128 pyramid',
    ]);
    for (const c of report.cases) {
      expect(Object.keys(c).slice(0, 6)).toEqual(['name', 'unit', 'median', 'baseline', 'baselineMedian', 'ratio']);
      expect(c.baseline).toMatch(/^plain loop: /);
      expect(c.median).toBeGreaterThan(0);
      expect(c.ratio).toBeCloseTo(c.median / c.baselineMedian);
    }
    expect(report.cases[0]!.allocations?.iterations).toBe(10_000);
    // The scene is not trivial: the pyramid hides some spheres and not all.
    const occluded = Number(/\((\d+) occluded\)/.exec(lines.join('\n'))![1]);
    expect(occluded).toBeGreaterThan(0);
    expect(occluded).toBeLessThan(2000);
  }, 60_000);
});
