import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeyTable, keyTableClear, keyTableDelete, keyTableGet, keyTableSet } from './key-table.ts';

describe('key table', () => {
  it('behaves like a Map under any sequence of sets and deletes (backward-shift deletion keeps every key findable)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 }), fc.nat(1000)), { maxLength: 300 }),
        (ops) => {
          const t = createKeyTable(64);
          const model = new Map<string, number>();
          for (const [isSet, a, b, value] of ops) {
            const key = `${a}:${b}`;
            if (isSet) {
              const ok = keyTableSet(t, a, b, a * 7, value);
              expect(ok).toBe(model.has(key) || model.size < 64);
              if (ok) model.set(key, value);
            } else {
              expect(keyTableDelete(t, a, b, a * 7)).toBe(model.get(key) ?? -1);
              model.delete(key);
            }
            expect(t.size).toBe(model.size);
          }
          for (let a = 0; a <= 3; a++) for (let b = 0; b <= 40; b++) expect(keyTableGet(t, a, b, a * 7)).toBe(model.get(`${a}:${b}`) ?? -1);
        },
      ),
    );
  });

  it('takes keys as u32 words, refuses new keys when full, and clears', () => {
    const t = createKeyTable(2);
    expect(keyTableSet(t, 0xffffffff, -1, 5, 1)).toBe(true);
    expect(keyTableGet(t, -1, 0xffffffff, 5)).toBe(1);
    expect(keyTableSet(t, 1, 2, 3, 2)).toBe(true);
    expect(keyTableSet(t, 4, 5, 6, 3)).toBe(false);
    expect(keyTableSet(t, 1, 2, 3, 9)).toBe(true);
    keyTableClear(t);
    expect(t.size).toBe(0);
    expect(keyTableGet(t, 1, 2, 3)).toBe(-1);
    expect(() => createKeyTable(0)).toThrow(/maxEntries/);
  });
});
