/**
 * Builds classic pcap files and the frames inside them: for tests of the
 * reader, and for saving traffic in a form Wireshark and tcpdump open.
 * Misuse (a bad address, a payload too large for IP) throws; these are
 * programmer errors, not bad input.
 */
import type { Endpoint } from './capture-types.ts';
import { parseIPv4, parseIPv6 } from './ip-address.ts';
import { IP_PROTOCOL_UDP, IPV6_HEADER_LENGTH, UDP_HEADER_LENGTH } from './ip-udp.ts';
import {
  AF_INET, ETHERNET_HEADER_LENGTH, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_QINQ, ETHERTYPE_VLAN,
  LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_IPV6, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_LOOP,
  LINKTYPE_NULL, LINKTYPE_RAW, LINKTYPE_RAW_DLT, LINKTYPE_RAW_DLT_OPENBSD, NULL_HEADER_LENGTH, SLL2_HEADER_LENGTH,
  SLL_HEADER_LENGTH,
} from './link-layer.ts';
import {
  PCAP_GLOBAL_HEADER_LENGTH, PCAP_MAGIC_MICROSECONDS, PCAP_MAGIC_NANOSECONDS, PCAP_RECORD_HEADER_LENGTH,
} from './pcap-reader.ts';

export interface PcapRecord {
  /** The captured frame, link-layer header included. */
  data: Uint8Array;
  /** Whole seconds since the epoch (default 0). */
  seconds?: number;
  /** 0 ≤ nanoseconds < 1e9; a microsecond file keeps whole microseconds (default 0). */
  nanoseconds?: number;
  /** Length on the wire when larger than `data` (default: data.length). */
  originalLength?: number;
}

export interface PcapWriteOptions {
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. */
  nanoseconds?: boolean;
  bigEndian?: boolean;
  /** Frames longer than this are cut to it, as a capture with this snaplen would (default 262144). */
  snaplen?: number;
}

export const DEFAULT_SNAPLEN = 262144;

function checkUint(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what} must be an integer from 0 to ${max}, got ${value}`);
  return value;
}

export function writePcap(records: readonly PcapRecord[], linkType: number, options: PcapWriteOptions = {}): Uint8Array {
  const le = options.bigEndian !== true;
  const snaplen = checkUint(options.snaplen ?? DEFAULT_SNAPLEN, 0xffffffff, 'snaplen');
  checkUint(linkType, 0xffff, 'linkType');
  let total = PCAP_GLOBAL_HEADER_LENGTH;
  for (const record of records) total += PCAP_RECORD_HEADER_LENGTH + Math.min(record.data.length, snaplen);

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, options.nanoseconds === true ? PCAP_MAGIC_NANOSECONDS : PCAP_MAGIC_MICROSECONDS, le);
  view.setUint16(4, 2, le);
  view.setUint16(6, 4, le);
  view.setInt32(8, 0, le); // thiszone: timestamps are UTC
  view.setUint32(12, 0, le); // sigfigs
  view.setUint32(16, snaplen, le);
  view.setUint32(20, linkType, le);

  let offset = PCAP_GLOBAL_HEADER_LENGTH;
  for (const record of records) {
    const seconds = checkUint(record.seconds ?? 0, 0xffffffff, 'seconds');
    const nanoseconds = checkUint(record.nanoseconds ?? 0, 999_999_999, 'nanoseconds');
    const captured = Math.min(record.data.length, snaplen);
    const original = checkUint(record.originalLength ?? record.data.length, 0xffffffff, 'originalLength');
    view.setUint32(offset, seconds, le);
    view.setUint32(offset + 4, options.nanoseconds === true ? nanoseconds : Math.floor(nanoseconds / 1000), le);
    view.setUint32(offset + 8, captured, le);
    view.setUint32(offset + 12, Math.max(original, captured), le);
    out.set(record.data.subarray(0, captured), offset + PCAP_RECORD_HEADER_LENGTH);
    offset += PCAP_RECORD_HEADER_LENGTH + captured;
  }
  return out;
}

export interface LinkFrameOptions {
  /** Ethernet only: 802.1Q VLAN IDs, outermost first; with two or more the outer tags are 802.1ad (QinQ). */
  vlanIds?: readonly number[];
  /** LINKTYPE_NULL only: write the family big-endian, as a big-endian capturing host would (default little). */
  nullBigEndian?: boolean;
}

const SOURCE_MAC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
const DESTINATION_MAC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];
const ETHERNET_MIN_FRAME = 60; // without the FCS
const AF_INET6_MACOS = 30;
const AF_INET6_OPENBSD = 24;

function familyOf(etherType: number, inet6: number, linkType: number): number {
  if (etherType === ETHERTYPE_IPV4) return AF_INET;
  if (etherType === ETHERTYPE_IPV6) return inet6;
  throw new RangeError(`link type ${linkType} carries only IPv4 or IPv6, not EtherType 0x${etherType.toString(16)}`);
}

/**
 * Wraps a network-layer packet (IPv4, IPv6, ARP, ...) named by its EtherType in
 * the link-layer header of `linkType`. Ethernet frames are padded to 60 bytes.
 */
export function buildLinkFrame(linkType: number, etherType: number, packet: Uint8Array, options: LinkFrameOptions = {}): Uint8Array {
  checkUint(etherType, 0xffff, 'etherType');
  switch (linkType) {
    case LINKTYPE_ETHERNET: {
      const vlanIds = options.vlanIds ?? [];
      const headerLength = ETHERNET_HEADER_LENGTH + 4 * vlanIds.length;
      const frame = new Uint8Array(Math.max(headerLength + packet.length, ETHERNET_MIN_FRAME));
      frame.set(DESTINATION_MAC, 0);
      frame.set(SOURCE_MAC, 6);
      const view = new DataView(frame.buffer);
      let at = 12;
      vlanIds.forEach((id, i) => {
        view.setUint16(at, i < vlanIds.length - 1 ? ETHERTYPE_QINQ : ETHERTYPE_VLAN);
        view.setUint16(at + 2, checkUint(id, 0xfff, 'VLAN ID'));
        at += 4;
      });
      view.setUint16(at, etherType);
      frame.set(packet, headerLength);
      return frame;
    }
    case LINKTYPE_LINUX_SLL: {
      const frame = new Uint8Array(SLL_HEADER_LENGTH + packet.length);
      const view = new DataView(frame.buffer);
      view.setUint16(0, 0); // packet sent to us
      view.setUint16(2, 1); // ARPHRD_ETHER
      view.setUint16(4, 6); // address length
      frame.set(SOURCE_MAC, 6);
      view.setUint16(14, etherType);
      frame.set(packet, SLL_HEADER_LENGTH);
      return frame;
    }
    case LINKTYPE_LINUX_SLL2: {
      const frame = new Uint8Array(SLL2_HEADER_LENGTH + packet.length);
      const view = new DataView(frame.buffer);
      view.setUint16(0, etherType);
      view.setUint32(4, 1); // interface index
      view.setUint16(8, 1); // ARPHRD_ETHER
      frame[10] = 0; // packet sent to us
      frame[11] = 6; // address length
      frame.set(SOURCE_MAC, 12);
      frame.set(packet, SLL2_HEADER_LENGTH);
      return frame;
    }
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP: {
      const loop = linkType === LINKTYPE_LOOP;
      const family = familyOf(etherType, loop ? AF_INET6_OPENBSD : AF_INET6_MACOS, linkType);
      const frame = new Uint8Array(NULL_HEADER_LENGTH + packet.length);
      new DataView(frame.buffer).setUint32(0, family, !loop && options.nullBigEndian !== true);
      frame.set(packet, NULL_HEADER_LENGTH);
      return frame;
    }
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_DLT:
    case LINKTYPE_RAW_DLT_OPENBSD:
      familyOf(etherType, 0, linkType);
      return packet.slice();
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      if (etherType !== (linkType === LINKTYPE_IPV4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6)) {
        throw new RangeError(`link type ${linkType} cannot carry EtherType 0x${etherType.toString(16)}`);
      }
      return packet.slice();
    default:
      throw new RangeError(`cannot build frames for link type ${linkType}`);
  }
}

/** One's-complement sum of 16-bit big-endian words, folded to 16 bits. */
function onesComplementSum(initial: number, bytes: Uint8Array): number {
  let sum = initial;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (bytes.length % 2 === 1) sum += bytes[bytes.length - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export interface IPv4PacketOptions {
  identification?: number;
  /** The DF flag. */
  dontFragment?: boolean;
  /** The MF flag. */
  moreFragments?: boolean;
  /** Byte offset of this fragment; a multiple of 8. */
  fragmentOffset?: number;
  ttl?: number;
}

/** An IPv4 packet with a 20-byte header (checksum filled in) around `body`. */
export function buildIPv4Packet(
  source: string, destination: string, protocol: number, body: Uint8Array, options: IPv4PacketOptions = {},
): Uint8Array {
  const totalLength = 20 + body.length;
  checkUint(totalLength, 0xffff, 'IPv4 total length');
  const fragmentOffset = checkUint(options.fragmentOffset ?? 0, 0x1fff * 8, 'fragmentOffset');
  if (fragmentOffset % 8 !== 0) throw new RangeError(`fragmentOffset must be a multiple of 8, got ${fragmentOffset}`);
  const packet = new Uint8Array(totalLength);
  const view = new DataView(packet.buffer);
  packet[0] = 0x45;
  view.setUint16(2, totalLength);
  view.setUint16(4, checkUint(options.identification ?? 0, 0xffff, 'identification'));
  const flags = (options.dontFragment === true ? 0x4000 : 0) | (options.moreFragments === true ? 0x2000 : 0);
  view.setUint16(6, flags | (fragmentOffset / 8));
  packet[8] = checkUint(options.ttl ?? 64, 255, 'ttl');
  packet[9] = checkUint(protocol, 255, 'protocol');
  packet.set(parseIPv4(source), 12);
  packet.set(parseIPv4(destination), 16);
  view.setUint16(10, ~onesComplementSum(0, packet.subarray(0, 20)) & 0xffff);
  packet.set(body, 20);
  return packet;
}

/** An IPv6 packet with no extension headers around `body`. */
export function buildIPv6Packet(source: string, destination: string, nextHeader: number, body: Uint8Array, hopLimit = 64): Uint8Array {
  checkUint(body.length, 0xffff, 'IPv6 payload length');
  const packet = new Uint8Array(IPV6_HEADER_LENGTH + body.length);
  const view = new DataView(packet.buffer);
  packet[0] = 0x60;
  view.setUint16(4, body.length);
  packet[6] = checkUint(nextHeader, 255, 'nextHeader');
  packet[7] = checkUint(hopLimit, 255, 'hopLimit');
  packet.set(parseIPv6(source), 8);
  packet.set(parseIPv6(destination), 24);
  packet.set(body, IPV6_HEADER_LENGTH);
  return packet;
}

/** A UDP header + payload whose checksum covers the pseudo-header of the given addresses. */
function buildUdp(sourceAddress: Uint8Array, destinationAddress: Uint8Array, sourcePort: number, destinationPort: number, payload: Uint8Array): Uint8Array {
  const length = UDP_HEADER_LENGTH + payload.length;
  checkUint(length, 0xffff, 'UDP length');
  const udp = new Uint8Array(length);
  const view = new DataView(udp.buffer);
  view.setUint16(0, checkUint(sourcePort, 0xffff, 'source port'));
  view.setUint16(2, checkUint(destinationPort, 0xffff, 'destination port'));
  view.setUint16(4, length);
  udp.set(payload, UDP_HEADER_LENGTH);
  let sum = onesComplementSum(0, sourceAddress);
  sum = onesComplementSum(sum, destinationAddress);
  sum = onesComplementSum(sum + IP_PROTOCOL_UDP + length, udp);
  const checksum = ~sum & 0xffff;
  view.setUint16(6, checksum === 0 ? 0xffff : checksum); // 0 would mean "no checksum"
  return udp;
}

export interface UdpIPv4FrameOptions extends LinkFrameOptions {
  ipv4?: IPv4PacketOptions;
}

/** A link-layer frame of `linkType` carrying one UDP/IPv4 datagram. */
export function buildUdpIPv4Frame(
  linkType: number, source: Endpoint, destination: Endpoint, payload: Uint8Array, options: UdpIPv4FrameOptions = {},
): Uint8Array {
  const udp = buildUdp(parseIPv4(source.address), parseIPv4(destination.address), source.port, destination.port, payload);
  const packet = buildIPv4Packet(source.address, destination.address, IP_PROTOCOL_UDP, udp, options.ipv4);
  return buildLinkFrame(linkType, ETHERTYPE_IPV4, packet, options);
}

/** A link-layer frame of `linkType` carrying one UDP/IPv6 datagram. */
export function buildUdpIPv6Frame(
  linkType: number, source: Endpoint, destination: Endpoint, payload: Uint8Array, options: LinkFrameOptions = {},
): Uint8Array {
  const udp = buildUdp(parseIPv6(source.address), parseIPv6(destination.address), source.port, destination.port, payload);
  const packet = buildIPv6Packet(source.address, destination.address, IP_PROTOCOL_UDP, udp);
  return buildLinkFrame(linkType, ETHERTYPE_IPV6, packet, options);
}

/** One pcapng block: type, total length, the body padded to 4 bytes, the total length again. */
export function pcapngBlock(type: number, body: Uint8Array, littleEndian = true): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const out = new Uint8Array(12 + padded);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, littleEndian);
  view.setUint32(4, out.length, littleEndian);
  out.set(body, 8);
  view.setUint32(out.length - 4, out.length, littleEndian);
  return out;
}
