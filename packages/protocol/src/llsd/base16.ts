const HEX = '0123456789ABCDEF';

/** Uppercase hex, as the viewer writes it (Python's llsd reads only uppercase). */
export function encodeBase16(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return out;
}

/** 0-15 for a hex digit's char code, else -1. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

/** Hex text (either case, whitespace ignored) to bytes; undefined when it is not hex pairs. */
export function decodeBase16(text: string): Uint8Array | undefined {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (hexValue(c) >= 0) digits++;
    else if (!isSpace(c)) return undefined;
  }
  if (digits % 2 !== 0) return undefined;
  const out = new Uint8Array(digits / 2);
  let o = 0;
  let high = -1;
  for (let i = 0; i < text.length; i++) {
    const v = hexValue(text.charCodeAt(i));
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out[o++] = (high << 4) | v;
      high = -1;
    }
  }
  return out;
}
