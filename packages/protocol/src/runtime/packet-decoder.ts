import type { MessageInfo } from './message-info.ts';
import { bindPlan, type MessageReader, type ReaderLayout } from './message-reader.ts';
import { HEADER_SIZE, MAX_PACKET_SIZE, MIN_PACKET_SIZE, PacketFlags } from './packet-header.ts';
import type { ProtocolRegistry } from './protocol-registry.ts';
import { ZERO_CODE_OVERFLOW, zeroDecode } from './zero-code.ts';

/** Which stage of decoding failed; the header fields before that stage are valid. */
export const DecodeStatus = {
  Ok: 0,
  /** Shorter than a header and a message number, or longer than MAX_PACKET_SIZE. */
  BadHeader: 1,
  /** The appended-ack count claims more bytes than the packet has. */
  BadAcks: 2,
  /** Zero-coding expands past MAX_PACKET_SIZE or ends on a dangling `00`. */
  BadZeroCode: 3,
  /** The message number is cut short or names no message of the template. */
  UnknownMessage: 4,
  /** The blocks do not fit the body. */
  BadBody: 5,
} as const;
export type DecodeStatus = (typeof DecodeStatus)[keyof typeof DecodeStatus];

/**
 * Decodes datagrams into its own reused buffers: header fields, appended acks
 * (read from the end before zero-decoding, since acks are never zero-coded), the
 * zero-decoded body, the message number, and a bound reader for the message.
 * `decode` allocates nothing once each message type has been seen once, never
 * throws on bad input, and leaves a readable `error` when it returns false.
 * Everything it exposes is valid until the next `decode`.
 */
export class PacketDecoder {
  /** The packet as decoded (zero-coding expanded); header at 0, body from `bodyStart`. */
  readonly bytes = new Uint8Array(MAX_PACKET_SIZE);
  readonly view = new DataView(this.bytes.buffer);
  readonly acks = new Uint32Array(255);

  status: DecodeStatus = DecodeStatus.Ok;
  error = '';
  flags = 0;
  sequence = 0;
  extraLength = 0;
  ackCount = 0;
  /** Widened message number (see `wireKey`), valid from status UnknownMessage on. */
  messageKey = 0;
  /** First byte after the message number, and one past the last body byte. */
  bodyStart = 0;
  bodyEnd = 0;
  message: MessageInfo | null = null;
  reader: MessageReader | null = null;

  private readonly readers: (MessageReader | undefined)[];
  /** Each reader's layout, kept here so decoding reaches it without the per-message reader class. */
  private readonly layouts: (ReaderLayout | undefined)[];

  constructor(readonly registry: ProtocolRegistry) {
    this.readers = new Array<MessageReader | undefined>(registry.messages.length);
    this.layouts = new Array<ReaderLayout | undefined>(registry.messages.length);
  }

  get zerocoded(): boolean { return (this.flags & PacketFlags.ZEROCODED) !== 0; }
  get reliable(): boolean { return (this.flags & PacketFlags.RELIABLE) !== 0; }
  get resent(): boolean { return (this.flags & PacketFlags.RESENT) !== 0; }
  get hasAcks(): boolean { return (this.flags & PacketFlags.APPENDED_ACKS) !== 0; }

  /** The reader for message `index`, made on first use and kept. */
  readerFor(index: number): MessageReader {
    let reader = this.readers[index];
    if (reader === undefined) {
      reader = this.registry.createReader(index);
      reader.rebind(this.bytes, this.view);
      this.readers[index] = reader;
      this.layouts[index] = reader.layout;
    }
    return reader;
  }

  decode(datagram: Uint8Array, length: number = datagram.length): boolean {
    this.message = null;
    this.reader = null;
    this.ackCount = 0;
    this.messageKey = 0;
    this.flags = 0;
    this.sequence = 0;
    this.extraLength = 0;
    if (length < MIN_PACKET_SIZE || length > MAX_PACKET_SIZE || length > datagram.length) {
      return this.fail(DecodeStatus.BadHeader,
        `packet is ${length} bytes; a packet has ${MIN_PACKET_SIZE} to ${MAX_PACKET_SIZE}`);
    }
    const flags = datagram[0]!;
    this.flags = flags;
    this.sequence = ((datagram[1]! << 24) | (datagram[2]! << 16) | (datagram[3]! << 8) | datagram[4]!) >>> 0;
    this.extraLength = datagram[5]!;

    let end = length;
    if ((flags & PacketFlags.APPENDED_ACKS) !== 0) {
      const count = datagram[length - 1]!;
      end = length - 1 - count * 4;
      if (end < MIN_PACKET_SIZE) {
        return this.fail(DecodeStatus.BadAcks,
          `${count} appended acks need ${count * 4 + 1} bytes but only ${length - MIN_PACKET_SIZE} follow the header`);
      }
      const acks = this.acks;
      for (let i = 0, at = length - 5; i < count; i++, at -= 4) {
        acks[i] = ((datagram[at]! << 24) | (datagram[at + 1]! << 16) | (datagram[at + 2]! << 8) | datagram[at + 3]!) >>> 0;
      }
      this.ackCount = count;
    }

    const bytes = this.bytes;
    if ((flags & PacketFlags.ZEROCODED) !== 0) {
      for (let i = 0; i < HEADER_SIZE; i++) bytes[i] = datagram[i]!;
      const decodedEnd = zeroDecode(datagram, HEADER_SIZE, end, bytes, HEADER_SIZE, MAX_PACKET_SIZE);
      if (decodedEnd < 0) {
        return this.fail(DecodeStatus.BadZeroCode, decodedEnd === ZERO_CODE_OVERFLOW
          ? `zero-coded body expands past ${MAX_PACKET_SIZE} bytes`
          : 'zero-coded body ends inside a run of zeros (a 00 with no count)');
      }
      end = decodedEnd;
    } else if (datagram.length <= bytes.length) {
      bytes.set(datagram);
    } else {
      for (let i = 0; i < end; i++) bytes[i] = datagram[i]!;
    }

    let pos = HEADER_SIZE + this.extraLength;
    if (pos >= end) {
      return this.fail(DecodeStatus.BadHeader,
        `extra header of ${this.extraLength} bytes leaves no message number (body ends at ${end})`);
    }
    let key: number;
    const first = bytes[pos]!;
    if (first !== 0xff) {
      key = first;
      pos += 1;
    } else if (pos + 1 < end && bytes[pos + 1] !== 0xff) {
      key = 0xff00 | bytes[pos + 1]!;
      pos += 2;
    } else if (pos + 3 < end) {
      key = (0xffff0000 | (bytes[pos + 2]! << 8) | bytes[pos + 3]!) >>> 0;
      pos += 4;
    } else {
      return this.fail(DecodeStatus.UnknownMessage, `message number cut short at byte ${pos} of ${end}`);
    }
    this.messageKey = key;
    this.bodyStart = pos;
    this.bodyEnd = end;
    const index = this.registry.indexOfWireKey(key);
    if (index < 0) {
      return this.fail(DecodeStatus.UnknownMessage, `unknown message number ${describeKey(key)}`);
    }
    const message = this.registry.messages[index]!;
    this.message = message;
    const reader = this.readers[index] ?? this.readerFor(index);
    if (!bindPlan(this.layouts[index]!, message, bytes, pos, end)) {
      return this.fail(DecodeStatus.BadBody, reader.error);
    }
    this.reader = reader;
    this.status = DecodeStatus.Ok;
    this.error = '';
    return true;
  }

  private fail(status: DecodeStatus, reason: string): false {
    this.status = status;
    this.error = `${reason} (seq ${this.sequence}, flags 0x${this.flags.toString(16).padStart(2, '0')})`;
    return false;
  }
}

/** "High 12", "Medium 3", "Low 0x0102 (258)", "Fixed 0xFFFFFFFB". */
export function describeKey(key: number): string {
  if (key <= 0xff) return `High ${key}`;
  if (key <= 0xffff) return `Medium ${key & 0xff}`;
  const low = key & 0xffff;
  if (low >= 0xff00) return `Fixed 0x${(key >>> 0).toString(16).toUpperCase()}`;
  return `Low ${low} (0x${low.toString(16).padStart(4, '0')})`;
}
