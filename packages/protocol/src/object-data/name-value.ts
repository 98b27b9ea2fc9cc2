/**
 * NameValue text of an object (llmessage/llnamevalue.cpp): one pair per line,
 * `Name TYPE CLASS SENDTO value`, e.g. an avatar's
 * `FirstName STRING RW SV Test\nLastName STRING RW SV User\nTitle STRING RW SV `.
 * Rare (avatars and attachments), so this parses on demand and allocates freely.
 */

export interface NameValue {
  readonly name: string;
  /** STRING, F32, S32, VEC3, U32, CAMERA, ASSET or U64. */
  readonly type: string;
  /** R (read-only), RW or CB (callback). */
  readonly class: string;
  /** S, DS, SV or DSV: who the value is sent to. */
  readonly sendTo: string;
  /** Everything after the fourth token, as text. */
  readonly value: string;
}

export interface NameValueProblem {
  /** 1-based line number. */
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface NameValueList {
  /** By name; a repeated name keeps its last value, as the viewer's table does. */
  readonly entries: Map<string, NameValue>;
  /** Lines that were skipped or are suspect, with why. */
  readonly problems: NameValueProblem[];
}

export const NAME_VALUE_TYPES: ReadonlySet<string> = new Set(['STRING', 'F32', 'S32', 'VEC3', 'U32', 'CAMERA', 'ASSET', 'U64']);
export const NAME_VALUE_CLASSES: ReadonlySet<string> = new Set(['R', 'RW', 'CB']);
export const NAME_VALUE_SEND_TO: ReadonlySet<string> = new Set(['S', 'DS', 'SV', 'DSV']);

/** Splits off the next whitespace-delimited token at `from`; returns [token, index after it]. */
function token(line: string, from: number): [string, number] {
  let i = from;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  const start = i;
  while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
  return [line.slice(start, i), i];
}

/** Parses NameValue text; malformed lines are skipped and reported, never thrown. */
export function parseNameValues(text: string): NameValueList {
  const entries = new Map<string, NameValue>();
  const problems: NameValueProblem[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    let at = 0;
    const fields: string[] = [];
    for (let k = 0; k < 4; k++) {
      const [t, next] = token(line, at);
      fields.push(t);
      at = next;
    }
    const [name, type, klass, sendTo] = fields as [string, string, string, string];
    if (sendTo === '') {
      problems.push({ line: n + 1, text: line, reason: 'fewer than the four tokens Name TYPE CLASS SENDTO' });
      continue;
    }
    // One separator belongs to the syntax; the rest of the line, spaces included, is the value.
    const value = at < line.length ? line.slice(at + 1) : '';
    if (!NAME_VALUE_TYPES.has(type)) problems.push({ line: n + 1, text: line, reason: `unknown type ${type}` });
    else if (!NAME_VALUE_CLASSES.has(klass)) problems.push({ line: n + 1, text: line, reason: `unknown class ${klass}` });
    else if (!NAME_VALUE_SEND_TO.has(sendTo)) problems.push({ line: n + 1, text: line, reason: `unknown destination ${sendTo}` });
    entries.set(name, { name, type, class: klass, sendTo, value });
  }
  return { entries, problems };
}

const utf8 = new TextDecoder('utf-8');

/** Parses the NameValue field's bytes (UTF-8, a trailing NUL allowed). */
export function decodeNameValues(bytes: Uint8Array, offset: number, length: number): NameValueList {
  let end = offset + length;
  if (offset < 0 || length < 0 || end > bytes.length) {
    throw new RangeError(`NameValue of ${length} bytes at ${offset} runs past the ${bytes.length}-byte buffer`);
  }
  while (end > offset && bytes[end - 1] === 0) end--;
  return parseNameValues(utf8.decode(bytes.subarray(offset, end)));
}

/** Formats pairs back into NameValue text (lines joined by `\n`, no trailing newline). */
export function formatNameValues(entries: Iterable<NameValue>): string {
  const lines: string[] = [];
  for (const e of entries) {
    for (const part of [e.name, e.type, e.class, e.sendTo]) {
      if (part === '' || /[\s]/.test(part)) throw new RangeError(`NameValue token ${JSON.stringify(part)} of ${JSON.stringify(e.name)} is empty or holds whitespace`);
    }
    if (e.value.includes('\n')) throw new RangeError(`NameValue ${JSON.stringify(e.name)} has a newline in its value`);
    lines.push(`${e.name} ${e.type} ${e.class} ${e.sendTo} ${e.value}`);
  }
  return lines.join('\n');
}

/** The value of `name`, or undefined. */
export function nameValueText(list: NameValueList, name: string): string | undefined {
  return list.entries.get(name)?.value;
}
