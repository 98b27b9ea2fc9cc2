/**
 * Every Second Life 2017 object packet (region "Izanagi") ingests. Expected
 * values are read from the raw bytes and node-metaverse's recorded decode
 * beside each capture, not from our decoders.
 */
import { readFileSync } from 'node:fs';
import { PCode } from '@slv/protocol';
import { describeWithShared, sharedPath } from '@slv/testing';
import { expect, it } from 'vitest';
import { findObject, liveObjects } from '../objects/object-queries.ts';
import { CacheMissType } from '../tables/object-requests.ts';
import { compressedPacket, killPacket, objectUpdatePacket } from '../test-support/packets.test-support.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';

const SL = 'fixtures/secondlife-2017';
const NAMES = [
  'ObjectUpdateMessageZL',
  'ImprovedTerseObjectUpdateMessageL',
  'ObjectUpdateCompressedMessageL',
  'ObjectUpdateCachedMessageL',
  'KillObjectMessageL',
] as const;

/** The region handle of every capture: high 264448, low 282112. */
const HI = 264448;
const LO = 282112;
const HANDLE = (BigInt(HI) << 32n) | BigInt(LO);

function packet(name: string): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath(`${SL}/${name}.packet`)));
}

interface Recorded {
  packet: { message: { ObjectData: Record<string, unknown>[] } };
}

function recorded(name: string): Record<string, unknown>[] {
  return (JSON.parse(readFileSync(sharedPath(`${SL}/${name}.json`), 'utf8')) as Recorded).packet.message.ObjectData;
}

function bytesOf(field: unknown): Uint8Array {
  return Uint8Array.from((field as { data: number[] }).data);
}

const u32 = (b: Uint8Array, o: number): number => new DataView(b.buffer, b.byteOffset).getUint32(o, true);
const f32 = (b: Uint8Array, o: number): number => new DataView(b.buffer, b.byteOffset).getFloat32(o, true);

describeWithShared('Second Life 2017 object packets', NAMES.flatMap((n) => [`${SL}/${n}.packet`, `${SL}/${n}.json`]), () => {
  it('ingests every one of them in sequence without a decode error', () => {
    const t = createTestWorld();
    for (const name of NAMES) t.dispatch(packet(name));
    t.frame();
    expect(t.errors).toEqual([]);
    expect(t.ingestion.stats.objectUpdateBlocks).toBe(1);
    expect(t.ingestion.stats.compressedUpdateBlocks).toBe(3);
    expect(t.ingestion.stats.terseUpdateBlocks).toBe(12);
    expect(t.ingestion.stats.cachedProbes).toBe(34);
    expect(t.ingestion.stats.killBlocks).toBe(6);
    expect(liveObjects(t.ingestion)).toHaveLength(4);
  });

  it('ObjectUpdate: a child prim with a light waits for its parent, with its scale, CRC, flags and faces', () => {
    const t = createTestWorld();
    t.dispatch(packet('ObjectUpdateMessageZL'));
    t.frame();
    const expected = recorded('ObjectUpdateMessageZL')[0]!;
    const eid = findObject(t.ingestion, HI, LO, 579529457);
    expect(eid).toBeGreaterThanOrEqual(0);
    const c = t.ingestion.components;
    expect(c.identity.crc[eid]).toBe(expected.CRC);
    expect(c.identity.updateFlags[eid]).toBe(expected.UpdateFlags);
    expect(c.identity.parentLocalId[eid]).toBe(579529483);
    expect(c.identity.parentEid[eid]).toBe(-1);
    expect(c.linkset.orphan[eid]).toBe(1);
    // Its parent never came: no world transform yet.
    expect(c.world.valid[eid]).toBe(0);
    const scale = (expected.Scale as { values: Record<string, number> }).values;
    expect([...c.local.scale.subarray(eid * 3, eid * 3 + 3)]).toEqual([scale['0'], scale['1'], scale['2']]);
    const motion = bytesOf(expected.ObjectData);
    expect(motion).toHaveLength(60);
    expect(c.local.position[eid * 3]).toBe(f32(motion, 0));
    expect(c.local.position[eid * 3 + 2]).toBe(f32(motion, 8));
    // ExtraParams: a light of colour (255, 128, 0) bytes, intensity 255, radius 10, falloff 1.
    const extra = bytesOf(expected.ExtraParams);
    expect(extra[1] | (extra[2] << 8)).toBe(0x20);
    expect([...c.light.color.subarray(eid * 3, eid * 3 + 3)]).toEqual([1, Math.fround(128 / 255), 0]);
    expect(c.light.intensity[eid]).toBe(1);
    expect(c.light.radius[eid]).toBe(10);
    expect(c.light.falloff[eid]).toBe(1);
    // The TextureEntry has per-face exceptions: more than one texture over the faces.
    const textures = new Set(c.textures.textureIndex.subarray(eid * 9, eid * 9 + 9));
    expect(textures.size).toBeGreaterThan(1);
    expect(c.textures.faceCount[eid]).toBeGreaterThan(1);
  });

  it('ObjectUpdateCompressed: three objects with the local ids, CRCs and UpdateFlags of their blobs', () => {
    const t = createTestWorld();
    t.dispatch(packet('ObjectUpdateCompressedMessageL'));
    t.frame();
    const c = t.ingestion.components;
    const blocks = recorded('ObjectUpdateCompressedMessageL');
    expect(blocks).toHaveLength(3);
    for (const block of blocks) {
      const blob = bytesOf(block.Data);
      const eid = findObject(t.ingestion, HI, LO, u32(blob, 16));
      expect(eid).toBeGreaterThanOrEqual(0);
      expect(c.identity.pcode[eid]).toBe(blob[20]);
      expect(c.identity.crc[eid]).toBe(u32(blob, 22));
      expect(c.identity.updateFlags[eid]).toBe(block.UpdateFlags);
      expect(c.local.scale[eid * 3]).toBe(f32(blob, 28));
      expect(c.local.position[eid * 3]).toBe(f32(blob, 40));
      expect(c.world.valid[eid]).toBe(1);
    }
    expect(t.errors).toEqual([]);
  });

  it('ImprovedTerseObjectUpdate: asks for its 12 unknown objects in one request, then moves them once known', () => {
    const t = createTestWorld();
    const blocks = recorded('ImprovedTerseObjectUpdateMessageL');
    const ids = blocks.map((b) => u32(bytesOf(b.Data), 0));
    t.dispatch(packet('ImprovedTerseObjectUpdateMessageL'));
    expect(t.requests).toEqual([{ regionIndex: 0, ids, types: ids.map(() => CacheMissType.Full) }]);

    // Now the objects exist (made here at the origin); the same terse packet moves each to its own position.
    const avatars = blocks.map((b) => bytesOf(b.Data)[5] !== 0);
    t.dispatch(objectUpdatePacket(ids.map((localId, k) => ({ localId, position: [0, 0, 0], pcode: avatars[k] ? PCode.Avatar : PCode.Prim })), HANDLE));
    t.dispatch(packet('ImprovedTerseObjectUpdateMessageL'));
    const c = t.ingestion.components;
    blocks.forEach((block, k) => {
      const data = bytesOf(block.Data);
      const at = avatars[k] ? 22 : 6;
      const eid = findObject(t.ingestion, HI, LO, ids[k]!);
      expect([...c.local.position.subarray(eid * 3, eid * 3 + 3)]).toEqual([f32(data, at), f32(data, at + 4), f32(data, at + 8)]);
      // A terse TextureEntry (U32 length + entry) replaces the faces.
      if (bytesOf(block.TextureEntry).length > 0) expect(c.textures.textureIndex[eid * 9]).toBeGreaterThan(0);
    });
    expect(t.errors).toEqual([]);
  });

  it('ObjectUpdateCached: 34 unknown objects are asked for in one RequestMultipleObjects; cached ones are restored', () => {
    const t = createTestWorld();
    const probes = recorded('ObjectUpdateCachedMessageL') as { ID: number; CRC: number; UpdateFlags: number }[];
    t.dispatch(packet('ObjectUpdateCachedMessageL'));
    expect(t.requests).toHaveLength(1);
    expect(t.requests[0]!.ids).toEqual(probes.map((p) => p.ID));
    expect(t.requests[0]!.types.every((type) => type === CacheMissType.Full)).toBe(true);

    // The simulator answers with the objects, at their CRCs; they leave view and are killed.
    t.dispatch(compressedPacket(probes.map((p) => ({ localId: p.ID, crc: p.CRC })), HANDLE));
    expect(liveObjects(t.ingestion)).toHaveLength(34);
    t.dispatch(killPacket(probes.map((p) => p.ID)));
    expect(liveObjects(t.ingestion)).toHaveLength(0);

    // The same probes again: every object comes back from the cache, nothing is asked for.
    t.requests.length = 0;
    t.dispatch(packet('ObjectUpdateCachedMessageL'));
    expect(t.requests).toEqual([]);
    expect(t.ingestion.stats.cacheHits).toBe(34);
    const c = t.ingestion.components;
    for (const p of probes) {
      const eid = findObject(t.ingestion, HI, LO, p.ID);
      expect(eid).toBeGreaterThanOrEqual(0);
      expect(c.identity.crc[eid]).toBe(p.CRC);
      expect(c.identity.updateFlags[eid]).toBe(p.UpdateFlags);
    }
  });

  it('KillObject: removes the objects it names, found through the circuit region', () => {
    const t = createTestWorld();
    const ids = recorded('KillObjectMessageL').map((b) => b.ID as number);
    t.dispatch(objectUpdatePacket([...ids, 1234].map((localId) => ({ localId })), HANDLE));
    expect(liveObjects(t.ingestion)).toHaveLength(7);
    t.dispatch(packet('KillObjectMessageL'));
    const left = liveObjects(t.ingestion);
    expect(left.map((e) => t.ingestion.components.identity.localId[e])).toEqual([1234]);
  });
});
