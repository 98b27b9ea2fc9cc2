/**
 * Link-layer headers of classic pcap files: where the IP packet starts in a
 * captured frame, and which IP version it is.
 */

/** pcap LINKTYPE_* values this reader understands. */
export const LINKTYPE_NULL = 0; // BSD loopback: 4-byte address family in the capturing host's byte order
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW_DLT = 12; // DLT_RAW written as-is by some systems
export const LINKTYPE_RAW_DLT_OPENBSD = 14; // DLT_RAW on OpenBSD
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108; // OpenBSD loopback: family big-endian
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

export const SUPPORTED_LINK_TYPES: readonly number[] = [
  LINKTYPE_NULL, LINKTYPE_ETHERNET, LINKTYPE_RAW_DLT, LINKTYPE_RAW_DLT_OPENBSD, LINKTYPE_RAW,
  LINKTYPE_LOOP, LINKTYPE_LINUX_SLL, LINKTYPE_IPV4, LINKTYPE_IPV6, LINKTYPE_LINUX_SLL2,
];

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_LEGACY = 0x9100;

export const ETHERNET_HEADER_LENGTH = 14;
export const SLL_HEADER_LENGTH = 16;
export const SLL2_HEADER_LENGTH = 20;
export const NULL_HEADER_LENGTH = 4;

export const AF_INET = 2;
/** AF_INET6 differs by OS: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30. */
export const AF_INET6_VALUES: readonly number[] = [10, 24, 28, 30];

export const NETWORK_ERROR = -1;
export const NETWORK_OTHER = 0;
export const NETWORK_IPV4 = 4;
export const NETWORK_IPV6 = 6;

/** Where a frame's network layer starts; `error` is set when `network` is NETWORK_ERROR. */
export interface NetworkLocation {
  network: number;
  offset: number;
  error: string;
}

export function createNetworkLocation(): NetworkLocation {
  return { network: NETWORK_OTHER, offset: 0, error: '' };
}

export function isSupportedLinkType(linkType: number): boolean {
  return SUPPORTED_LINK_TYPES.includes(linkType);
}

function found(out: NetworkLocation, network: number, offset: number): NetworkLocation {
  out.network = network;
  out.offset = offset;
  out.error = '';
  return out;
}

function failed(out: NetworkLocation, error: string): NetworkLocation {
  out.network = NETWORK_ERROR;
  out.offset = 0;
  out.error = error;
  return out;
}

function u16be(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 8) | bytes[offset + 1];
}

function u32be(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

function u32le(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset + 3] << 24) | (bytes[offset + 2] << 16) | (bytes[offset + 1] << 8) | bytes[offset]) >>> 0;
}

/** Follows an EtherType through any 802.1Q / 802.1ad (QinQ) tags; each tag is 4 bytes. */
function followEtherType(out: NetworkLocation, frame: Uint8Array, offset: number, etherType: number): NetworkLocation {
  let type = etherType;
  let at = offset;
  while (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_LEGACY) {
    if (at + 4 > frame.length) return failed(out, `VLAN tag at frame byte ${at} truncated (frame is ${frame.length} bytes)`);
    type = u16be(frame, at + 2);
    at += 4;
  }
  if (type === ETHERTYPE_IPV4) return found(out, NETWORK_IPV4, at);
  if (type === ETHERTYPE_IPV6) return found(out, NETWORK_IPV6, at);
  return found(out, NETWORK_OTHER, at);
}

function fromFamily(out: NetworkLocation, family: number): NetworkLocation {
  if (family === AF_INET) return found(out, NETWORK_IPV4, NULL_HEADER_LENGTH);
  if (AF_INET6_VALUES.includes(family)) return found(out, NETWORK_IPV6, NULL_HEADER_LENGTH);
  return found(out, NETWORK_OTHER, NULL_HEADER_LENGTH);
}

function isKnownFamily(family: number): boolean {
  return family === AF_INET || AF_INET6_VALUES.includes(family);
}

function fromIpVersion(out: NetworkLocation, frame: Uint8Array, expected: number): NetworkLocation {
  if (frame.length === 0) return failed(out, 'empty frame where a raw IP packet was expected');
  const version = frame[0] >> 4;
  if ((version === 4 || version === 6) && (expected === 0 || version === expected)) {
    return found(out, version === 4 ? NETWORK_IPV4 : NETWORK_IPV6, 0);
  }
  const wanted = expected === 0 ? '4 or 6' : String(expected);
  return failed(out, `raw IP frame has IP version ${version}, expected ${wanted}`);
}

/** Finds the IP packet inside one captured frame of the given link type. */
export function locateNetworkLayer(out: NetworkLocation, linkType: number, frame: Uint8Array): NetworkLocation {
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      if (frame.length < ETHERNET_HEADER_LENGTH) {
        return failed(out, `frame of ${frame.length} bytes is shorter than an Ethernet header (${ETHERNET_HEADER_LENGTH})`);
      }
      return followEtherType(out, frame, ETHERNET_HEADER_LENGTH, u16be(frame, 12));
    case LINKTYPE_LINUX_SLL:
      if (frame.length < SLL_HEADER_LENGTH) {
        return failed(out, `frame of ${frame.length} bytes is shorter than a Linux cooked (SLL) header (${SLL_HEADER_LENGTH})`);
      }
      return followEtherType(out, frame, SLL_HEADER_LENGTH, u16be(frame, 14));
    case LINKTYPE_LINUX_SLL2:
      if (frame.length < SLL2_HEADER_LENGTH) {
        return failed(out, `frame of ${frame.length} bytes is shorter than a Linux cooked v2 (SLL2) header (${SLL2_HEADER_LENGTH})`);
      }
      return followEtherType(out, frame, SLL2_HEADER_LENGTH, u16be(frame, 0));
    case LINKTYPE_NULL: {
      if (frame.length < NULL_HEADER_LENGTH) {
        return failed(out, `frame of ${frame.length} bytes is shorter than a loopback header (${NULL_HEADER_LENGTH})`);
      }
      // Written in the capturing machine's byte order, which the file does not record.
      const little = u32le(frame, 0);
      return fromFamily(out, isKnownFamily(little) ? little : u32be(frame, 0));
    }
    case LINKTYPE_LOOP:
      if (frame.length < NULL_HEADER_LENGTH) {
        return failed(out, `frame of ${frame.length} bytes is shorter than a loopback header (${NULL_HEADER_LENGTH})`);
      }
      return fromFamily(out, u32be(frame, 0));
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_DLT:
    case LINKTYPE_RAW_DLT_OPENBSD:
      return fromIpVersion(out, frame, 0);
    case LINKTYPE_IPV4:
      return fromIpVersion(out, frame, 4);
    case LINKTYPE_IPV6:
      return fromIpVersion(out, frame, 6);
    default:
      return failed(out, `unsupported link type ${linkType}`);
  }
}
