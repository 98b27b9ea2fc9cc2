/**
 * zlib (RFC 1950) inflate that stops at a bound: the platform's
 * DecompressionStream('deflate'), the same in Node and browsers, read chunk
 * by chunk and cancelled as soon as the output passes `maxBytes`, so a
 * small segment that inflates to gigabytes costs only the bound.
 */
import { BodyTooLargeError, readStreamBounded } from '../read-bounded.ts';

export class InflateError extends Error {
  override readonly name = 'InflateError';
}

/** A synchronous bounded inflate the platform offers (Node's zlib), which throws InflateError past the bound. */
export type SyncInflate = (compressed: Uint8Array, maxBytes: number) => Uint8Array;

let syncInflate: SyncInflate | null = null;

/**
 * Uses `inflate` instead of DecompressionStream from now on. Node's web
 * stream costs about 130–200 µs per small segment against about 6 µs for
 * zlib called directly, which is most of a coarse LOD's decode; the
 * browser keeps the stream.
 */
export function useSyncInflate(inflate: SyncInflate | null): void {
  syncInflate = inflate;
}

export async function inflateBounded(compressed: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  if (syncInflate !== null) return syncInflate(compressed, maxBytes);
  const input = new Blob([compressed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  try {
    return await readStreamBounded(input, maxBytes, `inflates past the ${maxBytes}-byte bound`);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new InflateError(error.message);
    throw new InflateError(`is not a whole zlib stream (${(error as Error).message})`);
  }
}
