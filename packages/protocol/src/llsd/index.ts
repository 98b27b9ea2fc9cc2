export {
  createLLSDMap,
  isUUIDText,
  llsdKindOf,
  llsdNumber,
  LLSDReal,
  LLSDURI,
  LLSDUUID,
  type LLSDKind,
  type LLSDMap,
  type LLSDValue,
} from './llsd-value.ts';
export { type LLSDFormat, LLSDFormatError, LLSDParseError } from './llsd-error.ts';
export type { LLSDFormatOptions, LLSDParseOptions } from './llsd-options.ts';
export { formatLLSDXml, parseLLSDXml } from './llsd-xml.ts';
export { formatLLSDBinary, LLSD_BINARY_HEADER, type LLSDBinaryFormatOptions, parseLLSDBinary, parseLLSDBinaryPrefix } from './llsd-binary.ts';
export { formatLLSDNotation, type LLSDNotationFormatOptions, parseLLSDNotation } from './llsd-notation.ts';
export { detectLLSDFormat, parseLLSD } from './llsd-parse.ts';
