import type { FieldInfo } from './message-info.ts';
import { uuidToBytes, uuidToString } from './uuid.ts';

/**
 * Plain-value forms of fields, for the convenient (allocating) decode and for encoding:
 * integers and floats → number; U64/S64 → bigint; BOOL → boolean; LLUUID → string;
 * vectors → number[]; LLQuaternion → [x, y, z, w] (w rebuilt from the three on the wire);
 * IPADDR → dotted string; IPPORT → number; Fixed/Variable → Uint8Array (Variable also
 * encodes a string, as UTF-8 with the terminating NUL the protocol expects).
 */
export type FieldValue = number | bigint | boolean | string | number[] | Uint8Array;

export class EncodeError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'EncodeError';
  }
}

/**
 * Where a field is being encoded. The encoder mutates one of these instead of
 * building a path string per field; the path is made only when an error is thrown.
 */
export interface EncodeLocation {
  message: string;
  block: string;
  /** -1 for a Single block. */
  instance: number;
  field: string;
}

export function locationPath(where: EncodeLocation | string): string {
  if (typeof where === 'string') return where;
  const instance = where.instance < 0 ? '' : `[${where.instance}]`;
  return `${where.message}.${where.block}${instance}.${where.field}`;
}

function fail(where: EncodeLocation | string, reason: string): never {
  throw new EncodeError(locationPath(where), reason);
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: false });

/** Text of a Variable field: UTF-8, without the trailing NUL senders include. */
export function variableText(bytes: Uint8Array, offset = 0, length = bytes.length - offset): string {
  let end = offset + length;
  if (end > offset && bytes[end - 1] === 0) end--;
  return textDecoder.decode(bytes.subarray(offset, end));
}

export function readVariableLength(bytes: Uint8Array, offset: number, width: number): number {
  return width === 1 ? bytes[offset]! : bytes[offset]! | (bytes[offset + 1]! << 8);
}

/** Rebuilds w of a unit quaternion sent as x, y, z (w ≥ 0 by convention). */
export function quaternionW(x: number, y: number, z: number): number {
  const t = 1 - x * x - y * y - z * z;
  return t > 0 ? Math.sqrt(t) : 0;
}

export function readFieldValue(bytes: Uint8Array, view: DataView, offset: number, field: FieldInfo): FieldValue {
  switch (field.type) {
    case 'U8': return bytes[offset]!;
    case 'U16': return view.getUint16(offset, true);
    case 'U32': return view.getUint32(offset, true);
    case 'U64': return view.getBigUint64(offset, true);
    case 'S8': return view.getInt8(offset);
    case 'S16': return view.getInt16(offset, true);
    case 'S32': return view.getInt32(offset, true);
    case 'S64': return view.getBigInt64(offset, true);
    case 'F32': return view.getFloat32(offset, true);
    case 'F64': return view.getFloat64(offset, true);
    case 'BOOL': return bytes[offset] !== 0;
    case 'LLUUID': return uuidToString(bytes, offset);
    case 'LLVector3':
      return [view.getFloat32(offset, true), view.getFloat32(offset + 4, true), view.getFloat32(offset + 8, true)];
    case 'LLVector4':
      return [
        view.getFloat32(offset, true), view.getFloat32(offset + 4, true),
        view.getFloat32(offset + 8, true), view.getFloat32(offset + 12, true),
      ];
    case 'LLVector3d':
      return [view.getFloat64(offset, true), view.getFloat64(offset + 8, true), view.getFloat64(offset + 16, true)];
    case 'LLQuaternion': {
      const x = view.getFloat32(offset, true);
      const y = view.getFloat32(offset + 4, true);
      const z = view.getFloat32(offset + 8, true);
      return [x, y, z, quaternionW(x, y, z)];
    }
    case 'IPADDR': return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
    case 'IPPORT': return view.getUint16(offset, false);
    case 'Fixed': return bytes.slice(offset, offset + field.size);
    case 'Variable': {
      const length = readVariableLength(bytes, offset, field.size);
      return bytes.slice(offset + field.size, offset + field.size + length);
    }
  }
}

type Where = EncodeLocation | string;

function expectNumber(path: Where, value: unknown, min: number, max: number, integer: boolean): number {
  if (typeof value !== 'number' || Number.isNaN(value) && integer) fail(path, `expected a number, got ${describe(value)}`);
  if (integer && (!Number.isInteger(value) || value < min || value > max)) {
    fail(path, `expected an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

const U64_MAX = (1n << 64n) - 1n;
const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;

function expectBigInt(path: Where, value: unknown, signed: boolean): bigint {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
  else fail(path, `expected a bigint, got ${describe(value)}`);
  if (signed ? big < S64_MIN || big > S64_MAX : big < 0n || big > U64_MAX) fail(path, `${big} is out of range`);
  return big;
}

function expectVector(path: Where, value: unknown, length: number): ArrayLike<number> {
  const ok = (Array.isArray(value) || ArrayBuffer.isView(value)) && (value as ArrayLike<number>).length >= length;
  if (!ok) fail(path, `expected ${length} numbers, got ${describe(value)}`);
  const v = value as ArrayLike<number>;
  for (let i = 0; i < length; i++) {
    if (typeof v[i] !== 'number') fail(path, `component ${i} is ${describe(v[i])}`);
  }
  return v;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'bigint') return `${value}n`;
  return Array.isArray(value) ? `an array of ${value.length}` : String(value);
}

/** The bytes of a Variable field's value (a string becomes UTF-8 plus the NUL the protocol expects). */
export function variableBytes(path: Where, field: FieldInfo, value: unknown): Uint8Array {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) bytes = value;
  else if (typeof value === 'string') bytes = textEncoder.encode(value + '\0');
  else if (value === undefined) bytes = EMPTY;
  else fail(path, `expected bytes or a string, got ${describe(value)}`);
  const max = field.size === 1 ? 0xff : 0xffff;
  if (bytes.length > max) fail(path, `${bytes.length} bytes do not fit a Variable ${field.size} field (max ${max})`);
  return bytes;
}

const EMPTY = new Uint8Array(0);

/**
 * Writes one field at `offset`; returns the offset after it. The caller has checked
 * that `encodedFieldSize` bytes fit.
 */
export function writeFieldValue(
  bytes: Uint8Array, view: DataView, offset: number, field: FieldInfo, value: unknown, path: Where,
): number {
  switch (field.type) {
    case 'U8': bytes[offset] = expectNumber(path, value, 0, 0xff, true); return offset + 1;
    case 'U16': view.setUint16(offset, expectNumber(path, value, 0, 0xffff, true), true); return offset + 2;
    case 'U32': view.setUint32(offset, expectNumber(path, value, 0, 0xffffffff, true), true); return offset + 4;
    case 'U64': view.setBigUint64(offset, expectBigInt(path, value, false), true); return offset + 8;
    case 'S8': view.setInt8(offset, expectNumber(path, value, -0x80, 0x7f, true)); return offset + 1;
    case 'S16': view.setInt16(offset, expectNumber(path, value, -0x8000, 0x7fff, true), true); return offset + 2;
    case 'S32': view.setInt32(offset, expectNumber(path, value, -0x80000000, 0x7fffffff, true), true); return offset + 4;
    case 'S64': view.setBigInt64(offset, expectBigInt(path, value, true), true); return offset + 8;
    case 'F32': view.setFloat32(offset, expectNumber(path, value, 0, 0, false), true); return offset + 4;
    case 'F64': view.setFloat64(offset, expectNumber(path, value, 0, 0, false), true); return offset + 8;
    case 'BOOL':
      if (typeof value !== 'boolean' && value !== 0 && value !== 1) fail(path, `expected a boolean, got ${describe(value)}`);
      bytes[offset] = value ? 1 : 0;
      return offset + 1;
    case 'LLUUID':
      if (typeof value === 'string') {
        try { uuidToBytes(value, bytes, offset); } catch (e) { fail(path, (e as Error).message); }
      } else if (value instanceof Uint8Array && value.length === 16) {
        bytes.set(value, offset);
      } else fail(path, `expected a UUID string or 16 bytes, got ${describe(value)}`);
      return offset + 16;
    case 'LLVector3': case 'LLVector4': {
      const n = field.type === 'LLVector3' ? 3 : 4;
      const v = expectVector(path, value, n);
      for (let i = 0; i < n; i++) view.setFloat32(offset + 4 * i, v[i]!, true);
      return offset + 4 * n;
    }
    case 'LLVector3d': {
      const v = expectVector(path, value, 3);
      for (let i = 0; i < 3; i++) view.setFloat64(offset + 8 * i, v[i]!, true);
      return offset + 24;
    }
    case 'LLQuaternion': {
      const v = expectVector(path, value, 3);
      // Only x, y, z travel; flip the sign so the receiver's w ≥ 0 names the same rotation.
      const sign = (v.length >= 4 && v[3]! < 0) ? -1 : 1;
      for (let i = 0; i < 3; i++) view.setFloat32(offset + 4 * i, sign * v[i]!, true);
      return offset + 12;
    }
    case 'IPADDR': {
      const parts = typeof value === 'string' ? value.split('.') : [];
      const octets = parts.map(Number);
      if (parts.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
        fail(path, `expected a dotted IPv4 address, got ${describe(value)}`);
      }
      for (let i = 0; i < 4; i++) bytes[offset + i] = octets[i]!;
      return offset + 4;
    }
    case 'IPPORT': view.setUint16(offset, expectNumber(path, value, 0, 0xffff, true), false); return offset + 2;
    case 'Fixed': {
      if (!(value instanceof Uint8Array) || value.length !== field.size) {
        fail(path, `expected ${field.size} bytes, got ${describe(value)}`);
      }
      bytes.set(value, offset);
      return offset + field.size;
    }
    case 'Variable': {
      const data = variableBytes(path, field, value);
      if (field.size === 1) bytes[offset] = data.length;
      else view.setUint16(offset, data.length, true);
      bytes.set(data, offset + field.size);
      return offset + field.size + data.length;
    }
  }
}
