/**
 * JSON-lines captures (as in fixtures/opensim-0.9.2.2/*.jsonl): one object per
 * line with `t` (seconds), `dir`, `seq`, `flags`, `msg` and the datagram as `hex`.
 * Only `hex` is required; a bad line becomes an error entry and reading goes on.
 */
import type { CaptureEntry, CaptureReadResult, CapturedDatagram } from './capture-types.ts';

const textDecoder = new TextDecoder('utf-8', { fatal: false });

const HEX_VALUES = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) table[0x30 + i] = i;
  for (let i = 0; i < 6; i++) {
    table[0x41 + i] = 10 + i;
    table[0x61 + i] = 10 + i;
  }
  return table;
})();

/** The bytes of a hex string, or a reason it has none. */
function decodeHex(text: string): Uint8Array | string {
  if (text.length % 2 !== 0) return `"hex" has odd length ${text.length}`;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hiCode = text.charCodeAt(2 * i);
    const loCode = text.charCodeAt(2 * i + 1);
    const hi = hiCode < 256 ? HEX_VALUES[hiCode] : -1;
    const lo = loCode < 256 ? HEX_VALUES[loCode] : -1;
    if (hi < 0 || lo < 0) {
      const at = hi < 0 ? 2 * i : 2 * i + 1;
      return `"hex" has non-hex character ${JSON.stringify(text[at])} at position ${at}`;
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

function readLine(line: string, index: number): CaptureEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `invalid JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (!('hex' in record)) return 'missing "hex" field';
  if (typeof record.hex !== 'string') return '"hex" is not a string';
  if (record.t !== undefined && (typeof record.t !== 'number' || !Number.isFinite(record.t))) return '"t" is not a number';
  if (record.dir !== undefined && typeof record.dir !== 'string') return '"dir" is not a string';
  const payload = decodeHex(record.hex);
  if (typeof payload === 'string') return payload;
  const entry: { kind: 'datagram' } & CapturedDatagram = { kind: 'datagram', index, payload };
  if (record.t !== undefined) entry.timestamp = record.t as number;
  if (record.dir !== undefined) entry.direction = record.dir as string;
  return entry;
}

export function parseJsonLines(bytes: Uint8Array): CaptureReadResult {
  const entries: CaptureEntry[] = [];
  let index = 0;
  let lineNumber = 0;
  // A UTF-8 byte-order mark is not part of the first line's JSON.
  let start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length) {
    lineNumber++;
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (!isBlank(bytes, start, end)) {
      const result = readLine(textDecoder.decode(bytes.subarray(start, end)), index);
      entries.push(typeof result === 'string'
        ? { kind: 'error', index, error: `line ${lineNumber} (byte ${start}): ${result}` }
        : result);
      index++;
    }
    start = end + 1;
  }
  return { format: 'jsonl', entries, skipped: 0 };
}

/** True when the first non-blank line looks like a JSON object of printable text. */
export function looksLikeJsonLines(bytes: Uint8Array): boolean {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0d || bytes[i] === 0x0a)) i++;
  if (i >= bytes.length || bytes[i] !== 0x7b) return false; // '{'
  let last = 0;
  for (; i < bytes.length && bytes[i] !== 0x0a; i++) {
    const b = bytes[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0d) return false;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) last = b;
  }
  return last === 0x7d; // '}'
}
