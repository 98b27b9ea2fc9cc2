/**
 * Wires a worker pool into a scheduler: finished jobs are handed to `handler`
 * at every phase boundary, so a system never sees a result land mid-run.
 */
import type { Resources } from './resources.ts';
import { addBoundaryHook } from './scheduler.ts';
import type { Scheduler } from './scheduler.ts';
import { drainWorkerResults } from './worker-pool.ts';
import type { JobResult, WorkerPool } from './worker-pool.ts';

export function applyWorkerResultsAtBoundaries<W, R extends Resources>(
  scheduler: Scheduler<W, R>,
  pool: WorkerPool,
  handler: (result: JobResult) => void,
  name = 'worker-results',
): void {
  addBoundaryHook(scheduler, name, () => {
    drainWorkerResults(pool, handler);
  });
}
