import { describe, expect, it } from 'vitest';
import { addDrawInstance, createDrawBatches, groupDrawBatches, resetDrawBatches } from './draw-batches.ts';

describe('groupDrawBatches', () => {
  it('makes one batch per distinct mesh slot with its entities contiguous', () => {
    const b = createDrawBatches(16, 8);
    const pairs: [number, number][] = [[10, 3], [11, 5], [12, 3], [13, 3], [14, 0], [15, 5]];
    for (const [eid, slot] of pairs) addDrawInstance(b, eid, slot);
    expect(groupDrawBatches(b)).toBe(3);
    const batches = Array.from({ length: b.batchCount }, (_, k) => ({
      slot: b.batchSlot[k],
      eids: Array.from(b.sortedEid.subarray(b.batchStart[k], b.batchStart[k] + b.batchSize[k])),
    }));
    expect(batches).toEqual([
      { slot: 3, eids: [10, 12, 13] },
      { slot: 5, eids: [11, 15] },
      { slot: 0, eids: [14] },
    ]);
  });

  it('grows batches with distinct meshes, not with objects', () => {
    const b = createDrawBatches(10_000, 64);
    for (let eid = 0; eid < 10_000; eid++) addDrawInstance(b, eid, eid % 4);
    expect(groupDrawBatches(b)).toBe(4);
    expect(Array.from(b.batchSize.subarray(0, 4))).toEqual([2500, 2500, 2500, 2500]);
  });

  it('starts clean after a reset and leaves no slot marked between frames', () => {
    const b = createDrawBatches(4, 4);
    addDrawInstance(b, 1, 2);
    groupDrawBatches(b);
    expect(Array.from(b.slotBatch)).toEqual([-1, -1, -1, -1]);
    resetDrawBatches(b);
    addDrawInstance(b, 7, 1);
    expect(groupDrawBatches(b)).toBe(1);
    expect(b.batchSlot[0]).toBe(1);
    expect(b.sortedEid[0]).toBe(7);
  });

  it('stops at capacity and refuses slots outside the table', () => {
    const b = createDrawBatches(2, 4);
    expect(addDrawInstance(b, 0, 0)).toBe(true);
    expect(addDrawInstance(b, 1, 0)).toBe(true);
    expect(addDrawInstance(b, 2, 0)).toBe(false);
    expect(b.count).toBe(2);
    expect(() => addDrawInstance(createDrawBatches(2, 4), 0, 4)).toThrow(/mesh slot 4 is outside 0..3/);
    expect(() => createDrawBatches(0, 4)).toThrow(/capacity must be an integer/);
  });
});
