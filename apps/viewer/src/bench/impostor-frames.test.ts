/** The impostor frame suite's rows; the browser run is `slv bench frame-impostors`. */
import { describe, expect, it } from 'vitest';
import { impostorRows } from './impostor-frames.ts';

const counters = (drawCalls: number, triangles: number, drawn: number) => ({ drawn, tiles: drawn, bakeViews: 0, atlasBytes: 0, bakeJobs: 0, staleByKey: 0, staleByTextures: 0, drawCalls, triangles, primDraws: 0, visible: 0 });
const recording = (ms: number, lod: number, draws: [number, number], scene: number, triangles: number, bakes: number) => ({
  intervalMs: [ms, ms], cpuMs: [ms, ms], systems: [{ name: 'render.lod', phase: 'lod', ms: [lod, lod] }],
  drawCalls: draws, triangles: [triangles, triangles], primDraws: [scene, scene], impostorBakeViews: [bakes, 0],
});

describe('impostor frame suite rows', () => {
  it('sets each "on" figure against its "off" baseline, above 1 when impostors make it cheaper', () => {
    const rows = impostorRows(
      'Low',
      { recording: recording(8, 1, [90, 110], 80, 5000, 16), counters: counters(100, 5000, 40) },
      { recording: recording(10, 2, [300, 500], 350, 20000, 0), counters: counters(400, 20000, 0) },
      2,
    );
    expect(rows.map((r) => r.name)).toEqual([
      'Low runFrame, impostors on', 'Low render.lod, impostors on', 'Low draw calls a frame (all passes), impostors on', 'Low scene prim draws a frame, impostors on',
      'Low triangles a frame (all passes), impostors on', 'Low impostor views baked a frame, impostors on', 'Low impostors drawn',
    ]);
    expect(rows[0]).toMatchObject({ unit: 'ms', median: 8, baseline: 'impostors off', baselineMedian: 10, ratio: 10 / 8 });
    expect(rows[1]).toMatchObject({ median: 1, baselineMedian: 2, ratio: 2 });
    // Counts are means over the recorded frames (a feedback or bake frame draws more), with their spread.
    expect(rows[2]).toMatchObject({ unit: 'draws', median: 100, baselineMedian: 400, ratio: 4, min: 90, max: 110, baselineMin: 300, baselineMax: 500, samples: 2 });
    expect(rows[3]).toMatchObject({ unit: 'draws', median: 80, baselineMedian: 350 });
    expect(rows[4]).toMatchObject({ unit: 'triangles', median: 5000, baselineMedian: 20000, ratio: 4 });
    expect(rows[5]).toMatchObject({ unit: 'views', median: 8, baselineMedian: 0 });
    expect(rows[6]).toMatchObject({ unit: 'impostors', median: 40, baselineMedian: 0, samples: 1 });
  });
});
