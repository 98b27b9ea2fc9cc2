/**
 * The Second Life bit stream (llbitpack.h): bits are taken MSB-first from each byte; an n-bit
 * value is cut into 8-bit groups in stream order, the first group being the value's LOW byte,
 * the next the next byte, and a final partial group right-aligned in its byte. In other words
 * the value is the little-endian integer of its MSB-first byte groups.
 */

/** Reading past the end of a stream or writing past the end of a buffer. */
export class BitPackError extends Error {
  override readonly name = 'BitPackError';
  /** Bit offset (from the start of the buffer) where the access began. */
  readonly bitOffset: number;

  constructor(message: string, bitOffset: number) {
    super(message);
    this.bitOffset = bitOffset;
  }
}

const EMPTY = new Uint8Array(0);
const floatView = new DataView(new ArrayBuffer(4));

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0 || count > 32) {
    throw new RangeError(`bit count must be an integer in [0, 32], got ${count}`);
  }
}

/** A reusable cursor over a byte buffer: `reset(data)` per message, no allocation while reading. */
export class BitReader {
  private data: Uint8Array = EMPTY;
  private pos = 0;
  private end = 0;

  reset(data: Uint8Array): this {
    this.data = data;
    this.pos = 0;
    this.end = data.length * 8;
    return this;
  }

  /** Bits consumed so far. */
  get bitOffset(): number {
    return this.pos;
  }

  get bitsLeft(): number {
    return this.end - this.pos;
  }

  /** Reads `count` (0..32) bits as an unsigned integer in SL bit order. */
  readBits(count: number): number {
    checkCount(count);
    if (count > this.end - this.pos) {
      throw new BitPackError(
        `cannot read ${count} bits at bit ${this.pos}: only ${this.end - this.pos} left of ${this.end}`,
        this.pos,
      );
    }
    let value = 0;
    let shift = 0;
    let left = count;
    while (left > 0) {
      const n = left > 8 ? 8 : left;
      value |= this.takeGroup(n) << shift;
      shift += 8;
      left -= n;
    }
    return value >>> 0;
  }

  /** One bit, 0 or 1. */
  readBit(): number {
    if (this.pos >= this.end) {
      throw new BitPackError(`cannot read 1 bit at bit ${this.pos}: the stream has ended`, this.pos);
    }
    const bit = (this.data[this.pos >> 3]! >> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return bit;
  }

  /** A 32-bit IEEE float whose bytes are the four 8-bit groups, little-endian (as the viewer packs F32). */
  readFloat32(): number {
    floatView.setUint32(0, this.readBits(32), true);
    return floatView.getFloat32(0, true);
  }

  /** The next n (1..8) bits MSB-first; bounds already checked. */
  private takeGroup(n: number): number {
    const byte = this.pos >> 3;
    const shift = 16 - (this.pos & 7) - n;
    const next = byte + 1 < this.data.length ? this.data[byte + 1]! : 0;
    this.pos += n;
    return (((this.data[byte]! << 8) | next) >> shift) & ((1 << n) - 1);
  }
}

/**
 * A reusable writer into a caller-owned buffer. Bits are stored (set and cleared), never OR-ed,
 * so `rewind` may move back and overwrite; `finish` zeroes the padding of the last byte.
 */
export class BitWriter {
  private out: Uint8Array = EMPTY;
  private pos = 0;
  private end = 0;

  reset(out: Uint8Array): this {
    this.out = out;
    this.pos = 0;
    this.end = out.length * 8;
    return this;
  }

  get bitOffset(): number {
    return this.pos;
  }

  get bitsLeft(): number {
    return this.end - this.pos;
  }

  /** Moves back to an earlier offset (from `bitOffset`); later writes overwrite what followed. */
  rewind(bitOffset: number): void {
    if (!Number.isInteger(bitOffset) || bitOffset < 0 || bitOffset > this.pos) {
      throw new RangeError(`cannot rewind to bit ${bitOffset} from bit ${this.pos}`);
    }
    this.pos = bitOffset;
  }

  /** Writes the low `count` (0..32) bits of the unsigned integer `value` in SL bit order. */
  writeBits(value: number, count: number): void {
    checkCount(count);
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** count) {
      throw new RangeError(`value ${value} does not fit in ${count} unsigned bits`);
    }
    if (count > this.end - this.pos) {
      throw new BitPackError(
        `cannot write ${count} bits at bit ${this.pos}: only ${this.end - this.pos} left of ${this.end}`,
        this.pos,
      );
    }
    let left = count;
    let rest = value >>> 0;
    while (left > 0) {
      const n = left > 8 ? 8 : left;
      this.putGroup(rest & ((1 << n) - 1), n);
      rest >>>= 8;
      left -= n;
    }
  }

  writeFloat32(value: number): void {
    floatView.setFloat32(0, value, true);
    this.writeBits(floatView.getUint32(0, true), 32);
  }

  /** Zeroes the unused low bits of the last byte and returns the bytes used. */
  finish(): number {
    const bytes = (this.pos + 7) >> 3;
    const used = this.pos & 7;
    if (used !== 0) this.out[bytes - 1]! &= (0xff << (8 - used)) & 0xff;
    return bytes;
  }

  /** Stores n (1..8) bits MSB-first at the cursor; bounds already checked. */
  private putGroup(group: number, n: number): void {
    const byte = this.pos >> 3;
    const shift = 16 - (this.pos & 7) - n;
    const mask = ((1 << n) - 1) << shift;
    const bits = group << shift;
    this.out[byte] = (this.out[byte]! & ~(mask >> 8)) | (bits >> 8);
    if ((mask & 0xff) !== 0) this.out[byte + 1] = (this.out[byte + 1]! & ~mask & 0xff) | (bits & 0xff);
    this.pos += n;
  }
}
