/**
 * Back-to-front ordering by view depth without allocation. A depth becomes a
 * uint32 key whose unsigned order is the depths' descending order (farthest
 * first), then an LSD radix sort, 8 bits a pass, permutes an index array by
 * those keys. Passes whose byte is the same in every key are skipped, which
 * for depths of one scene usually leaves two or three of the four. The sort
 * is stable: equal depths keep the order they were added in. O(n) and all
 * scratch is the caller's.
 */

const floatBits = new Float32Array(1);
const floatWord = new Uint32Array(floatBits.buffer);

/**
 * A uint32 that sorts ascending as `depth` sorts descending (farthest first).
 * -0 and +0 tie; NaN sorts before +Infinity.
 */
export function backToFrontKey(depth: number): number {
  floatBits[0] = depth === 0 ? 0 : depth;
  const bits = floatWord[0];
  // IEEE floats order as sign-magnitude integers: flip every bit of the
  // negatives and only the sign bit of the positives for ascending order,
  // then complement for descending.
  return (bits & 0x80000000) !== 0 ? bits : (~bits & 0x7fffffff) >>> 0;
}

/** Counts per byte value for each of the four key bytes. */
export const RADIX_COUNTS = 4 * 256;

/**
 * Sorts keys[0..count) ascending and writes order[k] = the original index of
 * the k-th key (stable). keysAlt and orderAlt are ping-pong scratch of at
 * least `count` elements, counts at least RADIX_COUNTS. keys is left sorted.
 */
export function radixSortKeys(
  keys: Uint32Array,
  order: Uint32Array,
  count: number,
  keysAlt: Uint32Array,
  orderAlt: Uint32Array,
  counts: Uint32Array,
): void {
  if (keys.length < count || order.length < count || keysAlt.length < count || orderAlt.length < count) {
    throw new RangeError(`radixSortKeys: ${count} keys do not fit the arrays given (keys ${keys.length}, order ${order.length}, scratch ${keysAlt.length}/${orderAlt.length})`);
  }
  if (counts.length < RADIX_COUNTS) throw new RangeError(`radixSortKeys: counts needs ${RADIX_COUNTS} elements, has ${counts.length}`);
  counts.fill(0, 0, RADIX_COUNTS);
  for (let i = 0; i < count; i++) {
    const k = keys[i];
    order[i] = i;
    counts[k & 0xff]++;
    counts[256 + ((k >>> 8) & 0xff)]++;
    counts[512 + ((k >>> 16) & 0xff)]++;
    counts[768 + (k >>> 24)]++;
  }
  if (count < 2) return;
  let srcKeys = keys;
  let srcOrder = order;
  let dstKeys = keysAlt;
  let dstOrder = orderAlt;
  for (let pass = 0; pass < 4; pass++) {
    const shift = pass * 8;
    const base = pass * 256;
    // Every key has the same byte here: this pass would not move anything.
    if (counts[base + ((srcKeys[0] >>> shift) & 0xff)] === count) continue;
    let sum = 0;
    for (let b = base; b < base + 256; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const k = srcKeys[i];
      const at = counts[base + ((k >>> shift) & 0xff)]++;
      dstKeys[at] = k;
      dstOrder[at] = srcOrder[i];
    }
    const swapKeys = srcKeys;
    srcKeys = dstKeys;
    dstKeys = swapKeys;
    const swapOrder = srcOrder;
    srcOrder = dstOrder;
    dstOrder = swapOrder;
  }
  if (srcKeys !== keys) {
    for (let i = 0; i < count; i++) {
      keys[i] = srcKeys[i];
      order[i] = srcOrder[i];
    }
  }
}
