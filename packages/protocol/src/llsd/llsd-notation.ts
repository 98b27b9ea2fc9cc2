/**
 * LLSD notation: a compact text form ({'key':i1,'list':[r1.5,u…,"text"]}).
 * Parsing works on UTF-8 bytes, because sized strings (s(N)"…") and raw
 * binary (b(N)"…") count bytes; text input is encoded first.
 */
import { decodeBase16, encodeBase16 } from './base16.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import {
  acceptWord,
  type ByteCursor,
  createCursor,
  describeByte,
  enter,
  fail,
  leave,
  skipHeader,
  skipSpace,
} from './byte-cursor.ts';
import { formatDateText, isWritableDate, parseDateText } from './llsd-date.ts';
import { LLSDFormatError } from './llsd-error.ts';
import { formatRealText, parseIntegerText, parseRealText } from './llsd-number.ts';
import { DEFAULT_MAX_DEPTH, type LLSDFormatOptions, type LLSDParseOptions } from './llsd-options.ts';
import {
  createLLSDMap,
  isUUIDText,
  llsdKindOf,
  llsdNumber,
  LLSDReal,
  LLSDURI,
  LLSDUUID,
  type LLSDMap,
  type LLSDValue,
} from './llsd-value.ts';
import { bytesToText, escapeQuoted, readQuotedText } from './quoted-string.ts';
import { findLoneSurrogate, utf8Encoder } from './utf8.ts';
import { describeNonLLSD, pathText, type ValuePath } from './value-path.ts';

const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const COMMA = 0x2c;
const COLON = 0x3a;

const VALUE_START = "an LLSD notation value (one of { [ ! 0 1 t f i r u ' \" s l d b)";

export function parseLLSDNotation(input: string | Uint8Array, options?: LLSDParseOptions): LLSDValue {
  const bytes = typeof input === 'string' ? utf8Encoder.encode(input) : input;
  const cur = createCursor('notation', bytes, options);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) cur.pos = 3; // UTF-8 BOM
  skipSpace(cur);
  skipHeader(cur, 'LLSD/Notation');
  const value = readValue(cur);
  skipSpace(cur);
  if (cur.pos < bytes.length) fail(cur, cur.pos, 'end of input after the value', describeByte(cur, cur.pos));
  return value;
}

function isAlpha(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
}

/** ASCII characters that can belong to a number token, so "i12x" reports all of "12x". */
function isTokenByte(b: number): boolean {
  return (
    (b >= 0x30 && b <= 0x39) || isAlpha(b) || b === 0x2b || b === 0x2d || b === 0x2e || b === 0x23 // + - . #
  );
}

function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  }
  return out;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

/** A number token as found, or the byte after the letter when there was no token. */
function describeToken(cur: ByteCursor, token: string): string {
  return token === '' ? describeByte(cur, cur.pos) : `'${token}'`;
}

function readToken(cur: ByteCursor): string {
  const start = cur.pos;
  while (cur.pos < cur.bytes.length && isTokenByte(cur.bytes[cur.pos] as number)) cur.pos++;
  return asciiText(cur.bytes, start, cur.pos);
}

function readValue(cur: ByteCursor): LLSDValue {
  skipSpace(cur);
  const bytes = cur.bytes;
  const start = cur.pos;
  if (start >= bytes.length) fail(cur, start, VALUE_START, 'end of input');
  const c = bytes[cur.pos++] as number;
  switch (c) {
    case 0x7b: // {
      return readMap(cur, start);
    case 0x5b: // [
      return readArray(cur, start);
    case 0x21: // !
      return null;
    case 0x30: // 0
      return false;
    case 0x31: // 1
      return true;
    case 0x74: // t
    case 0x54: // T
      return readWordBoolean(cur, start, 'true', true);
    case 0x66: // f
    case 0x46: // F
      return readWordBoolean(cur, start, 'false', false);
    case 0x69: {
      // i
      const token = readToken(cur);
      const v = parseIntegerText(token);
      if (v === undefined) fail(cur, start + 1, "a decimal S32 integer after 'i'", describeToken(cur, token));
      return v;
    }
    case 0x72: {
      // r
      const token = readToken(cur);
      const v = parseRealText(token);
      if (v === undefined) fail(cur, start + 1, "a real number after 'r'", describeToken(cur, token));
      return cur.realsAsLLSDReal ? new LLSDReal(v) : v;
    }
    case 0x75: {
      // u
      const end = Math.min(cur.pos + 36, bytes.length);
      const text = asciiText(bytes, cur.pos, end);
      if (!isUUIDText(text)) fail(cur, start + 1, "a uuid (8-4-4-4-12 hex) after 'u'", `'${text}'`);
      cur.pos = end;
      return new LLSDUUID(text);
    }
    case SINGLE_QUOTE:
    case DOUBLE_QUOTE:
      return readQuotedText(cur, c, 'string');
    case 0x73: // s
      return bytesToText(cur, readSizedBytes(cur, start, 's'), start, 'string');
    case 0x6c: // l
      return new LLSDURI(readQuotedText(cur, expectQuote(cur, "a quote after 'l'"), 'uri'));
    case 0x64: {
      // d
      const text = readQuotedText(cur, expectQuote(cur, "a quote after 'd'"), 'date');
      const date = parseDateText(text);
      if (date === undefined) {
        fail(cur, start + 2, 'an ISO 8601 date such as 2006-02-01T14:29:53Z', JSON.stringify(text));
      }
      return date;
    }
    case 0x62: // b
      return readBinary(cur, start);
    default:
      return fail(cur, start, VALUE_START, describeByte(cur, start));
  }
}

function readWordBoolean(cur: ByteCursor, start: number, word: string, value: boolean): boolean {
  // A lone t/T/f/F is the boolean; a longer word must be true/false in any case.
  if (!isAlpha(cur.bytes[cur.pos])) return value;
  if (!acceptWord(cur, word.slice(1))) {
    fail(cur, start, `'${word[0]}' or '${word}'`, `'${readTokenAt(cur, start)}'`);
  }
  return value;
}

function readTokenAt(cur: ByteCursor, start: number): string {
  cur.pos = start;
  return readToken(cur);
}

function expectQuote(cur: ByteCursor, expected: string): number {
  const q = cur.bytes[cur.pos];
  if (q !== SINGLE_QUOTE && q !== DOUBLE_QUOTE) fail(cur, cur.pos, expected, describeByte(cur, cur.pos));
  cur.pos++;
  return q;
}

/** "(N)" and a quote, N raw bytes, and a closing quote; the cursor is just past `letter`. */
function readSizedBytes(cur: ByteCursor, start: number, letter: string): Uint8Array {
  const bytes = cur.bytes;
  if (bytes[cur.pos] !== OPEN_PAREN) {
    fail(cur, cur.pos, `'(' and a byte count after '${letter}'`, describeByte(cur, cur.pos));
  }
  cur.pos++;
  const digitsStart = cur.pos;
  // Ten digits hold any U32; a longer count is refused at the digit that does not fit.
  while (cur.pos - digitsStart < 10 && isDigit(bytes[cur.pos])) cur.pos++;
  if (cur.pos === digitsStart || bytes[cur.pos] !== CLOSE_PAREN) {
    fail(cur, cur.pos, `a decimal byte count and ')' after '${letter}('`, describeByte(cur, cur.pos));
  }
  const length = Number(asciiText(bytes, digitsStart, cur.pos));
  cur.pos++;
  expectQuote(cur, `a quote after '${letter}(${length})'`);
  const left = bytes.length - cur.pos;
  if (length >= left) {
    fail(cur, start, `a byte count that fits the ${left} bytes left (with the closing quote)`, String(length));
  }
  const data = bytes.subarray(cur.pos, cur.pos + length);
  cur.pos += length;
  expectQuote(cur, `a closing quote after the ${length} bytes '${letter}(${length})' declared`);
  return data;
}

function readBinary(cur: ByteCursor, start: number): Uint8Array {
  const bytes = cur.bytes;
  if (bytes[cur.pos] === OPEN_PAREN) return readSizedBytes(cur, start, 'b').slice();
  const base64 = acceptWord(cur, '64');
  if (!base64 && !acceptWord(cur, '16')) {
    fail(cur, cur.pos, "b64\"…\", b16\"…\" or b(N)\"…\" after 'b'", describeByte(cur, cur.pos));
  }
  const quote = expectQuote(cur, `a quote after 'b${base64 ? 64 : 16}'`);
  const end = bytes.indexOf(quote, cur.pos);
  if (end < 0) {
    fail(cur, cur.pos - 1, `a closing ${String.fromCharCode(quote)} for the binary data starting here`, 'end of input');
  }
  const text = asciiText(bytes, cur.pos, end);
  const data = base64 ? decodeBase64(text) : decodeBase16(text);
  if (data === undefined) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    fail(cur, cur.pos, base64 ? 'base64 data' : 'pairs of hex digits', `'${shown}'`);
  }
  cur.pos = end + 1;
  return data;
}

function readArray(cur: ByteCursor, start: number): LLSDValue[] {
  enter(cur, start);
  const array: LLSDValue[] = [];
  const bytes = cur.bytes;
  for (;;) {
    skipSpace(cur);
    if (bytes[cur.pos] === 0x5d) break; // ] (also after a trailing comma, as the viewer allows)
    array.push(readValue(cur));
    skipSpace(cur);
    const sep = bytes[cur.pos];
    if (sep === COMMA) cur.pos++;
    else if (sep !== 0x5d) fail(cur, cur.pos, "',' or ']' after an array element", describeByte(cur, cur.pos));
  }
  cur.pos++;
  leave(cur);
  return array;
}

function readMap(cur: ByteCursor, start: number): LLSDMap {
  enter(cur, start);
  const map = createLLSDMap();
  const bytes = cur.bytes;
  for (;;) {
    skipSpace(cur);
    const keyStart = cur.pos;
    const k = bytes[cur.pos];
    if (k === 0x7d) break; // } (also after a trailing comma)
    let key: string;
    if (k === SINGLE_QUOTE || k === DOUBLE_QUOTE) {
      cur.pos++;
      key = readQuotedText(cur, k, 'map key');
    } else if (k === 0x73) {
      cur.pos++;
      key = bytesToText(cur, readSizedBytes(cur, keyStart, 's'), keyStart, 'map key');
    } else {
      return fail(cur, keyStart, "a map key ('…', \"…\" or s(N)\"…\") or '}'", describeByte(cur, keyStart));
    }
    skipSpace(cur);
    if (bytes[cur.pos] !== COLON) {
      fail(cur, cur.pos, `':' after the map key ${JSON.stringify(key)}`, describeByte(cur, cur.pos));
    }
    cur.pos++;
    map[key] = readValue(cur);
    skipSpace(cur);
    const sep = bytes[cur.pos];
    if (sep === COMMA) cur.pos++;
    else if (sep !== 0x7d) fail(cur, cur.pos, "',' or '}' after a map value", describeByte(cur, cur.pos));
  }
  cur.pos++;
  leave(cur);
  return map;
}

export interface LLSDNotationFormatOptions extends LLSDFormatOptions {
  /** How binary is written: 'base64' (b64"…", default) or 'base16' (b16"…", as the viewer does). */
  binary?: 'base64' | 'base16';
}

interface NotationWriter {
  readonly parts: string[];
  readonly path: ValuePath;
  readonly maxDepth: number;
  readonly base16: boolean;
}

/** Notation text; non-ASCII characters are written as they are (UTF-8 once encoded). */
export function formatLLSDNotation(value: LLSDValue, options?: LLSDNotationFormatOptions): string {
  const w: NotationWriter = {
    parts: [],
    path: [],
    maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH,
    base16: options?.binary === 'base16',
  };
  writeValue(w, value, 0);
  return w.parts.join('');
}

function failFormat(w: NotationWriter, reason: string): never {
  throw new LLSDFormatError('notation', pathText(w.path), reason);
}

function quoted(w: NotationWriter, s: string, quote: "'" | '"'): string {
  const bad = findLoneSurrogate(s);
  if (bad >= 0) failFormat(w, `has a lone surrogate at index ${bad}, which UTF-8 cannot carry`);
  return quote + escapeQuoted(s, quote) + quote;
}

function writeValue(w: NotationWriter, value: LLSDValue, depth: number): void {
  const parts = w.parts;
  switch (llsdKindOf(value)) {
    case 'undef':
      parts.push('!');
      return;
    case 'boolean':
      parts.push(value === true ? 'true' : 'false');
      return;
    case 'integer':
      parts.push(`i${value as number}`);
      return;
    case 'real':
      parts.push(`r${formatRealText(llsdNumber(value as number | LLSDReal))}`);
      return;
    case 'string':
      parts.push(quoted(w, value as string, "'"));
      return;
    case 'uuid':
      parts.push(`u${(value as LLSDUUID).value}`);
      return;
    case 'uri':
      parts.push(`l${quoted(w, (value as LLSDURI).value, '"')}`);
      return;
    case 'date': {
      const date = value as Date;
      if (!isWritableDate(date)) failFormat(w, 'is an invalid Date or lies outside the years 0000-9999');
      parts.push(`d"${formatDateText(date)}"`);
      return;
    }
    case 'binary': {
      const data = value as Uint8Array;
      parts.push(w.base16 ? `b16"${encodeBase16(data)}"` : `b64"${encodeBase64(data)}"`);
      return;
    }
    case 'array': {
      const array = value as LLSDValue[];
      if (depth >= w.maxDepth) failFormat(w, `nests deeper than ${w.maxDepth} levels (or is cyclic)`);
      parts.push('[');
      for (let i = 0; i < array.length; i++) {
        if (i > 0) parts.push(',');
        w.path.push(i);
        writeValue(w, array[i] as LLSDValue, depth + 1);
        w.path.pop();
      }
      parts.push(']');
      return;
    }
    case 'map': {
      const map = value as LLSDMap;
      if (depth >= w.maxDepth) failFormat(w, `nests deeper than ${w.maxDepth} levels (or is cyclic)`);
      parts.push('{');
      let first = true;
      for (const key of Object.keys(map)) {
        if (!first) parts.push(',');
        first = false;
        w.path.push(key);
        parts.push(quoted(w, key, "'"), ':');
        writeValue(w, map[key] as LLSDValue, depth + 1);
        w.path.pop();
      }
      parts.push('}');
      return;
    }
    case undefined:
      failFormat(w, `is ${describeNonLLSD(value)}, not an LLSD value`);
  }
}
