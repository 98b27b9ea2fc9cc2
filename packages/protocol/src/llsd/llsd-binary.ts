/**
 * LLSD binary: a type tag byte per value; integers, reals, lengths and counts
 * in network byte order, except dates, which the viewer writes as a host-order
 * (little-endian in practice) F64 of seconds since the epoch.
 */
import {
  type ByteCursor,
  createCursor,
  describeByte,
  enter,
  fail,
  leave,
  need,
  skipHeader,
  skipSpace,
} from './byte-cursor.ts';
import { hexValue } from './base16.ts';
import { dateFromEpochSeconds } from './llsd-date.ts';
import { LLSDFormatError } from './llsd-error.ts';
import { DEFAULT_MAX_DEPTH, type LLSDFormatOptions, type LLSDParseOptions } from './llsd-options.ts';
import {
  createLLSDMap,
  llsdKindOf,
  llsdNumber,
  LLSDReal,
  LLSDURI,
  LLSDUUID,
  type LLSDMap,
  type LLSDValue,
} from './llsd-value.ts';
import { bytesToText, readQuotedText } from './quoted-string.ts';
import { findLoneSurrogate, utf8Encoder } from './utf8.ts';
import { describeNonLLSD, pathText, type ValuePath } from './value-path.ts';

const UNDEF = 0x21; // !
const TRUE = 0x31; // 1
const FALSE = 0x30; // 0
const INTEGER = 0x69; // i
const REAL = 0x72; // r
const UUID = 0x75; // u
const BINARY = 0x62; // b
const STRING = 0x73; // s
const URI = 0x6c; // l
const DATE = 0x64; // d
const ARRAY = 0x5b; // [
const ARRAY_END = 0x5d; // ]
const MAP = 0x7b; // {
const MAP_END = 0x7d; // }
const KEY = 0x6b; // k
const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;

/** The optional first line of binary LLSD. */
export const LLSD_BINARY_HEADER = '<? LLSD/Binary ?>\n';

const HEX = '0123456789abcdef';

const TAG_EXPECTED = "an LLSD binary type tag (one of ! 1 0 i r u b s l d [ { ' \")";

export function parseLLSDBinary(bytes: Uint8Array, options?: LLSDParseOptions): LLSDValue {
  const cur = createCursor('binary', bytes, options);
  skipSpace(cur);
  skipHeader(cur, 'LLSD/Binary');
  const value = readValue(cur);
  skipSpace(cur);
  if (cur.pos < bytes.length) fail(cur, cur.pos, 'end of input after the value', describeByte(cur, cur.pos));
  return value;
}

/**
 * One binary LLSD value at the start of `bytes`, and how many bytes it took:
 * for formats that put other data after an LLSD header (the mesh asset's
 * segments follow its header map). An optional "<? LLSD/Binary ?>" line counts.
 */
export function parseLLSDBinaryPrefix(bytes: Uint8Array, options?: LLSDParseOptions): { value: LLSDValue; length: number } {
  const cur = createCursor('binary', bytes, options);
  skipHeader(cur, 'LLSD/Binary');
  const value = readValue(cur);
  return { value, length: cur.pos };
}

function readU32(cur: ByteCursor, what: string): number {
  need(cur, 4, what);
  const v = cur.view.getUint32(cur.pos);
  cur.pos += 4;
  return v;
}

/** A U32 length and that many bytes, as a view into the input. */
function readSized(cur: ByteCursor, what: string): Uint8Array {
  const offset = cur.pos;
  const length = readU32(cur, `the length of ${what}`);
  const left = cur.bytes.length - cur.pos;
  if (length > left) fail(cur, offset, `a length for ${what} within the ${left} bytes left`, String(length));
  const data = cur.bytes.subarray(cur.pos, cur.pos + length);
  cur.pos += length;
  return data;
}

function readValue(cur: ByteCursor): LLSDValue {
  const start = cur.pos;
  const bytes = cur.bytes;
  if (start >= bytes.length) fail(cur, start, 'an LLSD binary value', 'end of input');
  const tag = bytes[cur.pos++] as number;
  switch (tag) {
    case UNDEF:
      return null;
    case TRUE:
      return true;
    case FALSE:
      return false;
    case INTEGER: {
      need(cur, 4, 'an integer');
      const v = cur.view.getInt32(cur.pos);
      cur.pos += 4;
      return v;
    }
    case REAL: {
      need(cur, 8, 'a real');
      const v = cur.view.getFloat64(cur.pos);
      cur.pos += 8;
      return cur.realsAsLLSDReal ? new LLSDReal(v) : v;
    }
    case UUID: {
      need(cur, 16, 'a uuid');
      let hex = '';
      for (let i = 0; i < 16; i++) {
        const b = bytes[cur.pos + i] as number;
        if (i === 4 || i === 6 || i === 8 || i === 10) hex += '-';
        hex += HEX[b >> 4]! + HEX[b & 15]!;
      }
      cur.pos += 16;
      return new LLSDUUID(hex);
    }
    case BINARY:
      return readSized(cur, 'binary data').slice();
    case STRING:
      return bytesToText(cur, readSized(cur, 'a string'), start, 'string');
    case URI:
      return new LLSDURI(bytesToText(cur, readSized(cur, 'a uri'), start, 'uri'));
    case SINGLE_QUOTE:
    case DOUBLE_QUOTE:
      return readQuotedText(cur, tag, 'string');
    case DATE: {
      need(cur, 8, 'a date');
      const seconds = cur.view.getFloat64(cur.pos, true);
      const date = dateFromEpochSeconds(seconds);
      if (date === undefined) fail(cur, start, 'a date within the range of a JavaScript Date', `${seconds} seconds`);
      cur.pos += 8;
      return date;
    }
    case ARRAY:
      return readArray(cur, start);
    case MAP:
      return readMap(cur, start);
    default:
      return fail(cur, start, TAG_EXPECTED, describeByte(cur, start));
  }
}

function readArray(cur: ByteCursor, start: number): LLSDValue[] {
  enter(cur, start);
  const count = readU32(cur, 'an array count');
  const left = cur.bytes.length - cur.pos;
  // Every element takes at least one byte, and ']' one more: refuse before looping on a huge count.
  if (count > 0 && count >= left) {
    fail(cur, start + 1, `an array count that fits the ${left} bytes left`, String(count));
  }
  const array: LLSDValue[] = [];
  for (let i = 0; i < count; i++) array.push(readValue(cur));
  if (cur.bytes[cur.pos] !== ARRAY_END) {
    fail(cur, cur.pos, `']' after the ${count} values the array declared`, describeByte(cur, cur.pos));
  }
  cur.pos++;
  leave(cur);
  return array;
}

function readMap(cur: ByteCursor, start: number): LLSDMap {
  enter(cur, start);
  const count = readU32(cur, 'a map count');
  const left = cur.bytes.length - cur.pos;
  // The smallest entry is a quoted empty key and a one-byte value (3 bytes), and '}' follows.
  if (count > 0 && count * 3 >= left) {
    fail(cur, start + 1, `a map count that fits the ${left} bytes left`, String(count));
  }
  const map = createLLSDMap();
  for (let i = 0; i < count; i++) {
    const keyStart = cur.pos;
    const tag = cur.bytes[cur.pos++];
    let key: string;
    if (tag === KEY) key = bytesToText(cur, readSized(cur, 'a map key'), keyStart, 'map key');
    else if (tag === SINGLE_QUOTE || tag === DOUBLE_QUOTE) key = readQuotedText(cur, tag, 'map key');
    else return fail(cur, keyStart, `map key ${i + 1} of ${count} ('k' and a length)`, describeByte(cur, keyStart));
    map[key] = readValue(cur);
  }
  if (cur.bytes[cur.pos] !== MAP_END) {
    fail(cur, cur.pos, `'}' after the ${count} entries the map declared`, describeByte(cur, cur.pos));
  }
  cur.pos++;
  leave(cur);
  return map;
}

export interface LLSDBinaryFormatOptions extends LLSDFormatOptions {
  /** Start with "<? LLSD/Binary ?>\n", as files do; HTTP bodies usually go without. Default false. */
  header?: boolean;
}

interface Writer {
  bytes: Uint8Array;
  view: DataView;
  pos: number;
  readonly maxDepth: number;
  readonly path: ValuePath;
}

function reserve(w: Writer, n: number): void {
  if (w.pos + n <= w.bytes.length) return;
  let size = w.bytes.length * 2;
  while (size < w.pos + n) size *= 2;
  const bigger = new Uint8Array(size);
  bigger.set(w.bytes.subarray(0, w.pos));
  w.bytes = bigger;
  w.view = new DataView(bigger.buffer);
}

function putByte(w: Writer, b: number): void {
  reserve(w, 1);
  w.bytes[w.pos++] = b;
}

function putU32(w: Writer, v: number): void {
  reserve(w, 4);
  w.view.setUint32(w.pos, v);
  w.pos += 4;
}

function putText(w: Writer, s: string): void {
  const bad = findLoneSurrogate(s);
  if (bad >= 0) {
    const reason = `has a lone surrogate at index ${bad}, which UTF-8 cannot carry`;
    throw new LLSDFormatError('binary', pathText(w.path), reason);
  }
  reserve(w, 4 + s.length * 3);
  const { written } = utf8Encoder.encodeInto(s, w.bytes.subarray(w.pos + 4));
  w.view.setUint32(w.pos, written);
  w.pos += 4 + written;
}

function putBytes(w: Writer, data: Uint8Array): void {
  putU32(w, data.length);
  reserve(w, data.length);
  w.bytes.set(data, w.pos);
  w.pos += data.length;
}

export function formatLLSDBinary(value: LLSDValue, options?: LLSDBinaryFormatOptions): Uint8Array {
  const w: Writer = {
    bytes: new Uint8Array(256),
    view: new DataView(new ArrayBuffer(0)),
    pos: 0,
    maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH,
    path: [],
  };
  w.view = new DataView(w.bytes.buffer);
  if (options?.header === true) {
    for (let i = 0; i < LLSD_BINARY_HEADER.length; i++) putByte(w, LLSD_BINARY_HEADER.charCodeAt(i));
  }
  writeValue(w, value, 0);
  return w.bytes.slice(0, w.pos);
}

function writeValue(w: Writer, value: LLSDValue, depth: number): void {
  const kind = llsdKindOf(value);
  switch (kind) {
    case 'undef':
      putByte(w, UNDEF);
      return;
    case 'boolean':
      putByte(w, value === true ? TRUE : FALSE);
      return;
    case 'integer':
      putByte(w, INTEGER);
      reserve(w, 4);
      w.view.setInt32(w.pos, value as number);
      w.pos += 4;
      return;
    case 'real':
      putByte(w, REAL);
      reserve(w, 8);
      w.view.setFloat64(w.pos, llsdNumber(value as number | LLSDReal));
      w.pos += 8;
      return;
    case 'string':
      putByte(w, STRING);
      putText(w, value as string);
      return;
    case 'uuid': {
      putByte(w, UUID);
      reserve(w, 16);
      const hex = (value as LLSDUUID).value;
      for (let i = 0, h = 0; i < 16; i++, h += 2) {
        if (h === 8 || h === 13 || h === 18 || h === 23) h++;
        w.bytes[w.pos + i] = (hexValue(hex.charCodeAt(h)) << 4) | hexValue(hex.charCodeAt(h + 1));
      }
      w.pos += 16;
      return;
    }
    case 'uri':
      putByte(w, URI);
      putText(w, (value as LLSDURI).value);
      return;
    case 'date': {
      const ms = (value as Date).getTime();
      if (Number.isNaN(ms)) throw new LLSDFormatError('binary', pathText(w.path), 'is an invalid Date');
      putByte(w, DATE);
      reserve(w, 8);
      w.view.setFloat64(w.pos, ms / 1000, true);
      w.pos += 8;
      return;
    }
    case 'binary':
      putByte(w, BINARY);
      putBytes(w, value as Uint8Array);
      return;
    case 'array': {
      const array = value as LLSDValue[];
      checkDepth(w, depth);
      putByte(w, ARRAY);
      putU32(w, array.length);
      for (let i = 0; i < array.length; i++) {
        w.path.push(i);
        writeValue(w, array[i] as LLSDValue, depth + 1);
        w.path.pop();
      }
      putByte(w, ARRAY_END);
      return;
    }
    case 'map': {
      const map = value as LLSDMap;
      const keys = Object.keys(map);
      checkDepth(w, depth);
      putByte(w, MAP);
      putU32(w, keys.length);
      for (const key of keys) {
        w.path.push(key);
        putByte(w, KEY);
        putText(w, key);
        writeValue(w, map[key] as LLSDValue, depth + 1);
        w.path.pop();
      }
      putByte(w, MAP_END);
      return;
    }
    case undefined:
      throw new LLSDFormatError('binary', pathText(w.path), `is ${describeNonLLSD(value)}, not an LLSD value`);
  }
}

function checkDepth(w: Writer, depth: number): void {
  if (depth >= w.maxDepth) {
    throw new LLSDFormatError('binary', pathText(w.path), `nests deeper than ${w.maxDepth} levels (or is cyclic)`);
  }
}
