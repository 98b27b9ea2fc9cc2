/**
 * pcapng, Wireshark's default format: a chain of blocks (type, total length, body,
 * total length again). A section header block (SHB) sets the byte order and starts
 * a fresh list of interfaces; each interface description block (IDB) adds one with
 * its link type, snaplen and timestamp resolution; enhanced (EPB) and simple (SPB)
 * packet blocks carry frames, and the obsolete packet block is read like an EPB.
 * Every other block type (statistics, name resolution, custom) is skipped. Frames
 * become datagrams or error entries as in classic pcap, each with its interface's
 * link type, so one file may mix Ethernet, loopback and Linux cooked captures.
 */
import type { CaptureEntry, CaptureReadResult } from './capture-types.ts';
import { SUPPORTED_LINK_TYPES, isSupportedLinkType } from './link-layer.ts';
import { createFrameScratch, frameEntry } from './pcap-reader.ts';

export const PCAPNG_SECTION_HEADER = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BLOCK_INTERFACE_DESCRIPTION = 1;
const BLOCK_OBSOLETE_PACKET = 2;
const BLOCK_SIMPLE_PACKET = 3;
const BLOCK_ENHANCED_PACKET = 6;
const OPTION_END = 0;
const OPTION_IF_TSRESOL = 9;
/** Block type, total length, trailing total length. */
const BLOCK_OVERHEAD = 12;

interface PcapngInterface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per second (10^6 unless if_tsresol says otherwise). */
  unitsPerSecond: number;
}

function where(block: number, offset: number): string {
  return `pcapng block ${block + 1} at byte ${offset}`;
}

/** True when the bytes start with a section header block. */
export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a;
}

/** The if_tsresol option of an IDB's options, as units per second. */
function timestampResolution(view: DataView, start: number, end: number, le: boolean): number {
  let offset = start;
  while (offset + 4 <= end) {
    const code = view.getUint16(offset, le);
    const length = view.getUint16(offset + 2, le);
    if (code === OPTION_END) break;
    if (code === OPTION_IF_TSRESOL && length >= 1 && offset + 5 <= end) {
      const value = view.getUint8(offset + 4);
      const exponent = value & 0x7f;
      // Bit 7 set: a negative power of two; clear: a negative power of ten.
      const units = value & 0x80 ? 2 ** exponent : 10 ** exponent;
      return Number.isFinite(units) && units > 0 ? units : 1e6;
    }
    offset += 4 + ((length + 3) & ~3);
  }
  return 1e6;
}

export function parsePcapng(bytes: Uint8Array): CaptureReadResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: CaptureEntry[] = [];
  const frames = createFrameScratch();
  let interfaces: PcapngInterface[] = [];
  const linkTypes = new Set<number>();
  let le = true;
  let skipped = 0;
  let offset = 0;
  for (let block = 0; offset < bytes.length; block++) {
    const place = where(block, offset);
    if (bytes.length - offset < BLOCK_OVERHEAD) {
      entries.push({ kind: 'error', index: block, error: `${place}: block header truncated (${bytes.length - offset} of ${BLOCK_OVERHEAD} bytes)` });
      break;
    }
    const rawType = view.getUint32(offset, le);
    if (rawType === PCAPNG_SECTION_HEADER) {
      if (bytes.length - offset < 28) {
        entries.push({ kind: 'error', index: block, error: `${place}: section header block truncated` });
        break;
      }
      const magic = view.getUint32(offset + 8, true);
      if (magic === BYTE_ORDER_MAGIC) le = true;
      else if (view.getUint32(offset + 8, false) === BYTE_ORDER_MAGIC) le = false;
      else {
        entries.push({ kind: 'error', index: block, error: `${place}: section header block has no byte-order magic 1a2b3c4d` });
        break;
      }
      interfaces = [];
    }
    const type = view.getUint32(offset, le);
    const length = view.getUint32(offset + 4, le);
    if (length < BLOCK_OVERHEAD || length % 4 !== 0 || length > bytes.length - offset) {
      entries.push({
        kind: 'error', index: block,
        error: `${place}: block length ${length} is ${length > bytes.length - offset ? `past the end of the file (${bytes.length - offset} bytes left)` : 'not a multiple of 4 of at least 12'}`,
      });
      break;
    }
    const body = offset + 8;
    const end = offset + length - 4;
    offset += length;
    if (type === PCAPNG_SECTION_HEADER) continue;
    if (type === BLOCK_INTERFACE_DESCRIPTION) {
      if (end - body < 8) {
        entries.push({ kind: 'error', index: block, error: `${place}: interface description block too short` });
        continue;
      }
      const linkType = view.getUint16(body, le);
      interfaces.push({ linkType, snaplen: view.getUint32(body + 4, le), unitsPerSecond: timestampResolution(view, body + 8, end, le) });
      linkTypes.add(linkType);
      continue;
    }
    if (type !== BLOCK_ENHANCED_PACKET && type !== BLOCK_SIMPLE_PACKET && type !== BLOCK_OBSOLETE_PACKET) continue;

    let interfaceId = 0;
    let timestamp = 0;
    let captured: number;
    let original: number;
    let data: number;
    if (type === BLOCK_SIMPLE_PACKET) {
      if (end - body < 4) {
        entries.push({ kind: 'error', index: block, error: `${place}: simple packet block too short` });
        continue;
      }
      original = view.getUint32(body, le);
      data = body + 4;
      captured = Math.min(original, end - data, interfaces[0]?.snaplen || Number.POSITIVE_INFINITY);
    } else {
      if (end - body < 20) {
        entries.push({ kind: 'error', index: block, error: `${place}: packet block too short` });
        continue;
      }
      interfaceId = type === BLOCK_ENHANCED_PACKET ? view.getUint32(body, le) : view.getUint16(body, le);
      const high = view.getUint32(body + 4, le);
      const low = view.getUint32(body + 8, le);
      captured = view.getUint32(body + 12, le);
      original = view.getUint32(body + 16, le);
      data = body + 20;
      if (captured > end - data) {
        entries.push({ kind: 'error', index: block, error: `${place}: captured length ${captured} is past the block's end (${end - data} bytes)` });
        continue;
      }
      const units = interfaces[interfaceId]?.unitsPerSecond ?? 1e6;
      timestamp = (high * 2 ** 32 + low) / units;
    }
    const iface = interfaces[interfaceId];
    if (iface === undefined) {
      entries.push({ kind: 'error', index: block, error: `${place}: packet names interface ${interfaceId}, but the section describes ${interfaces.length}` });
      continue;
    }
    if (!isSupportedLinkType(iface.linkType)) {
      entries.push({ kind: 'error', index: block, error: `${place}: interface ${interfaceId} has unsupported link type ${iface.linkType} (supported: ${SUPPORTED_LINK_TYPES.join(', ')})` });
      continue;
    }
    const outcome = frameEntry(frames, block, place, iface.linkType, bytes.subarray(data, data + captured), original, iface.snaplen, timestamp);
    if (outcome === undefined) skipped++;
    else entries.push(outcome);
  }
  const result: CaptureReadResult = { format: 'pcapng', entries, skipped };
  if (linkTypes.size === 1) result.linkType = [...linkTypes][0]!;
  return result;
}
