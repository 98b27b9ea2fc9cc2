/**
 * Flag parsing shared by the commands: node:util's parseArgs, with refusals that
 * name the flag and the value a user typed (`--objects must be an integer from 0 to
 * 100000, got "abc"`), negative numbers accepted as values (`--objects -5` reaches the
 * range check instead of Node's "ambiguous" message), and `--help` left to the command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command-line mistake; the command prints it with a pointer to its --help and exits 2. */
export class UsageError extends Error {}

/** parseArgs with UsageError for its refusals. */
export function parseCommandArgs<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  const args = joinNegativeValues(config.args ?? [], config.options ?? {});
  try {
    return parseArgs({ ...config, args } as T);
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }));
  }
}

/** `--flag -5` becomes `--flag=-5` when --flag takes a value and -5 reads as a number. */
function joinNegativeValues(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    const takesValue = name !== undefined && Object.hasOwn(options, name) && options[name]!.type === 'string';
    if (takesValue && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function describeParseError(error: Error & { code?: string }): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(quoted)}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = quoted.split(' ')[0] ?? quoted;
      if (/argument missing/.test(error.message)) return `${flag} needs a value`;
      if (/does not take an argument/.test(error.message)) return `${flag} takes no value`;
      return `${flag}: ${error.message.split('. ')[0]}`;
    }
    default:
      return error.message;
  }
}

export interface Range {
  min: number;
  max: number;
}

/** An integer flag in [min, max]; `fallback` when absent. */
export function integerFlag(flag: string, text: string | undefined, range: Range, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(`${flag} must be an integer from ${range.min} to ${range.max}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** A number flag in [min, max]; `fallback` when absent. */
export function numberFlag(flag: string, text: string | undefined, range: Range, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !(n >= range.min && n <= range.max)) {
    throw new UsageError(`${flag} must be a number from ${range.min} to ${range.max}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** One of `choices`, matched without regard to case; the refusal lists them. */
export function choiceFlag<C extends string>(flag: string, text: string | undefined, choices: readonly C[], fallback: C): C {
  if (text === undefined) return fallback;
  const found = choices.find((choice) => choice.toLowerCase() === text.trim().toLowerCase());
  if (found === undefined) throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got ${JSON.stringify(text)}`);
  return found;
}

/** An absolute http(s) URL. */
export function urlFlag(flag: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${flag} must be an http:// or https:// URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${flag} must be an http:// or https:// URL, got ${JSON.stringify(text)}`);
  }
  return text;
}

/** The closest of `names` to `wanted` by edit distance, when it is close enough to be a typo. */
export function nearestName(wanted: string, names: Iterable<string>): string | undefined {
  const target = wanted.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const distance = editDistance(target, name.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = name;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(target.length / 3)) ? best : undefined;
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
