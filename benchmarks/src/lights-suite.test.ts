/** Smoke test: the lights suite runs end to end and reports in the documented shape. Speeds are never asserted. */
import { describe, expect, it } from 'vitest';
import { runLightsSuite } from './lights-suite.ts';

describe('lights suite', () => {
  it('pairs every light count with the plain loop over the same lights and checks allocations', async () => {
    const lines: string[] = [];
    const report = await runLightsSuite({
      sampleMs: 5, samples: 3, warmupMs: 5, lightCounts: [100, 400], allocationIterations: 2000, log: (l) => lines.push(l),
    });
    expect(report.suite).toBe('lights');
    expect(report.cases.map((c) => c.name)).toEqual(['cluster assignment: 100 lights, 16×9×24', 'cluster assignment: 400 lights, 16×9×24']);
    for (const c of report.cases) {
      expect(Object.keys(c).slice(0, 6)).toEqual(['name', 'unit', 'median', 'baseline', 'baselineMedian', 'ratio']);
      expect(c.baseline).toMatch(/^plain loop: /);
      expect(c.median).toBeGreaterThan(0);
      expect(c.ratio).toBeCloseTo(c.median / c.baselineMedian);
    }
    expect(report.cases[1]!.allocations?.iterations).toBe(2000);
    // The scene puts lights in view and into clusters.
    const inView = /400 lights, 16×9×24: (\d+) in view, (\d+) assignments/.exec(lines.join('\n'))!;
    expect(Number(inView[1])).toBeGreaterThan(0);
    expect(Number(inView[2])).toBeGreaterThan(Number(inView[1]));
  }, 60_000);
});
