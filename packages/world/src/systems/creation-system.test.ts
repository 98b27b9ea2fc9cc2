import { liveEntityCount } from '@slv/core';
import { describe, expect, it } from 'vitest';
import { prewarmEntityPool, releaseEntityPool } from '../objects/object-lifecycle.ts';
import { findObject, liveObjects } from '../objects/object-queries.ts';
import { REGION_X, REGION_Y, compressedPacket, killPacket, objectUpdatePacket, tersePacket } from '../test-support/packets.test-support.ts';
import type { ObjectSpec } from '../test-support/packets.test-support.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';

const at = (t: ReturnType<typeof createTestWorld>, localId: number): number => findObject(t.ingestion, REGION_X, REGION_Y, localId);

/** Sends `count` new objects, 40 per ObjectUpdateCompressed packet. */
function enterRegion(t: ReturnType<typeof createTestWorld>, count: number, firstId = 1): void {
  for (let start = 0; start < count; start += 40) {
    const specs: ObjectSpec[] = [];
    for (let k = start; k < Math.min(count, start + 40); k++) specs.push({ localId: firstId + k, position: [k % 256, (k >> 8) % 256, 30] });
    t.dispatch(compressedPacket(specs));
  }
}

describe('entity creation budget', () => {
  it('spreads a 15 000-object region entry over frames, never creating more than the budget per frame', () => {
    const t = createTestWorld({ capacity: 16384 });
    const budget = t.settings.settings.world.entityCreationBudgetPerFrame;
    expect(budget).toBe(512);
    enterRegion(t, 15000);
    // Before the next frame only the rest of this frame's budget was spent.
    expect(t.ingestion.entities.objectCount).toBe(budget);
    expect(t.ingestion.pending.live).toBe(15000 - budget);
    let frames = 0;
    let previous = t.ingestion.entities.objectCount;
    while (t.ingestion.pending.live > 0) {
      t.frame();
      frames++;
      expect(t.ingestion.entities.objectCount - previous).toBeLessThanOrEqual(budget);
      previous = t.ingestion.entities.objectCount;
    }
    expect(frames).toBe(Math.ceil((15000 - budget) / budget));
    expect(t.ingestion.entities.objectCount).toBe(15000);
    expect(t.ingestion.stats.queued).toBe(15000 - budget);
    expect(t.errors).toEqual([]);
    // Every queued object arrived with its own data.
    const c = t.ingestion.components;
    const e = at(t, 14000);
    expect(c.local.position[e * 3]).toBe(13999 % 256);
    expect(c.world.valid[e]).toBe(1);
  });

  it('a queued object takes the newest update, the motion of a terse update that came after it, and dies with a kill', () => {
    const t = createTestWorld({ overrides: { world: { entityCreationBudgetPerFrame: 1 } } });
    t.dispatch(objectUpdatePacket([{ localId: 1 }, { localId: 2, position: [1, 1, 1] }, { localId: 3 }, { localId: 4 }]));
    expect(t.ingestion.entities.objectCount).toBe(1);
    t.dispatch(objectUpdatePacket([{ localId: 2, position: [2, 2, 2] }]));
    t.dispatch(tersePacket([{ localId: 3, position: [33, 33, 33] }]));
    t.dispatch(killPacket([4]));
    expect(t.requests).toEqual([]);
    for (let k = 0; k < 3; k++) t.frame();
    const c = t.ingestion.components;
    expect(liveObjects(t.ingestion)).toHaveLength(3);
    expect(c.local.position[at(t, 2) * 3]).toBe(2);
    expect(c.local.position[at(t, 3) * 3]).toBe(33);
    expect(at(t, 4)).toBe(-1);
    expect(t.ingestion.pending.live).toBe(0);
  });

  it('a profile or setting change reaches the creation system on the next frame', () => {
    const t = createTestWorld({ capacity: 8192, overrides: { world: { entityCreationBudgetPerFrame: 100 } } });
    enterRegion(t, 3000);
    expect(t.ingestion.entities.objectCount).toBe(100);
    t.frame();
    expect(t.ingestion.entities.objectCount).toBe(200);
    t.settings.update({ world: { entityCreationBudgetPerFrame: 1000 } });
    t.frame();
    expect(t.ingestion.entities.objectCount).toBe(1200);
    t.settings.setProfile('Low');
    t.frame();
    expect(t.ingestion.entities.objectCount).toBe(1200 + t.settings.settings.world.entityCreationBudgetPerFrame);
  });

  it('when the queue is full the budget gives way: objects are created rather than dropped', () => {
    const t = createTestWorld({ pendingBytes: 4096, overrides: { world: { entityCreationBudgetPerFrame: 10 } } });
    enterRegion(t, 200);
    expect(t.ingestion.stats.overBudget).toBeGreaterThan(0);
    expect(t.ingestion.entities.objectCount + t.ingestion.pending.live).toBe(200);
    for (let k = 0; k < 30 && t.ingestion.pending.live > 0; k++) t.frame();
    expect(t.ingestion.entities.objectCount).toBe(200);
  });

  it('every slot live: further objects are dropped and counted, never thrown', () => {
    const t = createTestWorld({ capacity: 50 });
    enterRegion(t, 60);
    expect(t.ingestion.entities.objectCount).toBe(50);
    expect(t.ingestion.stats.capacityDrops).toBe(10);
  });
});

describe('entity pool', () => {
  it('prewarmed entities are used before new ones are spawned, and released ones go back to the engine', () => {
    const t = createTestWorld({ capacity: 64 });
    expect(prewarmEntityPool(t.ingestion, 10)).toBe(10);
    expect(liveEntityCount(t.world)).toBe(10);
    enterRegion(t, 8);
    expect(liveEntityCount(t.world)).toBe(10);
    expect(t.ingestion.entities.freeCount).toBe(2);
    t.dispatch(killPacket([1, 2, 3]));
    expect(t.ingestion.entities.freeCount).toBe(5);
    expect(releaseEntityPool(t.ingestion)).toBe(5);
    expect(liveEntityCount(t.world)).toBe(5);
    expect(prewarmEntityPool(t.ingestion, 1000)).toBe(59);
  });
});
