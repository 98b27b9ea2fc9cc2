/**
 * Structure-of-arrays component storage: one typed array per field, sized
 * capacity × stride and allocated once. Index scalars as `C.field[eid]` and
 * vectors as `C.field[eid * stride + k]`. A component is a plain object of
 * typed arrays, which is exactly what bitecs accepts as a component.
 */
import { CapacityError } from './errors.ts';

export type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

/** A scalar field (`Float32Array`) or a vector field (`[Float32Array, 3]`). */
export type FieldSpec = TypedArrayConstructor | readonly [TypedArrayConstructor, number];

export type SoASchema = Readonly<Record<string, FieldSpec>>;

export type FieldArray<F extends FieldSpec> = F extends readonly [infer C extends TypedArrayConstructor, number]
  ? InstanceType<C>
  : F extends TypedArrayConstructor
    ? InstanceType<F>
    : never;

export type SoA<S extends SoASchema> = { readonly [K in keyof S]: FieldArray<S[K]> };

/** How a SoA component was laid out; kept off the component so iterating its fields sees only arrays. */
export interface SoAInfo {
  readonly capacity: number;
  readonly fields: readonly string[];
  readonly strides: Readonly<Record<string, number>>;
}

/** Largest capacity accepted: entity ids stay well inside a u32 and one field stays under 2 GiB. */
export const MAX_CAPACITY = 1 << 24;
/** Largest vector stride accepted (a 4×4 matrix is 16). */
export const MAX_STRIDE = 64;

const ALLOWED_CONSTRUCTORS: ReadonlySet<unknown> = new Set<unknown>([
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
]);

const soaInfo = new WeakMap<object, SoAInfo>();

export function assertCapacity(capacity: number, where: string): void {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
    throw new RangeError(`${where}: capacity must be an integer in 1..${MAX_CAPACITY}, got ${capacity}`);
  }
}

/** Allocates every field of `schema` for `capacity` entities. */
export function defineSoA<const S extends SoASchema>(schema: S, capacity: number): SoA<S> {
  assertCapacity(capacity, 'defineSoA');
  const component: Record<string, ArrayBufferView> = {};
  const strides: Record<string, number> = {};
  const fields = Object.keys(schema);
  for (const field of fields) {
    const spec = schema[field];
    const ctor = Array.isArray(spec) ? spec[0] : spec;
    const stride = Array.isArray(spec) ? spec[1] : 1;
    if (!ALLOWED_CONSTRUCTORS.has(ctor)) {
      throw new TypeError(`defineSoA: field "${field}" must be a typed-array constructor or [constructor, stride]`);
    }
    if (!Number.isInteger(stride) || stride < 1 || stride > MAX_STRIDE) {
      throw new RangeError(`defineSoA: field "${field}" stride must be an integer in 1..${MAX_STRIDE}, got ${stride}`);
    }
    component[field] = new (ctor as TypedArrayConstructor)(capacity * stride);
    strides[field] = stride;
  }
  soaInfo.set(component, { capacity, fields, strides });
  return component as SoA<S>;
}

/** Layout of a component made by `defineSoA`, or undefined for any other object. */
export function getSoAInfo(component: object): SoAInfo | undefined {
  return soaInfo.get(component);
}

/** Zeroes every field of one entity's slot. */
export function clearSoAEntity(component: object, eid: number): void {
  const info = soaInfo.get(component);
  if (info === undefined) throw new TypeError('clearSoAEntity: component was not made by defineSoA');
  if (!Number.isInteger(eid) || eid < 0 || eid >= info.capacity) {
    throw new CapacityError(`clearSoAEntity: entity ${eid} is outside capacity ${info.capacity}`, info.capacity, eid);
  }
  const arrays = component as Record<string, Float64Array>;
  for (let i = 0; i < info.fields.length; i++) {
    const field = info.fields[i];
    const stride = info.strides[field];
    arrays[field].fill(0, eid * stride, eid * stride + stride);
  }
}
