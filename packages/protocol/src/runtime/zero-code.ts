/**
 * LLUDP zero-coding: a run of k zero bytes travels as `00 k`.
 *
 * Both directions work on caller-owned buffers and return a length, or a negative
 * status, so the receive path neither throws nor allocates.
 */

/** Output would pass the limit: a zero-code bomb or a corrupt count. */
export const ZERO_CODE_OVERFLOW = -1;
/** The input ends on a `00` with no run length after it. */
export const ZERO_CODE_TRUNCATED = -2;

/**
 * Expands `src[start, end)` into `dst` from `dstStart`, never writing at or past `dstLimit`.
 * Accepts the legacy wrap where each extra `00` count byte adds 256 zeros
 * (`00 00 02` = 258 zeros). Returns the end offset in `dst`, or a negative status.
 * Each loop step consumes at least one input byte, so crafted input cannot make it spin.
 */
export function zeroDecode(
  src: Uint8Array, start: number, end: number,
  dst: Uint8Array, dstStart: number, dstLimit: number,
): number {
  let out = dstStart;
  let i = start;
  while (i < end) {
    const byte = src[i++]!;
    if (byte !== 0) {
      if (out >= dstLimit) return ZERO_CODE_OVERFLOW;
      dst[out++] = byte;
      continue;
    }
    let run = 0;
    for (;;) {
      if (i >= end) return ZERO_CODE_TRUNCATED;
      const count = src[i++]!;
      if (count !== 0) { run += count; break; }
      run += 256;
      if (out + run > dstLimit) return ZERO_CODE_OVERFLOW;
    }
    if (out + run > dstLimit) return ZERO_CODE_OVERFLOW;
    // Runs are mostly short; a plain loop beats the call into fill() for them.
    if (run > 64) {
      dst.fill(0, out, out + run);
      out += run;
    } else {
      for (let k = 0; k < run; k++) dst[out++] = 0;
    }
  }
  return out;
}

/**
 * Compresses `src[start, end)` into `dst` from `dstStart`. Returns the end offset,
 * or ZERO_CODE_OVERFLOW as soon as the output would reach `dstLimit`: callers pass
 * the unencoded length as the limit to encode only when that saves bytes.
 */
export function zeroEncode(
  src: Uint8Array, start: number, end: number,
  dst: Uint8Array, dstStart: number, dstLimit: number,
): number {
  let out = dstStart;
  let i = start;
  while (i < end) {
    const byte = src[i]!;
    if (byte !== 0) {
      if (out >= dstLimit) return ZERO_CODE_OVERFLOW;
      dst[out++] = byte;
      i++;
      continue;
    }
    let run = 1;
    i++;
    while (i < end && src[i] === 0 && run < 255) { run++; i++; }
    if (out + 2 > dstLimit) return ZERO_CODE_OVERFLOW;
    dst[out++] = 0;
    dst[out++] = run;
  }
  return out;
}
