/**
 * The frame, as the world package runs it. Bus handlers (ingest-*.ts) run
 * when packets arrive, between frames, and write components directly; the
 * systems below then run in this order inside each frame:
 *
 *   network
 *     1. world.create-queued   restart the creation budget (settings.world.
 *                              entityCreationBudgetPerFrame) and create queued
 *                              objects with it, oldest first
 *   simulation
 *     2. world.interpolate     move objects with velocity, acceleration or
 *                              angular velocity (settings.world.interpolation)
 *     3. world.transforms      world = parent ∘ local for dirty subtrees
 *     4. world.stats           counters into resources.stats.counters
 *
 * culling, lighting, lod and render systems of other packages read the
 * components after this. Every system reads PerformanceSettings through
 * resources.settings each frame, so a profile switch takes effect on the next.
 */
import { addSystem } from '@slv/core';
import type { Scheduler, SystemDef } from '@slv/core';
import { creationSystem } from './creation-system.ts';
import type { WorldResources } from './creation-system.ts';
import { interpolationSystem } from './interpolation-system.ts';
import { statsSystem } from './stats-system.ts';
import { worldTransformSystem } from './world-transform-system.ts';
import type { WorldIngestion } from './world-ingestion.ts';

export function worldSystems(ing: WorldIngestion): SystemDef<unknown, WorldResources>[] {
  return [
    { name: 'world.create-queued', phase: 'network', run: creationSystem(ing) },
    { name: 'world.interpolate', phase: 'simulation', run: interpolationSystem(ing) },
    { name: 'world.transforms', phase: 'simulation', run: worldTransformSystem(ing) },
    { name: 'world.stats', phase: 'simulation', run: statsSystem(ing) },
  ];
}

/** Adds the world systems to the scheduler, each at the end of its phase, in the order above. */
export function scheduleWorldSystems<W, R extends WorldResources>(scheduler: Scheduler<W, R>, ing: WorldIngestion): void {
  for (const def of worldSystems(ing)) addSystem(scheduler, def);
}
