/**
 * Notation's quoted strings ('…' or "…" with backslash escapes), which the
 * binary format also accepts for values and map keys. The escapes produce
 * bytes (\xNN is one byte), so the text is decoded as UTF-8 afterwards.
 */
import { type ByteCursor, describeByte, fail } from './byte-cursor.ts';
import { hexValue } from './base16.ts';
import { decodeUTF8 } from './utf8.ts';

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13 };
const ESCAPE_BYTE = new Int16Array(128).fill(-1);
for (const [k, v] of Object.entries(SIMPLE_ESCAPES)) ESCAPE_BYTE[k.charCodeAt(0)] = v;

/**
 * Reads the string after an opening `delim` (the cursor is just past it) up
 * to the matching unescaped delimiter, and returns its bytes.
 */
export function readQuotedBytes(cur: ByteCursor, delim: number): Uint8Array {
  const bytes = cur.bytes;
  const start = cur.pos;
  // First pass: find the end and the decoded length, so the output is allocated once.
  let i = start;
  let length = 0;
  let escaped = false;
  for (;;) {
    if (i >= bytes.length) {
      fail(cur, start - 1, `a closing ${String.fromCharCode(delim)} for the string starting here`, 'end of input');
    }
    const b = bytes[i] as number;
    if (b === delim) break;
    if (b === 0x5c) {
      escaped = true;
      const e = bytes[i + 1];
      if (e === undefined) {
        fail(cur, start - 1, `a closing ${String.fromCharCode(delim)} for the string starting here`, 'end of input');
      }
      if (e === 0x78) {
        if (hexValue(bytes[i + 2] ?? -1) < 0 || hexValue(bytes[i + 3] ?? -1) < 0) {
          fail(cur, i, 'two hex digits after \\x', describeByte(cur, hexValue(bytes[i + 2] ?? -1) < 0 ? i + 2 : i + 3));
        }
        i += 4;
      } else i += 2;
    } else i++;
    length++;
  }
  cur.pos = i + 1;
  if (!escaped) return bytes.slice(start, i);
  const out = new Uint8Array(length);
  let o = 0;
  for (let j = start; j < i; ) {
    const b = bytes[j] as number;
    if (b !== 0x5c) {
      out[o++] = b;
      j++;
      continue;
    }
    const e = bytes[j + 1] as number;
    if (e === 0x78) {
      out[o++] = (hexValue(bytes[j + 2] as number) << 4) | hexValue(bytes[j + 3] as number);
      j += 4;
    } else {
      const mapped = e < 128 ? (ESCAPE_BYTE[e] as number) : -1;
      out[o++] = mapped >= 0 ? mapped : e; // any other escaped byte stands for itself
      j += 2;
    }
  }
  return out;
}

/** Decodes string bytes that started at `offset` as UTF-8, failing clearly when they are not. */
export function bytesToText(cur: ByteCursor, data: Uint8Array, offset: number, what: string): string {
  const text = decodeUTF8(data);
  if (text === undefined) fail(cur, offset, `UTF-8 text in the ${what} starting here`, 'bytes that are not UTF-8');
  return text;
}

/** A quoted string after an opening `delim`, as text. */
export function readQuotedText(cur: ByteCursor, delim: number, what: string): string {
  const offset = cur.pos - 1;
  return bytesToText(cur, readQuotedBytes(cur, delim), offset, what);
}

// How the viewer writes bytes 0-13; the rest of C0 becomes \xNN.
const ESCAPED_CONTROLS = [
  '\\x00', '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', '\\x06',
  '\\a', '\\b', '\\t', '\\n', '\\v', '\\f', '\\r',
];

/**
 * Text between `quote`s as notation writes it: backslash, the quote and control
 * characters escaped; other characters (non-ASCII included) as they are, so the
 * result is still text and the viewer reads it byte for byte.
 */
export function escapeQuoted(s: string, quote: "'" | '"'): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20) rep = ESCAPED_CONTROLS[c] ?? `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x7f) rep = '\\x7f';
    else if (c === 0x5c) rep = '\\\\';
    else if (c === quote.charCodeAt(0)) rep = `\\${quote}`;
    if (rep === undefined) continue;
    out += s.slice(runStart, i) + rep;
    runStart = i + 1;
  }
  return runStart === 0 ? s : out + s.slice(runStart);
}
