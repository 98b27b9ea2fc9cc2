import type { FieldType } from '../template/template-ast.ts';

/** Fixed wire sizes of the field types that have one (Fixed and Variable are sized per field). */
export const FIELD_TYPE_SIZES: Readonly<Record<Exclude<FieldType, 'Fixed' | 'Variable'>, number>> = {
  U8: 1, U16: 2, U32: 4, U64: 8,
  S8: 1, S16: 2, S32: 4, S64: 8,
  F32: 4, F64: 8, BOOL: 1,
  LLUUID: 16, LLVector3: 12, LLVector3d: 24, LLVector4: 16, LLQuaternion: 12,
  IPADDR: 4, IPPORT: 2,
};

export const FIELD_TYPES: readonly FieldType[] = [
  'U8', 'U16', 'U32', 'U64', 'S8', 'S16', 'S32', 'S64', 'F32', 'F64', 'BOOL',
  'LLUUID', 'LLVector3', 'LLVector3d', 'LLVector4', 'LLQuaternion', 'IPADDR', 'IPPORT', 'Fixed', 'Variable',
];

/** Indices into FIELD_TYPES, for `FieldInfo.typeCode`. */
export const FieldTypeCode = {
  U8: 0, U16: 1, U32: 2, U64: 3, S8: 4, S16: 5, S32: 6, S64: 7, F32: 8, F64: 9, BOOL: 10,
  LLUUID: 11, LLVector3: 12, LLVector3d: 13, LLVector4: 14, LLQuaternion: 15, IPADDR: 16, IPPORT: 17, Fixed: 18, Variable: 19,
} as const satisfies Record<FieldType, number>;
