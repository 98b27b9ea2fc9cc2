/**
 * A run of bytes inside some buffer, named without copying: decoders point one at the
 * packet they read, encoders copy from wherever it points. Strings are made on demand.
 */
const EMPTY = new Uint8Array(0);
const utf8 = new TextDecoder('utf-8');

export class ByteRange {
  bytes: Uint8Array = EMPTY;
  offset = 0;
  length = 0;

  /** Points at bytes[offset, offset + length); returns this. */
  set(bytes: Uint8Array, offset = 0, length = bytes.length - offset): this {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new RangeError(`byte range [${offset}, ${offset + length}) is outside a ${bytes.length}-byte buffer`);
    }
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    return this;
  }

  clear(): this {
    this.bytes = EMPTY;
    this.offset = 0;
    this.length = 0;
    return this;
  }

  /** A view of the bytes (allocates the view object, not the bytes). */
  view(): Uint8Array {
    return this.bytes.subarray(this.offset, this.offset + this.length);
  }

  /** The bytes as UTF-8 text (malformed sequences become U+FFFD). */
  text(): string {
    return this.length === 0 ? '' : utf8.decode(this.view());
  }

  /** Offset of the first 0 byte in the range, or -1. */
  indexOfNul(): number {
    for (let k = 0; k < this.length; k++) if (this.bytes[this.offset + k] === 0) return k;
    return -1;
  }
}
