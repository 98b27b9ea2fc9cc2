/**
 * Steady-state ingestion allocates nothing: updates of objects that already
 * exist, decoded from the packet and dispatched through the bus, trigger no
 * young-generation collection over hundreds of thousands of updates. (Any
 * allocation per update, even 16 bytes, would fill the several-MB nursery
 * several times over.) The benchmark suite measures the same with more care.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compressedPacket, objectUpdatePacket, tersePacket } from '../test-support/packets.test-support.ts';
import type { ObjectSpec } from '../test-support/packets.test-support.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';

interface Measured {
  scavenges: number;
  heapGrowthPerOp: number;
}

/** A real gc() so heap readings count live memory, not garbage the runner left around. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function measure(run: () => void, iterations: number, opsPerIteration: number): Promise<Measured> {
  for (let i = 0; i < 2000; i++) run();
  const minor: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minor.push(entry.startTime);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const before = process.memoryUsage().heapUsed;
  const began = performance.now();
  for (let i = 0; i < iterations; i++) run();
  const ended = performance.now();
  gc();
  const after = process.memoryUsage().heapUsed;
  // GC entries arrive on a later timer; count only collections that started inside the loop.
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  return {
    scavenges: minor.filter((t) => t >= began && t <= ended).length,
    heapGrowthPerOp: (after - before) / (iterations * opsPerIteration),
  };
}

const specs: ObjectSpec[] = Array.from({ length: 10 }, (_, k) => ({
  localId: 100 + k,
  position: [k, k, 20],
  velocity: [0.5, 0, 0],
  text: k === 0 ? 'hover' : '',
  nameValue: k === 1 ? 'FirstName STRING RW SV A\nLastName STRING RW SV B' : '',
  texture: { face: k % 3, textureId: '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903' },
}));

describe('steady-state ingestion allocates nothing per update', () => {
  it('terse, full and compressed updates of existing objects, through decoder and bus, and the frame systems', async () => {
    const t = createTestWorld();
    const full = objectUpdatePacket(specs);
    const terse = tersePacket(specs);
    const compressed = compressedPacket(specs.map((s) => ({ ...s, localId: s.localId + 100 })));
    t.dispatch(full);
    t.dispatch(compressed);
    expect(t.ingestion.entities.objectCount).toBe(20);
    let frame = 0;
    const result = await measure(
      () => {
        t.dispatch(terse);
        t.dispatch(full);
        t.dispatch(compressed);
        if ((frame++ & 15) === 0) {
          t.clock.now += 16;
          t.frame();
        }
      },
      10_000,
      30,
    );
    expect(t.errors).toEqual([]);
    // 300 000 block updates; a single scavenge is tolerated for the test runner's own work.
    expect(result.scavenges).toBeLessThanOrEqual(1);
    expect(result.heapGrowthPerOp).toBeLessThan(2);
  }, 60_000);
});
