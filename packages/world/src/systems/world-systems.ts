/**
 * The world's systems, in the order they run. Bus handlers (ingest/) run
 * when packets arrive, between frames, and write components directly; then,
 * inside each frame:
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
 * Culling, lighting, LOD and draw systems of other packages read the
 * components after this. Every system takes its state from
 * resources.ingestion and reads PerformanceSettings through
 * resources.settings each frame, so a profile switch takes effect on the
 * next. An app adds them with addSystems(scheduler, WORLD_SYSTEMS).
 */
import type { EngineWorld, SystemDef } from '@slv/core';
import type { WorldResources } from '../ingestion/world-resources.ts';
import { createQueuedObjects } from './creation-system.ts';
import { interpolateObjects } from './interpolation-system.ts';
import { publishWorldStats } from './stats-system.ts';
import { updateTransforms } from './world-transform-system.ts';

export const WORLD_SYSTEMS: readonly SystemDef<EngineWorld, WorldResources>[] = [
  { name: 'world.create-queued', phase: 'network', run: createQueuedObjects },
  { name: 'world.interpolate', phase: 'simulation', run: interpolateObjects },
  { name: 'world.transforms', phase: 'simulation', run: updateTransforms },
  { name: 'world.stats', phase: 'simulation', run: publishWorldStats },
];
