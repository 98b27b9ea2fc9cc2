import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHashTable, hashTableClear, hashTableDelete, hashTableFind, hashTableSet, hashTableSlot } from './hash-table.ts';

type Key = [number, number, number, number];
const wordArb = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(0xffffffff, 0x80000000, 0x7fffffff));
const keyText = (k: Key, width: number): string => k.slice(0, width).join(':');

describe('hash table', () => {
  it('behaves like a Map under any sequence of sets and deletes, for every key width', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.boolean(), fc.tuple(wordArb, wordArb, wordArb, wordArb), fc.nat(1000)), { maxLength: 300, size: 'max' }),
        (width, ops) => {
          const maxEntries = 24;
          const t = createHashTable(width, maxEntries);
          const model = new Map<string, number>();
          const seen: Key[] = [];
          for (const [isSet, key, value] of ops) {
            seen.push(key);
            const [a, b, c, d] = key;
            const k = keyText(key, width);
            if (isSet) {
              const ok = hashTableSet(t, a, b, c, d, value);
              expect(ok).toBe(model.has(k) || model.size < maxEntries);
              if (ok) model.set(k, value);
            } else {
              expect(hashTableDelete(t, a, b, c, d)).toBe(model.get(k) ?? -1);
              model.delete(k);
            }
            expect(t.size).toBe(model.size);
          }
          for (const key of seen) expect(hashTableFind(t, ...key)).toBe(model.get(keyText(key, width)) ?? -1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('ignores words past its width, takes keys as u32 words, and sizes itself for load factor ≤ 0.5', () => {
    const t = createHashTable(2, 100);
    expect(t.values.length).toBe(256);
    expect(t.keys.length).toBe(512);
    for (let i = 0; i < 100; i++) expect(hashTableSet(t, i & 3, i * 7919, i, 0, i)).toBe(true);
    for (let i = 0; i < 100; i++) expect(hashTableFind(t, i & 3, i * 7919, 12345, 6789)).toBe(i);
    expect(hashTableSet(t, 9, 9, 0, 0, 1)).toBe(false);
    expect(hashTableSet(t, 0, 0, 0, 0, 42)).toBe(true);
    expect(hashTableFind(t, 0, 0, 0, 0)).toBe(42);
    const u = createHashTable(3, 2);
    expect(hashTableSet(u, 0xffffffff, -1, 5, 0, 1)).toBe(true);
    expect(hashTableFind(u, -1, 0xffffffff, 5, 0)).toBe(1);
    expect(hashTableSlot(u, 1, 2, 3, 0)).toBeLessThan(0);
  });

  it('clears, and refuses bad sizes', () => {
    const t = createHashTable(4, 8);
    hashTableSet(t, 1, 2, 3, 4, 7);
    hashTableClear(t);
    expect(t.size).toBe(0);
    expect(hashTableFind(t, 1, 2, 3, 4)).toBe(-1);
    expect(() => createHashTable(0, 8)).toThrow(/width/);
    expect(() => createHashTable(5, 8)).toThrow(/width/);
    expect(() => createHashTable(2, 0)).toThrow(/maxEntries/);
  });
});
