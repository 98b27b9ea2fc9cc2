/**
 * The ingestion's counters: what arrived, what it became, what was wrong.
 * The stats system publishes the main ones into resources.stats.counters.
 */

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
  /** Objects created by taking back the entity they left when killed (counted in objectsCreated too). */
  objectsRevived: number;
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

export function createIngestionStats(): IngestionStats {
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
    objectsRevived: 0,
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

