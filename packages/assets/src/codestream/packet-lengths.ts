/** PLT/PLM packet lengths: 7 bits per byte, most significant first, high bit set on all but the last byte. */
import { J2cFormatError } from '../errors.ts';

export function readPacketLengths(bytes: Uint8Array, at: number, end: number): number[] {
  const lengths: number[] = [];
  let value = 0;
  let digits = 0;
  for (let p = at; p < end; p++) {
    const b = bytes[p]!;
    value = value * 128 + (b & 0x7f);
    if (++digits > 5) throw new J2cFormatError(p, 'packet length longer than 5 bytes in PLT/PLM');
    if ((b & 0x80) === 0) {
      lengths.push(value);
      value = 0;
      digits = 0;
    }
  }
  if (digits !== 0) throw new J2cFormatError(end, 'PLT/PLM segment ends inside a packet length');
  return lengths;
}
