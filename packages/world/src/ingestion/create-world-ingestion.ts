/**
 * Ingestion for an engine world: its state and components, and, given a
 * message bus, its handlers subscribed to it. The systems are not added
 * here: the app adds WORLD_SYSTEMS to its scheduler where its frame order
 * says, with the ingestion in its resources.
 */
import type { PerformanceSettings } from '@slv/config';
import type { EngineWorld } from '@slv/core';
import type { MessageBus } from '@slv/net';
import { ingestObjectUpdateCached } from '../ingest/ingest-cached-update.ts';
import { ingestObjectUpdateCompressed } from '../ingest/ingest-compressed-update.ts';
import { ingestKillObject } from '../ingest/ingest-kill-object.ts';
import { ingestLayerData } from '../ingest/ingest-layer-data.ts';
import { ingestObjectUpdate } from '../ingest/ingest-object-update.ts';
import { ingestImprovedTerseObjectUpdate } from '../ingest/ingest-terse-update.ts';
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
  /** Stops listening to the bus (a no-op without one); the systems then find nothing new. */
  readonly unsubscribe: () => void;
}

export interface CreateWorldIngestionOptions extends WorldIngestionOptions {
  /** The bus to take messages from; without one, call the ingest functions yourself. */
  readonly bus?: MessageBus;
}

/**
 * Ingestion for `world` (an engine world whose capacity came from
 * settings.world.entityCapacity), fed by `options.bus` when given.
 * `settings` is the live PerformanceSettings (PerformanceSettingsResource.settings).
 */
export function createWorldIngestion(
  world: EngineWorld, settings: PerformanceSettings, options: CreateWorldIngestionOptions = {},
): WorldIngestionHandle {
  const ingestion = createIngestion(world, settings, options);
  const unsubscribe = options.bus === undefined ? () => {} : subscribeIngestion(ingestion, options.bus);
  return { ingestion, unsubscribe };
}
