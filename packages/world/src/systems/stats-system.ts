/**
 * The stats system (simulation phase, last): publishes the ingestion's
 * numbers into resources.stats.counters under `world.*`, for the stats overlay
 * and the adaptive scaler. The keys are created on the first frame and
 * overwritten after.
 */
import type { EngineWorld } from '@slv/core';
import type { WorldResources } from '../ingestion/world-resources.ts';

/** world.stats: the ingestion's counters into resources.stats.counters. */
export function publishWorldStats(_world: EngineWorld, resources: WorldResources): void {
  const ing = resources.ingestion;
  const counters = resources.stats.counters;
  const s = ing.stats;
  counters['world.objects'] = ing.entities.objectCount;
  counters['world.queued'] = ing.pending.live;
  counters['world.moving'] = ing.sets.movingCount;
  counters['world.created'] = s.objectsCreated;
  counters['world.killed'] = s.objectsKilled;
  counters['world.revived'] = s.objectsRevived;
  counters['world.cacheHits'] = s.cacheHits;
  counters['world.cacheMisses'] = s.cacheMissesFull + s.cacheMissesCrc;
  counters['world.requested'] = s.objectsRequested;
  counters['world.decodeErrors'] = s.decodeErrors;
  counters['world.capacityDrops'] = s.capacityDrops;
}
