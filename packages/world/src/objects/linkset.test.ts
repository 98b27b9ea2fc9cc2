import { PCode } from '@slv/protocol';
import { describe, expect, it } from 'vitest';
import { linksetRoot } from './linkset.ts';
import { findObject, liveObjects } from './object-queries.ts';
import { REGION_X, REGION_Y, compressedPacket, killPacket, objectUpdatePacket } from '../test-support/packets.test-support.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';

const at = (localId: number, t: ReturnType<typeof createTestWorld>): number => findObject(t.ingestion, REGION_X, REGION_Y, localId);
const worldPos = (t: ReturnType<typeof createTestWorld>, eid: number): number[] =>
  [...t.ingestion.components.world.position.subarray(eid * 3, eid * 3 + 3)].map((v) => Math.round(v * 1e4) / 1e4);

// A quarter turn about z: (x, y, z, w).
const QUARTER_Z: [number, number, number, number] = [0, 0, Math.SQRT1_2, Math.SQRT1_2];

describe('linksets', () => {
  it('a child that arrives before its parent waits, then joins it and gets parent ∘ child world transforms', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 11, parentId: 10, position: [1, 0, 0] }]));
    t.frame();
    const child = at(11, t);
    const c = t.ingestion.components;
    expect(c.linkset.orphan[child]).toBe(1);
    expect(c.world.valid[child]).toBe(0);

    t.dispatch(objectUpdatePacket([{ localId: 10, position: [100, 50, 20], rotation: QUARTER_Z }]));
    t.frame();
    const parent = at(10, t);
    expect(c.identity.parentEid[child]).toBe(parent);
    expect(c.linkset.firstChild[parent]).toBe(child);
    expect(c.linkset.childCount[parent]).toBe(1);
    expect(c.linkset.orphan[child]).toBe(0);
    expect(c.world.valid[child]).toBe(1);
    // The child's +x offset turns into +y under the parent's quarter turn.
    expect(worldPos(t, child)).toEqual([100, 51, 20]);
    expect(linksetRoot(t.ingestion, child)).toBe(parent);
  });

  it('several orphans of one parent are all adopted, and a grandchild follows its grandparent', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([
      { localId: 21, parentId: 20, position: [0, 1, 0] },
      { localId: 22, parentId: 20, position: [0, 2, 0] },
      { localId: 23, parentId: 21, position: [0, 0, 1] },
    ]));
    t.dispatch(objectUpdatePacket([{ localId: 20, position: [10, 10, 10] }]));
    t.frame();
    const c = t.ingestion.components;
    expect(c.linkset.childCount[at(20, t)]).toBe(2);
    expect(worldPos(t, at(23, t))).toEqual([10, 11, 11]);
    // Moving the root moves the whole linkset on the next frame.
    t.dispatch(objectUpdatePacket([{ localId: 20, position: [30, 10, 10] }]));
    t.frame();
    expect(worldPos(t, at(22, t))).toEqual([30, 12, 10]);
    expect(worldPos(t, at(23, t))).toEqual([30, 11, 11]);
  });

  it('KillObject of the root removes the whole linkset; other objects stay', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([
      { localId: 30 },
      { localId: 31, parentId: 30 },
      { localId: 32, parentId: 30 },
      { localId: 33, parentId: 31 },
      { localId: 40 },
    ]));
    expect(liveObjects(t.ingestion)).toHaveLength(5);
    t.dispatch(killPacket([30]));
    t.frame();
    expect(liveObjects(t.ingestion).map((e) => t.ingestion.components.identity.localId[e])).toEqual([40]);
    expect(t.ingestion.stats.objectsKilled).toBe(4);
    for (const id of [30, 31, 32, 33]) expect(at(id, t)).toBe(-1);
  });

  it('KillObject of a child removes it and its children from the parent list only', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 50 }, { localId: 51, parentId: 50 }, { localId: 52, parentId: 50 }, { localId: 53, parentId: 51 }]));
    t.dispatch(killPacket([51]));
    const c = t.ingestion.components;
    const root = at(50, t);
    expect(c.linkset.childCount[root]).toBe(1);
    expect(c.linkset.firstChild[root]).toBe(at(52, t));
    expect(at(53, t)).toBe(-1);
  });

  it('an avatar sitting on a killed prim stands up where it was instead of vanishing', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 60, position: [50, 60, 30] }]));
    t.dispatch(objectUpdatePacket([{ localId: 61, parentId: 60, pcode: PCode.Avatar, position: [0, 0, 1] }]));
    t.frame();
    t.dispatch(killPacket([60]));
    t.frame();
    const avatar = at(61, t);
    expect(avatar).toBeGreaterThanOrEqual(0);
    expect(t.ingestion.components.identity.parentEid[avatar]).toBe(-1);
    expect(worldPos(t, avatar)).toEqual([50, 60, 31]);
  });

  it('relinking moves a prim from one parent to another, and unlinking makes it a root', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 70, position: [10, 0, 0] }, { localId: 71, position: [20, 0, 0] }, { localId: 72, parentId: 70, position: [1, 0, 0] }]));
    t.dispatch(objectUpdatePacket([{ localId: 72, parentId: 71, position: [1, 0, 0] }]));
    t.frame();
    const c = t.ingestion.components;
    expect(c.linkset.childCount[at(70, t)]).toBe(0);
    expect(c.linkset.firstChild[at(71, t)]).toBe(at(72, t));
    expect(worldPos(t, at(72, t))).toEqual([21, 0, 0]);
    t.dispatch(compressedPacket([{ localId: 72, position: [5, 5, 5] }]));
    t.frame();
    expect(c.linkset.childCount[at(71, t)]).toBe(0);
    expect(worldPos(t, at(72, t))).toEqual([5, 5, 5]);
  });

  it('refuses a parent that would make a cycle, and reports it', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 80 }, { localId: 81, parentId: 80 }]));
    t.dispatch(objectUpdatePacket([{ localId: 80, parentId: 81 }]));
    t.frame();
    const c = t.ingestion.components;
    expect(c.identity.parentEid[at(80, t)]).toBe(-1);
    expect(c.identity.parentEid[at(81, t)]).toBe(at(80, t));
    expect(t.ingestion.stats.cyclesRefused).toBe(1);
    expect(t.errors[0]!.message).toMatch(/ParentID 81 would make the object its own ancestor/);
    // A parent that names itself is a cycle too.
    t.dispatch(objectUpdatePacket([{ localId: 90, parentId: 90 }]));
    expect(t.ingestion.stats.cyclesRefused).toBe(2);
    expect(c.identity.parentEid[at(90, t)]).toBe(-1);
    expect(c.linkset.orphan[at(90, t)]).toBe(0);
  });
});
