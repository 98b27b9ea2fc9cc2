/**
 * LLUDP-aware mutators: they read a datagram the way the decoder does
 * (header, appended acks, zero-coding, message number), change what a hostile
 * sender would (a Variable block's count, a Variable field's length, the
 * message number, zero-code runs, the ack count), and frame the result again
 * (zero-coded when the flag says so, acks appended as they were) so that the
 * change reaches the body readers instead of stopping at the framing.
 */
import {
  HEADER_SIZE, MAX_PACKET_SIZE, PacketFlags, createPacketDecoder, defaultRegistry, zeroEncode, type MessageInfo, type PacketDecoder,
} from '@slv/protocol';
import type { FuzzRandom } from './fuzz-random.ts';
import { concat, replaceRange, writeUint, type WeightedMutator } from './mutators.ts';

/** A count byte or a length prefix in a decoded packet. */
export interface LengthSite {
  readonly offset: number;
  readonly width: 1 | 2;
  readonly kind: 'count' | 'length';
}

/** Walks the body as the template lays it out, as far as it fits, recording every count and length. */
export function lengthSites(bytes: Uint8Array, start: number, end: number, message: MessageInfo): LengthSite[] {
  const sites: LengthSite[] = [];
  let pos = start;
  for (const block of message.blocks) {
    let count = block.count;
    if (block.kind === 'Variable') {
      if (pos >= end) return sites;
      sites.push({ offset: pos, width: 1, kind: 'count' });
      count = bytes[pos++]!;
    }
    for (let instance = 0; instance < count; instance++) {
      for (let segment = 0; segment < block.segmentFixedBytes.length; segment++) {
        pos += block.segmentFixedBytes[segment]!;
        const width = block.segmentVariableWidths[segment];
        if (width === undefined) continue;
        if (pos + width > end) return sites;
        sites.push({ offset: pos, width: width as 1 | 2, kind: 'length' });
        pos += width + (width === 1 ? bytes[pos]! : bytes[pos]! | (bytes[pos + 1]! << 8));
      }
      if (pos > end) return sites;
    }
  }
  return sites;
}

/** A datagram taken apart: the decoded packet (header and body) and the appended-ack tail. */
interface Framed {
  readonly decoded: Uint8Array;
  readonly bodyStart: number;
  readonly message: MessageInfo | null;
  readonly ackTail: Uint8Array;
}

let sharedDecoder: PacketDecoder | null = null;

function takeApart(input: Uint8Array): Framed | null {
  const decoder = (sharedDecoder ??= createPacketDecoder(defaultRegistry));
  // Stale offsets from the previous packet must not pass for this one's.
  decoder.bodyStart = 0;
  decoder.bodyEnd = 0;
  decoder.decode(input);
  if (decoder.bodyEnd <= HEADER_SIZE || decoder.bodyStart === 0) return null;
  const tailLength = decoder.hasAcks ? 1 + decoder.ackCount * 4 : 0;
  return {
    decoded: decoder.bytes.slice(0, decoder.bodyEnd),
    bodyStart: decoder.bodyStart,
    message: decoder.message,
    ackTail: input.slice(input.length - tailLength),
  };
}

/** Frames a decoded packet again: zero-coded when its flag is set, the ack tail appended. */
export function frameAgain(decoded: Uint8Array, ackTail: Uint8Array): Uint8Array {
  if ((decoded[0]! & PacketFlags.ZEROCODED) === 0 || decoded.length <= HEADER_SIZE) return concat(decoded, ackTail);
  const out = new Uint8Array(HEADER_SIZE + 2 * (decoded.length - HEADER_SIZE));
  out.set(decoded.subarray(0, HEADER_SIZE));
  const end = zeroEncode(decoded, HEADER_SIZE, decoded.length, out, HEADER_SIZE, out.length);
  return concat(out.subarray(0, end), ackTail);
}

function lengthValue(random: FuzzRandom, width: 1 | 2, current: number, room: number): number {
  const max = width === 1 ? 0xff : 0xffff;
  switch (random.below(5)) {
    case 0: return 0;
    case 1: return max;
    case 2: return Math.max(0, Math.min(max, current + random.between(-2, 2)));
    case 3: return Math.max(0, Math.min(max, room + random.between(-1, 1)));
    default: return random.below(max + 1);
  }
}

/** Changes one Variable block count or Variable field length, then frames the packet again. */
const countsAndLengths: WeightedMutator['mutate'] = (input, random, context) => {
  const framed = takeApart(input);
  if (framed === null || framed.message === null) return input;
  const { decoded } = framed;
  const sites = lengthSites(decoded, framed.bodyStart, decoded.length, framed.message);
  if (sites.length === 0) return input;
  const site = random.pick(sites);
  const current = site.width === 1 ? decoded[site.offset]! : decoded[site.offset]! | (decoded[site.offset + 1]! << 8);
  const value = lengthValue(random, site.width, current, decoded.length - site.offset - site.width);
  writeUint(decoded, site.offset, site.width, value, true);
  return frameAgain(decoded, framed.ackTail).subarray(0, context.maxLength);
};

/** Another message's number on this body: readers of one type meet another type's bytes. */
const messageNumber: WeightedMutator['mutate'] = (input, random, context) => {
  const framed = takeApart(input);
  if (framed === null) return input;
  const other = random.pick(defaultRegistry.messages);
  const numberBytes = encodeMessageNumber(other);
  const numberStart = HEADER_SIZE + framed.decoded[5]!;
  const decoded = replaceRange(framed.decoded, numberStart, framed.bodyStart, numberBytes, MAX_PACKET_SIZE);
  return frameAgain(decoded, framed.ackTail).subarray(0, context.maxLength);
};

function encodeMessageNumber(message: MessageInfo): Uint8Array {
  switch (message.frequency) {
    case 'High': return Uint8Array.of(message.number);
    case 'Medium': return Uint8Array.of(0xff, message.number);
    case 'Low': return Uint8Array.of(0xff, 0xff, message.number >> 8, message.number & 0xff);
    default: return Uint8Array.of(message.number >>> 24, (message.number >>> 16) & 0xff, (message.number >>> 8) & 0xff, message.number & 0xff);
  }
}

/** Zero-code runs as they travel: a `00 NN` inserted, an existing run's count changed, or the flag toggled. */
const zeroCodeRuns: WeightedMutator['mutate'] = (input, random, context) => {
  if (input.length <= HEADER_SIZE) return input;
  const out = input.slice();
  const choice = random.below(4);
  if (choice === 0) {
    out[0] = out[0]! ^ PacketFlags.ZEROCODED;
    return out;
  }
  out[0] = out[0]! | PacketFlags.ZEROCODED;
  const zeros: number[] = [];
  for (let i = HEADER_SIZE; i < out.length; i++) if (out[i] === 0) zeros.push(i);
  if (choice === 1 && zeros.length > 0) {
    const at = random.pick(zeros);
    if (at + 1 < out.length) out[at + 1] = random.pick([0, 1, 2, 0x7f, 0x80, 0xfe, 0xff]);
    else return out.subarray(0, at + 1); // a dangling 00 at the end
    return out;
  }
  const run = random.chance(0.2) ? Uint8Array.of(0, 0, 0, 0, random.byte()) : Uint8Array.of(0, random.byte());
  const at = HEADER_SIZE + random.below(out.length - HEADER_SIZE + 1);
  return replaceRange(out, at, at, run, context.maxLength);
};

/** Appended acks: the flag set on a packet without them, or the count byte changed. */
const appendedAcks: WeightedMutator['mutate'] = (input, random, context) => {
  if (input.length < HEADER_SIZE) return input;
  if ((input[0]! & PacketFlags.APPENDED_ACKS) !== 0 && random.chance(0.6)) {
    const out = input.slice();
    out[out.length - 1] = random.chance(0.5) ? random.byte() : (out[out.length - 1]! + random.between(-2, 2)) & 0xff;
    return out;
  }
  const count = random.small(255);
  const tail = new Uint8Array(count * 4 + 1);
  for (let i = 0; i < tail.length - 1; i++) tail[i] = random.byte();
  tail[tail.length - 1] = random.chance(0.8) ? count : random.byte();
  const out = concat(input, tail);
  out[0] = out[0]! | PacketFlags.APPENDED_ACKS;
  return out.subarray(0, context.maxLength);
};

/** Header flag bits and the extra-header length. */
const headerFields: WeightedMutator['mutate'] = (input, random) => {
  if (input.length < HEADER_SIZE) return input;
  const out = input.slice();
  if (random.chance(0.5)) out[0] = random.byte();
  else out[5] = random.pick([0, 1, 2, 4, 0x7f, 0xff, random.byte()]);
  return out;
};

export const LLUDP_MUTATORS: readonly WeightedMutator[] = [
  { name: 'lludp-counts-and-lengths', weight: 6, mutate: countsAndLengths },
  { name: 'lludp-message-number', weight: 2, mutate: messageNumber },
  { name: 'lludp-zero-code-runs', weight: 3, mutate: zeroCodeRuns },
  { name: 'lludp-appended-acks', weight: 2, mutate: appendedAcks },
  { name: 'lludp-header-fields', weight: 1, mutate: headerFields },
];
