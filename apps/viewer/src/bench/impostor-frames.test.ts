/** The impostor frame suite's rows; the browser run is `slv bench frame-impostors`. */
import { describe, expect, it } from 'vitest';
import { impostorRows } from './impostor-frames.ts';

const counters = (drawCalls: number, triangles: number, drawn: number) => ({ drawn, tiles: drawn, bakeViews: 0, atlasBytes: 0, drawCalls, triangles, primDraws: 0, visible: 0 });
const recording = (ms: number, lod: number) => ({ intervalMs: [ms, ms], cpuMs: [ms, ms], systems: [{ name: 'render.lod', phase: 'lod', ms: [lod, lod] }] });

describe('impostor frame suite rows', () => {
  it('sets each "on" figure against its "off" baseline, above 1 when impostors make it cheaper', () => {
    const rows = impostorRows('Low', { recording: recording(8, 1), counters: counters(100, 5000, 40) }, { recording: recording(10, 2), counters: counters(400, 20000, 0) }, 2);
    expect(rows.map((r) => r.name)).toEqual([
      'Low runFrame, impostors on', 'Low render.lod, impostors on', 'Low draw calls, impostors on', 'Low triangles, impostors on', 'Low impostors drawn',
    ]);
    expect(rows[0]).toMatchObject({ unit: 'ms', median: 8, baseline: 'impostors off', baselineMedian: 10, ratio: 10 / 8 });
    expect(rows[1]).toMatchObject({ median: 1, baselineMedian: 2, ratio: 2 });
    expect(rows[2]).toMatchObject({ unit: 'draws', median: 100, baselineMedian: 400, ratio: 4, samples: 1 });
    expect(rows[3]).toMatchObject({ unit: 'triangles', median: 5000, baselineMedian: 20000 });
    expect(rows[4]).toMatchObject({ unit: 'impostors', median: 40, baselineMedian: 0 });
  });
});
