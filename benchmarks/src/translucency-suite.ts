/**
 * `slv bench translucency`: the back-to-front ordering the renderer runs
 * every frame over the visible translucent faces: view depths to sortable
 * keys, then the stable LSD radix sort (@slv/render depth-sort), for 1k, 10k
 * and 50k faces. Baseline in the same run: the platform's typed-array sort
 * over the same keys packed with their index (key · 2^20 + index, exact in a
 * float64), which gives the same stable order.
 */
import { backToFrontKey, RADIX_COUNTS, radixSortKeys } from '@slv/render';
import { measureAllocations, runPair, suiteReport, type BenchCase, type RunOptions, type SuiteCaseResult, type SuiteReport } from './harness.ts';
import { seededRandom } from '@slv/core';

export interface TranslucencySuiteOptions extends RunOptions {
  /** Face counts (default 1 000, 10 000 and 50 000; at most 2^20). */
  readonly faceCounts?: readonly number[];
  /** Sorts of 256 faces in the allocation check (default 100 000). */
  readonly allocationIterations?: number;
  readonly log?: (line: string) => void;
}

const INDEX_BITS = 2 ** 20;

/** View depths of faces over a region: 0.5 to 128 m, a few repeated (faces of one object share its depth). */
function viewDepths(count: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const depths = new Float32Array(count);
  for (let i = 0; i < count; i++) depths[i] = i > 0 && rand() < 0.3 ? depths[i - 1]! : 0.5 + rand() * 127.5;
  return depths;
}

interface RadixScratch {
  readonly keys: Uint32Array;
  readonly order: Uint32Array;
  readonly keysAlt: Uint32Array;
  readonly orderAlt: Uint32Array;
  readonly counts: Uint32Array;
}

function radixScratch(count: number): RadixScratch {
  return {
    keys: new Uint32Array(count), order: new Uint32Array(count), keysAlt: new Uint32Array(count),
    orderAlt: new Uint32Array(count), counts: new Uint32Array(RADIX_COUNTS),
  };
}

/** What the renderer does per frame: keys from depths, then the radix sort; returns the farthest face. */
function radixOrder(depths: Float32Array, count: number, s: RadixScratch): number {
  for (let i = 0; i < count; i++) s.keys[i] = backToFrontKey(depths[i]!);
  radixSortKeys(s.keys, s.order, count, s.keysAlt, s.orderAlt, s.counts);
  return s.order[0]!;
}

function radixCase(name: string, depths: Float32Array, count: number): BenchCase {
  const scratch = radixScratch(count);
  return {
    name: `radix sort: ${name}`,
    unit: 'sort/s',
    run(iterations) {
      let sum = 0;
      for (let it = 0; it < iterations; it++) sum += radixOrder(depths, count, scratch);
      return sum;
    },
  };
}

function typedSortCase(name: string, depths: Float32Array, count: number): BenchCase {
  const packed = new Float64Array(count);
  return {
    name: `Float64Array.prototype.sort: ${name}`,
    unit: 'sort/s',
    run(iterations) {
      let sum = 0;
      for (let it = 0; it < iterations; it++) {
        for (let i = 0; i < count; i++) packed[i] = backToFrontKey(depths[i]!) * INDEX_BITS + i;
        packed.sort();
        sum += packed[0]! % INDEX_BITS;
      }
      return sum;
    },
  };
}

export async function runTranslucencySuite(options: TranslucencySuiteOptions = {}): Promise<SuiteReport> {
  const log = options.log ?? (() => {});
  const counts = options.faceCounts ?? [1000, 10_000, 50_000];
  for (const count of counts) {
    if (!Number.isInteger(count) || count < 1 || count > INDEX_BITS) throw new RangeError(`bench translucency: face count ${count} is not in 1..${INDEX_BITS}`);
  }
  // Every case is made before any runs (see benchmarks/README.md).
  const pairs = counts.map((count) => {
    const name = `${count.toLocaleString('en')} faces`;
    const depths = viewDepths(count, count);
    return { name, depths, count, ours: radixCase(name, depths, count), baseline: typedSortCase(name, depths, count) };
  });
  const results: SuiteCaseResult[] = [];
  for (const { name, depths, count, ours, baseline } of pairs) {
    // Both orders must agree before either is timed.
    const scratch = radixScratch(count);
    radixOrder(depths, count, scratch);
    const packed = Float64Array.from({ length: count }, (_, i) => backToFrontKey(depths[i]!) * INDEX_BITS + i).sort();
    for (let k = 0; k < count; k++) {
      if (scratch.order[k] !== packed[k]! % INDEX_BITS) throw new Error(`bench translucency: the radix order differs from the typed-array sort at ${k} of ${name}`);
    }
    log(`  ${name}…`);
    const row = runPair(ours, baseline, options);
    log(`    ${(1000 / row.median).toFixed(3)} ms a frame, ${row.ratio.toFixed(1)}× the typed-array sort`);
    results.push(row);
  }
  const small = viewDepths(256, 9);
  const scratch = radixScratch(256);
  const iterations = options.allocationIterations ?? 100_000;
  log(`  allocation check: ${iterations} sorts of 256 faces…`);
  const allocations = await measureAllocations(() => {
    radixOrder(small, 256, scratch);
  }, iterations);
  results[0] = { ...results[0]!, allocations };
  return suiteReport('translucency', results);
}
