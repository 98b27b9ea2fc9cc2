/**
 * `@slv/core`: the ECS core — engine world and SoA components, the entity
 * registry, the phase scheduler with resources and timings, and the worker
 * pool. Isomorphic; Node-only adapters live in `@slv/core/node`.
 */
export { CapacityError } from './errors.ts';

// The one open-addressing hash table, shared with the world's tables.
export { mix32, readI32 } from './hash.ts';
export {
  createHashTable, hashTableClear, hashTableDelete, hashTableFind, hashTableInsertAt, hashTableSet, hashTableSlot,
} from './hash-table.ts';
export type { HashTable } from './hash-table.ts';

export { sortFloat64 } from './sort.ts';
export { seededRandom } from './seeded-random.ts';

export { defineSoA, getSoAInfo, clearSoAEntity, MAX_CAPACITY, MAX_STRIDE } from './soa.ts';
export type { SoA, SoAInfo, SoASchema, FieldSpec, FieldArray, TypedArrayConstructor } from './soa.ts';

export {
  createEngineWorld,
  defineComponent,
  spawnEntity,
  despawnEntity,
  liveEntityCount,
  assertEntityInCapacity,
} from './engine-world.ts';
export type { EngineWorld, EngineWorldOptions, EngineContext } from './engine-world.ts';

export {
  createEntityRegistry,
  addRegion,
  lookupRegion,
  getRegionHandle,
  removeRegion,
  registerObject,
  lookupObject,
  unregisterObject,
  getObjectRegion,
  getObjectLocalId,
  registerFullId,
  lookupFullId,
  unregisterFullId,
  getFullId,
  unregisterEntity,
} from './entity-registry.ts';
export type { EntityRegistry, RegistryHolder } from './entity-registry.ts';
export { DEFAULT_MAX_REGIONS, MAX_REGIONS } from './region-table.ts';

export { PHASES, phaseIndex } from './phases.ts';
export type { Phase } from './phases.ts';

export { createResources, createCamera } from './resources.ts';
export type { Resources, ResourcesInit, FrameTime, FrameStats, Camera } from './resources.ts';

export { createScheduler, addSystem, addSystems, addBoundaryHook, runFrame, getSystemTimings, findSystem } from './scheduler.ts';
export type { Scheduler, SchedulerOptions, System, SystemDef, BoundaryHook } from './scheduler.ts';
export { DEFAULT_HISTORY_LENGTH } from './system-timings.ts';
export type { SystemTimings } from './system-timings.ts';

export type { WorkerLike } from './worker-like.ts';
export { createBrowserWorker, wrapWebWorker } from './browser-worker.ts';
export {
  createWorkerPool,
  submitJob,
  runJob,
  drainWorkerResults,
  pendingJobCount,
  readyResultCount,
  liveWorkerCount,
  terminateWorkerPool,
  JobFailedError,
} from './worker-pool.ts';
export type { WorkerPool, WorkerPoolOptions, WorkerPoolStats, JobResult } from './worker-pool.ts';
export { serveJobs } from './serve-jobs.ts';
export type { JobHandler, JobHandlers, JobPort, NodeJobPort, DomJobPort } from './serve-jobs.ts';
export type { JobRequest, JobReply } from './job-protocol.ts';
export { applyWorkerResultsAtBoundaries } from './worker-results.ts';
