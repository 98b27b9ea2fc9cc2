import { ExtraParamType, SculptType, addExtraParam } from '@slv/protocol';
import { describe, expect, it } from 'vitest';
import { TagBit, hasTag } from '../objects/object-entities.ts';
import { findObject, hoverText } from '../objects/object-queries.ts';
import { REGION_X, REGION_Y, cachedPacket, compressedPacket, extraParams, killPacket } from '../test-support/packets.test-support.ts';
import type { ObjectSpec } from '../test-support/packets.test-support.ts';
import { componentSnapshot, createTestWorld } from '../test-support/test-world.test-support.ts';
import type { TestWorld } from '../test-support/test-world.test-support.ts';

const at = (t: TestWorld, localId: number): number => findObject(t.ingestion, REGION_X, REGION_Y, localId);
const texture = { face: 1, textureId: '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903' };
const mesh = extraParams((p) => {
  addExtraParam(p, ExtraParamType.Sculpt);
  p.sculpt.textureId.fill(7);
  p.sculpt.type = SculptType.Mesh;
  addExtraParam(p, ExtraParamType.Light);
  p.light.radius = 5;
});

describe('objects coming back', () => {
  it('a killed object re-entering with the blob it was decoded from takes its entity back, as a full decode would leave it', () => {
    const spec: ObjectSpec = { localId: 5, crc: 7, texture, extraParams: mesh, angularVelocity: [0, 0, 1] };
    const a = createTestWorld();
    a.dispatch(compressedPacket([{ ...spec, position: [1, 2, 3] }]));
    const first = at(a, 5);
    a.dispatch(killPacket([5]));
    expect(at(a, 5)).toBe(-1);
    expect(a.ingestion.entities.tagBits[first]).toBe(0);
    // It comes back moved, turned, scaled and with a new CRC: only those are decoded.
    const back: ObjectSpec = { ...spec, crc: 8, position: [4, 5, 6], rotation: [0, 0, Math.SQRT1_2, Math.SQRT1_2], scale: [2, 2, 2] };
    a.dispatch(compressedPacket([back]));
    expect(a.ingestion.stats.objectsRevived).toBe(1);
    expect(at(a, 5)).toBe(first);
    expect(a.ingestion.entities.objectCount).toBe(1);
    const b = createTestWorld();
    b.dispatch(compressedPacket([back]));
    const fresh = at(b, 5);
    expect(componentSnapshot(a, first)).toEqual(componentSnapshot(b, fresh));
    expect(a.ingestion.entities.tagBits[first]).toBe(b.ingestion.entities.tagBits[fresh]);
    expect(hasTag(a.ingestion.entities, first, TagBit.Mesh) && hasTag(a.ingestion.entities, first, TagBit.Light)).toBe(true);
    // The cache holds the update it came back with.
    a.dispatch(killPacket([5]));
    a.dispatch(cachedPacket([{ localId: 5, crc: 8 }]));
    expect(a.requests).toEqual([]);
    expect(a.ingestion.stats.objectsRevived).toBe(2);
    expect(componentSnapshot(a, at(a, 5))).toEqual(componentSnapshot(b, fresh));
  });

  it('a linkset comes back whole: a child rejoins its parent whichever returns first', () => {
    const t = createTestWorld();
    t.dispatch(compressedPacket([{ localId: 1 }, { localId: 2, parentId: 1, position: [1, 0, 0] }]));
    const parent = at(t, 1);
    const child = at(t, 2);
    t.dispatch(killPacket([1]));
    expect(t.ingestion.entities.objectCount).toBe(0);
    t.dispatch(compressedPacket([{ localId: 2, parentId: 1, position: [1, 0, 0] }]));
    t.dispatch(compressedPacket([{ localId: 1 }]));
    expect(t.ingestion.stats.objectsRevived).toBe(2);
    const l = t.ingestion.components.linkset;
    expect([at(t, 1), at(t, 2)]).toEqual([parent, child]);
    expect(t.ingestion.components.identity.parentEid[child]).toBe(parent);
    expect(l.firstChild[parent]).toBe(child);
    expect(l.childCount[parent]).toBe(1);
    expect(l.orphan[child]).toBe(0);
    t.frame();
    const world = t.ingestion.components.world;
    expect(world.valid[child]).toBe(1);
    expect(world.position[child * 3]).toBe(world.position[parent * 3]! + 1);
  });

  it('decodes in full when the blob changed, the object had side data, or its entity went to another object', () => {
    const t = createTestWorld({ capacity: 64, dormantEntities: 2 });
    t.dispatch(compressedPacket([{ localId: 1, texture }, { localId: 2, text: 'hover' }, { localId: 3 }, { localId: 4 }, { localId: 5 }]));
    t.dispatch(killPacket([1, 2, 3, 4, 5]));
    // 1 comes back with another texture; 2 had hover text (kept nowhere after the kill).
    t.dispatch(compressedPacket([{ localId: 1 }, { localId: 2, text: 'hover' }]));
    expect(t.ingestion.stats.objectsRevived).toBe(0);
    expect(hoverText(t.ingestion, at(t, 2))?.text).toBe('hover');
    // The pool kept at most two dormant entities: new objects took the oldest of 3, 4, 5.
    t.dispatch(compressedPacket([{ localId: 10 }]));
    t.dispatch(compressedPacket([{ localId: 3 }, { localId: 4 }, { localId: 5 }]));
    expect(t.ingestion.stats.objectsRevived).toBe(2);
    expect(t.errors).toEqual([]);
  });

  it('with dormantEntities 0 the latest killed entity is reused and nothing is revived', () => {
    const t = createTestWorld({ dormantEntities: 0 });
    t.dispatch(compressedPacket([{ localId: 1 }]));
    const first = at(t, 1);
    t.dispatch(killPacket([1]));
    t.dispatch(compressedPacket([{ localId: 2 }]));
    expect(at(t, 2)).toBe(first);
    t.dispatch(killPacket([2]));
    t.dispatch(compressedPacket([{ localId: 1 }]));
    expect(t.ingestion.stats.objectsRevived).toBe(0);
  });
});
