import { ExtraParamType, PCode, SculptType, addExtraParam } from '@slv/protocol';
import { hasComponent, query } from 'bitecs';
import { describe, expect, it } from 'vitest';
import { TagBit, hasTag, syncTagComponents } from '../objects/object-entities.ts';
import { avatarName, findObject, hoverText, liveObjects } from '../objects/object-queries.ts';
import {
  REGION_X, REGION_Y, cachedPacket, compressedPacket, extraParams, killPacket, objectUpdatePacket, tersePacket, uuidFor,
} from '../test-support/packets.test-support.ts';
import { componentSnapshot, createTestWorld } from '../test-support/test-world.test-support.ts';
import type { TestWorld } from '../test-support/test-world.test-support.ts';
import { uuidText } from '../tables/uuid-table.ts';

const at = (t: TestWorld, localId: number): number => findObject(t.ingestion, REGION_X, REGION_Y, localId);
const pos = (t: TestWorld, eid: number): number[] => [...t.ingestion.components.local.position.subarray(eid * 3, eid * 3 + 3)];

describe('ImprovedTerseObjectUpdate', () => {
  it('moves the entity its local id names and no other', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([1, 2, 3, 4, 5].map((localId) => ({ localId, position: [localId, 0, 20] }))));
    t.dispatch(tersePacket([{ localId: 3, position: [33, 44, 55], velocity: [1, 0, 0], rotation: [0, 0, Math.SQRT1_2, Math.SQRT1_2] }]));
    const c = t.ingestion.components;
    expect(pos(t, at(t, 3))).toEqual([33, 44, 55]);
    for (const id of [1, 2, 4, 5]) expect(pos(t, at(t, id))).toEqual([id, 0, 20]);
    const e = at(t, 3);
    expect(c.motion.velocity[e * 3]).toBeCloseTo(1, 2);
    expect(c.local.rotation[e * 4 + 2]).toBeCloseTo(Math.SQRT1_2, 4);
    expect(c.motion.updateTimeMs[e]).toBe(t.clock.now);
  });

  it('moves avatars (60-byte data with the collision plane) and applies a terse TextureEntry', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 7, pcode: PCode.Avatar }, { localId: 8 }]));
    const texture = '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903';
    t.dispatch(tersePacket([{ localId: 7, pcode: PCode.Avatar, position: [10, 20, 30] }, { localId: 8, texture: { face: 2, textureId: texture } }]));
    const c = t.ingestion.components;
    expect(pos(t, at(t, 7))).toEqual([10, 20, 30]);
    expect(c.motion.collisionPlane[at(t, 7) * 4 + 3]).toBe(-20);
    const e = at(t, 8);
    expect(uuidText(t.ingestion.tables.assets, c.textures.textureIndex[e * 9 + 2])).toBe(texture);
    expect(c.textures.textureIndex[e * 9]).toBe(0);
  });

  it('a terse TextureEntry repeated is not decoded again, but one after a full update is', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 8 }]));
    const a = '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903';
    const b = '5748decc-f629-461c-9a36-a35a221fe21f';
    const face = (): string => uuidText(t.ingestion.tables.assets, t.ingestion.components.textures.textureIndex[at(t, 8) * 9 + 1]);
    t.dispatch(tersePacket([{ localId: 8, texture: { face: 1, textureId: a } }]));
    expect(face()).toBe(a);
    expect(t.ingestion.tables.side.terseTextureEntry.has(at(t, 8))).toBe(true);
    t.dispatch(tersePacket([{ localId: 8, texture: { face: 1, textureId: b } }]));
    expect(face()).toBe(b);
    t.dispatch(objectUpdatePacket([{ localId: 8, texture: { face: 1, textureId: a } }]));
    expect(face()).toBe(a);
    expect(t.ingestion.tables.side.terseTextureEntry.has(at(t, 8))).toBe(false);
    t.dispatch(tersePacket([{ localId: 8, texture: { face: 1, textureId: b } }]));
    expect(face()).toBe(b);
  });

  it('asks for an unknown object once, not again while the request is fresh', () => {
    const t = createTestWorld();
    t.dispatch(tersePacket([{ localId: 99 }, { localId: 98 }]));
    t.dispatch(tersePacket([{ localId: 99 }]));
    expect(t.requests).toEqual([{ regionIndex: 0, ids: [99, 98], types: [0, 0] }]);
    t.clock.now += 6000;
    t.dispatch(tersePacket([{ localId: 99 }]));
    expect(t.requests).toHaveLength(2);
  });
});

describe('full and compressed updates', () => {
  it('keeps hover text, NameValue, tags and owner, and rewrites them when they change', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([
      { localId: 1, pcode: PCode.Avatar, nameValue: 'FirstName STRING RW SV Ada\nLastName STRING RW SV Lovelace' },
      { localId: 2, text: 'For sale' },
    ]));
    const ing = t.ingestion;
    expect(avatarName(ing, at(t, 1))).toEqual({ first: 'Ada', last: 'Lovelace' });
    expect(hoverText(ing, at(t, 2))).toEqual({ text: 'For sale', color: new Uint8Array([255, 255, 255, 255]), bytes: expect.any(Uint8Array) });
    const { AvatarTag, PrimTag } = ing.components;
    syncTagComponents(ing.world, ing.entities);
    expect([...query(ing.world, [AvatarTag])]).toEqual([at(t, 1)]);
    expect([...query(ing.world, [PrimTag])]).toEqual([at(t, 2)]);
    expect(uuidText(ing.tables.assets, ing.components.identity.ownerIndex[at(t, 2)])).toBe('11111111-2222-3333-4444-555555555555');
    t.dispatch(objectUpdatePacket([{ localId: 2, text: '' }]));
    expect(hoverText(ing, at(t, 2))).toBeUndefined();
  });

  it('writes sculpt/mesh, flexible and light parameters with their tags, and removes them when they go', () => {
    const t = createTestWorld();
    const mesh = extraParams((p) => {
      addExtraParam(p, ExtraParamType.Sculpt);
      p.sculpt.textureId.fill(7);
      p.sculpt.type = SculptType.Mesh;
      addExtraParam(p, ExtraParamType.Flexible);
      p.flexible.tension = 2;
      addExtraParam(p, ExtraParamType.Light);
      p.light.radius = 5;
    });
    t.dispatch(compressedPacket([{ localId: 5, extraParams: mesh }]));
    const ing = t.ingestion;
    const c = ing.components;
    const e = at(t, 5);
    expect(hasTag(ing.entities, e, TagBit.Mesh) && hasTag(ing.entities, e, TagBit.Flexible) && hasTag(ing.entities, e, TagBit.Light)).toBe(true);
    syncTagComponents(ing.world, ing.entities);
    expect(hasComponent(ing.world, e, c.MeshTag)).toBe(true);
    expect(hasComponent(ing.world, e, c.FlexibleTag)).toBe(true);
    expect(hasComponent(ing.world, e, c.LightTag)).toBe(true);
    expect(uuidText(ing.tables.assets, c.sculpt.assetIndex[e])).toBe('07070707-0707-0707-0707-070707070707');
    expect(c.flexible.tension[e]).toBe(2);
    expect(c.light.radius[e]).toBe(5);
    t.dispatch(compressedPacket([{ localId: 5 }]));
    expect(hasTag(ing.entities, e, TagBit.Mesh) || hasTag(ing.entities, e, TagBit.Sculpt) || hasTag(ing.entities, e, TagBit.Light)).toBe(false);
    syncTagComponents(ing.world, ing.entities);
    expect(hasComponent(ing.world, e, c.MeshTag)).toBe(false);
    expect(hasComponent(ing.world, e, c.SculptTag)).toBe(false);
    expect(hasComponent(ing.world, e, c.LightTag)).toBe(false);
    expect(c.light.radius[e]).toBe(0);
  });

  it('a local id taken by another object (another FullID) replaces the old object and its linkset', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1 }, { localId: 2, parentId: 1 }]));
    t.dispatch(objectUpdatePacket([{ localId: 1, fullId: uuidFor(1001) }]));
    const ing = t.ingestion;
    expect(liveObjects(ing)).toHaveLength(1);
    expect(ing.stats.objectsKilled).toBe(2);
  });

  it('an object seen again under a new local id (same FullID) leaves its old entity', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1, fullId: uuidFor(5000) }]));
    t.dispatch(objectUpdatePacket([{ localId: 2, fullId: uuidFor(5000) }]));
    expect(liveObjects(t.ingestion)).toHaveLength(1);
    expect(at(t, 1)).toBe(-1);
    expect(at(t, 2)).toBeGreaterThanOrEqual(0);
  });

  it('recycles a killed object entity for the next object with nothing left of the old one', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1, text: 'old', velocity: [1, 0, 0] }]));
    const first = at(t, 1);
    t.dispatch(compressedPacket([{ localId: 1, fullId: uuidFor(77) }]));
    const second = at(t, 1);
    expect(second).toBe(first);
    expect(hoverText(t.ingestion, second)).toBeUndefined();
    expect(t.ingestion.sets.movingCount).toBe(0);
    expect(t.ingestion.components.motion.velocity[second * 3]).toBe(0);
  });
});

describe('compressed updates of unchanged objects', () => {
  const snapshot = componentSnapshot;

  it('decodes only the motion of a blob equal to the last one but for position, with the same result as a full decode', () => {
    const spec = { localId: 5, crc: 7, text: 'x', texture: { face: 1, textureId: '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903' }, angularVelocity: [0, 0, 1] as const };
    const a = createTestWorld();
    a.dispatch(compressedPacket([{ ...spec, position: [1, 2, 3] }]));
    a.dispatch(compressedPacket([{ ...spec, position: [4, 5, 6], rotation: [0, 0, Math.SQRT1_2, Math.SQRT1_2], scale: [2, 2, 2] }]));
    expect(a.ingestion.stats.motionOnlyUpdates).toBe(1);
    const b = createTestWorld();
    b.dispatch(compressedPacket([{ ...spec, position: [4, 5, 6], rotation: [0, 0, Math.SQRT1_2, Math.SQRT1_2], scale: [2, 2, 2] }]));
    expect(b.ingestion.stats.motionOnlyUpdates).toBe(0);
    expect(snapshot(a, at(a, 5))).toEqual(snapshot(b, at(b, 5)));
  });

  it('does the same for full ObjectUpdates of a moved object with a new CRC, and the cache then restores the new position', () => {
    const spec = { localId: 6, nameValue: 'A STRING RW SV b', texture: { face: 2, textureId: '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903' } };
    const a = createTestWorld();
    a.dispatch(objectUpdatePacket([{ ...spec, crc: 1, position: [1, 2, 3] }]));
    a.dispatch(objectUpdatePacket([{ ...spec, crc: 2, position: [7, 8, 9], velocity: [1, 0, 0], scale: [3, 3, 3] }]));
    expect(a.ingestion.stats.motionOnlyUpdates).toBe(1);
    const b = createTestWorld();
    b.dispatch(objectUpdatePacket([{ ...spec, crc: 2, position: [7, 8, 9], velocity: [1, 0, 0], scale: [3, 3, 3] }]));
    expect(snapshot(a, at(a, 6))).toEqual(snapshot(b, at(b, 6)));
    a.dispatch(killPacket([6]));
    a.dispatch(cachedPacket([{ localId: 6, crc: 2 }]));
    expect(a.requests).toEqual([]);
    expect(pos(a, at(a, 6))).toEqual([7, 8, 9]);
  });

  it('decodes in full when anything else differs (same CRC, another texture) or a full update came in between', () => {
    const t = createTestWorld();
    t.dispatch(compressedPacket([{ localId: 5, crc: 7 }]));
    const texture = '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903';
    t.dispatch(compressedPacket([{ localId: 5, crc: 7, texture: { face: 0, textureId: texture } }]));
    expect(t.ingestion.stats.motionOnlyUpdates).toBe(0);
    expect(uuidText(t.ingestion.tables.assets, t.ingestion.components.textures.textureIndex[at(t, 5) * 9])).toBe(texture);
    t.dispatch(objectUpdatePacket([{ localId: 5, crc: 7, text: 'full' }]));
    t.dispatch(compressedPacket([{ localId: 5, crc: 7, texture: { face: 0, textureId: texture } }]));
    expect(t.ingestion.stats.motionOnlyUpdates).toBe(0);
    expect(hoverText(t.ingestion, at(t, 5))).toBeUndefined();
    t.dispatch(compressedPacket([{ localId: 5, crc: 7, texture: { face: 0, textureId: texture } }]));
    expect(t.ingestion.stats.motionOnlyUpdates).toBe(1);
  });
});
