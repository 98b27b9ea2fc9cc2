/**
 * The LLSD value model: eleven types mapped onto JavaScript values.
 *
 * undef → null, boolean → boolean, integer and real → number (LLSDReal forces
 * real), string → string, uuid → LLSDUUID, date → Date, uri → LLSDURI,
 * binary → Uint8Array, map → null-prototype object, array → array.
 */

/** A number that must be written as an LLSD real even when it is integral. */
export class LLSDReal {
  constructor(readonly value: number) {}
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `text` is a UUID in 8-4-4-4-12 hex form (either case). */
export function isUUIDText(text: string): boolean {
  return text.length === 36 && UUID_PATTERN.test(text);
}

/** An LLSD uuid, held in lowercase canonical 8-4-4-4-12 form. */
export class LLSDUUID {
  static readonly NULL: LLSDUUID = new LLSDUUID('00000000-0000-0000-0000-000000000000');

  readonly value: string;

  constructor(value: string) {
    if (!isUUIDText(value)) throw new TypeError(`not a UUID in 8-4-4-4-12 hex form: ${JSON.stringify(value)}`);
    this.value = value.toLowerCase();
  }

  toString(): string {
    return this.value;
  }
}

/** An LLSD uri: a string the formats keep apart from plain strings. */
export class LLSDURI {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** An LLSD map: a null-prototype object, so any key (even "__proto__") is plain data. */
export interface LLSDMap {
  [key: string]: LLSDValue;
}

export type LLSDValue =
  | null
  | boolean
  | number
  | LLSDReal
  | string
  | LLSDUUID
  | LLSDURI
  | Date
  | Uint8Array
  | LLSDMap
  | LLSDValue[];

/** A new empty map, or a null-prototype copy of `entries`' own enumerable keys. */
export function createLLSDMap(entries?: Readonly<Record<string, LLSDValue>>): LLSDMap {
  const map = Object.create(null) as LLSDMap;
  if (entries !== undefined) {
    for (const key of Object.keys(entries)) map[key] = entries[key] as LLSDValue;
  }
  return map;
}

export type LLSDKind =
  | 'undef'
  | 'boolean'
  | 'integer'
  | 'real'
  | 'string'
  | 'uuid'
  | 'date'
  | 'uri'
  | 'binary'
  | 'map'
  | 'array';

const S32_MIN = -2147483648;
const S32_MAX = 2147483647;

/** True for numbers that are written as LLSD integers: integral and within S32. */
export function isS32(v: number): boolean {
  return Number.isInteger(v) && v >= S32_MIN && v <= S32_MAX;
}

/**
 * Which LLSD type `value` is written as, or undefined when it is not an LLSD
 * value at all. Maps are plain objects whose prototype is null or Object.prototype.
 */
export function llsdKindOf(value: unknown): LLSDKind | undefined {
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return isS32(value) ? 'integer' : 'real';
    case 'string':
      return 'string';
    case 'object': {
      if (value === null) return 'undef';
      if (Array.isArray(value)) return 'array';
      if (value instanceof Uint8Array) return 'binary';
      if (value instanceof LLSDReal) return 'real';
      if (value instanceof LLSDUUID) return 'uuid';
      if (value instanceof LLSDURI) return 'uri';
      if (value instanceof Date) return 'date';
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto === null || proto === Object.prototype) return 'map';
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The number inside a number or an LLSDReal. */
export function llsdNumber(value: number | LLSDReal): number {
  return typeof value === 'number' ? value : value.value;
}
