/**
 * JSON.parse with a useful error. Engines disagree on what their messages
 * say (Node 20's "Unexpected token" carries no position at all), so on
 * failure a small scanner finds the first error's line and column itself.
 */

export interface JsonSyntaxError {
  /** Offset of the offending character, in UTF-16 units. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 units. */
  column: number;
  reason: string;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

export function parseJsonText(text: string): JsonParseResult {
  // Editors on Windows like to start UTF-8 files with a byte-order mark.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const shift = body.length === text.length ? 0 : 1;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    const found = locateJsonError(body);
    if (found !== null) return { ok: false, error: at(text, found.offset + shift, found.reason) };
    // The scanner accepted what the engine refused: fall back to the engine's words.
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) + shift : 0;
    return { ok: false, error: at(text, offset, message) };
  }
}

function at(text: string, offset: number, reason: string): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1, reason };
}

const OBJECT = 0;
const ARRAY = 1;

/**
 * Finds the first syntax error in `text` per RFC 8259, or returns null when
 * the text is valid JSON. Iterative: nesting depth costs one array slot, not
 * a stack frame.
 */
export function locateJsonError(text: string): { offset: number; reason: string } | null {
  const n = text.length;
  const stack: number[] = [];
  let errOffset = -1;
  let errReason = '';
  const fail = (offset: number, reason: string): number => {
    errOffset = offset;
    errReason = reason;
    return -1;
  };
  const describe = (i: number): string => {
    if (i >= n) return 'end of input';
    const code = text.charCodeAt(i);
    return code < 0x20 ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${text[i]}'`;
  };

  const skipWs = (i: number): number => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    return i;
  };

  const scanString = (i: number): number => {
    let j = i + 1;
    for (;;) {
      if (j >= n) return fail(i, 'unterminated string');
      const c = text.charCodeAt(j);
      if (c === 0x22) return j + 1;
      if (c < 0x20) return fail(j, 'control character inside a string (escape it)');
      if (c === 0x5c) {
        const e = text[j + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return fail(j, 'bad \\u escape: needs 4 hex digits');
          j += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          j += 2;
        } else {
          return fail(j, `bad escape '\\${e ?? ''}'`);
        }
      } else {
        j++;
      }
    }
  };

  const digits = (i: number): number => {
    while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    return i;
  };

  const scanNumber = (i: number): number => {
    let j = i;
    if (text[j] === '-') j++;
    if (text[j] === '0') j++;
    else if (j < n && text[j]! >= '1' && text[j]! <= '9') j = digits(j);
    else return fail(j, `expected a digit, found ${describe(j)}`);
    if (text[j] === '.') {
      const k = digits(j + 1);
      if (k === j + 1) return fail(k, `expected a digit after '.', found ${describe(k)}`);
      j = k;
    }
    if (text[j] === 'e' || text[j] === 'E') {
      j++;
      if (text[j] === '+' || text[j] === '-') j++;
      const k = digits(j);
      if (k === j) return fail(k, `expected a digit in the exponent, found ${describe(k)}`);
      j = k;
    }
    return j;
  };

  // Position after `"key" :`, ready for the member's value.
  const scanMemberHead = (i: number): number => {
    if (text[i] !== '"') return fail(i, `expected a property name in double quotes, found ${describe(i)}`);
    const j = scanString(i);
    if (j < 0) return j;
    const k = skipWs(j);
    if (text[k] !== ':') return fail(k, `expected ':' after the property name, found ${describe(k)}`);
    return skipWs(k + 1);
  };

  let i = skipWs(0);
  let wantValue = true;
  for (;;) {
    if (wantValue) {
      if (i >= n) return { offset: i, reason: 'unexpected end of input, expected a value' };
      const c = text[i]!;
      if (c === '{') {
        i = skipWs(i + 1);
        if (text[i] === '}') {
          i++;
          wantValue = false;
        } else {
          stack.push(OBJECT);
          i = scanMemberHead(i);
        }
      } else if (c === '[') {
        i = skipWs(i + 1);
        if (text[i] === ']') {
          i++;
          wantValue = false;
        } else {
          stack.push(ARRAY);
        }
      } else {
        if (c === '"') i = scanString(i);
        else if (c === '-' || (c >= '0' && c <= '9')) i = scanNumber(i);
        else if (text.startsWith('true', i)) i += 4;
        else if (text.startsWith('false', i)) i += 5;
        else if (text.startsWith('null', i)) i += 4;
        else i = fail(i, `unexpected ${describe(i)}, expected a value`);
        wantValue = false;
      }
      if (i < 0) return { offset: errOffset, reason: errReason };
      continue;
    }
    i = skipWs(i);
    if (stack.length === 0) {
      return i < n ? { offset: i, reason: `unexpected ${describe(i)} after the end of the JSON value` } : null;
    }
    const top = stack[stack.length - 1];
    const close = top === OBJECT ? '}' : ']';
    const c = text[i];
    if (c === ',') {
      i = skipWs(i + 1);
      if (top === OBJECT) i = scanMemberHead(i);
      if (i < 0) return { offset: errOffset, reason: errReason };
      wantValue = true;
    } else if (c === close) {
      stack.pop();
      i++;
    } else {
      const where = top === OBJECT ? 'a property value' : 'an array element';
      return { offset: i, reason: `expected ',' or '${close}' after ${where}, found ${describe(i)}` };
    }
  }
}
