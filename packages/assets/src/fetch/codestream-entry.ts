/**
 * What is held of one texture's codestream: a prefix, how long the whole is
 * (once a server said), and whether it is all here. Refinement appends the
 * next range; the entry never holds a gap, and never grows past its bound.
 */
export interface StoredCodestream {
  /** The first `bytes.length` bytes of the codestream. */
  readonly bytes: Uint8Array;
  /** Its whole length, or null until a server said (Content-Range, a 200's body). */
  readonly total: number | null;
  readonly complete: boolean;
}

/** The largest codestream kept (a 2048² RGBA texture stored losslessly is about 10 MiB). */
export const MAX_CODESTREAM_BYTES = 16 << 20;

export class CodestreamEntry implements StoredCodestream {
  bytes: Uint8Array;
  total: number | null;
  complete: boolean;

  constructor(readonly id: string, stored: StoredCodestream | null = null) {
    this.bytes = stored?.bytes ?? new Uint8Array(0);
    this.total = stored?.total ?? null;
    this.complete = stored?.complete ?? false;
    if (this.total !== null && this.bytes.length >= this.total) this.complete = true;
  }

  get held(): number {
    return this.bytes.length;
  }

  /** Records the whole length a server declared; false when it contradicts what is held. */
  setTotal(total: number): boolean {
    if (!Number.isSafeInteger(total) || total < 0 || total > MAX_CODESTREAM_BYTES || total < this.bytes.length) return false;
    if (this.total !== null && this.total !== total) return false;
    this.total = total;
    if (this.bytes.length === total) this.complete = true;
    return true;
  }

  /** Adds `chunk`, which starts at byte `start`; returns how many new bytes it brought (0 when it leaves a gap or adds nothing). */
  append(start: number, chunk: Uint8Array): number {
    const held = this.bytes.length;
    if (start > held || start + chunk.length <= held) return 0;
    let fresh = chunk.subarray(held - start);
    const limit = Math.min(this.total ?? MAX_CODESTREAM_BYTES, MAX_CODESTREAM_BYTES);
    if (held + fresh.length > limit) fresh = fresh.subarray(0, limit - held);
    if (fresh.length === 0) return 0;
    const grown = new Uint8Array(held + fresh.length);
    grown.set(this.bytes);
    grown.set(fresh, held);
    this.bytes = grown;
    if (this.total !== null && grown.length >= this.total) this.complete = true;
    return fresh.length;
  }

  /** The whole codestream at once (a 200 answer). */
  replaceWhole(bytes: Uint8Array): void {
    if (bytes.length > MAX_CODESTREAM_BYTES) throw new RangeError(`a ${bytes.length}-byte codestream is over the ${MAX_CODESTREAM_BYTES}-byte bound`);
    this.bytes = bytes;
    this.total = bytes.length;
    this.complete = true;
  }
}
