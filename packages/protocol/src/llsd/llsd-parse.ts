/** One entry point for LLSD of unknown format, as the viewer's LLSDSerialize::deserialize does. */
import { parseLLSDBinary } from './llsd-binary.ts';
import { type LLSDFormat, LLSDParseError } from './llsd-error.ts';
import { parseLLSDNotation } from './llsd-notation.ts';
import type { LLSDParseOptions } from './llsd-options.ts';
import type { LLSDValue } from './llsd-value.ts';
import { parseLLSDXml } from './llsd-xml.ts';

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** The code unit or byte at `i`, or -1 past the end. */
function codeAt(input: string | Uint8Array, i: number): number {
  if (typeof input === 'string') return i < input.length ? input.charCodeAt(i) : -1;
  return i < input.length ? (input[i] as number) : -1;
}

interface Header {
  /** The lowercase name inside "<? NAME ?>". */
  readonly name: string;
  /** Where the content after the header (and its line end) starts. */
  readonly end: number;
}

/** A "<? LLSD/Binary ?>"-style header at `start`, or undefined ("<?xml" is not one). */
function readHeader(input: string | Uint8Array, start: number): Header | undefined {
  if (codeAt(input, start) !== 0x3c || codeAt(input, start + 1) !== 0x3f) return undefined;
  let i = start + 2;
  while (codeAt(input, i) === 0x20) i++;
  let name = '';
  for (let c = codeAt(input, i); c > 0x20 && c !== 0x3f && name.length < 20; c = codeAt(input, ++i)) {
    name += String.fromCharCode(c).toLowerCase();
  }
  if (!name.startsWith('llsd/')) return undefined;
  while (codeAt(input, i) === 0x20) i++;
  if (codeAt(input, i) !== 0x3f || codeAt(input, i + 1) !== 0x3e) return undefined;
  i += 2;
  while (isSpace(codeAt(input, i))) i++;
  return { name, end: i };
}

/**
 * Binary without a header, told apart from notation by its container's U32
 * count: notation text there gives a count of at least 0x09000000, far more
 * than the bytes left.
 */
function looksLikeHeaderlessBinary(bytes: Uint8Array, start: number): boolean {
  const first = bytes[start];
  if (first !== 0x5b && first !== 0x7b) return false;
  if (bytes.length - start < 6) return false;
  const count = new DataView(bytes.buffer, bytes.byteOffset + start + 1, 4).getUint32(0);
  return count < bytes.length - start - 5;
}

interface Located {
  readonly format: LLSDFormat;
  /** The "<? LLSD/… ?>" header, when there is one. */
  readonly header: Header | undefined;
}

function locate(input: string | Uint8Array): Located {
  let start = 0;
  if (typeof input === 'string') {
    if (input.charCodeAt(0) === 0xfeff) start = 1;
  } else if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) start = 3;
  while (isSpace(codeAt(input, start))) start++;
  const header = readHeader(input, start);
  if (header !== undefined) {
    const format = header.name === 'llsd/binary' ? 'binary' : header.name === 'llsd/xml' ? 'xml' : 'notation';
    return { format, header };
  }
  if (codeAt(input, start) === 0x3c) return { format: 'xml', header };
  if (typeof input !== 'string' && looksLikeHeaderlessBinary(input, start)) return { format: 'binary', header };
  return { format: 'notation', header };
}

/**
 * Which format `input` is in: an "<? LLSD/… ?>" header names it; otherwise '<'
 * means XML, bytes that start a binary map or array mean binary, and the rest
 * is notation.
 */
export function detectLLSDFormat(input: string | Uint8Array): LLSDFormat {
  return locate(input).format;
}

/** Parses LLSD in whichever of the three formats `input` is in (see detectLLSDFormat). */
export function parseLLSD(input: string | Uint8Array, options?: LLSDParseOptions): LLSDValue {
  const { format, header } = locate(input);
  if (format === 'binary') {
    if (typeof input === 'string') {
      const found = 'text, which cannot hold its raw bytes';
      throw new LLSDParseError('binary', 0, 'binary LLSD as bytes (a Uint8Array)', found);
    }
    return parseLLSDBinary(input, options);
  }
  if (format === 'notation') return parseLLSDNotation(input, options);
  if (header === undefined) return parseLLSDXml(input, options);
  // The viewer's "<? LLSD/XML ?>" line is not XML: cut it off, and shift error positions back.
  try {
    return parseLLSDXml(input.slice(header.end), options);
  } catch (err) {
    if (!(err instanceof LLSDParseError) || err.line === undefined) throw err;
    let newlines = 0;
    for (let i = 0; i < header.end; i++) if (codeAt(input, i) === 0x0a) newlines++;
    throw new LLSDParseError('xml', err.offset + header.end, err.expected, err.found, err.line + newlines, err.column);
  }
}
