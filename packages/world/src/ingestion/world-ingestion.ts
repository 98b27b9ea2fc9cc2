/**
 * The ingestion's state, composed of the few things it is: the components it
 * writes, the object entities (live flags, tags, the pool), the transform
 * sets the systems work through, the tables beside the components, the
 * creation queue, what is known of regions, and the counters. Everything
 * sized by the world's capacity or an option is allocated here, once.
 * Functions take the part they need (markDirty(ing.sets, eid)); the bus
 * handlers and writers, which touch most parts, take the whole.
 */
import type { PerformanceSettings } from '@slv/config';
import { createEngineWorld, createHashTable } from '@slv/core';
import type { EngineWorld, HashTable } from '@slv/core';
import { defineWorldComponents } from '../components/world-components.ts';
import type { WorldComponents } from '../components/world-components.ts';
import { createObjectEntities } from '../objects/object-entities.ts';
import type { ObjectEntities } from '../objects/object-entities.ts';
import { createTransformSets } from '../objects/transform-sets.ts';
import type { TransformSets } from '../objects/transform-sets.ts';
import { createRegionState } from '../regions/region-state.ts';
import type { RegionState } from '../regions/region-state.ts';
import type { RegionTerrain } from '../regions/region-terrain.ts';
import { createObjectCache } from '../tables/object-cache.ts';
import type { ObjectCache } from '../tables/object-cache.ts';
import { createObjectRequests } from '../tables/object-requests.ts';
import type { ObjectRequests, RequestObjects } from '../tables/object-requests.ts';
import { createPendingCreations } from '../tables/pending-creations.ts';
import type { PendingCreations } from '../tables/pending-creations.ts';
import { createSideTables } from '../tables/side-tables.ts';
import type { ObjectSideTables } from '../tables/side-tables.ts';
import { createUuidTable } from '../tables/uuid-table.ts';
import type { UuidTable } from '../tables/uuid-table.ts';
import type { IngestionError } from './ingestion-error.ts';
import { createIngestionStats } from './ingestion-stats.ts';
import type { IngestionStats } from './ingestion-stats.ts';

export interface WorldIngestionOptions {
  /** Sends RequestMultipleObjects for cache misses and unknown objects (the session provides it). */
  readonly requestObjects?: RequestObjects;
  /** Millisecond clock stamping updates for interpolation; pass the clock runFrame is given (default performance.now). */
  readonly clock?: () => number;
  /** Bad input is reported here, never thrown (default: console.warn). */
  readonly onError?: (error: IngestionError) => void;
  /** Bytes of update data the creation queue can hold (default 8 MiB). */
  readonly pendingBytes?: number;
  /** Objects the creation queue can hold (default 16384, at most the world's capacity). */
  readonly pendingObjects?: number;
  /** Bytes of the object cache (default 16 MiB). */
  readonly cacheBytes?: number;
  /** Objects the cache indexes (default 65536). */
  readonly cacheEntries?: number;
  /** Distinct asset UUIDs interned (default 65536). */
  readonly uuidCapacity?: number;
  /** Edge of a region in metres until told otherwise with setRegionSize (default 256). */
  readonly defaultRegionSize?: number;
  /** How long before an object asked for and not received is asked for again (default 5000 ms). */
  readonly requestRetryMs?: number;
  /**
   * Killed objects whose entities the pool keeps intact for their return
   * before reusing the oldest (default capacity / 8, at most 16384; 0 reuses
   * the latest killed first and revives nothing).
   */
  readonly dormantEntities?: number;
}

/** The tables beside the components. */
export interface IngestionTables {
  /** Interned asset UUIDs: textures, sculpt maps and meshes, materials, sounds, owners. */
  readonly assets: UuidTable;
  /** Rare per-object data (hover text, NameValues, sound, particles…), by entity. */
  readonly side: ObjectSideTables;
  /** Every object's latest full or compressed update, as bytes. */
  readonly cache: ObjectCache;
  /** Objects to ask the simulator for. */
  readonly requests: ObjectRequests;
  /** (region index, parent local id) → first entity waiting for that parent. */
  readonly orphans: HashTable;
  /** (region index, local id) → the pooled entity a killed object left, intact until reused (reviveEntity). */
  readonly dormant: HashTable;
}

export interface WorldIngestion {
  readonly world: EngineWorld;
  readonly capacity: number;
  /** The components ingestion writes; renderers read them. */
  readonly components: WorldComponents;
  readonly entities: ObjectEntities;
  readonly sets: TransformSets;
  readonly tables: IngestionTables;
  /** Objects waiting for the frame's creation budget, and what is left of it. */
  readonly pending: PendingCreations;
  readonly regions: RegionState;
  /** Terrain per region index, for renderers: the same map as regions.terrain. */
  readonly terrain: Map<number, RegionTerrain>;
  readonly stats: IngestionStats;
  readonly clock: () => number;
  /** Clock time of the message being ingested, read once per message, ms. */
  readonly now: Float64Array;
  requestObjects: RequestObjects | undefined;
  onError: (error: IngestionError) => void;
}

/**
 * One function for every world: optimized ingestion code inlines the clock
 * it calls and depends on that function object, so a clock made per world
 * would deoptimize it whenever a world is made or collected.
 */
const defaultClock = (): number => performance.now();

const defaultOnError = (error: IngestionError): void => {
  console.warn(`world ingestion: ${error.message}`);
};

/** An engine world sized by settings.world.entityCapacity: every component is allocated for it, once. */
export function createObjectWorld(settings: PerformanceSettings, maxRegions?: number): EngineWorld {
  return createEngineWorld(maxRegions === undefined ? { capacity: settings.world.entityCapacity } : { capacity: settings.world.entityCapacity, maxRegions });
}

/**
 * Creates the ingestion state for `world` (an engine world whose capacity
 * came from settings.world.entityCapacity) and defines its components.
 * `settings` gives only the creation budget until the first frame; the
 * systems read it from the resources every frame after.
 */
export function createIngestion(world: EngineWorld, settings: PerformanceSettings, options: WorldIngestionOptions = {}): WorldIngestion {
  const capacity = world.capacity;
  const components = defineWorldComponents(world);
  const regions = createRegionState(options.defaultRegionSize ?? 256);
  const pending = createPendingCreations(options.pendingBytes ?? 8 * 1024 * 1024, Math.min(capacity, options.pendingObjects ?? 16384));
  pending.budgetLeft = settings.world.entityCreationBudgetPerFrame;
  return {
    world,
    capacity,
    components,
    entities: createObjectEntities(capacity, components, options.dormantEntities ?? Math.min(capacity >> 3, 16384)),
    sets: createTransformSets(capacity),
    tables: {
      assets: createUuidTable(options.uuidCapacity ?? 65536),
      side: createSideTables(),
      cache: createObjectCache(options.cacheBytes ?? 16 * 1024 * 1024, options.cacheEntries ?? 65536, capacity),
      requests: createObjectRequests(Math.max(1024, Math.min(capacity, 65536)), options.requestRetryMs ?? 5000),
      orphans: createHashTable(2, capacity),
      dormant: createHashTable(2, capacity),
    },
    pending,
    regions,
    terrain: regions.terrain,
    stats: createIngestionStats(),
    clock: options.clock ?? defaultClock,
    now: new Float64Array(1),
    requestObjects: options.requestObjects,
    onError: options.onError ?? defaultOnError,
  };
}
