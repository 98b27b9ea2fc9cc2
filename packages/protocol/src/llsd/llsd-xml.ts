/**
 * LLSD XML: <llsd> holding one value element. saxes does the XML; this file
 * keeps a stack of open LLSD elements and builds values as they close.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { decodeBase16 } from './base16.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { formatDateText, isWritableDate, parseDateText } from './llsd-date.ts';
import { LLSDFormatError, LLSDParseError } from './llsd-error.ts';
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
import { findInvalidUTF8 } from './utf8.ts';
import { describeNonLLSD, pathText, type ValuePath } from './value-path.ts';

type ScalarName = 'undef' | 'boolean' | 'integer' | 'real' | 'string' | 'uuid' | 'date' | 'uri' | 'binary';

const SCALARS: ReadonlySet<string> = new Set<ScalarName>([
  'undef',
  'boolean',
  'integer',
  'real',
  'string',
  'uuid',
  'date',
  'uri',
  'binary',
]);

const VALUE_ELEMENTS =
  '<undef>, <boolean>, <integer>, <real>, <string>, <uuid>, <date>, <uri>, <binary>, <map> or <array>';

interface Where {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** An open element: the root, a container being filled, or a leaf collecting text. */
type Frame =
  | { kind: 'llsd'; value: LLSDValue | undefined; where: Where }
  | { kind: 'map'; map: LLSDMap; key: string | undefined; where: Where }
  | { kind: 'array'; array: LLSDValue[]; where: Where }
  | { kind: 'key'; text: string; where: Where }
  | { kind: 'scalar'; name: ScalarName; text: string; encoding: string | undefined; where: Where };

const xmlDecoder = new TextDecoder('utf-8', { fatal: true }); // strips a BOM

function isXmlSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

function quoteFound(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

export function parseLLSDXml(input: string | Uint8Array, options?: LLSDParseOptions): LLSDValue {
  let text: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    try {
      text = xmlDecoder.decode(input);
    } catch {
      throw new LLSDParseError('xml', findInvalidUTF8(input), 'UTF-8 text', 'bytes that are not UTF-8', 1, 1);
    }
  }
  const maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
  const realsAsLLSDReal = options?.realsAsLLSDReal ?? false;

  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: Frame[] = [];
  let depth = 0;
  let result: { value: LLSDValue } | undefined;
  let tagWhere: Where = { offset: 0, line: 1, column: 1 };

  const here = (): Where => ({ offset: parser.position, line: parser.line, column: parser.column + 1 });
  const fail: (where: Where, expected: string, found: string) => never = (where, expected, found) => {
    throw new LLSDParseError('xml', where.offset, expected, found, where.line, where.column);
  };

  parser.on('error', (err) => {
    // saxes prefixes "line:column: " to its message; the error carries those as fields instead.
    const prefix = `${parser.line}:${parser.column}: `;
    const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    fail(here(), 'well-formed XML', message);
  });

  parser.on('opentagstart', (tag) => {
    // saxes has read '<', the name and one character after it; point back at the '<'.
    const back = tag.name.length + 2;
    const now = here();
    tagWhere = now.column > back ? { offset: now.offset - back, line: now.line, column: now.column - back } : now;
  });

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = tag.name;
    const where = tagWhere;
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (name !== 'llsd') fail(where, 'the root element <llsd>', `<${name}>`);
      stack.push({ kind: 'llsd', value: undefined, where });
      return;
    }
    if (top.kind === 'key' || top.kind === 'scalar') {
      const holder = top.kind === 'key' ? 'key' : top.name;
      fail(where, `text only inside <${holder}>`, `element <${name}>`);
    }
    if (name === 'key') {
      if (top.kind !== 'map') fail(where, `a value element inside <${top.kind}>`, '<key>');
      if (top.key !== undefined) fail(where, `a value for the key ${quoteFound(top.key)}`, 'another <key>');
      stack.push({ kind: 'key', text: '', where });
      return;
    }
    const isContainer = name === 'map' || name === 'array';
    if (!isContainer && !SCALARS.has(name)) fail(where, VALUE_ELEMENTS, `<${name}>`);
    if (top.kind === 'map' && top.key === undefined) fail(where, '<key> before each value in a <map>', `<${name}>`);
    if (top.kind === 'llsd' && top.value !== undefined) fail(where, '</llsd>: <llsd> holds one value', `<${name}>`);
    if (isContainer) {
      if (depth >= maxDepth) fail(where, `nesting no deeper than ${maxDepth}`, `<${name}> at depth ${depth + 1}`);
      depth++;
      if (name === 'map') stack.push({ kind: 'map', map: createLLSDMap(), key: undefined, where });
      else stack.push({ kind: 'array', array: [], where });
      return;
    }
    const encoding = name === 'binary' ? tag.attributes['encoding'] : undefined;
    if (encoding !== undefined && encoding !== 'base64' && encoding !== 'base16') {
      fail(where, 'encoding="base64" or encoding="base16" on <binary>', `encoding=${quoteFound(encoding)}`);
    }
    stack.push({ kind: 'scalar', name: name as ScalarName, text: '', encoding, where });
  });

  const onText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) return; // outside the root: saxes polices that
    if (top.kind === 'key' || top.kind === 'scalar') {
      top.text += text;
      return;
    }
    if (!isXmlSpace(text)) fail(here(), `elements only inside <${top.kind}>`, `text ${quoteFound(text.trim())}`);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    const frame = stack.pop();
    if (frame === undefined) return;
    let value: LLSDValue;
    switch (frame.kind) {
      case 'llsd':
        result = { value: frame.value === undefined ? null : frame.value };
        return;
      case 'key': {
        const parent = stack[stack.length - 1];
        if (parent?.kind === 'map') parent.key = frame.text;
        return;
      }
      case 'map':
        if (frame.key !== undefined) fail(here(), `a value for the key ${quoteFound(frame.key)}`, '</map>');
        depth--;
        value = frame.map;
        break;
      case 'array':
        depth--;
        value = frame.array;
        break;
      case 'scalar':
        value = scalarValue(frame.name, frame.text, frame.encoding, realsAsLLSDReal, (expected) =>
          fail(frame.where, expected, quoteFound(frame.text)),
        );
        break;
    }
    const parent = stack[stack.length - 1];
    if (parent === undefined) return;
    if (parent.kind === 'map') {
      parent.map[parent.key as string] = value;
      parent.key = undefined;
    } else if (parent.kind === 'array') parent.array.push(value);
    else if (parent.kind === 'llsd') parent.value = value;
  });

  parser.write(text).close();
  if (result === undefined) fail(here(), 'an <llsd> element', 'end of input');
  return result.value;
}

/** The value of a leaf element from its text; `bad` reports what the text should have been. */
function scalarValue(
  name: ScalarName,
  raw: string,
  encoding: string | undefined,
  realsAsLLSDReal: boolean,
  bad: (expected: string) => never,
): LLSDValue {
  // Strings, keys and uris keep their text as is; the other types ignore surrounding whitespace.
  const text = name === 'string' || name === 'uri' ? raw : raw.trim();
  switch (name) {
    case 'undef':
      return null;
    case 'boolean': {
      const t = text.toLowerCase();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0' || t === '') return false;
      return bad('true, false, 1, 0 or nothing in <boolean>');
    }
    case 'integer': {
      if (text === '') return 0;
      const v = parseIntegerText(text);
      return v === undefined ? bad('a decimal S32 integer in <integer>') : v;
    }
    case 'real': {
      const v = text === '' ? 0 : parseRealText(text);
      if (v === undefined) return bad('a real number in <real>');
      return realsAsLLSDReal ? new LLSDReal(v) : v;
    }
    case 'string':
      return text;
    case 'uuid':
      if (text === '') return LLSDUUID.NULL;
      return isUUIDText(text) ? new LLSDUUID(text) : bad('a uuid (8-4-4-4-12 hex) in <uuid>');
    case 'date': {
      const date = parseDateText(text);
      return date === undefined ? bad('an ISO 8601 date such as 2006-02-01T14:29:53Z in <date>') : date;
    }
    case 'uri':
      return new LLSDURI(text);
    case 'binary': {
      const data = encoding === 'base16' ? decodeBase16(text) : decodeBase64(text);
      if (data !== undefined) return data;
      return bad(`${encoding === 'base16' ? 'pairs of hex digits' : 'base64 data'} in <binary>`);
    }
  }
}

interface XmlWriter {
  readonly parts: string[];
  readonly path: ValuePath;
  readonly maxDepth: number;
}

function failFormat(w: XmlWriter, reason: string): never {
  throw new LLSDFormatError('xml', pathText(w.path), reason);
}

/**
 * Text content with &, < and > escaped, and \r as a character reference so
 * XML's line-end normalisation leaves it alone. Characters XML 1.0 cannot hold
 * at all (most C0 controls, U+FFFE, U+FFFF, lone surrogates) are an error.
 */
function escapeText(w: XmlWriter, s: string): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if (c === 0x0d) rep = '&#13;';
    else if (c < 0x20 && c !== 0x09 && c !== 0x0a) {
      failFormat(w, `has U+${c.toString(16).padStart(4, '0').toUpperCase()} at index ${i}, which XML 1.0 cannot carry`);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
        failFormat(w, `has a lone surrogate at index ${i}, which XML cannot carry`);
      }
      i++;
    } else if (c === 0xfffe || c === 0xffff) {
      failFormat(w, `has U+${c.toString(16).toUpperCase()} at index ${i}, which XML 1.0 cannot carry`);
    }
    if (rep === undefined) continue;
    out += s.slice(runStart, i) + rep;
    runStart = i + 1;
  }
  return runStart === 0 ? s : out + s.slice(runStart);
}

/** "<llsd>…</llsd>" with no XML declaration and no whitespace, as the viewer and OpenSim write it. */
export function formatLLSDXml(value: LLSDValue, options?: LLSDFormatOptions): string {
  const w: XmlWriter = { parts: ['<llsd>'], path: [], maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH };
  writeValue(w, value, 0);
  w.parts.push('</llsd>');
  return w.parts.join('');
}

function writeValue(w: XmlWriter, value: LLSDValue, depth: number): void {
  const parts = w.parts;
  switch (llsdKindOf(value)) {
    case 'undef':
      parts.push('<undef/>');
      return;
    case 'boolean':
      parts.push(value === true ? '<boolean>1</boolean>' : '<boolean>0</boolean>');
      return;
    case 'integer':
      parts.push(`<integer>${value as number}</integer>`);
      return;
    case 'real':
      parts.push(`<real>${formatRealText(llsdNumber(value as number | LLSDReal))}</real>`);
      return;
    case 'string': {
      const s = value as string;
      parts.push(s === '' ? '<string/>' : `<string>${escapeText(w, s)}</string>`);
      return;
    }
    case 'uuid':
      parts.push(`<uuid>${(value as LLSDUUID).value}</uuid>`);
      return;
    case 'uri': {
      const s = (value as LLSDURI).value;
      parts.push(s === '' ? '<uri/>' : `<uri>${escapeText(w, s)}</uri>`);
      return;
    }
    case 'date': {
      const date = value as Date;
      if (!isWritableDate(date)) failFormat(w, 'is an invalid Date or lies outside the years 0000-9999');
      parts.push(`<date>${formatDateText(date)}</date>`);
      return;
    }
    case 'binary': {
      const data = value as Uint8Array;
      parts.push(data.length === 0 ? '<binary/>' : `<binary encoding="base64">${encodeBase64(data)}</binary>`);
      return;
    }
    case 'array': {
      const array = value as LLSDValue[];
      if (depth >= w.maxDepth) failFormat(w, `nests deeper than ${w.maxDepth} levels (or is cyclic)`);
      if (array.length === 0) {
        parts.push('<array/>');
        return;
      }
      parts.push('<array>');
      for (let i = 0; i < array.length; i++) {
        w.path.push(i);
        writeValue(w, array[i] as LLSDValue, depth + 1);
        w.path.pop();
      }
      parts.push('</array>');
      return;
    }
    case 'map': {
      const map = value as LLSDMap;
      if (depth >= w.maxDepth) failFormat(w, `nests deeper than ${w.maxDepth} levels (or is cyclic)`);
      const keys = Object.keys(map);
      if (keys.length === 0) {
        parts.push('<map/>');
        return;
      }
      parts.push('<map>');
      for (const key of keys) {
        w.path.push(key);
        parts.push(key === '' ? '<key/>' : `<key>${escapeText(w, key)}</key>`);
        writeValue(w, map[key] as LLSDValue, depth + 1);
        w.path.pop();
      }
      parts.push('</map>');
      return;
    }
    case undefined:
      failFormat(w, `is ${describeNonLLSD(value)}, not an LLSD value`);
  }
}
