import { describe, expect, it } from 'vitest';
import { findObject, liveObjects } from '../objects/object-queries.ts';
import { CacheMissType } from './object-requests.ts';
import { REGION_X, REGION_Y, cachedPacket, compressedPacket, killPacket, objectUpdatePacket } from '../test-support/packets.test-support.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';

const at = (t: ReturnType<typeof createTestWorld>, localId: number): number => findObject(t.ingestion, REGION_X, REGION_Y, localId);

describe('ObjectUpdateCached and the object cache', () => {
  it('restores a cached object (full update) without a request, with the probe’s UpdateFlags', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1, crc: 111, position: [1, 2, 3], text: 'kept' }]));
    t.dispatch(killPacket([1]));
    expect(at(t, 1)).toBe(-1);
    t.dispatch(cachedPacket([{ localId: 1, crc: 111, updateFlags: 0x40 }]));
    expect(t.requests).toEqual([]);
    const e = at(t, 1);
    expect(e).toBeGreaterThanOrEqual(0);
    const c = t.ingestion.components;
    expect([...c.local.position.subarray(e * 3, e * 3 + 3)]).toEqual([1, 2, 3]);
    expect(c.identity.updateFlags[e]).toBe(0x40);
    expect(t.ingestion.tables.side.text.get(e)?.text).toBe('kept');
    expect(t.ingestion.stats.cacheHits).toBe(1);
  });

  it('restores a cached compressed object too', () => {
    const t = createTestWorld();
    t.dispatch(compressedPacket([{ localId: 2, crc: 222, position: [9, 8, 7] }]));
    t.dispatch(killPacket([2]));
    t.dispatch(cachedPacket([{ localId: 2, crc: 222 }]));
    expect(t.requests).toEqual([]);
    expect(t.ingestion.components.local.position[at(t, 2) * 3]).toBe(9);
  });

  it('asks with CacheMissType 1 on a CRC mismatch and 0 for an object never seen, in one batch', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 3, crc: 333 }]));
    t.dispatch(killPacket([3]));
    t.dispatch(cachedPacket([{ localId: 3, crc: 334 }, { localId: 4, crc: 444 }]));
    expect(t.requests).toEqual([{ regionIndex: 0, ids: [3, 4], types: [CacheMissType.CrcMismatch, CacheMissType.Full] }]);
    expect(liveObjects(t.ingestion)).toEqual([]);
  });

  it('a live object with the probe’s CRC needs nothing; with another CRC it is asked for again', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 5, crc: 555 }]));
    t.dispatch(cachedPacket([{ localId: 5, crc: 555 }]));
    expect(t.requests).toEqual([]);
    t.dispatch(cachedPacket([{ localId: 5, crc: 556 }]));
    expect(t.requests).toEqual([{ regionIndex: 0, ids: [5], types: [CacheMissType.CrcMismatch] }]);
  });

  it('the newest update of an object is what the cache restores', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 6, crc: 1, position: [1, 1, 1] }]));
    t.dispatch(objectUpdatePacket([{ localId: 6, crc: 2, position: [2, 2, 2] }]));
    t.dispatch(killPacket([6]));
    t.dispatch(cachedPacket([{ localId: 6, crc: 2 }]));
    expect(t.ingestion.components.local.position[at(t, 6) * 3]).toBe(2);
  });

  it('a small cache evicts its oldest objects: those are asked for, the recent ones restored', () => {
    const t = createTestWorld({ cacheBytes: 4096 });
    const ids = Array.from({ length: 40 }, (_, k) => 100 + k);
    for (const localId of ids) t.dispatch(objectUpdatePacket([{ localId, crc: localId }]));
    t.dispatch(killPacket(ids));
    t.dispatch(cachedPacket(ids.map((localId) => ({ localId, crc: localId }))));
    expect(t.ingestion.tables.cache.evictions).toBeGreaterThan(0);
    const asked = t.requests.flatMap((r) => r.ids);
    const restored = liveObjects(t.ingestion).map((e) => t.ingestion.components.identity.localId[e]);
    expect(asked.length).toBeGreaterThan(0);
    expect(restored.length).toBeGreaterThan(0);
    expect([...asked, ...restored].sort((a, b) => a - b)).toEqual(ids);
    // Evicted first is oldest first.
    expect(Math.max(...asked)).toBeLessThan(Math.min(...restored));
  });
});
