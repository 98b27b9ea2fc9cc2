/**
 * Object data codecs: the binary fields inside ObjectUpdate, ImprovedTerseObjectUpdate
 * and ObjectUpdateCompressed. Decoders take (bytes, view, offset, length, out) over a
 * bound reader's buffer, write into preallocated outputs and report bad input through
 * an ObjectDataStatus instead of throwing; encoders write into a caller's bytes.
 */
export { ByteRange } from './byte-range.ts';
export {
  CompressedFlags, CompressedObject, LEGACY_PARTICLE_SYSTEM_BYTES, decodeCompressedObject, encodeCompressedObject,
} from './compressed-update.ts';
export {
  ExtendedMeshFlag, ExtraParamType, ExtraParams, FlexibleParams, LightImageParams, LightParams, MAX_RENDER_MATERIALS,
  MAX_SKIPPED_EXTRA_PARAMS, ReflectionProbeFlag, ReflectionProbeParams, RenderMaterialParams, SCULPT_TYPE_MASK, SculptFlag,
  SculptParams, SculptType, addExtraParam, decodeExtraParams, encodeExtendedMeshParams, encodeExtraParams,
  encodeFlexibleParams, encodeLightImageParams, encodeLightParams, encodeReflectionProbeParams, encodeRenderMaterialParams,
  encodeSculptParams, extraParamsByteLength, isKnownExtraParamType, removeExtraParam,
} from './extra-params.ts';
export { MATERIAL_CODE_MASK, MaterialCode } from './material-code.ts';
export {
  NAME_VALUE_CLASSES, NAME_VALUE_SEND_TO, NAME_VALUE_TYPES, decodeNameValues, formatNameValues, nameValueText, parseNameValues,
  type NameValue, type NameValueList, type NameValueProblem,
} from './name-value.ts';
export { ObjectDataError, ObjectDataStatus } from './object-data-status.ts';
export {
  DEFAULT_LEGACY_MOTION_RANGES, MOTION_FLOATS, Motion, OBJECT_MOTION_AVATAR_BYTES, OBJECT_MOTION_BYTES, decodeObjectMotion,
  encodeObjectMotion, isObjectMotionLength, objectMotionHasCollisionPlane, type LegacyMotionRanges,
} from './object-motion.ts';
export { normalizeQuaternion, packQuaternion, unpackQuaternion } from './packed-quaternion.ts';
export { PCode, isFoliagePCode } from './pcode.ts';
export { floatToU16, floatToU8, u16ToFloat, u8ToFloat } from './quantize.ts';
export {
  CUT_QUANTA, HOLE_TYPE_MASK, HOLLOW_QUANTA, HoleType, PROFILE_SHAPE_MASK, PathCurve, ProfileShape, QuantizedShape, REV_QUANTA,
  SCALE_QUANTA, SHAPE_BYTES, SHAPE_FLOATS, SHEAR_QUANTA, ShapeFloat, ShapeParams, TAPER_QUANTA, copyShapeParams,
  decodeShapeCompressedOrder, decodeShapeUpdateOrder, dequantizeShape, encodeShapeCompressedOrder, encodeShapeUpdateOrder,
  quantizeShape, readObjectUpdateShape, readShapeCompressedOrder, readShapeParams, readShapeUpdateOrder,
  writeShapeCompressedOrder, writeShapeParams, writeShapeUpdateOrder,
} from './shape-params.ts';
export {
  TERSE_ACCELERATION_RANGE, TERSE_ANGULAR_VELOCITY_RANGE, TERSE_AVATAR_DATA_BYTES, TERSE_DATA_BYTES, TERSE_VELOCITY_RANGE,
  TerseUpdate, decodeTerseUpdate, encodeTerseUpdate, terseTextureEntryLength, writeTerseTextureEntry,
} from './terse-update.ts';
export {
  TextureEntryFaces, decodeTextureEntry, encodeTextureEntry, resetTextureEntryFaces, type EncodeTextureEntryOptions,
} from './texture-entry.ts';
export {
  MAX_TEXTURE_ENTRY_FACES, MEDIA_FLAG, TEXTURE_ENTRY_FIELD_COUNT, TEXTURE_ENTRY_FIELD_NAMES, TEXTURE_ENTRY_FIELD_SIZES,
  TEXTURE_OFFSET_SCALE, TEXTURE_ROTATION_PACK, TEX_GEN_MASK, TexGen, TextureEntryField, TextureEntryWalk, neutralTextureEntry, textureEntryBump,
  textureEntryColorByte, textureEntryFullbright, textureEntryGlowByte, textureEntryMediaFlags, textureEntryOffset,
  textureEntryRotation, textureEntryScale, textureEntryShiny, textureEntryTexGen, walkTextureEntry, type TextureEntrySink,
  type TextureEntryWalkResult,
} from './texture-entry-walk.ts';
