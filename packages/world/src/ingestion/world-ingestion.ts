/**
 * The ingestion's state: the components it writes, the tables beside them
 * (asset ids, creation queue, object cache, orphans, requests, terrain, side
 * tables), the per-entity bookkeeping of the systems (dirty and moving lists,
 * the pool of recycled object entities) and its counters. Everything sized by
 * the world's capacity or an option is allocated here, once.
 */
import type { PerformanceSettings } from '@slv/config';
import { createEngineWorld } from '@slv/core';
import type { EngineWorld } from '@slv/core';
import type { MessageSource } from '@slv/net';
import { createKeyTable } from './key-table.ts';
import type { KeyTable } from './key-table.ts';
import { createObjectCache } from './object-cache.ts';
import type { ObjectCache } from './object-cache.ts';
import { createObjectRequests } from './object-requests.ts';
import type { ObjectRequests, RequestObjects } from './object-requests.ts';
import { createPendingCreations } from './pending-creations.ts';
import type { PendingCreations } from './pending-creations.ts';
import type { RegionTerrain } from './region-terrain.ts';
import { createSideTables } from './side-tables.ts';
import type { ObjectSideTables } from './side-tables.ts';
import { createUuidTable } from './uuid-table.ts';
import type { UuidTable } from './uuid-table.ts';
import { defineWorldComponents } from './world-components.ts';
import type { TagComponent, WorldComponents } from './world-components.ts';

/** A problem with incoming data: which message, which block, which object, and why. */
export class IngestionError extends Error {
  override readonly name = 'IngestionError';
  constructor(
    readonly messageName: string,
    readonly blockIndex: number,
    readonly localId: number,
    readonly reason: string,
  ) {
    super(`${messageName}${blockIndex >= 0 ? ` block ${blockIndex}` : ''}${localId >= 0 ? ` (local id ${localId})` : ''}: ${reason}`);
  }
}

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
}

export interface IngestionStats {
  objectUpdateBlocks: number;
  terseUpdateBlocks: number;
  compressedUpdateBlocks: number;
  /** Compressed blocks equal, motion aside, to what the object was decoded from: only motion was decoded. */
  motionOnlyUpdates: number;
  cachedProbes: number;
  cacheHits: number;
  cacheMissesFull: number;
  cacheMissesCrc: number;
  killBlocks: number;
  objectsCreated: number;
  objectsKilled: number;
  /** Updates that went to the creation queue because the frame's budget was spent. */
  queued: number;
  /** Creations beyond the budget because the queue was full (nothing is dropped for lack of queue). */
  overBudget: number;
  /** Updates dropped because every entity slot was live. */
  capacityDrops: number;
  /** Blocks or fields whose data could not be decoded (reported through onError). */
  decodeErrors: number;
  /** Terse updates for objects never seen (asked for). */
  unknownTerse: number;
  objectsRequested: number;
  /** TextureEntry faces beyond MAX_ENTITY_FACES (not kept). */
  facesDropped: number;
  landPatches: number;
  windPatches: number;
  cloudPatches: number;
  /** LayerData of types ingestion does not keep (water). */
  ignoredLayers: number;
  /** Parent links refused because they would make a cycle. */
  cyclesRefused: number;
  /** KillObject ids whose region could not be told. */
  unresolvedKills: number;
}

function createStats(): IngestionStats {
  return {
    objectUpdateBlocks: 0,
    terseUpdateBlocks: 0,
    compressedUpdateBlocks: 0,
    motionOnlyUpdates: 0,
    cachedProbes: 0,
    cacheHits: 0,
    cacheMissesFull: 0,
    cacheMissesCrc: 0,
    killBlocks: 0,
    objectsCreated: 0,
    objectsKilled: 0,
    queued: 0,
    overBudget: 0,
    capacityDrops: 0,
    decodeErrors: 0,
    unknownTerse: 0,
    objectsRequested: 0,
    facesDropped: 0,
    landPatches: 0,
    windPatches: 0,
    cloudPatches: 0,
    ignoredLayers: 0,
    cyclesRefused: 0,
    unresolvedKills: 0,
  };
}

export interface WorldIngestion {
  readonly world: EngineWorld;
  readonly components: WorldComponents;
  /** The live settings object (PerformanceSettingsResource.settings): read on every use, never copied. */
  readonly settings: PerformanceSettings;
  readonly capacity: number;
  /** Interned asset UUIDs: textures, sculpt maps and meshes, materials, sounds, owners. */
  readonly assets: UuidTable;
  readonly side: ObjectSideTables;
  readonly pending: PendingCreations;
  readonly cache: ObjectCache;
  readonly requests: ObjectRequests;
  /** (region index, parent local id, 0) → first entity waiting for that parent. */
  readonly orphans: KeyTable;
  /** Terrain per region index. */
  readonly terrain: Map<number, RegionTerrain>;
  /** Terrain from circuits whose region is not known yet. */
  readonly unassignedTerrain: Map<MessageSource, RegionTerrain>;
  /** Region sizes set by the session; defaultRegionSize elsewhere. */
  readonly regionSizes: Map<number, number>;
  readonly defaultRegionSize: number;
  /** The region each circuit's messages belong to (learned from RegionData, or set by the session). */
  readonly sourceRegions: Map<MessageSource, number>;
  readonly stats: IngestionStats;
  /** 1 for entities that are live objects. */
  readonly live: Uint8Array;
  /** The tag components by TagBit, and each entity's tags as bits (so unchanged tags cost no bitecs call). */
  readonly tags: readonly TagComponent[];
  readonly tagBits: Uint16Array;
  objectCount: number;
  /**
   * The cache record (slot and generation) whose bytes the entity's state was
   * last decoded from in full, or slot -1: an update whose bytes match that
   * record apart from motion needs only its motion decoded.
   */
  readonly appliedSlot: Int32Array;
  readonly appliedGeneration: Uint32Array;
  /** Object entities released by kills, reused before spawning new ones. */
  readonly freeEids: Int32Array;
  freeCount: number;
  /** Entities whose world transform must be recomputed; flag and list. */
  readonly dirty: Uint8Array;
  readonly dirtyList: Int32Array;
  dirtyCount: number;
  /** Entities with velocity, acceleration or angular velocity: a dense set. */
  readonly movingList: Int32Array;
  readonly movingSlot: Int32Array;
  movingCount: number;
  /** Entities the rest of this frame may still create (reset by the creation system). */
  creationsLeft: number;
  readonly clock: () => number;
  /** Clock time of the message being ingested, read once per message, ms. */
  readonly now: Float64Array;
  requestObjects: RequestObjects | undefined;
  onError: (error: IngestionError) => void;
}

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
 * `settings` is the live PerformanceSettings (a PerformanceSettingsResource's
 * `settings`), read on every use.
 */
export function createIngestion(world: EngineWorld, settings: PerformanceSettings, options: WorldIngestionOptions = {}): WorldIngestion {
  const capacity = world.capacity;
  const pendingBytes = options.pendingBytes ?? 8 * 1024 * 1024;
  const cacheBytes = options.cacheBytes ?? 16 * 1024 * 1024;
  const cacheEntries = options.cacheEntries ?? 65536;
  const defaultRegionSize = options.defaultRegionSize ?? 256;
  if (!Number.isInteger(defaultRegionSize) || defaultRegionSize < 16 || defaultRegionSize % 16 !== 0) {
    throw new RangeError(`createIngestion: defaultRegionSize must be a multiple of 16, got ${defaultRegionSize}`);
  }
  const movingSlot = new Int32Array(capacity).fill(-1);
  const components = defineWorldComponents(world);
  const c = components;
  return {
    world,
    components,
    settings,
    capacity,
    assets: createUuidTable(options.uuidCapacity ?? 65536),
    side: createSideTables(),
    pending: createPendingCreations(pendingBytes, Math.min(capacity, options.pendingObjects ?? 16384)),
    cache: createObjectCache(cacheBytes, cacheEntries),
    requests: createObjectRequests(Math.max(1024, Math.min(capacity, 65536)), options.requestRetryMs ?? 5000),
    orphans: createKeyTable(capacity),
    terrain: new Map(),
    unassignedTerrain: new Map(),
    regionSizes: new Map(),
    defaultRegionSize,
    sourceRegions: new Map(),
    stats: createStats(),
    live: new Uint8Array(capacity),
    tags: [c.ObjectTag, c.AvatarTag, c.PrimTag, c.TreeTag, c.GrassTag, c.LightTag, c.FlexibleTag, c.SculptTag, c.MeshTag],
    tagBits: new Uint16Array(capacity),
    objectCount: 0,
    appliedSlot: new Int32Array(capacity).fill(-1),
    appliedGeneration: new Uint32Array(capacity),
    freeEids: new Int32Array(capacity),
    freeCount: 0,
    dirty: new Uint8Array(capacity),
    dirtyList: new Int32Array(capacity),
    dirtyCount: 0,
    movingList: new Int32Array(capacity),
    movingSlot,
    movingCount: 0,
    creationsLeft: settings.world.entityCreationBudgetPerFrame,
    clock: options.clock ?? (() => performance.now()),
    now: new Float64Array(1),
    requestObjects: options.requestObjects,
    onError: options.onError ?? defaultOnError,
  };
}

/** Index of each tag in WorldIngestion.tags and bit in tagBits. */
export const TagBit = { Object: 0, Avatar: 1, Prim: 2, Tree: 3, Grass: 4, Light: 5, Flexible: 6, Sculpt: 7, Mesh: 8 } as const;
export type TagBit = (typeof TagBit)[keyof typeof TagBit];

/** Reports bad input and counts it. */
export function reportError(ing: WorldIngestion, messageName: string, blockIndex: number, localId: number, reason: string): void {
  ing.stats.decodeErrors++;
  ing.onError(new IngestionError(messageName, blockIndex, localId, reason));
}

/** Marks an entity's world transform for recomputation (its subtree follows). */
export function markDirty(ing: WorldIngestion, eid: number): void {
  if (ing.dirty[eid] === 1) return;
  ing.dirty[eid] = 1;
  ing.dirtyList[ing.dirtyCount++] = eid;
}

export function addMoving(ing: WorldIngestion, eid: number): void {
  if (ing.movingSlot[eid] >= 0) return;
  ing.movingSlot[eid] = ing.movingCount;
  ing.movingList[ing.movingCount++] = eid;
}

export function removeMoving(ing: WorldIngestion, eid: number): void {
  const slot = ing.movingSlot[eid];
  if (slot < 0) return;
  const last = ing.movingList[--ing.movingCount];
  ing.movingList[slot] = last;
  ing.movingSlot[last] = slot;
  ing.movingSlot[eid] = -1;
}
