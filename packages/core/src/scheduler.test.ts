import { describe, expect, it } from 'vitest';
import { PHASES } from './phases.ts';
import type { Phase } from './phases.ts';
import { createResources } from './resources.ts';
import type { Resources } from './resources.ts';
import { addBoundaryHook, addSystem, createScheduler, findSystem, getSystemTimings, runFrame } from './scheduler.ts';
import type { SystemDef } from './scheduler.ts';

interface TestWorld {
  log: string[];
}

interface TestResources extends Resources<{ sent: number }, { drawDistance: number }> {
  extra: { queued: string[] };
}

function setup(clock?: () => number) {
  const world: TestWorld = { log: [] };
  const resources: TestResources = {
    ...createResources({ settings: { drawDistance: 64 }, bus: { sent: 0 } }),
    extra: { queued: [] },
  };
  const scheduler = createScheduler(world, resources, clock ? { clock, historyLength: 4 } : { historyLength: 4 });
  return { world, resources, scheduler };
}

const logging =
  (name: string, phase: Phase): SystemDef<TestWorld, TestResources> => ({
    name,
    phase,
    run: (w) => {
      w.log.push(name);
    },
  });

describe('scheduler', () => {
  it('exports the phases in frame order', () => {
    expect(PHASES).toEqual(['network', 'simulation', 'culling', 'lighting', 'lod', 'render']);
  });

  it('runs systems by phase order, then insertion order, whatever order they were added in', () => {
    const { world, scheduler } = setup();
    addSystem(scheduler, logging('draw', 'render'));
    addSystem(scheduler, logging('interp', 'simulation'));
    addSystem(scheduler, logging('ingest', 'network'));
    addSystem(scheduler, logging('lod', 'lod'));
    addSystem(scheduler, logging('cull', 'culling'));
    addSystem(scheduler, logging('lights', 'lighting'));
    addSystem(scheduler, logging('physics', 'simulation'));
    addSystem(scheduler, { name: 'overlay', phase: 'render', run: (w) => {
      w.log.push('overlay');
    } });
    runFrame(scheduler, 0);
    expect(world.log).toEqual(['ingest', 'interp', 'physics', 'cull', 'lights', 'lod', 'draw', 'overlay']);
  });

  it('calls each system every frame with the world and resources', () => {
    const { world, resources, scheduler } = setup();
    let ran = 0;
    addSystem(scheduler, {
      name: 'counter',
      phase: 'simulation',
      run: (w, res) => {
        expect(w).toBe(world);
        expect(res).toBe(resources);
        res.bus.sent++;
        ran++;
      },
    });
    for (let f = 0; f < 5; f++) runFrame(scheduler, f * 16);
    expect(ran).toBe(5);
    expect(resources.bus.sent).toBe(5);
  });

  it('updates resources.time each frame', () => {
    const { resources, scheduler } = setup();
    const seen: number[][] = [];
    addSystem(scheduler, { name: 'clock', phase: 'network', run: (_w, r) => {
      seen.push([r.time.nowMs, r.time.deltaMs, r.time.frame]);
    } });
    runFrame(scheduler, 1000);
    runFrame(scheduler, 1016);
    runFrame(scheduler, 1050);
    expect(seen).toEqual([
      [1000, 0, 0],
      [1016, 16, 1],
      [1050, 34, 2],
    ]);
    expect(resources.time.nowMs).toBe(1050);
  });

  it('records per-system timings every frame in a preallocated structure', () => {
    let now = 0;
    const { resources, scheduler } = setup(() => now);
    const costs: Record<string, number[]> = { a: [1, 2, 3, 4, 5, 6], b: [10, 10, 40, 10, 10, 10] };
    let frame = 0;
    for (const name of ['a', 'b']) {
      addSystem(scheduler, { name, phase: 'simulation', run: () => {
        now += costs[name][frame];
      } });
    }
    const timings = getSystemTimings(scheduler);
    const history = timings.history;
    for (frame = 0; frame < 6; frame++) runFrame(scheduler, frame);
    expect(getSystemTimings(scheduler)).toBe(timings);
    expect(timings.history).toBe(history);
    const a = findSystem(scheduler, 'a');
    const b = findSystem(scheduler, 'b');
    expect(timings.frames).toBe(6);
    expect(timings.last[a]).toBe(6);
    expect(timings.avg[a]).toBe((3 + 4 + 5 + 6) / 4);
    expect(timings.max[a]).toBe(6);
    expect(timings.last[b]).toBe(10);
    // The 40 ms spike at frame 2 is still inside the 4-frame window.
    expect(timings.max[b]).toBe(40);
    expect(timings.avg[b]).toBe(17.5);
    expect(resources.stats.frameMs).toBe(16);
    expect(findSystem(scheduler, 'missing')).toBe(-1);
  });

  it('runs boundary hooks after every phase, never in the middle of a phase', () => {
    const { world, resources, scheduler } = setup();
    // A "worker result" becomes ready while the first simulation system runs;
    // the second simulation system must not see it applied.
    const ready: string[] = [];
    addSystem(scheduler, { name: 'sim1', phase: 'simulation', run: (w) => {
      ready.push('result');
      w.log.push(`sim1 applied=${resources.extra.queued.length}`);
    } });
    addSystem(scheduler, { name: 'sim2', phase: 'simulation', run: (w) => {
      w.log.push(`sim2 applied=${resources.extra.queued.length}`);
    } });
    addSystem(scheduler, { name: 'cull', phase: 'culling', run: (w) => {
      w.log.push(`cull applied=${resources.extra.queued.length}`);
    } });
    addBoundaryHook(scheduler, 'apply', (w, r, phase) => {
      w.log.push(`boundary:${phase}`);
      while (ready.length > 0) r.extra.queued.push(ready.pop()!);
    });
    runFrame(scheduler, 0);
    expect(world.log).toEqual([
      'boundary:network',
      'sim1 applied=0',
      'sim2 applied=0',
      'boundary:simulation',
      'cull applied=1',
      'boundary:culling',
      'boundary:lighting',
      'boundary:lod',
      'boundary:render',
    ]);
  });

  it('rejects bad definitions and names the failing system when one throws', () => {
    const { scheduler } = setup();
    expect(() => addSystem(scheduler, logging('x', 'physics' as Phase))).toThrow(/"physics" is not a phase/);
    addSystem(scheduler, logging('x', 'lod'));
    expect(() => addSystem(scheduler, logging('x', 'lod'))).toThrow(/named "x" already exists/);
    expect(() => addSystem(scheduler, { name: 'y', phase: 'lod', run: 5 as never })).toThrow(/has no run function/);
    addSystem(scheduler, { name: 'frustum', phase: 'culling', run: () => {
      throw new Error('bad frustum');
    } });
    expect(() => runFrame(scheduler, 0)).toThrow(/system "frustum" \(culling\) failed: bad frustum/);
    expect(() => runFrame(scheduler, Number.NaN)).toThrow(/nowMs must be a finite number/);
    // The scheduler is usable again after a failed frame.
    expect(() => runFrame(scheduler, 1)).toThrow(/frustum/);
  });

  it('refuses re-entrant frames and additions during a frame', () => {
    const { scheduler } = setup();
    addSystem(scheduler, { name: 'reenter', phase: 'network', run: () => runFrame(scheduler, 5) });
    expect(() => runFrame(scheduler, 0)).toThrow(/already running/);
    const s2 = setup().scheduler;
    addSystem(s2, { name: 'adder', phase: 'network', run: () => {
      addSystem(s2, logging('late', 'render'));
    } });
    expect(() => runFrame(s2, 0)).toThrow(/while a frame is running/);
  });
});
