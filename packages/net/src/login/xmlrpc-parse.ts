/**
 * XML-RPC reader over saxes: a stack of open elements, each checked against
 * the XML-RPC grammar as it opens, so a bad document fails at the first wrong
 * tag with its line and column. Output is bounded by the input length limit
 * and the <value> nesting limit; DOCTYPEs are refused (no entity expansion).
 */
import { SaxesParser } from 'saxes';
import { XmlRpcError } from './xmlrpc-error.ts';
import {
  createStruct,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LENGTH,
  I4_MAX,
  I4_MIN,
  isStruct,
  type XmlRpcMethodCall,
  type XmlRpcParseOptions,
  type XmlRpcResponse,
  type XmlRpcStruct,
  type XmlRpcValue,
} from './xmlrpc-value.ts';

/** Element children each element may have; absent means text only (or empty). */
const CHILDREN: Readonly<Record<string, readonly string[]>> = {
  methodCall: ['methodName', 'params'],
  methodResponse: ['params', 'fault'],
  params: ['param'],
  param: ['value'],
  fault: ['value'],
  value: ['i4', 'int', 'boolean', 'string', 'double', 'dateTime.iso8601', 'base64', 'struct', 'array', 'nil', 'ex:nil'],
  struct: ['member'],
  member: ['name', 'value'],
  array: ['data'],
  data: ['value'],
};

/** Elements whose character data is their content; in all others only whitespace may appear. */
const TEXT_ELEMENTS = new Set(['methodName', 'name', 'value', 'i4', 'int', 'boolean', 'string', 'double', 'dateTime.iso8601', 'base64']);

const WHITESPACE = /^[ \t\r\n]*$/;
const INTEGER = /^[+-]?[0-9]+$/;
const DOUBLE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const DATE_TIME = /^([0-9]{4})-?([0-9]{2})-?([0-9]{2})T([0-9]{2}):?([0-9]{2}):?([0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface Frame {
  readonly tag: string;
  readonly line: number;
  readonly column: number;
  text: string;
  /** Element children seen so far, by tag. */
  seen: string[];
  /** The value delivered by a child (value, param, fault, member) or built here (scalars). */
  value: XmlRpcValue | undefined;
  hasValue: boolean;
  /** member: its name; methodCall: the method name. */
  name: string | undefined;
  /** data and params: the items; array: the items of its data. */
  list: XmlRpcValue[] | undefined;
  struct: XmlRpcStruct | undefined;
  /** methodResponse: the fault's value. */
  fault: XmlRpcValue | undefined;
}

class Reader {
  readonly parser = new SaxesParser({ position: true });
  readonly stack: Frame[] = [];
  valueDepth = 0;
  tagLine = 1;
  tagColumn = 1;
  done: Frame | undefined;

  constructor(
    readonly rootTag: string,
    readonly maxDepth: number,
  ) {
    const p = this.parser;
    p.on('error', (err) => {
      throw new XmlRpcError(err.message.replace(/^\d+:\d+: /, ''), p.line, p.column + 1);
    });
    p.on('doctype', () => this.fail('a DOCTYPE is not allowed in XML-RPC'));
    p.on('opentagstart', () => {
      this.tagLine = p.line;
      this.tagColumn = p.column + 1;
    });
    p.on('opentag', (tag) => this.open(tag.name));
    p.on('closetag', () => this.close());
    p.on('text', (text) => this.text(text));
    p.on('cdata', (text) => this.text(text));
  }

  fail(reason: string, frame?: Frame): never {
    if (frame !== undefined) throw new XmlRpcError(reason, frame.line, frame.column);
    throw new XmlRpcError(reason, this.parser.line, this.parser.column + 1);
  }

  open(tag: string): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      // saxes itself refuses a second root element
      if (tag !== this.rootTag) this.fail(`expected <${this.rootTag}> as the document element, found <${tag}>`);
    } else {
      const allowed = CHILDREN[parent.tag];
      if (allowed === undefined || !allowed.includes(tag)) {
        this.fail(`<${tag}> is not allowed inside <${parent.tag}>${allowed ? ` (expected ${allowed.map((t) => `<${t}>`).join(' or ')})` : ''}`);
      }
      this.checkOrder(parent, tag);
      parent.seen.push(tag);
    }
    if (tag === 'value' && ++this.valueDepth > this.maxDepth) {
      this.fail(`values nest deeper than ${this.maxDepth}`);
    }
    this.stack.push({
      tag, line: this.tagLine, column: this.tagColumn, text: '', seen: [], value: undefined, hasValue: false,
      name: undefined, list: tag === 'data' || tag === 'params' ? [] : undefined,
      struct: tag === 'struct' ? createStruct() : undefined, fault: undefined,
    });
  }

  /** Which children may repeat, and in what order they may come. */
  checkOrder(parent: Frame, tag: string): void {
    const seen = parent.seen;
    switch (parent.tag) {
      case 'value':
        if (seen.length > 0) this.fail(`<value> holds more than one value (<${seen[0]}> then <${tag}>)`);
        if (!WHITESPACE.test(parent.text)) this.fail(`<value> mixes text ${preview(parent.text)} with <${tag}>`);
        return;
      case 'methodCall':
        if (seen.includes(tag)) this.fail(`<methodCall> has a second <${tag}>`);
        if (tag === 'params' && !seen.includes('methodName')) this.fail('<params> before <methodName> in <methodCall>');
        return;
      case 'methodResponse':
        if (seen.length > 0) this.fail(`<methodResponse> has <${tag}> after <${seen[0]}>`);
        return;
      case 'param':
      case 'fault':
      case 'array':
        if (seen.length > 0) this.fail(`<${parent.tag}> has more than one <${tag}>`);
        return;
      case 'member':
        if (seen.includes(tag)) this.fail(`<member> has a second <${tag}>`);
        return;
      default:
    }
  }

  text(text: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) return; // whitespace around the root; saxes rejects anything else
    if (TEXT_ELEMENTS.has(frame.tag) && frame.seen.length === 0) {
      frame.text += text;
    } else if (!WHITESPACE.test(text)) {
      this.fail(`unexpected text ${preview(text)} inside <${frame.tag}>`);
    }
  }

  close(): void {
    const frame = this.stack.pop() as Frame;
    const parent = this.stack[this.stack.length - 1];
    switch (frame.tag) {
      case 'value': {
        this.valueDepth--;
        const value = frame.hasValue ? (frame.value as XmlRpcValue) : frame.text;
        if (parent === undefined) {
          frame.value = value;
          frame.hasValue = true;
        } else if (parent.tag === 'data') {
          (parent.list as XmlRpcValue[]).push(value);
        } else {
          parent.value = value;
          parent.hasValue = true;
        }
        break;
      }
      case 'member': {
        if (frame.name === undefined) this.fail('<member> without <name>', frame);
        if (!frame.hasValue) this.fail(`<member> ${JSON.stringify(frame.name)} without <value>`, frame);
        const struct = (parent as Frame).struct as XmlRpcStruct;
        if (Object.hasOwn(struct, frame.name)) this.fail(`<struct> has member ${JSON.stringify(frame.name)} twice`, frame);
        struct[frame.name] = frame.value as XmlRpcValue;
        break;
      }
      case 'name':
        (parent as Frame).name = frame.text;
        break;
      case 'methodName': {
        const name = frame.text.trim();
        if (name === '') this.fail('<methodName> is empty', frame);
        (parent as Frame).name = name;
        break;
      }
      case 'struct':
        deliver(parent as Frame, frame.struct as XmlRpcStruct);
        break;
      case 'data':
        (parent as Frame).list = frame.list;
        break;
      case 'array':
        if (frame.list === undefined) this.fail('<array> without <data>', frame);
        deliver(parent as Frame, frame.list);
        break;
      case 'param':
        if (!frame.hasValue) this.fail('<param> without <value>', frame);
        ((parent as Frame).list as XmlRpcValue[]).push(frame.value as XmlRpcValue);
        break;
      case 'params':
        (parent as Frame).list = frame.list;
        break;
      case 'fault':
        if (!frame.hasValue) this.fail('<fault> without <value>', frame);
        (parent as Frame).fault = frame.value;
        (parent as Frame).hasValue = true;
        break;
      case 'methodCall':
        if (frame.name === undefined) this.fail('<methodCall> without <methodName>', frame);
        break;
      case 'methodResponse':
        if (frame.list === undefined && !frame.hasValue) this.fail('<methodResponse> without <params> or <fault>', frame);
        if (frame.list !== undefined && frame.list.length !== 1) {
          this.fail(`<methodResponse> must hold exactly one <param>, found ${frame.list.length}`, frame);
        }
        break;
      default:
        deliver(parent as Frame, this.scalar(frame));
    }
    if (parent === undefined) this.done = frame;
  }

  scalar(frame: Frame): XmlRpcValue {
    const text = frame.text;
    switch (frame.tag) {
      case 'string':
        return text;
      case 'i4':
      case 'int': {
        const t = text.trim();
        const n = INTEGER.test(t) ? Number(t) : Number.NaN;
        if (!(n >= I4_MIN && n <= I4_MAX)) this.fail(`<${frame.tag}> ${preview(text)} is not a 32-bit integer`, frame);
        return n === 0 ? 0 : n; // "-0" reads as 0
      }
      case 'boolean': {
        const t = text.trim();
        if (t === '1' || t === 'true') return true;
        if (t === '0' || t === 'false') return false;
        return this.fail(`<boolean> ${preview(text)} is not 0 or 1`, frame);
      }
      case 'double': {
        const t = text.trim();
        const n = DOUBLE.test(t) ? Number(t) : Number.NaN;
        if (!Number.isFinite(n)) this.fail(`<double> ${preview(text)} is not a finite decimal number`, frame);
        return n;
      }
      case 'dateTime.iso8601': {
        const date = parseDateTime(text.trim());
        if (date === undefined) this.fail(`<dateTime.iso8601> ${preview(text)} is not a date like 19980717T14:08:55`, frame);
        return date;
      }
      case 'base64': {
        const bytes = decodeBase64(text);
        if (bytes === undefined) this.fail(`<base64> ${preview(text)} is not base64`, frame);
        return bytes;
      }
      default: // nil, ex:nil (text() already refused any content)
        return null;
    }
  }

  run(xml: string, maxLength: number): Frame {
    if (xml.length > maxLength) {
      throw new XmlRpcError(`document is ${xml.length} characters long, over the limit of ${maxLength}`);
    }
    this.parser.write(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml).close();
    if (this.done === undefined) this.fail(`no <${this.rootTag}> document element`);
    return this.done;
  }
}

function deliver(parent: Frame, value: XmlRpcValue): void {
  parent.value = value;
  parent.hasValue = true;
}

/** At most 40 characters of `text`, quoted, for error messages. */
function preview(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** dateTime.iso8601 text (basic or extended form, optional fraction and zone; no zone means UTC). */
export function parseDateTime(text: string): Date | undefined {
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined; // 30 February and friends
  date.setUTCHours(hour, minute, second, ms);
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const offset = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    if (Number(digits.slice(1, 3)) > 23 || Number(digits.slice(3, 5)) > 59) return undefined;
    date.setTime(date.getTime() - (zone[0] === '-' ? -offset : offset) * 60000);
  }
  return date;
}

/** Standard base64 (whitespace ignored, padding optional), or undefined when it is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/[ \t\r\n]+/g, '');
  if (!BASE64.test(clean) || clean.length % 4 === 1) return undefined;
  let binary: string;
  try {
    binary = atob(clean);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function read(xml: string, rootTag: string, options: XmlRpcParseOptions | undefined): Frame {
  if (typeof xml !== 'string') throw new XmlRpcError(`expected the document as a string, got ${typeof xml}`);
  const reader = new Reader(rootTag, options?.maxDepth ?? DEFAULT_MAX_DEPTH);
  return reader.run(xml, options?.maxLength ?? DEFAULT_MAX_LENGTH);
}

/** A document whose root is one `<value>`. */
export function parseValue(xml: string, options?: XmlRpcParseOptions): XmlRpcValue {
  return read(xml, 'value', options).value as XmlRpcValue;
}

/** A `<methodCall>` document (what a server receives). */
export function parseMethodCall(xml: string, options?: XmlRpcParseOptions): XmlRpcMethodCall {
  const root = read(xml, 'methodCall', options);
  return { methodName: root.name as string, params: root.list ?? [] };
}

/** A `<methodResponse>` document: its one value, or its fault. */
export function parseMethodResponse(xml: string, options?: XmlRpcParseOptions): XmlRpcResponse {
  const root = read(xml, 'methodResponse', options);
  if (root.list !== undefined) return { kind: 'value', value: root.list[0] as XmlRpcValue };
  const fault = root.fault;
  if (!isStruct(fault)) throw new XmlRpcError('<fault> value is not a <struct>', root.line, root.column);
  const code = fault.faultCode;
  const message = fault.faultString;
  if (typeof code !== 'number' || !Number.isInteger(code)) {
    throw new XmlRpcError('<fault> struct has no integer faultCode', root.line, root.column);
  }
  if (message !== undefined && typeof message !== 'string') {
    throw new XmlRpcError('<fault> struct has a faultString that is not a string', root.line, root.column);
  }
  return { kind: 'fault', code, message: message ?? '' };
}
