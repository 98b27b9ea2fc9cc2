/**
 * The engine world: a bitecs world with a fixed entity capacity, the SoA
 * components defined for it, and its entity registry. Entity ids run from 0
 * to capacity − 1 and are recycled, so every component array is indexed
 * directly by id and never grows.
 */
import { $internal, addEntity, createEntityIndex, createWorld, entityExists, registerComponent, removeEntity } from 'bitecs';
import type { InternalWorld, World } from 'bitecs';
import { createEntityRegistry, unregisterEntity } from './entity-registry.ts';
import type { EntityRegistry } from './entity-registry.ts';
import { CapacityError } from './errors.ts';
import { assertCapacity, defineSoA, getSoAInfo } from './soa.ts';
import type { SoA, SoASchema } from './soa.ts';

/** bitecs' entity index type, which it does not export by name. */
export type EntityIndex = ReturnType<typeof createEntityIndex>;

export interface EngineWorldOptions {
  /** Maximum number of live entities; every component is sized for it. */
  readonly capacity: number;
  /** Slots in the region table (default 64). */
  readonly maxRegions?: number;
}

export interface EngineContext {
  readonly capacity: number;
  readonly registry: EntityRegistry;
  /** Components made by defineComponent; a spawned entity's slots in them start zeroed. */
  readonly components: object[];
  /** Every field array of those components and its stride, flattened once for spawnEntity's clearing. */
  readonly fieldArrays: { fill(value: number, start: number, end: number): unknown }[];
  readonly fieldStrides: number[];
  /** bitecs' id allocator for this world (unversioned, starting at 0). */
  readonly entityIndex: EntityIndex;
}

export type EngineWorld<T extends object = {}> = World<EngineContext & T>;

/**
 * Creates an engine world. `extra` becomes part of the world object, for
 * fields a later package wants on it with type safety.
 */
export function createEngineWorld<T extends object = {}>(options: EngineWorldOptions, extra?: T): EngineWorld<T> {
  assertCapacity(options.capacity, 'createEngineWorld');
  const entityIndex = createEntityIndex();
  // bitecs hands out ++maxId; start below 0 so ids are 0..capacity-1 and line
  // up with the typed arrays' slots.
  entityIndex.maxId = -1;
  const context: EngineContext = {
    capacity: options.capacity,
    registry: createEntityRegistry(options.capacity, options.maxRegions),
    components: [],
    fieldArrays: [],
    fieldStrides: [],
    entityIndex,
  };
  const world = createWorld({ ...(extra ?? ({} as T)), ...context }, entityIndex) as EngineWorld<T>;
  (world as unknown as InternalWorld)[$internal].entityComponents = new LazyComponentSets(entityIndex);
  return world;
}

/**
 * bitecs' per-entity component sets, each made when bitecs first asks for it.
 * bitecs' addEntity gives every entity a Set of its components and a map
 * entry (about 400 bytes and a microsecond: most of a new object's cost in a
 * region entry), though the engine's components are typed arrays indexed by
 * id and most entities never get a bitecs component. bitecs reaches the sets
 * only through get (addComponent, removeComponent, getEntityComponents,
 * relation cleanup), set (addEntity), delete (removeEntity) and keys
 * (getAllEntities); this map answers each for every live entity.
 * engine-world.test.ts uses each, so a bitecs that uses the map otherwise
 * fails there.
 */
class LazyComponentSets extends Map<number, Set<unknown>> {
  readonly #index: EntityIndex;

  constructor(index: EntityIndex) {
    super();
    this.#index = index;
  }

  override get(eid: number): Set<unknown> | undefined {
    let components = super.get(eid);
    if (components === undefined && entityIdAlive(this.#index, eid)) {
      components = new Set();
      super.set(eid, components);
    }
    return components;
  }

  override keys(): MapIterator<number> {
    return this.#index.dense.slice(0, this.#index.aliveCount).values() as unknown as MapIterator<number>;
  }
}

/** bitecs' isEntityIdAlive for the engine's unversioned index (bitecs does not export it). */
function entityIdAlive(index: EntityIndex, eid: number): boolean {
  const denseIndex = index.sparse[eid];
  return denseIndex !== undefined && denseIndex < index.aliveCount && index.dense[denseIndex] === eid;
}

/**
 * bitecs' addEntityId for the engine's unversioned index (bitecs does not
 * export it): the most recently freed id, else the next never used.
 */
function takeEntityId(index: EntityIndex): number {
  if (index.aliveCount < index.dense.length) {
    const recycled = index.dense[index.aliveCount]!;
    index.sparse[recycled] = index.aliveCount++;
    return recycled;
  }
  const id = ++index.maxId;
  index.dense.push(id);
  index.sparse[id] = index.aliveCount++;
  return id;
}

/**
 * A new entity id, as bitecs' addEntity makes it but without its component
 * set (LazyComponentSets makes that when needed). A world with a Not query
 * goes through addEntity, which matches new entities against such queries.
 */
function addEngineEntity(world: EngineWorld): number {
  const ctx = (world as unknown as InternalWorld)[$internal];
  if (ctx.notQueries.size > 0 || !(ctx.entityComponents instanceof LazyComponentSets)) return addEntity(world);
  return takeEntityId(ctx.entityIndex);
}

/** A SoA component sized for the world's capacity and registered with bitecs. */
export function defineComponent<const S extends SoASchema>(world: EngineWorld, schema: S): SoA<S> {
  const component = defineSoA(schema, world.capacity);
  registerComponent(world, component);
  world.components.push(component);
  const info = getSoAInfo(component)!;
  for (const field of info.fields) {
    world.fieldArrays.push((component as unknown as Record<string, Float64Array>)[field]!);
    world.fieldStrides.push(info.strides[field]!);
  }
  return component;
}

/** Number of live entities. */
export function liveEntityCount(world: EngineWorld): number {
  return world.entityIndex.aliveCount;
}

/**
 * Adds an entity, reusing a freed id when one exists. Its slots in every
 * defineComponent component are zeroed. Throws CapacityError when all
 * `capacity` ids are live.
 *
 * An id above every id handed out before was never alive, so its slots are
 * still the zeros the arrays were made with: only recycled ids are cleared.
 * That keeps a region entry, which spawns thousands of fresh ids, from
 * spending most of its creation time writing zeros over zeros.
 */
export function spawnEntity(world: EngineWorld): number {
  const index = world.entityIndex;
  if (index.aliveCount >= world.capacity) {
    throw new CapacityError(`spawnEntity: all ${world.capacity} entity slots are live`, world.capacity, index.aliveCount + 1);
  }
  const highestHandedOut = index.maxId;
  const eid = addEngineEntity(world);
  if (eid >= world.capacity) {
    // Only reachable when bitecs' addEntity was called directly past capacity.
    removeEntity(world, eid);
    throw new CapacityError(`spawnEntity: entity id ${eid} is outside capacity ${world.capacity}`, world.capacity, eid);
  }
  if (eid <= highestHandedOut) {
    const arrays = world.fieldArrays;
    const strides = world.fieldStrides;
    for (let i = 0; i < arrays.length; i++) {
      const stride = strides[i]!;
      arrays[i]!.fill(0, eid * stride, eid * stride + stride);
    }
  }
  return eid;
}

/** Removes an entity and its registry keys; its id becomes free for reuse. */
export function despawnEntity(world: EngineWorld, eid: number): void {
  assertEntityInCapacity(world, eid);
  if (!entityExists(world, eid)) throw new Error(`despawnEntity: entity ${eid} is not alive`);
  unregisterEntity(world, eid);
  removeEntity(world, eid);
}

/** Throws CapacityError unless `eid` is an integer slot index of this world. */
export function assertEntityInCapacity(world: EngineWorld, eid: number): void {
  if (!Number.isInteger(eid) || eid < 0 || eid >= world.capacity) {
    throw new CapacityError(`entity ${eid} is outside capacity ${world.capacity}`, world.capacity, eid);
  }
}
