/**
 * The fuzzer's randomness: core's seeded generator, one per input, seeded from
 * (run seed, target, input index) so that input N of a run is the same bytes
 * whatever ran before it, on any machine, after any worker restart.
 */
import { mix32, seededRandom } from '@slv/core';

export class FuzzRandom {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** An integer in [0, n); 0 when n <= 0. */
  below(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  byte(): number {
    return this.below(256);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  /** Small numbers far more often than large ones (lengths, counts, depths). */
  small(max: number): number {
    const n = Math.floor(max * this.next() ** 3);
    return Math.min(max, n);
  }
}

/** A 32-bit hash of a target name (FNV-1a), so two targets with one seed get different inputs. */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The generator of input `index` of `target` in the run seeded `seed`. */
export function randomForInput(seed: number, target: string, index: number): FuzzRandom {
  return new FuzzRandom(mix32(mix32(seed ^ nameHash(target)) ^ index) ^ Math.floor(index / 0x1_0000_0000));
}
