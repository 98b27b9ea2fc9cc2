/**
 * @slv/protocol: the Second Life message template, generated codecs, LLUDP
 * packet framing (header, acks, zero-coding) and LLSD.
 */
export type {
  BlockDef, BlockKind, Deprecation, Encoding, FieldDef, FieldType, Frequency, MessageDef, SourcePosition, Template, Trust,
} from './template/template-ast.ts';
export { parseTemplate } from './template/parse-template.ts';
export { TemplateError } from './template/template-error.ts';

export type { BlockInfo, FieldInfo, MessageInfo, SchemaBlock, SchemaField, SchemaMessage } from './runtime/message-info.ts';
export { buildMessageInfos, wireKey } from './runtime/message-info.ts';
export { FIELD_TYPE_SIZES, FIELD_TYPES, FieldTypeCode } from './runtime/field-types.ts';
export { BlockReader, MessageReader, type NumericArray, type ReaderLayout } from './runtime/message-reader.ts';
export { ProtocolRegistry, type ReaderFactory } from './runtime/protocol-registry.ts';
export { DecodeStatus, PacketDecoder, describeKey } from './runtime/packet-decoder.ts';
export { PacketEncoder, writeHeader, writeMessageNumber, type PacketOptions } from './runtime/packet-encoder.ts';
export {
  HEADER_SIZE, MAX_APPENDED_ACKS, MAX_PACKET_SIZE, MIN_PACKET_SIZE, MTU, PacketFlags, SEQUENCE_WRAP,
} from './runtime/packet-header.ts';
export { ZERO_CODE_OVERFLOW, ZERO_CODE_TRUNCATED, zeroDecode, zeroEncode } from './runtime/zero-code.ts';
export {
  EncodeError, quaternionW, readFieldValue, variableText, writeFieldValue, type FieldValue,
} from './runtime/field-codec.ts';
export { readMessageObject, writeMessageBody, type BlockObject, type MessageObject } from './runtime/message-object.ts';
export { NULL_UUID, isUuid, uuidBytesEqual, uuidToBytes, uuidToString } from './runtime/uuid.ts';

export { MESSAGE_SCHEMA, MessageIndex, TEMPLATE_MESSAGE_COUNT, TEMPLATE_SHA1, TEMPLATE_VERSION, type MessageName } from './generated/message-schema.ts';
export type * from './generated/message-types.ts';
export * from './generated/message-readers.ts';
export {
  createPacketDecoder, createPacketEncoder, defaultRegistry, encodeMessage, readerAs, type MessageInput,
} from './default-registry.ts';

export * from './llsd/index.ts';
export * from './layer-data/index.ts';
export * from './object-data/index.ts';
