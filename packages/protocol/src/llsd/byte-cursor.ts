import { LLSDParseError } from './llsd-error.ts';
import { DEFAULT_MAX_DEPTH, type LLSDParseOptions } from './llsd-options.ts';

/** Read position and limits shared by the byte-level parsers (binary and notation). */
export interface ByteCursor {
  readonly format: 'binary' | 'notation';
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos: number;
  depth: number;
  readonly maxDepth: number;
  readonly realsAsLLSDReal: boolean;
}

export function createCursor(
  format: 'binary' | 'notation',
  bytes: Uint8Array,
  options: LLSDParseOptions | undefined,
): ByteCursor {
  return {
    format,
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    pos: 0,
    depth: 0,
    maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH,
    realsAsLLSDReal: options?.realsAsLLSDReal ?? false,
  };
}

export function fail(cur: ByteCursor, offset: number, expected: string, found: string): never {
  throw new LLSDParseError(cur.format, offset, expected, found);
}

/** 'end of input', a printable character in quotes, or a byte in hex. */
export function describeByte(cur: ByteCursor, offset: number): string {
  if (offset >= cur.bytes.length) return 'end of input';
  const b = cur.bytes[offset] as number;
  if (b >= 0x21 && b <= 0x7e) return `'${String.fromCharCode(b)}'`;
  return `byte 0x${b.toString(16).padStart(2, '0')}`;
}

/** Fails unless `n` more bytes remain; `what` names the thing being read. */
export function need(cur: ByteCursor, n: number, what: string): void {
  const left = cur.bytes.length - cur.pos;
  if (n > left) fail(cur, cur.pos, `${what} (${n} bytes)`, `end of input after ${left} bytes`);
}

/** Counts one more level of nesting for the container starting at `offset`. */
export function enter(cur: ByteCursor, offset: number): void {
  if (cur.depth >= cur.maxDepth) {
    fail(cur, offset, `nesting no deeper than ${cur.maxDepth}`, `a container at depth ${cur.depth + 1}`);
  }
  cur.depth++;
}

export function leave(cur: ByteCursor): void {
  cur.depth--;
}

export function isSpaceByte(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

export function skipSpace(cur: ByteCursor): void {
  const bytes = cur.bytes;
  while (cur.pos < bytes.length && isSpaceByte(bytes[cur.pos] as number)) cur.pos++;
}

/** Case-insensitive ASCII match of `word` at the cursor; advances past it on a match. */
export function acceptWord(cur: ByteCursor, word: string): boolean {
  const bytes = cur.bytes;
  if (cur.pos + word.length > bytes.length) return false;
  for (let i = 0; i < word.length; i++) {
    const b = bytes[cur.pos + i] as number;
    const w = word.charCodeAt(i);
    const lower = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
    const wLower = w >= 0x41 && w <= 0x5a ? w | 0x20 : w;
    if (lower !== wLower) return false;
  }
  cur.pos += word.length;
  return true;
}

/**
 * Skips an optional "<? LLSD/Binary ?>"-style header naming `name`, and the
 * whitespace after it. Any other header is an error.
 */
export function skipHeader(cur: ByteCursor, name: string): void {
  const start = cur.pos;
  if (!acceptWord(cur, '<?')) return;
  skipSpace(cur);
  if (!acceptWord(cur, name)) {
    const wordStart = cur.pos;
    while (cur.pos < cur.bytes.length && cur.pos - wordStart < 24) {
      const b = cur.bytes[cur.pos] as number;
      if (b <= 0x20 || b === 0x3f || b > 0x7e) break;
      cur.pos++;
    }
    const word = String.fromCharCode(...cur.bytes.subarray(wordStart, cur.pos));
    fail(cur, start, `an optional '<? ${name} ?>' header`, word === '' ? describeByte(cur, cur.pos) : `'<? ${word}'`);
  }
  skipSpace(cur);
  if (!acceptWord(cur, '?>')) fail(cur, cur.pos, `'?>' closing the '<? ${name} ?>' header`, describeByte(cur, cur.pos));
  skipSpace(cur);
}
