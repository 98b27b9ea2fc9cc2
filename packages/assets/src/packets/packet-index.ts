/**
 * Where every packet of a single-tile codestream ends, from PLT/PLM packet
 * lengths when the stream carries them, otherwise by reading each packet
 * header (Annex B.10). Reading stops at the first packet that the data does
 * not hold whole, so the same index serves whole files and prefixes: a
 * prefix cut at `ends[i]` is a valid codestream of i+1 packets.
 */
import type { CodestreamHeader, TilePart } from '../codestream/codestream-header.ts';
import { CODE_BLOCK_BYPASS, CODE_BLOCK_TERMINATE_ALL } from '../codestream/coding-style.ts';
import type { CodingStyle, ComponentCoding } from '../codestream/coding-style.ts';
import { J2cFormatError } from '../errors.ts';
import { alignToByte, createBitReader, createTagTree, decodeTagTree, readBit, readBits } from './packet-bits.ts';
import type { BitReader, TagTree } from './packet-bits.ts';
import { packetSequence } from './progression.ts';
import type { PacketSequence } from './progression.ts';
import { componentGeometry, precinctCodeBlocks, tileRect } from './tile-geometry.ts';
import type { ComponentGeometry, ResolutionGeometry } from './tile-geometry.ts';

export interface PacketIndex {
  readonly sequence: PacketSequence;
  readonly components: readonly ComponentGeometry[];
  readonly coding: CodingStyle;
  /** Packets the data holds whole (a prefix of the sequence). */
  readonly found: number;
  /** Buffer offset just past packet i, for i < found. */
  readonly ends: Float64Array;
  /** Index in header.tileParts of the tile-part holding packet i. */
  readonly tileParts: Uint16Array;
  readonly source: 'packet-lengths' | 'packet-headers';
}

/** Zero bit-planes and length-bit increments beyond these are corrupt data, not a texture. */
const MAX_ZERO_BITPLANES = 74;
const MAX_LENGTH_BITS = 32;

interface BandState {
  readonly blocks: number;
  readonly inclusion: TagTree | null;
  readonly zeroBitplanes: TagTree | null;
  readonly included: Uint8Array;
  readonly lengthBits: Uint8Array;
  readonly segmentMax: Uint8Array;
  readonly segmentPasses: Uint8Array;
}

/** The coding that applies to the tile: tile-part COC, then tile-part COD, then main COC, then main COD. */
export function tileCoding(header: CodestreamHeader, first: TilePart | undefined): { coding: CodingStyle; components: ComponentCoding[] } {
  const coding = first?.coding ?? header.coding;
  const components = header.components.map((_, c) =>
    first?.componentCoding.get(c) ?? (first?.coding ? first.coding.component : header.componentCoding[c]!));
  return { coding, components };
}

export function indexPackets(header: CodestreamHeader, bytes: Uint8Array): PacketIndex {
  const tileCount = header.tilesAcross * header.tilesDown;
  if (tileCount !== 1) throw new J2cFormatError(header.mainHeaderEnd, `packets are indexed only in single-tile codestreams (this one has ${tileCount} tiles)`);
  const parts = header.tileParts;
  if (header.hasProgressionChanges || parts.some((t) => t.hasProgressionChanges)) {
    throw new J2cFormatError(header.mainHeaderEnd, 'progression order changes (POC) are not supported when indexing packets');
  }
  if (header.hasPacketHeadersElsewhere || parts.some((t) => t.hasPacketHeadersElsewhere)) {
    throw new J2cFormatError(header.mainHeaderEnd, 'packed packet headers (PPM/PPT) are not supported when indexing packets');
  }
  const { coding, components: codings } = tileCoding(header, parts[0]);
  const tile = tileRect(header, 0);
  const components = codings.map((c, i) => componentGeometry(tile, c, header.components[i]!.dx, header.components[i]!.dy));
  const sequence = packetSequence(coding.progression, coding.layers, components, tile);
  const ends = new Float64Array(sequence.count);
  const owners = new Uint16Array(sequence.count);
  const useLengths = parts.length > 0 && parts.every((t) => t.packetLengths !== null);
  const reader = useLengths ? null : createPacketHeaderReader(bytes, components, coding);
  let found = 0;
  for (let t = 0; t < parts.length && found < sequence.count; t++) {
    const part = parts[t]!;
    if (part.tile !== 0) continue;
    let at = part.bodyStart;
    let lengthIndex = 0;
    while (found < sequence.count && at < part.end) {
      let end: number;
      if (useLengths) {
        const length = part.packetLengths![lengthIndex++];
        if (length === undefined) break;
        end = at + length;
      } else {
        const next = reader!(sequence, found, at, part.end);
        if (next === null) break;
        end = next;
      }
      if (end > part.end) {
        if (part.complete) throw new J2cFormatError(at, `packet ${found} runs past the end of its tile-part (byte ${part.end})`);
        break;
      }
      ends[found] = end;
      owners[found] = t;
      found++;
      at = end;
    }
    if (!part.complete) break;
  }
  return { sequence, components, coding, found, ends, tileParts: owners, source: useLengths ? 'packet-lengths' : 'packet-headers' };
}

type PacketHeaderReader = (sequence: PacketSequence, index: number, at: number, end: number) => number | null;

/** Reads packet headers in sequence order; returns where each packet ends, or null when its header is cut off. */
function createPacketHeaderReader(bytes: Uint8Array, components: readonly ComponentGeometry[], coding: CodingStyle): PacketHeaderReader {
  const precincts = new Map<string, BandState[]>();
  return (sequence, index, start, end) => {
    const c = sequence.component[index]!;
    const r = sequence.resolution[index]!;
    const p = sequence.precinct[index]!;
    const layer = sequence.layer[index]!;
    const component = components[c]!;
    const level = component.resolutions[r]!;
    const key = `${c}/${r}/${p}`;
    let bands = precincts.get(key);
    if (bands === undefined) {
      bands = level.bands.map((_, b) => createBandState(level, b, p));
      precincts.set(key, bands);
    }
    let at = start;
    if (coding.sopMarkers && at + 6 <= end && bytes[at] === 0xff && bytes[at + 1] === 0x91) at += 6;
    const reader = createBitReader(bytes, at, end);
    let bodyLength = 0;
    if (readBit(reader) === 1) {
      for (const band of bands) bodyLength += readBandContributions(reader, band, layer, component.coding.codeBlockStyle, at);
    }
    alignToByte(reader);
    if (reader.overrun) return null;
    let headerEnd = reader.position;
    if (coding.ephMarkers && headerEnd + 2 <= end && bytes[headerEnd] === 0xff && bytes[headerEnd + 1] === 0x92) headerEnd += 2;
    return headerEnd + bodyLength;
  };
}

function createBandState(level: ResolutionGeometry, band: number, precinct: number): BandState {
  const [across, down] = precinctCodeBlocks(level, band, precinct);
  const blocks = across * down;
  return {
    blocks,
    inclusion: blocks > 0 ? createTagTree(across, down) : null,
    zeroBitplanes: blocks > 0 ? createTagTree(across, down) : null,
    included: new Uint8Array(blocks),
    lengthBits: new Uint8Array(blocks).fill(3),
    segmentMax: new Uint8Array(blocks),
    segmentPasses: new Uint8Array(blocks),
  };
}

/** One band's code-block contributions to a packet; returns their byte count. */
function readBandContributions(reader: BitReader, band: BandState, layer: number, style: number, packetStart: number): number {
  let bytes = 0;
  for (let cb = 0; cb < band.blocks; cb++) {
    let included: boolean;
    if (band.included[cb] === 0) included = decodeTagTree(band.inclusion!, reader, cb, layer + 1);
    else included = readBit(reader) === 1;
    if (!included) continue;
    if (band.included[cb] === 0) {
      let planes = 0;
      while (!decodeTagTree(band.zeroBitplanes!, reader, cb, planes + 1)) {
        if (++planes > MAX_ZERO_BITPLANES || reader.overrun) {
          throw new J2cFormatError(packetStart, `corrupt packet header: more than ${MAX_ZERO_BITPLANES} zero bit-planes`);
        }
      }
      band.included[cb] = 1;
    }
    let passes = readPassCount(reader);
    while (readBit(reader) === 1) {
      if (++band.lengthBits[cb]! > MAX_LENGTH_BITS || reader.overrun) {
        throw new J2cFormatError(packetStart, `corrupt packet header: code-block length field over ${MAX_LENGTH_BITS} bits`);
      }
    }
    if (band.segmentMax[cb] === 0 || band.segmentPasses[cb] === band.segmentMax[cb]) startSegment(band, cb, style);
    for (;;) {
      const take = Math.min(band.segmentMax[cb]! - band.segmentPasses[cb]!, passes);
      bytes += readBits(reader, band.lengthBits[cb]! + Math.floor(Math.log2(take)));
      band.segmentPasses[cb]! += take;
      passes -= take;
      if (passes <= 0) break;
      startSegment(band, cb, style);
    }
  }
  return bytes;
}

/** Passes per codeword segment: one with termination on every pass, 10 then 2/1 alternating in bypass mode. */
function startSegment(band: BandState, cb: number, style: number): void {
  const previous = band.segmentMax[cb]!;
  let max = 109;
  if (style & CODE_BLOCK_TERMINATE_ALL) max = 1;
  else if (style & CODE_BLOCK_BYPASS) max = previous === 0 ? 10 : previous === 1 || previous === 10 ? 2 : 1;
  band.segmentMax[cb] = max;
  band.segmentPasses[cb] = 0;
}

function readPassCount(reader: BitReader): number {
  if (readBit(reader) === 0) return 1;
  if (readBit(reader) === 0) return 2;
  const two = readBits(reader, 2);
  if (two < 3) return 3 + two;
  const five = readBits(reader, 5);
  if (five < 31) return 6 + five;
  return 37 + readBits(reader, 7);
}
