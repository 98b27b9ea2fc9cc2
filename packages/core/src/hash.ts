/**
 * 32-bit integer hashing for the open-addressing tables: murmur3's finalizer,
 * so sequential keys (local ids count up from 1) spread over the whole table.
 */

/** murmur3's finalizer as an int32 (a small integer to V8, never boxed when returned). */
function mixWord(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** murmur3's finalizer as a u32. */
export function mix32(h: number): number {
  return mixWord(h) >>> 0;
}

/** Hash of the first `width` (1..4) of four 32-bit words, one mix per word, as an int32 (mask it). */
export function hashWords(width: number, w0: number, w1: number, w2: number, w3: number): number {
  let h = mixWord(w0 ^ 0x2545f491);
  if (width > 1) h = mixWord(Math.imul(h, 31) ^ w1);
  if (width > 2) h = mixWord(Math.imul(h, 31) ^ w2);
  if (width > 3) h = mixWord(Math.imul(h, 31) ^ w3);
  return h;
}

/** Smallest power of two ≥ 2·n (and ≥ 8), so a table holding n keys stays at load factor ≤ 0.5. */
export function tableSizeFor(n: number): number {
  let size = 8;
  while (size < n * 2) size *= 2;
  return size;
}

/**
 * Little-endian 32-bit word read from plain bytes (no DataView, no alignment
 * demands), as an int32: a u32 above 2^31 is no small integer to V8 and would
 * be boxed on the heap each time it is passed to a function not inlined.
 */
export function readI32(bytes: Uint8Array, offset: number): number {
  return bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24);
}
