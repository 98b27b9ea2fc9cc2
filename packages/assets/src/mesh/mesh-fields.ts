/**
 * Reading typed fields out of decoded LLSD with errors that say which field
 * and what stood there: the mesh decoders' one way to refuse a value.
 */
import { llsdKindOf, llsdNumber, LLSDReal, type LLSDMap, type LLSDValue } from '@slv/protocol';
import { MeshFormatError } from './mesh-errors.ts';

/** Where a decoder is: names the asset and segment in every error. */
export interface SegmentPlace {
  readonly asset: string;
  readonly segment: string;
}

export function fail(place: SegmentPlace, reason: string): never {
  throw new MeshFormatError(place.asset, place.segment, reason);
}

export function kindOf(value: LLSDValue | undefined): string {
  return value === undefined ? 'nothing' : llsdKindOf(value) ?? typeof value;
}

export function isMap(value: LLSDValue | undefined): value is LLSDMap {
  return llsdKindOf(value) === 'map';
}

export function numberOf(value: LLSDValue | undefined): number | null {
  return typeof value === 'number' || value instanceof LLSDReal ? llsdNumber(value) : null;
}

/** `count` finite numbers (a domain corner, a matrix). */
export function numbersAt(place: SegmentPlace, value: LLSDValue | undefined, count: number, what: string): number[] {
  if (!Array.isArray(value) || value.length < count) fail(place, `${what} must be an array of ${count} numbers, found ${describe(value)}`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const n = numberOf(value[i]);
    if (n === null || !Number.isFinite(n)) fail(place, `${what}[${i}] must be a finite number, found ${describe(value[i])}`);
    out.push(n);
  }
  return out;
}

/** Binary data, or null when the key is absent. */
export function binaryAt(place: SegmentPlace, map: LLSDMap, key: string, where: string): Uint8Array | null {
  const value = map[key];
  if (value === undefined || value === null) return null;
  if (!(value instanceof Uint8Array)) fail(place, `${where}${key} must be binary, found ${describe(value)}`);
  return value;
}

export function describe(value: LLSDValue | undefined): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Uint8Array) return `${value.length} bytes of binary`;
  const kind = kindOf(value);
  if (kind === 'integer' || kind === 'real' || kind === 'string' || kind === 'boolean') return `${kind} ${JSON.stringify(value instanceof LLSDReal ? value.value : value)}`;
  return kind;
}
