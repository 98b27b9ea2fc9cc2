/**
 * IPv4 / IPv6 and UDP headers: finds the UDP payload of one IP packet, or says
 * why there is none. Fragments are reported, never reassembled or guessed at.
 */
import { formatIPv4, formatIPv6 } from './ip-address.ts';
import { NETWORK_IPV4, NETWORK_IPV6 } from './link-layer.ts';

export const IP_PROTOCOL_UDP = 17;
export const IPV4_MIN_HEADER_LENGTH = 20;
export const IPV6_HEADER_LENGTH = 40;
export const UDP_HEADER_LENGTH = 8;

export const UDP_ERROR = -1;
export const UDP_SKIP = 0; // a well-formed packet that is not UDP
export const UDP_FOUND = 1;

/** The UDP datagram inside one IP packet: payload is `[payloadStart, payloadEnd)` of the frame. */
export interface UdpLocation {
  status: number;
  error: string;
  sourceAddress: string;
  sourcePort: number;
  destinationAddress: string;
  destinationPort: number;
  payloadStart: number;
  payloadEnd: number;
}

export function createUdpLocation(): UdpLocation {
  return {
    status: UDP_SKIP, error: '', sourceAddress: '', sourcePort: 0,
    destinationAddress: '', destinationPort: 0, payloadStart: 0, payloadEnd: 0,
  };
}

// IPv6 extension headers laid out as (next header, length in 8-byte units beyond the first 8).
const IPV6_HOP_BY_HOP = 0;
const IPV6_ROUTING = 43;
const IPV6_FRAGMENT = 44;
const IPV6_ESP = 50;
const IPV6_AUTH = 51;
const IPV6_DESTINATION = 60;
const IPV6_MOBILITY = 135;
const IPV6_HIP = 139;
const IPV6_SHIM6 = 140;
const MAX_IPV6_EXTENSION_HEADERS = 32;

function failed(out: UdpLocation, error: string): UdpLocation {
  out.status = UDP_ERROR;
  out.error = error;
  return out;
}

function skipped(out: UdpLocation): UdpLocation {
  out.status = UDP_SKIP;
  out.error = '';
  return out;
}

function u16be(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 8) | bytes[offset + 1];
}

function hex(value: number, digits: number): string {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}

/** Reads the UDP header at `start`; the IP packet it belongs to ends at `ipEnd` (inside the frame). */
function readUdp(out: UdpLocation, frame: Uint8Array, start: number, ipEnd: number, ipName: string): UdpLocation {
  const available = ipEnd - start;
  if (available < UDP_HEADER_LENGTH) {
    return failed(out, `UDP header truncated at frame byte ${start}: ${Math.max(available, 0)} of ${UDP_HEADER_LENGTH} bytes`);
  }
  const udpLength = u16be(frame, start + 4);
  if (udpLength < UDP_HEADER_LENGTH) {
    return failed(out, `bogus UDP length ${udpLength} at frame byte ${start + 4} (less than the ${UDP_HEADER_LENGTH}-byte header)`);
  }
  if (udpLength > available) {
    return failed(out, `UDP length ${udpLength} at frame byte ${start + 4} exceeds the ${available} bytes left in the ${ipName}`);
  }
  out.status = UDP_FOUND;
  out.error = '';
  out.sourcePort = u16be(frame, start);
  out.destinationPort = u16be(frame, start + 2);
  out.payloadStart = start + UDP_HEADER_LENGTH;
  out.payloadEnd = start + udpLength;
  return out;
}

function locateInIPv4(out: UdpLocation, frame: Uint8Array, at: number): UdpLocation {
  const available = frame.length - at;
  if (available < IPV4_MIN_HEADER_LENGTH) {
    return failed(out, `IPv4 header at frame byte ${at} truncated: ${Math.max(available, 0)} of ${IPV4_MIN_HEADER_LENGTH} bytes`);
  }
  const version = frame[at] >> 4;
  if (version !== 4) return failed(out, `IPv4 header at frame byte ${at} has IP version ${version}`);
  const ihl = frame[at] & 0x0f;
  const headerLength = ihl * 4;
  if (ihl < 5) {
    return failed(out, `bogus IPv4 IHL ${ihl} at frame byte ${at} (${headerLength} bytes; the header is at least 20)`);
  }
  if (headerLength > available) {
    return failed(out, `IPv4 IHL ${ihl} at frame byte ${at} means a ${headerLength}-byte header but only ${available} bytes remain`);
  }
  if (frame[at + 9] !== IP_PROTOCOL_UDP) return skipped(out);

  const fragment = u16be(frame, at + 6);
  const moreFragments = (fragment & 0x2000) !== 0;
  const fragmentOffset = (fragment & 0x1fff) * 8;
  if (moreFragments || fragmentOffset !== 0) {
    return failed(
      out,
      `IPv4 fragment not reassembled (id ${hex(u16be(frame, at + 4), 4)}, offset ${fragmentOffset}` +
        `${moreFragments ? ', more fragments follow' : ', last fragment'})`,
    );
  }
  const totalLength = u16be(frame, at + 2);
  if (totalLength < headerLength) {
    return failed(out, `IPv4 total length ${totalLength} at frame byte ${at + 2} is less than its ${headerLength}-byte header`);
  }
  if (totalLength > available) {
    return failed(out, `IPv4 total length ${totalLength} at frame byte ${at + 2} exceeds the ${available} bytes captured`);
  }
  out.sourceAddress = formatIPv4(frame, at + 12);
  out.destinationAddress = formatIPv4(frame, at + 16);
  return readUdp(out, frame, at + headerLength, at + totalLength, 'IPv4 packet');
}

function locateInIPv6(out: UdpLocation, frame: Uint8Array, at: number): UdpLocation {
  const available = frame.length - at;
  if (available < IPV6_HEADER_LENGTH) {
    return failed(out, `IPv6 header at frame byte ${at} truncated: ${Math.max(available, 0)} of ${IPV6_HEADER_LENGTH} bytes`);
  }
  const version = frame[at] >> 4;
  if (version !== 6) return failed(out, `IPv6 header at frame byte ${at} has IP version ${version}`);
  const ipEnd = at + IPV6_HEADER_LENGTH + u16be(frame, at + 4);

  let next = frame[at + 6];
  let cursor = at + IPV6_HEADER_LENGTH;
  for (let count = 0; next !== IP_PROTOCOL_UDP; count++) {
    if (count === MAX_IPV6_EXTENSION_HEADERS) {
      return failed(out, `IPv6 packet at frame byte ${at} has more than ${MAX_IPV6_EXTENSION_HEADERS} extension headers`);
    }
    let length: number;
    switch (next) {
      case IPV6_HOP_BY_HOP:
      case IPV6_ROUTING:
      case IPV6_DESTINATION:
      case IPV6_MOBILITY:
      case IPV6_HIP:
      case IPV6_SHIM6:
        if (cursor + 2 > frame.length) return failed(out, `IPv6 extension header ${next} at frame byte ${cursor} truncated`);
        length = (frame[cursor + 1] + 1) * 8;
        break;
      case IPV6_AUTH:
        if (cursor + 2 > frame.length) return failed(out, `IPv6 authentication header at frame byte ${cursor} truncated`);
        length = (frame[cursor + 1] + 2) * 4;
        break;
      case IPV6_FRAGMENT: {
        if (cursor + 8 > frame.length) return failed(out, `IPv6 fragment header at frame byte ${cursor} truncated`);
        const field = u16be(frame, cursor + 2);
        const offset = field & 0xfff8;
        const more = (field & 1) !== 0;
        // An atomic fragment (offset 0, no more) is a whole datagram.
        if (offset !== 0 || more) {
          const id = ((frame[cursor + 4] << 24) | (frame[cursor + 5] << 16) | (frame[cursor + 6] << 8) | frame[cursor + 7]) >>> 0;
          return failed(
            out,
            `IPv6 fragment not reassembled (id ${hex(id, 8)}, offset ${offset}${more ? ', more fragments follow' : ', last fragment'})`,
          );
        }
        length = 8;
        break;
      }
      case IPV6_ESP:
        return failed(out, `IPv6 packet at frame byte ${at} is ESP-encrypted: cannot tell whether it carries UDP`);
      default:
        return skipped(out); // TCP, ICMPv6, no next header, ...
    }
    if (cursor + length > frame.length) {
      return failed(out, `IPv6 extension header ${next} at frame byte ${cursor} runs past the end of the frame`);
    }
    next = frame[cursor];
    cursor += length;
  }

  if (ipEnd > frame.length) {
    return failed(
      out,
      `IPv6 payload length ${ipEnd - at - IPV6_HEADER_LENGTH} at frame byte ${at + 4} exceeds the ` +
        `${available - IPV6_HEADER_LENGTH} bytes captured after the header`,
    );
  }
  if (cursor > ipEnd) return failed(out, `IPv6 extension headers at frame byte ${at + IPV6_HEADER_LENGTH} run past the payload length`);
  out.sourceAddress = formatIPv6(frame, at + 8);
  out.destinationAddress = formatIPv6(frame, at + 24);
  return readUdp(out, frame, cursor, ipEnd, 'IPv6 packet');
}

/** Finds the UDP datagram in the IPv4 or IPv6 packet at `offset` of `frame`. */
export function locateUdp(out: UdpLocation, frame: Uint8Array, network: number, offset: number): UdpLocation {
  if (network === NETWORK_IPV4) return locateInIPv4(out, frame, offset);
  if (network === NETWORK_IPV6) return locateInIPv6(out, frame, offset);
  return skipped(out);
}
