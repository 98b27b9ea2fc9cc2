import type { BlockKind, Deprecation, FieldType, Frequency } from '../template/template-ast.ts';
import { FIELD_TYPE_SIZES, FIELD_TYPES } from './field-types.ts';

/**
 * The runtime form of one message of the template, with its byte layout worked out once.
 *
 * A block instance is cut into segments at its Variable fields: segment 0 starts
 * at the instance, segment k+1 right after the data of the k-th Variable field.
 * Every field then sits at a constant offset inside its segment, so a scan of a
 * packet only has to record one offset per segment per instance.
 */
export interface FieldInfo {
  readonly name: string;
  readonly type: FieldType;
  /** `type` as a small integer (index in FIELD_TYPES) for switch-heavy generic code. */
  readonly typeCode: number;
  /** Fixed: byte count; Variable: length-prefix width (1 or 2); others: wire size. */
  readonly size: number;
  readonly segment: number;
  readonly offset: number;
}

export interface BlockInfo {
  readonly name: string;
  readonly kind: BlockKind;
  /** Single 1, Multiple N, Variable 0 (count on the wire). */
  readonly count: number;
  /** Most instances a packet can carry: 1, N, or 255 for Variable. */
  readonly maxInstances: number;
  readonly fields: readonly FieldInfo[];
  /** Bytes of fixed-size fields in each segment (length = variableFields + 1). */
  readonly segmentFixedBytes: readonly number[];
  /** Length-prefix width of the Variable field closing each segment but the last. */
  readonly segmentVariableWidths: readonly number[];
  /** Smallest encoded size of one instance (all Variable fields empty). */
  readonly minimumBytes: number;
}

export interface MessageInfo {
  /** Position in the schema; readers and lookup tables are indexed by it. */
  readonly index: number;
  readonly name: string;
  readonly frequency: Frequency;
  /** The number as the template writes it (Fixed: the whole 32-bit value). */
  readonly number: number;
  readonly trusted: boolean;
  readonly zerocoded: boolean;
  readonly deprecation: Deprecation;
  readonly blocks: readonly BlockInfo[];
}

/** Compact schema rows as emitted by the code generator. */
export type SchemaField = readonly [name: string, type: FieldType, size?: number];
export type SchemaBlock = readonly [name: string, kind: BlockKind, count: number, fields: readonly SchemaField[]];
export type SchemaMessage = readonly [
  name: string, frequency: Frequency, number: number, flags: number, deprecation: Deprecation, blocks: readonly SchemaBlock[],
];

/** SchemaMessage flags. */
export const SCHEMA_TRUSTED = 1;
export const SCHEMA_ZEROCODED = 2;

export function fieldWireSize(type: FieldType, size: number | undefined): number {
  if (type === 'Fixed' || type === 'Variable') {
    if (size === undefined) throw new Error(`${type} field needs a size`);
    return size;
  }
  return FIELD_TYPE_SIZES[type];
}

export function buildBlockInfo(name: string, kind: BlockKind, count: number, fields: readonly SchemaField[]): BlockInfo {
  const infos: FieldInfo[] = [];
  const segmentFixedBytes: number[] = [0];
  const segmentVariableWidths: number[] = [];
  let segment = 0;
  let offset = 0;
  let minimumBytes = 0;
  for (const [fieldName, type, declared] of fields) {
    const size = fieldWireSize(type, declared);
    infos.push({ name: fieldName, type, typeCode: FIELD_TYPES.indexOf(type), size, segment, offset });
    minimumBytes += size;
    if (type === 'Variable') {
      segmentFixedBytes[segment] = offset;
      segmentVariableWidths.push(size);
      segment += 1;
      offset = 0;
      segmentFixedBytes.push(0);
    } else {
      offset += size;
      segmentFixedBytes[segment] = offset;
    }
  }
  const maxInstances = kind === 'Single' ? 1 : kind === 'Multiple' ? count : 255;
  return { name, kind, count: kind === 'Single' ? 1 : kind === 'Multiple' ? count : 0, maxInstances, fields: infos, segmentFixedBytes, segmentVariableWidths, minimumBytes };
}

export function buildMessageInfos(schema: readonly SchemaMessage[]): MessageInfo[] {
  return schema.map(([name, frequency, number, flags, deprecation, blocks], index) => ({
    index,
    name,
    frequency,
    number,
    trusted: (flags & SCHEMA_TRUSTED) !== 0,
    zerocoded: (flags & SCHEMA_ZEROCODED) !== 0,
    deprecation,
    blocks: blocks.map(([blockName, kind, count, fields]) => buildBlockInfo(blockName, kind, count, fields)),
  }));
}

/**
 * The 32-bit key of a message number as it appears on the wire once widened:
 * High n → n, Medium n → 0xFF00 | n, Low n → 0xFFFF0000 | n, Fixed → itself
 * (Fixed numbers are Low numbers 0xFFxx on the wire).
 */
export function wireKey(frequency: Frequency, number: number): number {
  switch (frequency) {
    case 'High': return number;
    case 'Medium': return 0xff00 | number;
    case 'Low': return (0xffff0000 | number) >>> 0;
    case 'Fixed': return number >>> 0;
  }
}
