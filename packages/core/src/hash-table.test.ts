import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapacityError } from './errors.ts';
import { createObjectTable, objectTableDelete, objectTableGet, objectTableSet } from './object-table.ts';

type Op = { kind: 'set'; region: number; localId: number; eid: number } | { kind: 'delete'; region: number; localId: number };

const key = (region: number, localId: number): string => `${region}:${localId}`;
const localIdArb = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0xffffffff, 0x80000000, 0x7fffffff));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), region: fc.integer({ min: 0, max: 3 }), localId: localIdArb, eid: fc.nat(1000) }),
  fc.record({ kind: fc.constant('delete' as const), region: fc.integer({ min: 0, max: 3 }), localId: localIdArb }),
);

describe('object table', () => {
  it('matches a Map under random insert/delete sequences', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300, size: 'max' }), (ops) => {
        const maxEntries = 24;
        const table = createObjectTable(maxEntries);
        const model = new Map<string, number>();
        for (const op of ops) {
          const k = key(op.region, op.localId);
          if (op.kind === 'set') {
            if (!model.has(k) && model.size >= maxEntries) {
              expect(() => objectTableSet(table, op.region, op.localId, op.eid)).toThrow(CapacityError);
              continue;
            }
            expect(objectTableSet(table, op.region, op.localId, op.eid)).toBe(model.get(k) ?? -1);
            model.set(k, op.eid);
          } else {
            expect(objectTableDelete(table, op.region, op.localId)).toBe(model.get(k) ?? -1);
            model.delete(k);
          }
          expect(table.size).toBe(model.size);
        }
        for (let region = 0; region < 4; region++) {
          for (const localId of [...Array(41).keys(), 0xffffffff, 0x80000000, 0x7fffffff]) {
            expect(objectTableGet(table, region, localId)).toBe(model.get(key(region, localId)) ?? -1);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('sizes itself for load factor ≤ 0.5 and fills to maxEntries', () => {
    const table = createObjectTable(100);
    expect(table.regions.length).toBe(256);
    for (let i = 0; i < 100; i++) objectTableSet(table, i & 3, i * 7919, i);
    for (let i = 0; i < 100; i++) expect(objectTableGet(table, i & 3, i * 7919)).toBe(i);
    expect(() => objectTableSet(table, 0, 1, 1)).toThrow(/object table is full \(100 keys\)/);
  });
});
