/**
 * Finds the JPEG2000 codestream in a buffer: a raw codestream (`.j2c`, what
 * Second Life serves) starts with SOC+SIZ; a JP2 file (`.jp2`) wraps it in a
 * `jp2c` box. Anything else is refused with a hint of what it looks like.
 */
import { J2cFormatError, NotJpeg2000Error } from '../errors.ts';

export interface CodestreamLocation {
  readonly container: 'j2c' | 'jp2';
  /** Offset of the SOC marker in the buffer. */
  readonly start: number;
  /** Offset just past the codestream (the box end for JP2, the buffer end for a raw codestream). */
  readonly end: number;
}

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
/** A JP2 file with more boxes than this before its codestream is not a texture. */
const MAX_JP2_BOXES = 64;

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

export function locateCodestream(bytes: Uint8Array): CodestreamLocation {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0x4f && bytes[2] === 0xff && bytes[3] === 0x51) {
    return { container: 'j2c', start: 0, end: bytes.length };
  }
  if (startsWith(bytes, JP2_SIGNATURE)) return locateInJp2(bytes);
  throw new NotJpeg2000Error(`not a JPEG2000 codestream: ${describeBytes(bytes)}`);
}

function locateInJp2(bytes: Uint8Array): CodestreamLocation {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (let box = 0; box < MAX_JP2_BOXES && offset + 8 <= bytes.length; box++) {
    let length = view.getUint32(offset);
    const type = view.getUint32(offset + 4);
    let header = 8;
    if (length === 1) {
      if (offset + 16 > bytes.length) break;
      const high = view.getUint32(offset + 8);
      if (high !== 0) throw new J2cFormatError(offset, 'JP2 box larger than 4 GiB');
      length = view.getUint32(offset + 12);
      header = 16;
    } else if (length === 0) {
      length = bytes.length - offset;
    }
    if (length < header) throw new J2cFormatError(offset, `JP2 box length ${length} is shorter than its header`);
    if (type === 0x6a703263 /* 'jp2c' */) {
      const start = offset + header;
      // A prefix may end inside the codestream box: use what is there.
      return { container: 'jp2', start, end: Math.min(bytes.length, offset + length) };
    }
    offset += length;
  }
  throw new J2cFormatError(Math.min(offset, bytes.length), 'JP2 file without a codestream (jp2c) box in its first bytes');
}

/** A short description of what unknown bytes look like, for error messages. */
export function describeBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the data is empty (0 bytes)';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'the data is a PNG image';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'the data is a JPEG (JFIF) image';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64)).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'the data is an HTML page';
  if (head.startsWith('<')) return 'the data looks like XML or HTML text';
  if (head.startsWith('{') || head.startsWith('[')) return 'the data looks like JSON text';
  const hex = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `it starts with ${hex} (${bytes.length} bytes), not with the SOC+SIZ markers ff 4f ff 51 or a JP2 signature`;
}
