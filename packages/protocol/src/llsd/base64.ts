const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// 0-63 for alphabet characters, 64 for whitespace (skipped), 255 for anything else.
const DECODE = new Uint8Array(128).fill(255);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
for (const ws of [0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]) DECODE[ws] = 64;
// URL-safe spellings decode too; servers outside Linden Lab sometimes send them.
DECODE[0x2d] = 62;
DECODE[0x5f] = 63;

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const n = bytes.length;
  let line = '';
  for (let i = 0; i < n; i += 3) {
    const b0 = bytes[i] as number;
    const b1 = i + 1 < n ? (bytes[i + 1] as number) : 0;
    const b2 = i + 2 < n ? (bytes[i + 2] as number) : 0;
    line +=
      ALPHABET[b0 >> 2]! +
      ALPHABET[((b0 & 3) << 4) | (b1 >> 4)]! +
      (i + 1 < n ? ALPHABET[((b1 & 15) << 2) | (b2 >> 6)]! : '=') +
      (i + 2 < n ? ALPHABET[b2 & 63]! : '=');
    if (line.length >= 4096) {
      parts.push(line);
      line = '';
    }
  }
  parts.push(line);
  return parts.join('');
}

/**
 * Base64 text to bytes, ignoring whitespace; padding is optional but must be
 * where padding belongs. Undefined when the text is not base64.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  let digits = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d) {
      padding++;
      continue;
    }
    const d = c < 128 ? (DECODE[c] as number) : 255;
    if (d === 255 || (d < 64 && padding > 0)) return undefined;
    if (d < 64) digits++;
  }
  const rest = digits % 4;
  if (rest === 1 || padding > 2 || (padding > 0 && (digits + padding) % 4 !== 0)) return undefined;
  const out = new Uint8Array(Math.floor(digits / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = c === 0x3d ? 64 : (DECODE[c] as number);
    if (d === 64) continue;
    acc = ((acc << 6) | d) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
