import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addTimingRow, beginTimingFrame, createSystemTimings, recordSystemTime } from './system-timings.ts';

describe('system timings', () => {
  it('keeps last, window average and window max equal to a brute-force recomputation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { maxLength: 60, size: 'max' }),
        (n, samples) => {
          const t = createSystemTimings(n);
          addTimingRow(t, 'a', 'simulation');
          for (let i = 0; i < samples.length; i++) {
            beginTimingFrame(t);
            recordSystemTime(t, 0, samples[i]);
            const window = samples.slice(Math.max(0, i + 1 - n), i + 1);
            expect(t.last[0]).toBe(samples[i]);
            expect(t.samples[0]).toBe(window.length);
            expect(t.avg[0]).toBeCloseTo(window.reduce((s, v) => s + v, 0) / window.length, 9);
            expect(t.max[0]).toBe(Math.max(...window));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('grows for systems added later without disturbing earlier rows', () => {
    const t = createSystemTimings(4);
    addTimingRow(t, 'a', 'network');
    beginTimingFrame(t);
    recordSystemTime(t, 0, 2);
    addTimingRow(t, 'b', 'render');
    beginTimingFrame(t);
    recordSystemTime(t, 0, 4);
    recordSystemTime(t, 1, 10);
    expect(t.names).toEqual(['a', 'b']);
    expect(t.phases).toEqual(['network', 'render']);
    expect(t.avg[0]).toBe(3);
    expect(t.avg[1]).toBe(10);
    expect(t.samples[1]).toBe(1);
    expect(t.frames).toBe(2);
  });

  it('rejects a bad history length', () => {
    expect(() => createSystemTimings(0)).toThrow(/historyLength/);
  });
});
