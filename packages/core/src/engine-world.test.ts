import {
  Not, addComponent, addEntity, entityExists, getAllEntities, getEntityComponents, hasComponent, observe, onAdd, query, removeComponent, removeEntity,
} from 'bitecs';
import { describe, expect, it } from 'vitest';
import { createEngineWorld, defineComponent, despawnEntity, liveEntityCount, spawnEntity } from './engine-world.ts';
import { addRegion, lookupObject, registerFullId, lookupFullId, registerObject } from './entity-registry.ts';
import { CapacityError } from './errors.ts';

describe('engine world', () => {
  it('hands out ids 0..capacity-1 and throws CapacityError beyond', () => {
    const world = createEngineWorld({ capacity: 4 });
    const ids = [spawnEntity(world), spawnEntity(world), spawnEntity(world), spawnEntity(world)];
    expect(ids.sort()).toEqual([0, 1, 2, 3]);
    expect(liveEntityCount(world)).toBe(4);
    let caught: unknown;
    try {
      spawnEntity(world);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CapacityError);
    expect((caught as CapacityError).capacity).toBe(4);
    expect((caught as Error).message).toMatch(/all 4 entity slots are live/);
  });

  it('recycles ids so capacity is reused, and zeroes a recycled slot', () => {
    const world = createEngineWorld({ capacity: 3 });
    const Position = defineComponent(world, { value: [Float32Array, 3] });
    const Health = defineComponent(world, { hp: Uint32Array });
    const a = spawnEntity(world);
    spawnEntity(world);
    spawnEntity(world);
    Position.value.set([1, 2, 3], a * 3);
    Health.hp[a] = 50;
    despawnEntity(world, a);
    expect(entityExists(world, a)).toBe(false);
    const again = spawnEntity(world);
    expect(again).toBe(a);
    expect(Array.from(Position.value.subarray(a * 3, a * 3 + 3))).toEqual([0, 0, 0]);
    expect(Health.hp[a]).toBe(0);
    despawnEntity(world, again);
    for (let round = 0; round < 100; round++) {
      const eid = spawnEntity(world);
      expect(eid).toBeLessThan(3);
      despawnEntity(world, eid);
    }
    expect(liveEntityCount(world)).toBe(2);
  });

  it('works with bitecs components, queries and observers, including entity 0', () => {
    const world = createEngineWorld({ capacity: 8 });
    const Position = defineComponent(world, { x: Float32Array });
    const Velocity = defineComponent(world, { x: Float32Array });
    const added: number[] = [];
    observe(world, onAdd(Position), (eid) => {
      added.push(eid);
    });
    const e0 = spawnEntity(world);
    const e1 = spawnEntity(world);
    expect(e0).toBe(0);
    addComponent(world, e0, Position);
    addComponent(world, e0, Velocity);
    addComponent(world, e1, Position);
    Velocity.x[e0] = 2;
    for (const eid of query(world, [Position, Velocity])) Position.x[eid] += Velocity.x[eid];
    expect(Position.x[e0]).toBe(2);
    expect(Array.from(query(world, [Position])).sort()).toEqual([0, 1]);
    expect(added).toEqual([0, 1]);
    removeComponent(world, e0, Velocity);
    expect(hasComponent(world, e0, Velocity)).toBe(false);
    expect(Array.from(query(world, [Position, Velocity]))).toEqual([]);
    despawnEntity(world, e0);
    expect(Array.from(query(world, [Position]))).toEqual([1]);
  });

  it('spawned entities are whole bitecs entities, though their component sets are made only when bitecs needs them', () => {
    const world = createEngineWorld({ capacity: 8 });
    const Position = defineComponent(world, { x: Float32Array });
    const ids = [spawnEntity(world), spawnEntity(world), spawnEntity(world)];
    expect(ids.every((eid) => entityExists(world, eid))).toBe(true);
    expect([...getAllEntities(world)].sort()).toEqual([0, 1, 2]);
    expect(getEntityComponents(world, 1)).toEqual([]);
    addComponent(world, 1, Position);
    expect(getEntityComponents(world, 1)).toEqual([Position]);
    expect(hasComponent(world, 0, Position)).toBe(false);
    removeComponent(world, 1, Position);
    expect(getEntityComponents(world, 1)).toEqual([]);
    addComponent(world, 2, Position);
    despawnEntity(world, 2);
    expect(Array.from(query(world, [Position]))).toEqual([]);
    expect([...getAllEntities(world)].sort()).toEqual([0, 1]);
    // The freed id comes back first and starts with no components.
    expect(spawnEntity(world)).toBe(2);
    expect(getEntityComponents(world, 2)).toEqual([]);
    // Mixed with bitecs' own addEntity.
    const direct = addEntity(world);
    expect(direct).toBe(3);
    addComponent(world, direct, Position);
    expect(spawnEntity(world)).toBe(4);
    expect(Array.from(query(world, [Position]))).toEqual([3]);
  });

  it('a Not query sees entities spawned after it was made', () => {
    const world = createEngineWorld({ capacity: 8 });
    const Hidden = defineComponent(world, { x: Float32Array });
    const a = spawnEntity(world);
    expect(Array.from(query(world, [Not(Hidden)]))).toEqual([a]);
    const b = spawnEntity(world);
    addComponent(world, a, Hidden);
    expect(Array.from(query(world, [Not(Hidden)]))).toEqual([b]);
  });

  it('despawnEntity drops the registry keys and rejects dead or out-of-range ids', () => {
    const world = createEngineWorld({ capacity: 4 });
    const region = addRegion(world, 256000, 256000);
    const uuid = new Uint8Array(16).fill(0xab);
    const eid = spawnEntity(world);
    registerObject(world, region, 1234, eid);
    registerFullId(world, uuid, 0, eid);
    despawnEntity(world, eid);
    expect(lookupObject(world, region, 1234)).toBe(-1);
    expect(lookupFullId(world, uuid, 0)).toBe(-1);
    expect(() => despawnEntity(world, eid)).toThrow(/entity 0 is not alive/);
    expect(() => despawnEntity(world, 4)).toThrow(CapacityError);
  });

  it('carries extra context fields on the world with their types', () => {
    const world = createEngineWorld({ capacity: 2 }, { label: 'test', counter: 0 });
    world.counter += 1;
    expect(world.label).toBe('test');
    expect(world.counter).toBe(1);
    expect(world.capacity).toBe(2);
  });
});

describe('engine world capacity guard', () => {
  it('refuses an id past capacity even when bitecs addEntity was used directly', () => {
    const world = createEngineWorld({ capacity: 2 });
    addEntity(world);
    addEntity(world);
    const beyond = addEntity(world);
    expect(beyond).toBe(2);
    removeEntity(world, 0);
    removeEntity(world, 1);
    removeEntity(world, 2);
    // Recycling hands back the most recently freed id first: 2, past capacity.
    expect(() => spawnEntity(world)).toThrow(/entity id 2 is outside capacity 2/);
  });
});
