/** Bad data is reported with where and why, and never crashes ingestion or corrupts other objects. */
import { describe, expect, it } from 'vitest';
import { findObject, liveObjects } from '../objects/object-queries.ts';
import {
  REGION_X, REGION_Y, compressedBlob, compressedPacketOf, objectUpdatePacket, textureEntryBytes, tersePacketOf,
} from '../test-support/packets.test-support.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';

const at = (t: ReturnType<typeof createTestWorld>, localId: number): number => findObject(t.ingestion, REGION_X, REGION_Y, localId);

describe('bad input', () => {
  it('an ObjectData of no motion length is reported; the object still gets everything else', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1, rawMotion: new Uint8Array(10), scale: [2, 3, 4] }, { localId: 2 }]));
    expect(t.errors.map((e) => e.message)).toEqual([
      'ObjectUpdate block 0 (local id 1): ObjectData of 10 bytes is not a motion form (76, 60, 140, 124, 48, 32 or 16 bytes); position kept',
    ]);
    expect(t.ingestion.components.local.scale[at(t, 1) * 3]).toBe(2);
    expect(liveObjects(t.ingestion)).toHaveLength(2);
  });

  it('a truncated TextureEntry is reported and leaves neutral faces', () => {
    const t = createTestWorld();
    const te = textureEntryBytes(3, '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903');
    t.dispatch(objectUpdatePacket([{ localId: 1, rawTextureEntry: te.subarray(0, 10) }]));
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]!.message).toMatch(/^ObjectUpdate block 0 \(local id 1\): TextureEntry TextureID default needs 16 bytes at 0, only 10 left$/);
    const e = at(t, 1);
    expect(t.ingestion.components.textures.textureIndex[e * 9]).toBe(0);
    expect(t.ingestion.components.textures.color[e * 36]).toBe(255);
  });

  it('malformed ExtraParams are reported; the object keeps no light, flexible or sculpt parameters', () => {
    const t = createTestWorld();
    // One entry claiming 200 bytes of data that are not there.
    t.dispatch(objectUpdatePacket([{ localId: 1, extraParams: new Uint8Array([1, 0x20, 0, 200, 0, 0, 0, 1, 2]) }]));
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]!.message).toMatch(/ExtraParams entry 0 \(type 0x20\) claims 200 bytes/);
    expect(t.ingestion.components.light.radius[at(t, 1)]).toBe(0);
  });

  it('a truncated compressed blob is reported and creates nothing; the next block still ingests', () => {
    const t = createTestWorld();
    const good = compressedBlob({ localId: 2 });
    t.dispatch(compressedPacketOf([compressedBlob({ localId: 1 }).subarray(0, 50), good]));
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]!.message).toMatch(/^ObjectUpdateCompressed block 0: ObjectUpdateCompressed fixed header \(FullID … OwnerID\) needs 84 bytes at 0, only 50 left$/);
    expect(at(t, 1)).toBe(-1);
    expect(at(t, 2)).toBeGreaterThanOrEqual(0);
  });

  it('a terse Data of the wrong length, or a terse TextureEntry claiming more than it holds, is reported', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 7 }]));
    const data = new Uint8Array(44);
    new DataView(data.buffer).setUint32(0, 7, true);
    t.dispatch(tersePacketOf([{ data: new Uint8Array(30) }, { data, textureEntry: new Uint8Array([200, 0, 0, 0, 1, 2]) }]));
    expect(t.errors.map((e) => e.message)).toEqual([
      'ImprovedTerseObjectUpdate block 0: terse Data is 30 bytes; it must be 44, or 60 for an avatar',
      'ImprovedTerseObjectUpdate block 1 (local id 7): terse TextureEntry claims 200 bytes but only 2 follow its length',
    ]);
    expect(t.ingestion.stats.decodeErrors).toBe(2);
  });

  it('random bytes in every variable field never throw out of ingestion', () => {
    const t = createTestWorld();
    let seed = 12345;
    const random = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    for (let k = 0; k < 200; k++) {
      t.dispatch(objectUpdatePacket([{ localId: 1000 + k, rawMotion: random(k % 80), rawTextureEntry: random(k % 60), extraParams: random(k % 30) }]));
      t.dispatch(compressedPacketOf([random(40 + k)]));
      t.dispatch(tersePacketOf([{ data: random(44), textureEntry: random(k % 20) }]));
    }
    t.frame();
    expect(t.errors.length).toBeGreaterThan(0);
    for (const e of t.errors) expect(e.message).toMatch(/^(ObjectUpdate|ObjectUpdateCompressed|ImprovedTerseObjectUpdate) /);
  });
});
