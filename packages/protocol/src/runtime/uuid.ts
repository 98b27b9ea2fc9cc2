/** UUIDs travel as 16 raw bytes; strings are made only on demand. */

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

export const NULL_UUID = '00000000-0000-0000-0000-000000000000';

/** The canonical lower-case 8-4-4-4-12 form of `bytes[offset, offset + 16)`. */
export function uuidToString(bytes: Uint8Array, offset = 0): string {
  const h = HEX;
  const b = bytes;
  const o = offset;
  return (
    h[b[o]!]! + h[b[o + 1]!]! + h[b[o + 2]!]! + h[b[o + 3]!]! + '-' +
    h[b[o + 4]!]! + h[b[o + 5]!]! + '-' + h[b[o + 6]!]! + h[b[o + 7]!]! + '-' +
    h[b[o + 8]!]! + h[b[o + 9]!]! + '-' +
    h[b[o + 10]!]! + h[b[o + 11]!]! + h[b[o + 12]!]! + h[b[o + 13]!]! + h[b[o + 14]!]! + h[b[o + 15]!]!
  );
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * Writes the UUID `text` (with or without dashes, any case) into `out` at `offset`.
 * Throws a clear error for anything that is not 32 hex digits.
 */
export function uuidToBytes(text: string, out: Uint8Array = new Uint8Array(16), offset = 0): Uint8Array {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 45 /* - */) continue;
    const high = hexValue(code);
    const low = i + 1 < text.length ? hexValue(text.charCodeAt(i + 1)) : -1;
    if (high < 0 || low < 0 || n >= 16) throw new Error(`not a UUID: ${JSON.stringify(text)}`);
    out[offset + n++] = (high << 4) | low;
    i++;
  }
  if (n !== 16) throw new Error(`not a UUID: ${JSON.stringify(text)}`);
  return out;
}

export function isUuid(text: string): boolean {
  return /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(text);
}

export function uuidBytesEqual(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): boolean {
  for (let i = 0; i < 16; i++) if (a[aOffset + i] !== b[bOffset + i]) return false;
  return true;
}
