import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFullIdTable, fullIdTableDelete, fullIdTableGet, fullIdTableSet } from './full-id-table.ts';

// A pool of UUIDs where several differ in one byte only, so every word of the
// comparison matters.
function uuidPool(seed: Uint8Array): Uint8Array[] {
  const pool: Uint8Array[] = [];
  for (let i = 0; i < 16; i++) {
    const u = seed.slice();
    u[i] ^= 0x5a;
    pool.push(u);
  }
  pool.push(seed.slice(), new Uint8Array(16), new Uint8Array(16).fill(0xff));
  return pool;
}

const hex = (u: Uint8Array): string => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');

describe('full id table', () => {
  it('matches a Map keyed by hex strings under random insert/delete sequences, reading keys at offsets', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.array(fc.record({ remove: fc.boolean(), which: fc.nat(18), offset: fc.nat(20), eid: fc.nat(5000) }), { maxLength: 300, size: 'max' }),
        (seed, ops) => {
          const pool = uuidPool(seed);
          const table = createFullIdTable(pool.length);
          const model = new Map<string, number>();
          const buffer = new Uint8Array(64);
          for (const op of ops) {
            const uuid = pool[op.which];
            buffer.fill(0xee);
            buffer.set(uuid, op.offset);
            const k = hex(uuid);
            if (op.remove) {
              expect(fullIdTableDelete(table, buffer, op.offset)).toBe(model.get(k) ?? -1);
              model.delete(k);
            } else {
              expect(fullIdTableSet(table, buffer, op.offset, op.eid)).toBe(model.get(k) ?? -1);
              model.set(k, op.eid);
            }
            expect(table.size).toBe(model.size);
          }
          for (const uuid of pool) expect(fullIdTableGet(table, uuid, 0)).toBe(model.get(hex(uuid)) ?? -1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('holds maxEntries keys and refuses one more', () => {
    const table = createFullIdTable(50);
    expect(table.eids.length).toBe(128);
    const u = new Uint8Array(16);
    for (let i = 0; i < 50; i++) {
      u[15] = i;
      fullIdTableSet(table, u, 0, i);
    }
    for (let i = 0; i < 50; i++) {
      u[15] = i;
      expect(fullIdTableGet(table, u, 0)).toBe(i);
    }
    u[15] = 99;
    expect(() => fullIdTableSet(table, u, 0, 99)).toThrow(/UUID table is full/);
  });
});
