/** The parsed form of a `message_template.msg`: what the code generator and the dissector consume. */

export type Frequency = 'High' | 'Medium' | 'Low' | 'Fixed';
export type Trust = 'Trusted' | 'NotTrusted';
export type Encoding = 'Unencoded' | 'Zerocoded';
export type Deprecation = 'NotDeprecated' | 'Deprecated' | 'UDPDeprecated' | 'UDPBlackListed';
export type BlockKind = 'Single' | 'Multiple' | 'Variable';

export type FieldType =
  | 'U8' | 'U16' | 'U32' | 'U64'
  | 'S8' | 'S16' | 'S32' | 'S64'
  | 'F32' | 'F64' | 'BOOL'
  | 'LLUUID' | 'LLVector3' | 'LLVector3d' | 'LLVector4' | 'LLQuaternion'
  | 'IPADDR' | 'IPPORT'
  | 'Fixed' | 'Variable';

/** Where a definition starts in the template text (1-based). */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface FieldDef extends SourcePosition {
  name: string;
  type: FieldType;
  /**
   * Fixed: the byte count. Variable: the length prefix's width (1 or 2 bytes).
   * Every other type: its wire size in bytes (LLQuaternion is 12: three F32).
   */
  size: number;
}

export interface BlockDef extends SourcePosition {
  name: string;
  kind: BlockKind;
  /** Multiple: N. Single: 1. Variable: 0 (the count is on the wire). */
  count: number;
  fields: FieldDef[];
}

export interface MessageDef extends SourcePosition {
  name: string;
  frequency: Frequency;
  /**
   * The number as the template writes it: High/Medium 1..255, Low 1..65535,
   * Fixed the whole 32-bit value (PacketAck is 0xFFFFFFFB).
   */
  number: number;
  trust: Trust;
  encoding: Encoding;
  deprecation: Deprecation;
  blocks: BlockDef[];
}

export interface Template {
  /** The `version` line's value, e.g. "2.0"; "" when the template has none. */
  version: string;
  messages: MessageDef[];
}
