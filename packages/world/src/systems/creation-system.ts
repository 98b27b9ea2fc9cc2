/**
 * The creation system (network phase, first): restarts the frame's creation
 * budget from settings.world.entityCreationBudgetPerFrame and spends it on the
 * creation queue, oldest first. Whatever budget is left lets the bus handlers
 * create objects directly until the next frame, so a frame never creates more
 * than the budget, and a 15k-object region entry spreads over frames instead
 * of stalling one.
 */
import type { EngineWorld } from '@slv/core';
import { MOTION_FLOATS } from '@slv/protocol';
import { writeMotion } from '../ingest/object-writers.ts';
import { takePending } from '../tables/pending-creations.ts';
import { releaseOldest } from '../tables/record-ring.ts';
import { replayRecord } from '../ingest/replay-record.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';
import type { WorldResources } from '../ingestion/world-resources.ts';

/** Creates queued objects while ing.pending.budgetLeft lasts; returns how many were created. */
export function drainCreationQueue(ing: WorldIngestion): number {
  const p = ing.pending;
  const ring = p.ring;
  const regions = ing.world.registry.regions;
  let created = 0;
  // Objects created now start their motion now.
  ing.now[0] = ing.clock();
  while (ring.count > 0) {
    const slot = ring.tail;
    if (ring.live[slot] === 1) {
      if (ing.pending.budgetLeft <= 0) break;
      const region = ring.key0[slot];
      takePending(p, slot);
      // The region may have been removed while the object waited.
      if (regions.used[region] === 1) {
        ing.pending.budgetLeft--;
        const eid = replayRecord(ing, ring, slot, region, false);
        if (eid >= 0) {
          created++;
          if (p.hasMotion[slot] === 1) {
            ing.components.identity.state[eid] = p.motionState[slot];
            ing.now[0] = p.motionTimeMs[slot];
            writeMotion(ing, eid, p.motion, slot * MOTION_FLOATS);
            ing.now[0] = ing.clock();
          }
        }
      }
    }
    releaseOldest(ring);
  }
  return created;
}

/** world.create-queued: restarts the frame's creation budget and spends it on the queue. */
export function createQueuedObjects(_world: EngineWorld, resources: WorldResources): void {
  const ing = resources.ingestion;
  ing.pending.budgetLeft = resources.settings.settings.world.entityCreationBudgetPerFrame;
  drainCreationQueue(ing);
}
