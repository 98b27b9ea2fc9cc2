/**
 * @slv/world: world ingestion. Bus handlers (ingest/) decode object updates
 * (full, terse, compressed, cached), kills and terrain layers straight into
 * SoA components (components/), allocating nothing per update in steady
 * state; the systems (systems/, listed in WORLD_SYSTEMS in frame order)
 * create queued objects under a per-frame budget, interpolate motion and
 * compute world transforms. Isomorphic. See README.md for the layout.
 */
export {
  MAX_ENTITY_FACES,
  componentBytesPerEntity,
  defineWorldComponents,
  FLEXIBLE_SCHEMA,
  LIGHT_SCHEMA,
  LINKSET_SCHEMA,
  LOCAL_TRANSFORM_SCHEMA,
  MOTION_SCHEMA,
  OBJECT_IDENTITY_SCHEMA,
  PRIM_SHAPE_SCHEMA,
  SCULPT_SCHEMA,
  TEXTURE_ENTRY_SCHEMA,
  WORLD_TRANSFORM_SCHEMA,
} from './components/world-components.ts';
export type {
  FlexibleComponent,
  LightComponent,
  LinksetComponent,
  LocalTransformComponent,
  MotionComponent,
  ObjectIdentityComponent,
  PrimShapeComponent,
  SculptComponent,
  TagComponent,
  TextureEntryComponent,
  WorldComponents,
  WorldTransformComponent,
} from './components/world-components.ts';

export { createIngestion, createObjectWorld } from './ingestion/world-ingestion.ts';
export type { IngestionTables, WorldIngestion, WorldIngestionOptions } from './ingestion/world-ingestion.ts';
export { IngestionError } from './ingestion/ingestion-error.ts';
export type { IngestionStats } from './ingestion/ingestion-stats.ts';
export { createWorldIngestion, subscribeIngestion } from './ingestion/create-world-ingestion.ts';
export type { CreateWorldIngestionOptions, WorldIngestionHandle } from './ingestion/create-world-ingestion.ts';
export type { WorldResources } from './ingestion/world-resources.ts';
export { WORLD_SYSTEMS } from './systems/world-systems.ts';

export { ingestObjectUpdate } from './ingest/ingest-object-update.ts';
export { ingestObjectUpdateCompressed } from './ingest/ingest-compressed-update.ts';
export { ingestObjectUpdateCached } from './ingest/ingest-cached-update.ts';
export { ingestImprovedTerseObjectUpdate } from './ingest/ingest-terse-update.ts';
export { ingestKillObject } from './ingest/ingest-kill-object.ts';
export { ingestLayerData } from './ingest/ingest-layer-data.ts';

export { createQueuedObjects, drainCreationQueue } from './systems/creation-system.ts';
export { MAX_EXTRAPOLATION_SECONDS, interpolateMotion, interpolateObjects } from './systems/interpolation-system.ts';
export { updateTransforms, updateWorldTransforms } from './systems/world-transform-system.ts';
export { publishWorldStats } from './systems/stats-system.ts';
export { createObjectEntity, killObject, prewarmEntityPool, releaseEntityPool } from './objects/object-lifecycle.ts';
export { TagBit, hasTag, syncTagComponents } from './objects/object-entities.ts';
export type { ObjectEntities } from './objects/object-entities.ts';
export type { TransformSets } from './objects/transform-sets.ts';
export { linksetRoot } from './objects/linkset.ts';
export { avatarName, findObject, hoverText, liveObjects, nameValuesOf } from './objects/object-queries.ts';

export { CacheMissType, MAX_REQUEST_BATCH } from './tables/object-requests.ts';
export type { RequestObjects } from './tables/object-requests.ts';
export type { HoverText, ObjectNameValues, ObjectSideTables, ObjectSound } from './tables/side-tables.ts';
export { NULL_UUID_INDEX, createUuidTable, findUuid, internUuid, readUuid, uuidText } from './tables/uuid-table.ts';
export type { UuidTable } from './tables/uuid-table.ts';
export { forgetRegion, regionOfSource, setRegionSize, setSourceRegion } from './regions/source-regions.ts';
export type { RegionState } from './regions/region-state.ts';
export { WEATHER_GRID_EDGE, terrainHeightAt } from './regions/region-terrain.ts';
export type { RegionTerrain } from './regions/region-terrain.ts';

export { connectWorld } from './client/world-client.ts';
export type { ChatMessage, WorldClient, WorldClientOptions, WorldClientResources, WorldObject } from './client/world-client.ts';
export { requestObjectsOverSession } from './client/request-objects.ts';
