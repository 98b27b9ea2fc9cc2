/**
 * Parser for Linden Lab's `message_template.msg`: a hand-written lexer over char
 * codes feeding a recursive-descent parser with one token of lookahead. Every
 * rule that the code generator relies on (number ranges, unique names, sane
 * sizes) is checked here, so later stages can trust the AST.
 */
import type {
  BlockDef,
  BlockKind,
  Deprecation,
  Encoding,
  FieldDef,
  FieldType,
  Frequency,
  MessageDef,
  Template,
  Trust,
} from './template-ast.ts';
import { TemplateError } from './template-error.ts';

const FREQUENCIES: ReadonlySet<string> = new Set<Frequency>(['High', 'Medium', 'Low', 'Fixed']);
const TRUSTS: ReadonlySet<string> = new Set<Trust>(['Trusted', 'NotTrusted']);
const ENCODINGS: ReadonlySet<string> = new Set<Encoding>(['Unencoded', 'Zerocoded']);
const DEPRECATIONS: ReadonlySet<string> = new Set<Deprecation>([
  'NotDeprecated',
  'Deprecated',
  'UDPDeprecated',
  'UDPBlackListed',
]);
const BLOCK_KINDS: ReadonlySet<string> = new Set<BlockKind>(['Single', 'Multiple', 'Variable']);

/** Wire size of each fixed-size type; Fixed and Variable take their size from the template. */
const TYPE_SIZES: ReadonlyMap<string, number> = new Map<FieldType, number>([
  ['U8', 1], ['U16', 2], ['U32', 4], ['U64', 8],
  ['S8', 1], ['S16', 2], ['S32', 4], ['S64', 8],
  ['F32', 4], ['F64', 8], ['BOOL', 1],
  ['LLUUID', 16], ['LLVector3', 12], ['LLVector3d', 24], ['LLVector4', 16],
  // Sent as x, y, z; the receiver rebuilds w from the unit length.
  ['LLQuaternion', 12],
  ['IPADDR', 4], ['IPPORT', 2],
  ['Fixed', 0], ['Variable', 0],
]);

interface NumberRange {
  min: number;
  max: number;
  text: string;
}

/** What each frequency's number may be, as the template writes it. */
const NUMBER_RANGES: Readonly<Record<Frequency, NumberRange>> = {
  // A High number is the whole one-byte id on the wire.
  High: { min: 1, max: 0xff, text: '1..255' },
  Medium: { min: 1, max: 0xff, text: '1..255' },
  Low: { min: 1, max: 0xffff, text: '1..65535' },
  Fixed: { min: 0xffffff00, max: 0xffffffff, text: '0xFFFFFF00..0xFFFFFFFF' },
};

const MAX_MULTIPLE_COUNT = 255;
/** No UDP datagram can carry more, so a larger Fixed field is a typo, not a field. */
const MAX_FIXED_SIZE = 65535;

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VERSION_RE = /^[0-9]+(?:\.[0-9]+)*$/;
const DECIMAL_RE = /^[0-9]+$/;
const HEX_RE = /^0[xX][0-9A-Fa-f]+$/;

/** Long garbage tokens are cut so an error message stays one readable line. */
const MAX_FOUND_LENGTH = 40;

/** Token kinds. */
const END = 0;
const OPEN = 1;
const CLOSE = 2;
const WORD = 3;
type TokenKind = typeof END | typeof OPEN | typeof CLOSE | typeof WORD;

const CH_TAB = 0x09;
const CH_LF = 0x0a;
const CH_VT = 0x0b;
const CH_FF = 0x0c;
const CH_CR = 0x0d;
const CH_SPACE = 0x20;
const CH_SLASH = 0x2f;
const CH_OPEN = 0x7b;
const CH_CLOSE = 0x7d;
const CH_BOM = 0xfeff;

interface Lexer {
  readonly text: string;
  readonly file: string;
  pos: number;
  line: number;
  lineStart: number;
  /** The current token. */
  kind: TokenKind;
  tok: string;
  tokLine: number;
  tokColumn: number;
}

function isSpace(c: number): boolean {
  return c === CH_SPACE || c === CH_TAB || c === CH_VT || c === CH_FF;
}

function advance(lx: Lexer): void {
  const text = lx.text;
  const n = text.length;
  let pos = lx.pos;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === CH_LF || c === CH_CR) {
      pos += c === CH_CR && text.charCodeAt(pos + 1) === CH_LF ? 2 : 1;
      lx.line++;
      lx.lineStart = pos;
    } else if (isSpace(c)) {
      pos++;
    } else if (c === CH_SLASH && text.charCodeAt(pos + 1) === CH_SLASH) {
      pos += 2;
      while (pos < n) {
        const d = text.charCodeAt(pos);
        if (d === CH_LF || d === CH_CR) break;
        pos++;
      }
    } else {
      break;
    }
  }
  lx.tokLine = lx.line;
  lx.tokColumn = pos - lx.lineStart + 1;
  if (pos >= n) {
    lx.kind = END;
    lx.tok = 'end of input';
  } else {
    const c = text.charCodeAt(pos);
    if (c === CH_OPEN) {
      lx.kind = OPEN;
      lx.tok = '{';
      pos++;
    } else if (c === CH_CLOSE) {
      lx.kind = CLOSE;
      lx.tok = '}';
      pos++;
    } else {
      const start = pos;
      while (pos < n) {
        const d = text.charCodeAt(pos);
        if (d === CH_LF || d === CH_CR || isSpace(d) || d === CH_OPEN || d === CH_CLOSE) break;
        if (d === CH_SLASH && text.charCodeAt(pos + 1) === CH_SLASH) break;
        pos++;
      }
      lx.kind = WORD;
      lx.tok = text.slice(start, pos);
    }
  }
  lx.pos = pos;
}

function shown(token: string): string {
  return token.length > MAX_FOUND_LENGTH ? `${token.slice(0, MAX_FOUND_LENGTH)}...` : token;
}

function failAt(lx: Lexer, line: number, column: number, expected: string, found: string): never {
  throw new TemplateError(lx.file, line, column, expected, shown(found));
}

/** Rejects the current token. */
function fail(lx: Lexer, expected: string): never {
  return failAt(lx, lx.tokLine, lx.tokColumn, expected, lx.tok);
}

function at(pos: { line: number; column: number }): string {
  return `${pos.line}:${pos.column}`;
}

function expectName(lx: Lexer, what: string): string {
  if (lx.kind !== WORD || !NAME_RE.test(lx.tok)) fail(lx, what);
  const name = lx.tok;
  advance(lx);
  return name;
}

function expectKeyword<T extends string>(lx: Lexer, words: ReadonlySet<string>, what: string): T {
  if (lx.kind !== WORD || !words.has(lx.tok)) fail(lx, what);
  const word = lx.tok as T;
  advance(lx);
  return word;
}

/** The current token as a decimal or 0x-hex integer, or -1 when it is not one. */
function integerToken(lx: Lexer): number {
  if (lx.kind !== WORD) return -1;
  if (DECIMAL_RE.test(lx.tok)) return Number(lx.tok);
  if (HEX_RE.test(lx.tok)) return Number.parseInt(lx.tok.slice(2), 16);
  return -1;
}

/** An integer token within [min, max]; anything else is reported as not being `what`. */
function expectInteger(lx: Lexer, min: number, max: number, what: string): number {
  const value = integerToken(lx);
  if (value < min || value > max) fail(lx, what);
  advance(lx);
  return value;
}

/** The closing '}' of a definition opened at `open`, or an error naming that '{' at end of input. */
function closeOrFail(lx: Lexer, open: { line: number; column: number }, what: string, otherwise: string): void {
  if (lx.kind === END) fail(lx, `'}' closing the ${what} opened at ${at(open)}`);
  if (lx.kind !== CLOSE) fail(lx, otherwise);
  advance(lx);
}

function parseField(lx: Lexer, seen: Map<string, FieldDef>): FieldDef {
  const open = { line: lx.tokLine, column: lx.tokColumn };
  advance(lx);
  const line = lx.tokLine;
  const column = lx.tokColumn;
  const name = expectName(lx, 'field name');
  const twin = seen.get(name);
  if (twin) failAt(lx, line, column, `unique field name (first defined at ${at(twin)})`, name);

  const typeSize = lx.kind === WORD ? TYPE_SIZES.get(lx.tok) : undefined;
  if (typeSize === undefined) fail(lx, 'field type');
  const type = lx.tok as FieldType;
  advance(lx);
  let size = typeSize;
  if (type === 'Fixed') {
    size = expectInteger(lx, 1, MAX_FIXED_SIZE, `Fixed size 1..${MAX_FIXED_SIZE}`);
  } else if (type === 'Variable') {
    size = expectInteger(lx, 1, 2, 'Variable width 1 or 2');
  }
  closeOrFail(lx, open, 'field', "'}'");
  const field: FieldDef = { name, type, size, line, column };
  seen.set(name, field);
  return field;
}

function parseBlock(lx: Lexer, seen: Map<string, BlockDef>): BlockDef {
  const open = { line: lx.tokLine, column: lx.tokColumn };
  advance(lx);
  const line = lx.tokLine;
  const column = lx.tokColumn;
  const name = expectName(lx, 'block name');
  const twin = seen.get(name);
  if (twin) failAt(lx, line, column, `unique block name (first defined at ${at(twin)})`, name);

  const kind = expectKeyword<BlockKind>(lx, BLOCK_KINDS, 'block kind (Single, Multiple or Variable)');
  let count = kind === 'Single' ? 1 : 0;
  if (kind === 'Multiple') {
    count = expectInteger(lx, 1, MAX_MULTIPLE_COUNT, `block count 1..${MAX_MULTIPLE_COUNT}`);
  }

  const fields: FieldDef[] = [];
  const fieldsByName = new Map<string, FieldDef>();
  // A block without fields has no wire form the generator could give it.
  if (lx.kind !== OPEN && lx.kind !== END) fail(lx, "'{' starting a field");
  while (lx.kind === OPEN) fields.push(parseField(lx, fieldsByName));
  closeOrFail(lx, open, 'block', "'{' or '}'");
  const block: BlockDef = { name, kind, count, fields, line, column };
  seen.set(name, block);
  return block;
}

function parseMessage(
  lx: Lexer,
  byName: Map<string, MessageDef>,
  byNumber: Readonly<Record<Frequency, Map<number, MessageDef>>>,
): MessageDef {
  const open = { line: lx.tokLine, column: lx.tokColumn };
  advance(lx);
  const line = lx.tokLine;
  const column = lx.tokColumn;
  const name = expectName(lx, 'message name');
  const twin = byName.get(name);
  if (twin) failAt(lx, line, column, `unique message name (first defined at ${at(twin)})`, name);

  const frequency = expectKeyword<Frequency>(lx, FREQUENCIES, 'frequency (High, Medium, Low or Fixed)');
  const range = NUMBER_RANGES[frequency];
  const numberLine = lx.tokLine;
  const numberColumn = lx.tokColumn;
  const numberToken = lx.tok;
  const number = expectInteger(lx, range.min, range.max, `${frequency} message number ${range.text}`);
  const holder = byNumber[frequency].get(number);
  if (holder) {
    failAt(lx, numberLine, numberColumn, `unique ${frequency} message number (${holder.name} has it)`, numberToken);
  }

  const trust = expectKeyword<Trust>(lx, TRUSTS, 'trust (Trusted or NotTrusted)');
  const encoding = expectKeyword<Encoding>(lx, ENCODINGS, 'encoding (Unencoded or Zerocoded)');
  let deprecation: Deprecation = 'NotDeprecated';
  if (lx.kind === WORD) {
    deprecation = expectKeyword<Deprecation>(
      lx,
      DEPRECATIONS,
      "deprecation (Deprecated, UDPDeprecated, UDPBlackListed or NotDeprecated), '{' or '}'",
    );
  }

  const blocks: BlockDef[] = [];
  const blocksByName = new Map<string, BlockDef>();
  while (lx.kind === OPEN) blocks.push(parseBlock(lx, blocksByName));
  closeOrFail(lx, open, 'message', "'{' or '}'");

  const message: MessageDef = { name, frequency, number, trust, encoding, deprecation, blocks, line, column };
  byName.set(name, message);
  byNumber[frequency].set(number, message);
  return message;
}

/**
 * Parses a `message_template.msg`. Throws a {@link TemplateError} naming
 * `file:line:column` for the first syntax error or broken rule.
 */
export function parseTemplate(text: string, file = '<template>'): Template {
  const skip = text.charCodeAt(0) === CH_BOM ? 1 : 0;
  const lx: Lexer = {
    text,
    file,
    pos: skip,
    line: 1,
    lineStart: skip,
    kind: END,
    tok: '',
    tokLine: 1,
    tokColumn: 1,
  };
  advance(lx);

  let version = '';
  if (lx.kind === WORD && lx.tok === 'version') {
    advance(lx);
    if (lx.kind !== WORD || !VERSION_RE.test(lx.tok)) fail(lx, 'version number such as 2.0');
    version = lx.tok;
    advance(lx);
  }

  const messages: MessageDef[] = [];
  const byName = new Map<string, MessageDef>();
  const byNumber: Record<Frequency, Map<number, MessageDef>> = {
    High: new Map(),
    Medium: new Map(),
    Low: new Map(),
    Fixed: new Map(),
  };
  while (lx.kind !== END) {
    if (lx.kind !== OPEN) fail(lx, "'{' or end of input");
    messages.push(parseMessage(lx, byName, byNumber));
  }
  return { version, messages };
}
