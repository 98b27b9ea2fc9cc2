/**
 * Classic libpcap files (pcapng-reader.ts reads pcapng): the global header, then records of
 * 16-byte header + captured frame. Each record becomes a datagram, an error
 * entry, or (no UDP inside) a count in `skipped`.
 */
import type { CaptureEntry, CaptureReadResult } from './capture-types.ts';
import { UDP_ERROR, UDP_FOUND, createUdpLocation, locateUdp } from './ip-udp.ts';
import {
  NETWORK_ERROR, NETWORK_OTHER, SUPPORTED_LINK_TYPES, createNetworkLocation, isSupportedLinkType, locateNetworkLayer,
} from './link-layer.ts';

export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;
export const PCAP_GLOBAL_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;

export interface PcapMagic {
  littleEndian: boolean;
  nanoseconds: boolean;
}

/** The byte order and timestamp resolution named by a classic pcap magic, or undefined. */
export function readPcapMagic(bytes: Uint8Array): PcapMagic | undefined {
  if (bytes.length < 4) return undefined;
  const big = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  const little = ((bytes[3] << 24) | (bytes[2] << 16) | (bytes[1] << 8) | bytes[0]) >>> 0;
  if (big === PCAP_MAGIC_MICROSECONDS) return { littleEndian: false, nanoseconds: false };
  if (big === PCAP_MAGIC_NANOSECONDS) return { littleEndian: false, nanoseconds: true };
  if (little === PCAP_MAGIC_MICROSECONDS) return { littleEndian: true, nanoseconds: false };
  if (little === PCAP_MAGIC_NANOSECONDS) return { littleEndian: true, nanoseconds: true };
  return undefined;
}

/** Records are numbered from 1 in messages, as Wireshark numbers frames. */
function where(index: number, offset: number): string {
  return `pcap record ${index + 1} at byte ${offset}`;
}

function fileError(error: string, linkType?: number): CaptureReadResult {
  const result: CaptureReadResult = { format: 'pcap', entries: [{ kind: 'error', index: 0, error }], skipped: 0 };
  if (linkType !== undefined) result.linkType = linkType;
  return result;
}

/** Reused per-file scratch for locating the network and UDP layers of each frame. */
export interface FrameScratch {
  network: ReturnType<typeof createNetworkLocation>;
  udp: ReturnType<typeof createUdpLocation>;
}

export function createFrameScratch(): FrameScratch {
  return { network: createNetworkLocation(), udp: createUdpLocation() };
}

/**
 * One captured link-layer frame (pcap record or pcapng packet block) as a datagram or
 * an error entry; undefined when it carries no UDP. `place` says where, for messages.
 */
export function frameEntry(
  scratch: FrameScratch, index: number, place: string, linkType: number, frame: Uint8Array,
  originalLength: number, snaplen: number, timestamp: number,
): CaptureEntry | undefined {
  const { network, udp } = scratch;
  locateNetworkLayer(network, linkType, frame);
  if (network.network === NETWORK_OTHER) return undefined;
  const cut = originalLength > frame.length
    ? ` (frame cut to ${frame.length} of ${originalLength} bytes${snaplen > 0 ? ` by snaplen ${snaplen}` : ''})`
    : '';
  if (network.network === NETWORK_ERROR) return { kind: 'error', index, error: `${place}: ${network.error}${cut}` };
  locateUdp(udp, frame, network.network, network.offset);
  if (udp.status === UDP_ERROR) return { kind: 'error', index, error: `${place}: ${udp.error}${cut}` };
  if (udp.status !== UDP_FOUND) return undefined;
  return {
    kind: 'datagram',
    index,
    timestamp,
    source: { address: udp.sourceAddress, port: udp.sourcePort },
    destination: { address: udp.destinationAddress, port: udp.destinationPort },
    payload: frame.subarray(udp.payloadStart, udp.payloadEnd),
  };
}

export function parsePcap(bytes: Uint8Array): CaptureReadResult {
  const magic = readPcapMagic(bytes);
  if (magic === undefined) {
    const shown = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return fileError(`not a classic pcap file: magic bytes [${shown}] at byte 0 are neither a1b2c3d4 nor a1b23c4d in either byte order`);
  }
  if (bytes.length < PCAP_GLOBAL_HEADER_LENGTH) {
    return fileError(`pcap global header truncated: the file has ${bytes.length} bytes, the header needs ${PCAP_GLOBAL_HEADER_LENGTH}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = magic.littleEndian;
  const versionMajor = view.getUint16(4, le);
  const versionMinor = view.getUint16(6, le);
  const snaplen = view.getUint32(16, le);
  // The upper bits of the link-type field carry FCS information, not the type.
  const linkType = view.getUint32(20, le) & 0xffff;
  if (versionMajor !== 2) {
    return fileError(`unsupported pcap version ${versionMajor}.${versionMinor} at byte 4 (only 2.x is defined)`, linkType);
  }
  if (!isSupportedLinkType(linkType)) {
    return fileError(`unsupported pcap link type ${linkType} at byte 20 (supported: ${SUPPORTED_LINK_TYPES.join(', ')})`, linkType);
  }

  const fractionScale = magic.nanoseconds ? 1e9 : 1e6;
  const entries: CaptureEntry[] = [];
  let skipped = 0;
  const frames = createFrameScratch();

  let offset = PCAP_GLOBAL_HEADER_LENGTH;
  for (let index = 0; offset < bytes.length; index++) {
    const recordStart = offset;
    const left = bytes.length - offset;
    if (left < PCAP_RECORD_HEADER_LENGTH) {
      entries.push({ kind: 'error', index, error: `${where(index, recordStart)}: record header truncated (${left} of ${PCAP_RECORD_HEADER_LENGTH} bytes)` });
      break;
    }
    const seconds = view.getUint32(offset, le);
    const fraction = view.getUint32(offset + 4, le);
    const capturedLength = view.getUint32(offset + 8, le);
    const originalLength = view.getUint32(offset + 12, le);
    const dataStart = offset + PCAP_RECORD_HEADER_LENGTH;
    const dataLeft = bytes.length - dataStart;
    if (capturedLength > dataLeft) {
      entries.push({
        kind: 'error', index,
        error: `${where(index, recordStart)}: record truncated: its header says ${capturedLength} captured bytes but the file ends after ${dataLeft}`,
      });
      break;
    }
    const frame = bytes.subarray(dataStart, dataStart + capturedLength);
    offset = dataStart + capturedLength;

    const outcome = frameEntry(frames, index, where(index, recordStart), linkType, frame, originalLength, snaplen, seconds + fraction / fractionScale);
    if (outcome === undefined) skipped++;
    else entries.push(outcome);
  }
  return { format: 'pcap', linkType, entries, skipped };
}
