/** The client side of HTTP ranges: the Range header for [start, end), reading Content-Range, and a body read that stops at a bound. */
import { BodyTooLargeError, readStreamBounded } from '../read-bounded.ts';

export { BodyTooLargeError };

export function rangeHeader(start: number, end: number): string {
  return `bytes=${start}-${end - 1}`;
}

export interface ContentRange {
  readonly start: number;
  /** Inclusive. */
  readonly end: number;
  /** Null for `*` (unknown length). */
  readonly total: number | null;
}

/** `bytes a-b/n` or `bytes a-b/*`; null for anything else. */
export function parseContentRange(value: string | null): ContentRange | null {
  const match = value === null ? null : /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value);
  if (match === null) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const total = match[3] === '*' ? null : Number(match[3]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start || (total !== null && (!Number.isSafeInteger(total) || end >= total))) return null;
  return { start, end, total };
}

/** `bytes * /n` of a 416 answer: the whole length. */
export function parseUnsatisfiedRange(value: string | null): number | null {
  const match = value === null ? null : /^\s*bytes\s+\*\/(\d+)\s*$/i.exec(value);
  return match === null ? null : Number(match[1]);
}

/** The body, refusing to hold more than `limit` bytes (a server that sends more than asked is cut off, not buffered). */
export async function readBodyBounded(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(`a ${declared}-byte body is over the ${limit}-byte bound`);
  }
  if (response.body === null) return new Uint8Array(0);
  return readStreamBounded(response.body, limit);
}
