import { describe, expect, it } from 'vitest';
import { backToFrontKey, RADIX_COUNTS, radixSortKeys } from './depth-sort.ts';

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function sortByDepth(depths: Float32Array): number[] {
  const count = depths.length;
  const keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) keys[i] = backToFrontKey(depths[i]);
  const order = new Uint32Array(count);
  radixSortKeys(keys, order, count, new Uint32Array(count), new Uint32Array(count), new Uint32Array(RADIX_COUNTS));
  let unsorted = 0;
  for (let i = 1; i < count; i++) if (keys[i - 1] > keys[i]) unsorted++;
  expect(unsorted, 'keys left out of order').toBe(0);
  return Array.from(order);
}

/** The reference: farthest first, equal depths in the order given. */
function bruteForce(depths: Float32Array): number[] {
  return Array.from(depths.keys()).sort((a, b) => depths[b] - depths[a] || a - b);
}

describe('backToFrontKey', () => {
  it('orders keys ascending as depths descend, across signs, zeros and infinities', () => {
    const depths = [Infinity, 1e30, 500, 3.5, 1, 1e-30, 0, -1e-30, -1, -2.25, -1e30, -Infinity];
    const keys = depths.map(backToFrontKey);
    for (let i = 1; i < keys.length; i++) expect(keys[i - 1], `${depths[i - 1]} before ${depths[i]}`).toBeLessThan(keys[i]);
    for (const k of keys) expect(Number.isInteger(k) && k >= 0 && k <= 0xffffffff).toBe(true);
  });

  it('ties -0 with +0, and equal float32 depths with each other', () => {
    expect(backToFrontKey(-0)).toBe(backToFrontKey(0));
    expect(backToFrontKey(Math.fround(12.3))).toBe(backToFrontKey(12.3));
  });
});

describe('radixSortKeys', () => {
  for (const count of [0, 1, 2, 7, 300, 10_000]) {
    it(`matches a brute-force sort of ${count} random depths`, () => {
      const rand = random(count + 1);
      const depths = new Float32Array(count);
      for (let i = 0; i < count; i++) depths[i] = (rand() - 0.1) * 800;
      expect(sortByDepth(depths)).toEqual(bruteForce(depths));
    });
  }

  it('keeps equal depths in the order they were added (stable)', () => {
    const rand = random(7);
    const depths = new Float32Array(5000);
    // Few distinct values: long runs of ties.
    for (let i = 0; i < depths.length; i++) depths[i] = Math.floor(rand() * 12) * 3.25 - 5;
    expect(sortByDepth(depths)).toEqual(bruteForce(depths));
  });

  it('leaves the order as added when every depth is the same (no pass runs)', () => {
    const depths = new Float32Array(50).fill(42);
    expect(sortByDepth(depths)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('sorts keys that differ only in their top or bottom byte', () => {
    const keys = new Uint32Array([0x03000000, 0x01000000, 0x02000000, 0x00000003, 0x00000001]);
    const order = new Uint32Array(5);
    radixSortKeys(keys, order, 5, new Uint32Array(5), new Uint32Array(5), new Uint32Array(RADIX_COUNTS));
    expect(Array.from(order)).toEqual([4, 3, 1, 2, 0]);
    expect(Array.from(keys)).toEqual([1, 3, 0x01000000, 0x02000000, 0x03000000]);
  });

  it('refuses arrays too small for the count', () => {
    const a = new Uint32Array(4);
    expect(() => radixSortKeys(a, a, 5, a, a, new Uint32Array(RADIX_COUNTS))).toThrow(/5 keys do not fit/);
    expect(() => radixSortKeys(a, new Uint32Array(4), 4, new Uint32Array(4), new Uint32Array(4), new Uint32Array(16))).toThrow(/counts needs 1024/);
  });
});
