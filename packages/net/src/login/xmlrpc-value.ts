/**
 * The XML-RPC value model mapped onto JavaScript values:
 *
 * int/i4 and double → number (XmlRpcDouble forces <double> for integral values),
 * boolean → boolean, string (and untyped text) → string,
 * dateTime.iso8601 → Date, base64 → Uint8Array, nil → null,
 * array → array, struct → null-prototype object.
 */

/** A number that must be written as <double> even when it is integral. */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
}

/** A struct: a null-prototype object when parsed, so any member name (even "__proto__") is plain data. */
export interface XmlRpcStruct {
  [member: string]: XmlRpcValue;
}

export type XmlRpcValue =
  | null
  | boolean
  | number
  | XmlRpcDouble
  | string
  | Date
  | Uint8Array
  | XmlRpcValue[]
  | XmlRpcStruct;

/** A decoded <methodCall>. */
export interface XmlRpcMethodCall {
  methodName: string;
  params: XmlRpcValue[];
}

/** A decoded <methodResponse>: one value, or a fault. */
export type XmlRpcResponse =
  | { kind: 'value'; value: XmlRpcValue }
  | { kind: 'fault'; code: number; message: string };

/** Limits that bound what a parser will build from untrusted XML. */
export interface XmlRpcParseOptions {
  /** Longest accepted document, in UTF-16 code units (default 16 MiB). */
  maxLength?: number;
  /** Deepest accepted nesting of <value> elements (default 64). */
  maxDepth?: number;
}

export const DEFAULT_MAX_LENGTH = 16 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;

/** A struct that accepts any member name as data. */
export function createStruct(entries?: Readonly<Record<string, XmlRpcValue>>): XmlRpcStruct {
  const struct = Object.create(null) as XmlRpcStruct;
  if (entries !== undefined) {
    for (const key of Object.keys(entries)) struct[key] = entries[key] as XmlRpcValue;
  }
  return struct;
}

/** True for a struct: a plain object whose prototype is null or Object.prototype. */
export function isStruct(value: unknown): value is XmlRpcStruct {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

export const I4_MIN = -2147483648;
export const I4_MAX = 2147483647;

/** True for numbers written as <i4>: integral, within 32 bits signed, and not -0. */
export function isI4(value: number): boolean {
  return Number.isInteger(value) && value >= I4_MIN && value <= I4_MAX && !Object.is(value, -0);
}
