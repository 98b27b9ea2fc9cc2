/**
 * Allocation checks for the zero-allocation tests: how many young-generation
 * collections start while a piece of code runs many times, and how much live
 * heap it leaves behind. Any allocation per call fills the nursery many times
 * over in a few hundred thousand calls, so scavenges are the sensitive signal.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A real gc() (exposed at run time), so heap readings count live memory, not the runner's garbage. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface AllocationMeasure {
  /** Young-generation collections that started inside the measured loop. */
  readonly scavenges: number;
  /** Live heap after the loop minus before (both after a full collection), per operation. */
  readonly heapGrowthPerOp: number;
}

/** Runs `run` `warmUp` times, then `iterations` times measured; each call counts as `opsPerIteration` operations. */
export async function measureAllocation(run: () => void, iterations: number, opsPerIteration = 1, warmUp = 2000): Promise<AllocationMeasure> {
  for (let i = 0; i < warmUp; i++) run();
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
