/**
 * Wires ingestion into a running engine: creates its state and components on
 * the scheduler's world, subscribes its handlers to the message bus, and adds
 * its systems to the scheduler (see schedule.ts for the frame order).
 */
import type { EngineWorld, Scheduler } from '@slv/core';
import type { MessageBus } from '@slv/net';
import type { WorldResources } from './creation-system.ts';
import { ingestObjectUpdateCached } from './ingest-cached-update.ts';
import { ingestObjectUpdateCompressed } from './ingest-compressed-update.ts';
import { ingestKillObject } from './ingest-kill-object.ts';
import { ingestLayerData } from './ingest-layer-data.ts';
import { ingestObjectUpdate } from './ingest-object-update.ts';
import { ingestImprovedTerseObjectUpdate } from './ingest-terse-update.ts';
import { scheduleWorldSystems } from './schedule.ts';
import { createIngestion } from './world-ingestion.ts';
import type { WorldIngestion, WorldIngestionOptions } from './world-ingestion.ts';

/** Subscribes the ingestion's handlers to the bus; returns the function that unsubscribes them all. */
export function subscribeIngestion(ing: WorldIngestion, bus: MessageBus): () => void {
  const off = [
    bus.on('ObjectUpdate', (reader, source) => ingestObjectUpdate(ing, reader, source)),
    bus.on('ObjectUpdateCompressed', (reader, source) => ingestObjectUpdateCompressed(ing, reader, source)),
    bus.on('ObjectUpdateCached', (reader, source) => ingestObjectUpdateCached(ing, reader, source)),
    bus.on('ImprovedTerseObjectUpdate', (reader, source) => ingestImprovedTerseObjectUpdate(ing, reader, source)),
    bus.on('KillObject', (reader, source) => ingestKillObject(ing, reader, source)),
    bus.on('LayerData', (reader, source) => ingestLayerData(ing, reader, source)),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}

export interface WorldIngestionHandle {
  readonly ingestion: WorldIngestion;
  /** Stops listening to the bus (the systems stay in the scheduler and find nothing new). */
  readonly unsubscribe: () => void;
}

/**
 * Ingestion for the scheduler's world (an engine world whose capacity came
 * from settings.world.entityCapacity), fed by `bus`, with its systems added
 * to `scheduler`. Settings are read live from scheduler.resources.settings.
 */
export function createWorldIngestion<R extends WorldResources>(
  scheduler: Scheduler<EngineWorld, R>,
  bus: MessageBus,
  options: WorldIngestionOptions = {},
): WorldIngestionHandle {
  const ingestion = createIngestion(scheduler.world, scheduler.resources.settings.settings, options);
  const unsubscribe = subscribeIngestion(ingestion, bus);
  scheduleWorldSystems(scheduler, ingestion);
  return { ingestion, unsubscribe };
}
