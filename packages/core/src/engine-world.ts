/**
 * The engine world: a bitecs world with a fixed entity capacity, the SoA
 * components defined for it, and its entity registry. Entity ids run from 0
 * to capacity − 1 and are recycled, so every component array is indexed
 * directly by id and never grows.
 */
import { addEntity, createEntityIndex, createWorld, entityExists, registerComponent, removeEntity } from 'bitecs';
import type { World } from 'bitecs';
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
  return createWorld({ ...(extra ?? ({} as T)), ...context }, entityIndex) as EngineWorld<T>;
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
  const eid = addEntity(world);
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
