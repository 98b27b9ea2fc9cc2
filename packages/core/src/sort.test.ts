import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortFloat64 } from './sort.ts';

describe('sortFloat64', () => {
  it('sorts the prefix ascending like the platform sort, duplicates included, and leaves the rest alone', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 400 }), fc.nat(), (values, cut) => {
        const a = Float64Array.from(values);
        const n = values.length === 0 ? 0 : cut % (values.length + 1);
        const expected = Float64Array.from(values.slice(0, n)).sort();
        sortFloat64(a, n);
        expect(Array.from(a.subarray(0, n))).toEqual(Array.from(expected));
        expect(Array.from(a.subarray(n))).toEqual(values.slice(n));
      }),
    );
  });

  it('handles sorted, reversed and constant inputs of 100k without deep recursion', () => {
    for (const make of [(i: number) => i, (i: number) => -i, () => 3]) {
      const a = Float64Array.from({ length: 100_000 }, (_, i) => make(i));
      sortFloat64(a, a.length);
      for (let i = 1; i < a.length; i++) expect(a[i - 1]! <= a[i]!).toBe(true);
    }
  });

  it('refuses a count larger than the array', () => {
    expect(() => sortFloat64(new Float64Array(2), 3)).toThrow(/3 keys but the array holds 2/);
  });
});
