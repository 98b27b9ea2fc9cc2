/**
 * The creation system (network phase, first): restarts the frame's creation
 * budget from settings.world.entityCreationBudgetPerFrame and spends it on the
 * creation queue, oldest first. Whatever budget is left lets the bus handlers
 * create objects directly until the next frame, so a frame never creates more
 * than the budget, and a 15k-object region entry spreads over frames instead
 * of stalling one.
 */
import type { PerformanceSettings } from '@slv/config';
import type { Resources, System } from '@slv/core';
import { MOTION_FLOATS } from '@slv/protocol';
import { writeMotion } from './object-writers.ts';
import { takePending } from './pending-creations.ts';
import { releaseOldest } from './record-ring.ts';
import { replayRecord } from './replay-record.ts';
import type { WorldIngestion } from './world-ingestion.ts';

/** What the world systems need of the resources: the settings resource (PerformanceSettingsResource fits). */
export type WorldResources = Resources<unknown, { readonly settings: PerformanceSettings }>;

/** Creates queued objects while ing.creationsLeft lasts; returns how many were created. */
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
      if (ing.creationsLeft <= 0) break;
      const region = ring.key0[slot];
      takePending(p, slot);
      // The region may have been removed while the object waited.
      if (regions.used[region] === 1) {
        ing.creationsLeft--;
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

export function creationSystem(ing: WorldIngestion): System<unknown, WorldResources> {
  return (_world, resources) => {
    ing.creationsLeft = resources.settings.settings.world.entityCreationBudgetPerFrame;
    drainCreationQueue(ing);
  };
}
