/**
 * 32-bit integer hashing for the open-addressing tables: murmur3's finalizer,
 * so sequential keys (local ids count up from 1) spread over the whole table.
 */

export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a (small index, u32) pair. */
export function hashPair(a: number, b: number): number {
  return mix32(Math.imul(a + 1, 0x9e3779b1) ^ mix32(b));
}

/** Hash of four u32 words (a 16-byte UUID). */
export function hashQuad(w0: number, w1: number, w2: number, w3: number): number {
  let h = mix32(w0 ^ 0x2545f491);
  h = mix32(Math.imul(h, 31) ^ w1);
  h = mix32(Math.imul(h, 31) ^ w2);
  return mix32(Math.imul(h, 31) ^ w3);
}

/** Smallest power of two ≥ 2·n, so a table holding n keys stays at load factor ≤ 0.5. */
export function tableSizeFor(n: number): number {
  let size = 2;
  while (size < n * 2) size *= 2;
  return size;
}

/** Little-endian u32 read from plain bytes (no DataView, no alignment demands). */
export function readU32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}
