/**
 * Steady-state ingestion allocates nothing: updates of objects that already
 * exist, decoded from the packet and dispatched through the bus, trigger no
 * young-generation collection over hundreds of thousands of updates. (Any
 * allocation per update, even 16 bytes, would fill the several-MB nursery
 * several times over.) Nor do objects leaving and coming back, revived or
 * decoded again into a recycled entity, and creating new entities leaves only
 * the engine's amortized id bookkeeping. The benchmark suite measures the
 * same with more care.
 */
import { measureAllocation as measure } from '@slv/testing/allocation';
import { describe, expect, it } from 'vitest';
import { compressedPacket, killPacket, objectUpdatePacket, tersePacket } from '../test-support/packets.test-support.ts';
import type { ObjectSpec } from '../test-support/packets.test-support.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';

const specs: ObjectSpec[] = Array.from({ length: 10 }, (_, k) => ({
  localId: 100 + k,
  position: [k, k, 20],
  velocity: [0.5, 0, 0],
  text: k === 0 ? 'hover' : '',
  nameValue: k === 1 ? 'FirstName STRING RW SV A\nLastName STRING RW SV B' : '',
  texture: { face: k % 3, textureId: '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903' },
}));

describe('steady-state ingestion allocates nothing per update', () => {
  it('terse, full and compressed updates of existing objects, through decoder and bus, and the frame systems', async () => {
    const t = createTestWorld();
    const full = objectUpdatePacket(specs);
    const terse = tersePacket(specs);
    const compressed = compressedPacket(specs.map((s) => ({ ...s, localId: s.localId + 100 })));
    t.dispatch(full);
    t.dispatch(compressed);
    expect(t.ingestion.entities.objectCount).toBe(20);
    let frame = 0;
    const result = await measure(
      () => {
        t.dispatch(terse);
        t.dispatch(full);
        t.dispatch(compressed);
        if ((frame++ & 15) === 0) {
          t.clock.now += 16;
          t.frame();
        }
      },
      10_000,
      30,
    );
    expect(t.errors).toEqual([]);
    // 300 000 block updates; a single scavenge is tolerated for the test runner's own work.
    expect(result.scavenges).toBeLessThanOrEqual(1);
    expect(result.heapGrowthPerOp).toBeLessThan(2);
  }, 60_000);
});

describe('objects arriving and leaving allocate nothing per object', () => {
  /** 30 objects in 3 compressed packets (textures, spin, hover text on none), and their kill. */
  const entering = [0, 1, 2].map((p) =>
    compressedPacket(Array.from({ length: 10 }, (_, k) => ({
      localId: 500 + p * 10 + k,
      position: [k, p, 20] as const,
      angularVelocity: k % 2 === 0 ? ([0, 0, 1] as const) : undefined,
      texture: { face: k % 3, textureId: '8dcd4a48-2d37-4909-9f78-f7a9eb4ef903' },
    }))),
  );
  const leaving = killPacket(Array.from({ length: 30 }, (_, k) => 500 + k));

  for (const dormantEntities of [undefined, 0]) {
    const how = dormantEntities === 0 ? 'decoded again into a recycled entity' : 'revived';
    it(`kill and re-entry, ${how}`, async () => {
      const t = createTestWorld(dormantEntities === undefined ? {} : { dormantEntities });
      let frame = 0;
      const result = await measure(
        () => {
          for (const d of entering) t.dispatch(d);
          t.dispatch(leaving);
          if ((frame++ & 15) === 0) {
            t.clock.now += 16;
            t.frame();
          }
        },
        5_000,
        30,
      );
      expect(t.errors).toEqual([]);
      expect(t.ingestion.stats.objectsRevived > 0).toBe(dormantEntities === undefined);
      expect(result.scavenges).toBeLessThanOrEqual(1);
      expect(result.heapGrowthPerOp).toBeLessThan(2);
    }, 60_000);
  }

  it('creating new entities, a region entry into a fresh world at the creation budget', async () => {
    const objects = 12_000;
    const packets = Array.from({ length: objects / 40 }, (_, p) =>
      compressedPacket(Array.from({ length: 40 }, (_, k) => ({ localId: 10_000 + p * 40 + k, position: [k, p % 256, 20] as const }))),
    );
    // The JIT warmed on another world first.
    const warm = createTestWorld({ capacity: 16384 });
    for (const d of packets.slice(0, 50)) warm.dispatch(d);
    for (let f = 0; f < 8; f++) warm.frame();
    const t = createTestWorld({ capacity: 16384 });
    let next = 0;
    const enter = (): void => {
      while (t.ingestion.entities.objectCount < objects) {
        for (let k = 0; k < 25 && next < packets.length; k++) t.dispatch(packets[next++]!);
        t.frame();
      }
    };
    const result = await measure(enter, 1, objects, 0);
    expect(t.ingestion.entities.objectCount).toBe(objects);
    expect(t.errors).toEqual([]);
    // bitecs' id arrays grow by doubling (amortized: a few bytes an entity); nothing else is kept or dropped.
    expect(result.scavenges).toBeLessThanOrEqual(1);
    expect(result.heapGrowthPerOp).toBeLessThan(48);
  }, 60_000);
});
