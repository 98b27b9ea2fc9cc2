/**
 * Little-endian stores into a plain Uint8Array, for encoders that are handed bytes
 * and an offset rather than a DataView (making one per call would allocate).
 */
const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function writeU8(out: Uint8Array, offset: number, value: number): number {
  out[offset] = value & 0xff;
  return offset + 1;
}

export function writeU16(out: Uint8Array, offset: number, value: number): number {
  out[offset] = value & 0xff;
  out[offset + 1] = (value >>> 8) & 0xff;
  return offset + 2;
}

export function writeU32(out: Uint8Array, offset: number, value: number): number {
  out[offset] = value & 0xff;
  out[offset + 1] = (value >>> 8) & 0xff;
  out[offset + 2] = (value >>> 16) & 0xff;
  out[offset + 3] = (value >>> 24) & 0xff;
  return offset + 4;
}

export function writeF32(out: Uint8Array, offset: number, value: number): number {
  f32[0] = value;
  if (hostIsLittleEndian) {
    out[offset] = f32Bytes[0]!;
    out[offset + 1] = f32Bytes[1]!;
    out[offset + 2] = f32Bytes[2]!;
    out[offset + 3] = f32Bytes[3]!;
  } else {
    out[offset] = f32Bytes[3]!;
    out[offset + 1] = f32Bytes[2]!;
    out[offset + 2] = f32Bytes[1]!;
    out[offset + 3] = f32Bytes[0]!;
  }
  return offset + 4;
}

/** Copies `length` bytes of `source` from `sourceOffset`; returns the offset after them. */
export function writeBytes(out: Uint8Array, offset: number, source: Uint8Array, sourceOffset: number, length: number): number {
  for (let k = 0; k < length; k++) out[offset + k] = source[sourceOffset + k]!;
  return offset + length;
}

/** Throws a RangeError naming `what` when `needed` bytes from `offset` do not fit `out`. */
export function ensureRoom(out: Uint8Array, offset: number, needed: number, what: string): void {
  if (offset < 0 || offset + needed > out.length) {
    throw new RangeError(`${what}: needs ${needed} bytes at offset ${offset}, but the output holds ${out.length}`);
  }
}
