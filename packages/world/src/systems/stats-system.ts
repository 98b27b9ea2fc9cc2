/**
 * The stats system (simulation phase, last): publishes the ingestion's
 * numbers into resources.stats.counters under `world.*`, for the stats overlay
 * and the adaptive scaler. The keys are created on the first frame and
 * overwritten after.
 */
import type { System } from '@slv/core';
import type { WorldResources } from './creation-system.ts';
import type { WorldIngestion } from './world-ingestion.ts';

export function statsSystem(ing: WorldIngestion): System<unknown, WorldResources> {
  return (_world, resources) => {
    const counters = resources.stats.counters;
    const s = ing.stats;
    counters['world.objects'] = ing.objectCount;
    counters['world.queued'] = ing.pending.live;
    counters['world.moving'] = ing.movingCount;
    counters['world.created'] = s.objectsCreated;
    counters['world.killed'] = s.objectsKilled;
    counters['world.cacheHits'] = s.cacheHits;
    counters['world.cacheMisses'] = s.cacheMissesFull + s.cacheMissesCrc;
    counters['world.requested'] = s.objectsRequested;
    counters['world.decodeErrors'] = s.decodeErrors;
    counters['world.capacityDrops'] = s.capacityDrops;
  };
}
