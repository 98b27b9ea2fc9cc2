/**
 * @slv/world: world ingestion. Bus handlers decode object updates (full,
 * terse, compressed, cached), kills and terrain layers straight into SoA
 * components, allocating nothing per update in steady state; systems create
 * queued objects under a per-frame budget, interpolate motion and compute
 * world transforms. Isomorphic. See README.md for the components and
 * schedule.ts for the frame order.
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
} from './world-components.ts';
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
} from './world-components.ts';

export { IngestionError, createIngestion, createObjectWorld } from './world-ingestion.ts';
export type { IngestionStats, WorldIngestion, WorldIngestionOptions } from './world-ingestion.ts';
export { createWorldIngestion, subscribeIngestion } from './create-world-ingestion.ts';
export type { WorldIngestionHandle } from './create-world-ingestion.ts';
export { scheduleWorldSystems, worldSystems } from './schedule.ts';
export type { WorldResources } from './creation-system.ts';

export { ingestObjectUpdate } from './ingest-object-update.ts';
export { ingestObjectUpdateCompressed } from './ingest-compressed-update.ts';
export { ingestObjectUpdateCached } from './ingest-cached-update.ts';
export { ingestImprovedTerseObjectUpdate } from './ingest-terse-update.ts';
export { ingestKillObject } from './ingest-kill-object.ts';
export { ingestLayerData } from './ingest-layer-data.ts';

export { drainCreationQueue } from './creation-system.ts';
export { MAX_EXTRAPOLATION_SECONDS, interpolateMotion } from './interpolation-system.ts';
export { updateWorldTransforms } from './world-transform-system.ts';
export { createObjectEntity, killObject, prewarmEntityPool, releaseEntityPool } from './object-lifecycle.ts';
export { linksetRoot } from './linkset.ts';

export { CacheMissType, MAX_REQUEST_BATCH } from './object-requests.ts';
export type { RequestObjects } from './object-requests.ts';
export { forgetRegion, regionOfSource, setRegionSize, setSourceRegion } from './source-regions.ts';
export { WEATHER_GRID_EDGE, terrainHeightAt } from './region-terrain.ts';
export type { RegionTerrain } from './region-terrain.ts';
export type { HoverText, ObjectNameValues, ObjectSideTables, ObjectSound } from './side-tables.ts';
export { NULL_UUID_INDEX, findUuid, internUuid, readUuid, uuidText } from './uuid-table.ts';
export type { UuidTable } from './uuid-table.ts';
export { avatarName, findObject, hoverText, liveObjects, nameValuesOf } from './object-queries.ts';
