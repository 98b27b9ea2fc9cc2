/**
 * MD5 (RFC 1321), isomorphic and dependency-free. The login protocol needs it
 * for one thing only: the viewer sends its password as "$1$" + md5hex(password).
 * Not for anything that needs collision resistance.
 */

/** Per-round left-rotation amounts. */
const SHIFTS = new Uint8Array([
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
]);

/** K[i] = floor(abs(sin(i + 1)) * 2^32). */
const K = new Uint32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000);

const utf8 = new TextEncoder();

/** The 16-byte MD5 digest of `input` (text is hashed as UTF-8). */
export function md5(input: string | Uint8Array): Uint8Array {
  const bytes = typeof input === 'string' ? utf8.encode(input) : input;
  // Message, 0x80, zero padding to 56 mod 64, then the bit length as 64-bit little-endian.
  const padded = new Uint8Array((((bytes.length + 8) >>> 6) + 1) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bitLength = bytes.length * 8;
  view.setUint32(padded.length - 8, bitLength >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor(bitLength / 0x100000000), true);

  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  const m = new Uint32Array(16);
  for (let block = 0; block < padded.length; block += 64) {
    for (let j = 0; j < 16; j++) m[j] = view.getUint32(block + j * 4, true);
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + (K[i] as number) + (m[g] as number)) | 0;
      const s = SHIFTS[i] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const out = new Uint8Array(16);
  const outView = new DataView(out.buffer);
  outView.setUint32(0, a0, true);
  outView.setUint32(4, b0, true);
  outView.setUint32(8, c0, true);
  outView.setUint32(12, d0, true);
  return out;
}

/** The MD5 digest of `input` as 32 lowercase hex digits. */
export function md5Hex(input: string | Uint8Array): string {
  let hex = '';
  for (const byte of md5(input)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

const HASHED = /^\$1\$[0-9a-fA-F]{32}$/;

/** True when `text` already is a login password hash ("$1$" and 32 hex digits). */
export function isPasswordHash(text: string): boolean {
  return HASHED.test(text);
}

/**
 * The password as the login protocol carries it: "$1$" + md5hex(password).
 * A value that already has that form (35 characters) is kept, lowercased.
 */
export function hashPassword(password: string): string {
  if (isPasswordHash(password)) return password.toLowerCase();
  return `$1$${md5Hex(password)}`;
}
