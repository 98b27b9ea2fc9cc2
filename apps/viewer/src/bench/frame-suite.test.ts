/** The frame suite's arithmetic; the browser run itself is exercised by apps/viewer's end-to-end test (recordFrames). */
import { describe, expect, it } from 'vitest';
import { formatTable } from '@slv/benchmarks';
import { frameRows, windowTimes } from './frame-suite.ts';


/** The renderer's per-frame counts, which these rows do not read. */
const NO_COUNTS = { drawCalls: [], triangles: [], primDraws: [], impostorBakeViews: [] };
describe('frame suite rows', () => {
  it('turns per-frame milliseconds into per-window mean times', () => {
    const r = windowTimes([1, 1, 2, 2, 4, 4, 9], 2);
    // Windows of two; the odd frame at the end is left out.
    expect(r.samples).toEqual([1, 2, 4]);
    expect(r).toMatchObject({ median: 2, min: 1, max: 4 });
  });

  it('refuses an empty recording', () => {
    expect(() => windowTimes([], 4)).toThrow('no frames recorded');
  });

  it('makes one row per system plus frame interval and runFrame, in ms against the empty frame', () => {
    const baseline = { intervalMs: [16, 16, 17, 17], cpuMs: [0.01, 0.01, 0.01, 0.01], systems: [], ...NO_COUNTS };
    const recording = {
      intervalMs: [50, 50, 50, 50],
      cpuMs: [10, 10, 10, 10],
      systems: [{ name: 'render.draw', phase: 'render', ms: [8, 8, 8, 8] }, { name: 'world.stats', phase: 'simulation', ms: [0, 0, 0, 0] }],
      ...NO_COUNTS,
    };
    const rows = frameRows('Balanced', recording, baseline, 2);
    expect(rows.map((r) => r.name)).toEqual(['Balanced frame interval', 'Balanced runFrame (all systems)', 'Balanced render.draw', 'Balanced world.stats']);
    expect(rows[0]).toMatchObject({ unit: 'ms', median: 50, baseline: 'empty rAF loop interval', baselineMedian: 16.5, samples: 2 });
    expect(rows[1]!.median).toBe(10);
    expect(rows[2]).toMatchObject({ median: 8, baseline: 'empty runFrame', baselineMedian: 0.01 });
    // Above 1 is faster, as in every suite: the empty frame's time over ours.
    expect(rows[2]!.ratio).toBeCloseTo(0.01 / 8, 12);
    // Below the timer's resolution: zero time, and a finite ratio.
    expect(rows[3]!.median).toBe(0);
    expect(rows[3]!.ratio).toBeCloseTo(10, 9);
  });

  it('prints the times as ms in the suite table', () => {
    const baseline = { intervalMs: [16, 16], cpuMs: [0.01, 0.01], systems: [], ...NO_COUNTS };
    const recording = { intervalMs: [40, 40], cpuMs: [2.5, 2.5], systems: [{ name: 'world.stats', phase: 'simulation', ms: [0.004, 0.004] }], ...NO_COUNTS };
    const table = formatTable(frameRows('Low', recording, baseline, 2));
    expect(table).toContain('2.50 ms');
    expect(table).toContain('0.0040 ms');
    expect(table).not.toContain('frames/s');
  });
});
