/** The frame suite's arithmetic; the browser run itself is exercised by apps/viewer's end-to-end test (recordFrames). */
import { describe, expect, it } from 'vitest';
import { frameRows, windowRates } from './frame-suite.ts';

describe('frame suite rows', () => {
  it('turns per-frame milliseconds into per-window rates', () => {
    const r = windowRates([1, 1, 2, 2, 4, 4, 9], 2);
    // Windows of two; the odd frame at the end is left out.
    expect(r.samples).toEqual([1000, 500, 250]);
    expect(r).toMatchObject({ median: 500, min: 250, max: 1000 });
  });

  it('gives systems below the timer resolution a finite rate', () => {
    const r = windowRates([0, 0, 0, 0], 2);
    expect(r.samples.every(Number.isFinite)).toBe(true);
    expect(r.median).toBe(1e6);
  });

  it('refuses an empty recording', () => {
    expect(() => windowRates([], 4)).toThrow('no frames recorded');
  });

  it('makes one row per system plus frame interval and runFrame, against the empty frame', () => {
    const baseline = { intervalMs: [16, 16, 17, 17], cpuMs: [0.01, 0.01, 0.01, 0.01], systems: [] };
    const recording = {
      intervalMs: [50, 50, 50, 50],
      cpuMs: [10, 10, 10, 10],
      systems: [{ name: 'render.draw', phase: 'render', ms: [8, 8, 8, 8] }, { name: 'world.stats', phase: 'simulation', ms: [0.005, 0.005, 0.005, 0.005] }],
    };
    const rows = frameRows('Balanced', recording, baseline, 2);
    expect(rows.map((r) => r.name)).toEqual(['Balanced frame interval', 'Balanced runFrame (all systems)', 'Balanced render.draw', 'Balanced world.stats']);
    expect(rows[0]).toMatchObject({ unit: 'frames/s', median: 20, baseline: 'empty rAF loop interval', samples: 2 });
    expect(rows[1]!.median).toBe(100);
    expect(rows[2]!.median).toBe(125);
    expect(rows[2]!.baseline).toBe('empty runFrame');
    expect(rows[2]!.baselineMedian).toBeCloseTo(1e5, 6);
    for (const row of rows) expect(row.ratio).toBeCloseTo(row.median / row.baselineMedian, 12);
  });
});
