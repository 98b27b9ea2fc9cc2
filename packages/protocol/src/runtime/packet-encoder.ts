import { EncodeError } from './field-codec.ts';
import { wireKey, type MessageInfo } from './message-info.ts';
import { writeMessageBody } from './message-object.ts';
import { HEADER_SIZE, MAX_APPENDED_ACKS, MAX_PACKET_SIZE, PacketFlags } from './packet-header.ts';
import type { ProtocolRegistry } from './protocol-registry.ts';
import { zeroEncode } from './zero-code.ts';

export interface PacketOptions {
  sequence: number;
  reliable?: boolean;
  resent?: boolean;
  /** 'auto' (default): zero-code when the template says Zerocoded and it saves bytes. */
  zeroCode?: 'auto' | 'never';
  /** Extra-header bytes (almost always none). */
  extra?: Uint8Array;
}

/**
 * Encodes plain message objects into packets in a buffer it owns and reuses.
 * The packet is `bytes[0, length)` until the next call.
 */
export class PacketEncoder {
  readonly bytes = new Uint8Array(MAX_PACKET_SIZE);
  readonly view = new DataView(this.bytes.buffer);
  length = 0;
  private readonly plain = new Uint8Array(MAX_PACKET_SIZE);
  private readonly plainView = new DataView(this.plain.buffer);

  constructor(readonly registry: ProtocolRegistry) {}

  /** Encodes `value` as `message`; returns the packet length. Throws EncodeError on bad values. */
  encode(message: string | MessageInfo, value: Readonly<Record<string, unknown>>, options: PacketOptions): number {
    const info = typeof message === 'string' ? this.registry.get(message) : message;
    if (!info) throw new EncodeError(String(message), 'no such message in the template');
    const plain = this.plain;
    const extra = options.extra;
    const extraLength = extra ? extra.length : 0;
    if (extraLength > 255) throw new EncodeError(info.name, 'extra header longer than 255 bytes');
    let flags = 0;
    if (options.reliable) flags |= PacketFlags.RELIABLE;
    if (options.resent) flags |= PacketFlags.RESENT;
    writeHeader(plain, flags, options.sequence, extraLength);
    if (extra) plain.set(extra, HEADER_SIZE);
    let pos = writeMessageNumber(plain, HEADER_SIZE + extraLength, info);
    pos = writeMessageBody(info, value, plain, this.plainView, pos, MAX_PACKET_SIZE);
    return this.finish(info, pos, options.zeroCode ?? 'auto');
  }

  /**
   * Zero-codes (when the template asks and it helps) the plain packet of `plainLength`
   * bytes written by `encode`, into `bytes`.
   */
  private finish(info: MessageInfo, plainLength: number, zeroCode: 'auto' | 'never'): number {
    const plain = this.plain;
    const out = this.bytes;
    if (zeroCode === 'auto' && info.zerocoded) {
      // Limit one byte below the plain size: encode only when the result is smaller.
      const end = zeroEncode(plain, HEADER_SIZE, plainLength, out, HEADER_SIZE, plainLength - 1);
      if (end >= 0) {
        for (let i = 0; i < HEADER_SIZE; i++) out[i] = plain[i]!;
        out[0] = out[0]! | PacketFlags.ZEROCODED;
        this.length = end;
        return end;
      }
    }
    out.set(plain.subarray(0, plainLength));
    this.length = plainLength;
    return plainLength;
  }

  /**
   * Appends `count` acks (U32 big-endian, then the count byte) to the packet in
   * `bytes` and sets APPENDED_ACKS. Returns the new length.
   */
  appendAcks(acks: ArrayLike<number>, count: number = acks.length): number {
    if (count === 0) return this.length;
    if (count > MAX_APPENDED_ACKS) throw new RangeError(`at most ${MAX_APPENDED_ACKS} appended acks, got ${count}`);
    let pos = this.length;
    if (pos + count * 4 + 1 > MAX_PACKET_SIZE) throw new RangeError('appended acks exceed the packet size limit');
    const out = this.bytes;
    for (let i = 0; i < count; i++) {
      const id = acks[i]!;
      out[pos++] = (id >>> 24) & 0xff;
      out[pos++] = (id >>> 16) & 0xff;
      out[pos++] = (id >>> 8) & 0xff;
      out[pos++] = id & 0xff;
    }
    out[pos++] = count;
    out[0] = out[0]! | PacketFlags.APPENDED_ACKS;
    this.length = pos;
    return pos;
  }

  /** A copy of the current packet, for callers that keep it (resend queues). */
  copy(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

export function writeHeader(bytes: Uint8Array, flags: number, sequence: number, extraLength: number): void {
  bytes[0] = flags;
  bytes[1] = (sequence >>> 24) & 0xff;
  bytes[2] = (sequence >>> 16) & 0xff;
  bytes[3] = (sequence >>> 8) & 0xff;
  bytes[4] = sequence & 0xff;
  bytes[5] = extraLength;
}

/** Writes the message number in its frequency's form; returns the offset after it. */
export function writeMessageNumber(bytes: Uint8Array, offset: number, info: MessageInfo): number {
  const key = wireKey(info.frequency, info.number);
  switch (info.frequency) {
    case 'High':
      bytes[offset] = key;
      return offset + 1;
    case 'Medium':
      bytes[offset] = 0xff;
      bytes[offset + 1] = key & 0xff;
      return offset + 2;
    case 'Low':
    case 'Fixed':
      bytes[offset] = 0xff;
      bytes[offset + 1] = 0xff;
      bytes[offset + 2] = (key >>> 8) & 0xff;
      bytes[offset + 3] = key & 0xff;
      return offset + 4;
  }
}
