/**
 * XML-RPC writer: values, <methodCall>, <methodResponse> and faults.
 * Integral numbers within 32 bits go out as <i4> (what OpenSimulator writes),
 * every other finite number as <double>; strings always carry <string>.
 */
import { XmlRpcError } from './xmlrpc-error.ts';
import { DEFAULT_MAX_DEPTH, isI4, isStruct, XmlRpcDouble, type XmlRpcValue } from './xmlrpc-value.ts';

/** Characters that need an entity, or that XML 1.0 cannot carry at all (checked one by one). */
const NEEDS_WORK = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/** Method names as the XML-RPC specification allows them. */
const METHOD_NAME = /^[A-Za-z0-9_.:/]+$/;

export interface XmlRpcFormatOptions {
  /** Deepest nesting of arrays and structs written (default 64); also what stops cycles. */
  maxDepth?: number;
}

/**
 * `text` with & < > escaped and carriage returns written as &#13; (so a parser's
 * line-end normalisation keeps them). Throws for characters XML 1.0 cannot carry.
 */
export function escapeXmlText(text: string, where: string | (() => string) = 'text'): string {
  if (!NEEDS_WORK.test(text)) return text;
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let entity: string | undefined;
    if (c === 0x26) entity = '&amp;';
    else if (c === 0x3c) entity = '&lt;';
    else if (c === 0x3e) entity = '&gt;';
    else if (c === 0x0d) entity = '&#13;';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw unwritable(where, c, i);
    } else if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0xdc00 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      throw unwritable(where, c, i);
    }
    if (entity !== undefined) {
      out += text.slice(start, i) + entity;
      start = i + 1;
    }
  }
  return out + text.slice(start);
}

function unwritable(where: string | (() => string), code: number, index: number): XmlRpcError {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return new XmlRpcError(`${typeof where === 'string' ? where : where()} holds U+${hex} at index ${index}, which XML 1.0 cannot carry`);
}

/** A finite number as XML-RPC <double> text ("-0" keeps its sign). */
export function formatDouble(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** A Date as dateTime.iso8601 text, UTC, whole seconds: 19980717T14:08:55. */
export function formatDateTime(date: Date): string {
  const time = date.getTime();
  const year = date.getUTCFullYear();
  if (Number.isNaN(time) || year < 0 || year > 9999) return '';
  return (
    String(year).padStart(4, '0') + pad2(date.getUTCMonth() + 1) + pad2(date.getUTCDate()) + 'T' +
    pad2(date.getUTCHours()) + ':' + pad2(date.getUTCMinutes()) + ':' + pad2(date.getUTCSeconds())
  );
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Standard base64 of `bytes` (isomorphic: btoa exists in browsers and Node). */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

interface Writer {
  parts: string[];
  path: (string | number)[];
  maxDepth: number;
}

/** Where a value sits, as `params[0].options[3]`; the first segment names the root. */
function pathText(path: readonly (string | number)[]): string {
  let out = String(path[0]);
  for (let i = 1; i < path.length; i++) {
    const seg = path[i] as string | number;
    out += typeof seg === 'number' ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function fail(w: Writer, reason: string): never {
  throw new XmlRpcError(`cannot write ${pathText(w.path)}: ${reason}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value !== null) {
    const ctor = (value as { constructor?: { name?: string } }).constructor;
    return `an instance of ${ctor?.name ?? 'an unknown class'}`;
  }
  return `a ${typeof value}`;
}

function writeValue(w: Writer, value: XmlRpcValue, depth: number): void {
  const parts = w.parts;
  switch (typeof value) {
    case 'string':
      parts.push('<value><string>', escapeXmlText(value, () => `the string at ${pathText(w.path)}`), '</string></value>');
      return;
    case 'boolean':
      parts.push(value ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>');
      return;
    case 'number':
      if (isI4(value)) parts.push('<value><i4>', String(value), '</i4></value>');
      else if (Number.isFinite(value)) parts.push('<value><double>', formatDouble(value), '</double></value>');
      else fail(w, `${value} is not a finite number, which XML-RPC cannot carry`);
      return;
    case 'object':
      break;
    default:
      fail(w, `${describe(value)} is not an XML-RPC value`);
  }
  if (value === null) {
    parts.push('<value><nil/></value>');
    return;
  }
  if (value instanceof XmlRpcDouble) {
    if (!Number.isFinite(value.value)) fail(w, `${value.value} is not a finite number, which XML-RPC cannot carry`);
    parts.push('<value><double>', formatDouble(value.value), '</double></value>');
    return;
  }
  if (value instanceof Date) {
    const text = formatDateTime(value);
    if (text === '') fail(w, 'the Date is invalid or outside the years 0000-9999');
    parts.push('<value><dateTime.iso8601>', text, '</dateTime.iso8601></value>');
    return;
  }
  if (value instanceof Uint8Array) {
    parts.push('<value><base64>', encodeBase64(value), '</base64></value>');
    return;
  }
  if (depth >= w.maxDepth) fail(w, `nested deeper than ${w.maxDepth} arrays and structs (a cycle?)`);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      parts.push('<value><array><data/></array></value>');
      return;
    }
    parts.push('<value><array><data>');
    for (let i = 0; i < value.length; i++) {
      w.path.push(i);
      writeValue(w, value[i] as XmlRpcValue, depth + 1);
      w.path.pop();
    }
    parts.push('</data></array></value>');
    return;
  }
  if (!isStruct(value)) fail(w, `${describe(value)} is not an XML-RPC value`);
  const keys = Object.keys(value);
  if (keys.length === 0) {
    parts.push('<value><struct/></value>');
    return;
  }
  parts.push('<value><struct>');
  for (const key of keys) {
    w.path.push(key);
    parts.push('<member><name>', escapeXmlText(key, () => `the member name at ${pathText(w.path)}`), '</name>');
    writeValue(w, value[key] as XmlRpcValue, depth + 1);
    parts.push('</member>');
    w.path.pop();
  }
  parts.push('</struct></value>');
}

function writer(options: XmlRpcFormatOptions | undefined, root: string): Writer {
  return { parts: [], path: [root], maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH };
}

/** One `<value>…</value>` element. */
export function formatValue(value: XmlRpcValue, options?: XmlRpcFormatOptions): string {
  const w = writer(options, 'value');
  writeValue(w, value, 0);
  return w.parts.join('');
}

/** A complete `<methodCall>` document. */
export function formatMethodCall(
  methodName: string,
  params: readonly XmlRpcValue[],
  options?: XmlRpcFormatOptions,
): string {
  if (!METHOD_NAME.test(methodName)) {
    throw new XmlRpcError(`method name ${JSON.stringify(methodName)} is not made of A-Z a-z 0-9 _ . : /`);
  }
  const w = writer(options, 'params');
  w.parts.push('<?xml version="1.0"?><methodCall><methodName>', methodName, '</methodName><params>');
  for (let i = 0; i < params.length; i++) {
    w.path.push(i);
    w.parts.push('<param>');
    writeValue(w, params[i] as XmlRpcValue, 0);
    w.parts.push('</param>');
    w.path.pop();
  }
  w.parts.push('</params></methodCall>');
  return w.parts.join('');
}

/** A complete `<methodResponse>` document carrying one value. */
export function formatMethodResponse(value: XmlRpcValue, options?: XmlRpcFormatOptions): string {
  const w = writer(options, 'result');
  w.parts.push('<?xml version="1.0" encoding="utf-8"?><methodResponse><params><param>');
  writeValue(w, value, 0);
  w.parts.push('</param></params></methodResponse>');
  return w.parts.join('');
}

/** A complete `<methodResponse>` document carrying a fault. */
export function formatFault(code: number, message: string): string {
  if (!isI4(code)) throw new XmlRpcError(`fault code ${code} is not a 32-bit integer`);
  return (
    '<?xml version="1.0" encoding="utf-8"?><methodResponse><fault><value><struct>' +
    `<member><name>faultCode</name><value><i4>${code}</i4></value></member>` +
    `<member><name>faultString</name><value><string>${escapeXmlText(message, 'the fault string')}</string></value></member>` +
    '</struct></value></fault></methodResponse>'
  );
}
