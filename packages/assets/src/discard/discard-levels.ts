/**
 * Discard levels, as the Second Life viewer uses them: discard d is the image
 * at 1/2^d of its size, 0 = full resolution, at most 5 and at most the
 * codestream's decomposition levels. For each: the output size, and how
 * many leading bytes of the codestream to fetch for it, two ways:
 * - `estimatedBytes`: the viewer's own estimate (LLImageJ2C::calcDataSizeJ2C),
 *   which is what a Second Life client asks a server for;
 * - `exactBytes`: from the packet index, the end of the last packet of the
 *   resolution levels that discard needs. Exact, but only useful for
 *   resolution-progressive streams (RPCL, RLCP): in a layer-progressive
 *   stream (LRCP, what SL textures use) the last such packet is near the end.
 * `bytes` is what to fetch: exact for resolution-progressive streams, else
 * the estimate moved up to a whole-packet boundary so no packet is cut.
 */
import type { CodestreamHeader } from '../codestream/codestream-header.ts';
import type { PacketIndex } from '../packets/packet-index.ts';

/** Second Life's MAX_DISCARD_LEVEL. */
export const MAX_DISCARD = 5;
/** The viewer's DEFAULT_COMPRESSION_RATE and FIRST_PACKET_SIZE (its minimum request). */
const SL_COMPRESSION_RATE = 1 / 8;
const SL_FIRST_PACKET_BYTES = 600;

export interface DiscardLevel {
  readonly discard: number;
  readonly width: number;
  readonly height: number;
  readonly estimatedBytes: number;
  /** Null when the packets could not be indexed. */
  readonly exactBytes: number | null;
  readonly bytes: number;
}

/** The discard levels the codestream offers: 0..min(5, fewest decomposition levels of any component). */
export function availableDiscards(header: CodestreamHeader, index: PacketIndex | null = null): number {
  const codings = index?.components.map((c) => c.coding) ?? header.componentCoding;
  return Math.min(MAX_DISCARD, ...codings.map((c) => c.decompositions));
}

/** Output size at a discard level (the reference grid reduced by 2^discard, as OpenJPEG's reduce does). */
export function discardSize(header: CodestreamHeader, discard: number): { width: number; height: number } {
  const scale = 2 ** discard;
  return {
    width: Math.ceil(header.imageX1 / scale) - Math.ceil(header.imageX0 / scale),
    height: Math.ceil(header.imageY1 / scale) - Math.ceil(header.imageY0 / scale),
  };
}

/** The Second Life viewer's byte estimate for a discard level (integer arithmetic as in C++). */
export function estimateDiscardBytes(width: number, height: number, components: number, discard: number): number {
  let layers = 1;
  for (let surface = 64 * 64; width * height > surface; surface *= 4) layers++;
  const layerFactor = 3 * (7 - Math.min(Math.max(layers, 1), 6));
  const w = Math.max(width >> discard, 1);
  const h = Math.max(height >> discard, 1);
  const newBytes = Math.trunc((Math.sqrt(w * h) * components * SL_COMPRESSION_RATE * 1000) / layerFactor);
  const oldBytes = Math.trunc(w * h * components * SL_COMPRESSION_RATE);
  return Math.max(Math.min(newBytes, oldBytes), SL_FIRST_PACKET_BYTES);
}

/** End of the last packet (in stream order) of the resolution levels discard `d` keeps; null if the index lacks one. */
export function exactDiscardBytes(index: PacketIndex, discard: number): number | null {
  const { sequence } = index;
  let last = -1;
  for (let i = 0; i < sequence.count; i++) {
    const levels = index.components[sequence.component[i]!]!.coding.decompositions;
    if (sequence.resolution[i]! <= levels - discard) last = i;
  }
  if (last < 0 || last >= index.found) return null;
  return index.ends[last]!;
}

/** The end of the first whole packet at or after `bytes` (the data's end when none is). */
export function packetBoundaryAtOrAfter(index: PacketIndex, bytes: number, dataEnd: number): number {
  for (let i = 0; i < index.found; i++) if (index.ends[i]! >= bytes) return index.ends[i]!;
  return dataEnd;
}

export function discardLevels(header: CodestreamHeader, index: PacketIndex | null, dataEnd: number): DiscardLevel[] {
  const levels: DiscardLevel[] = [];
  const resolutionFirst = header.coding.progression === 'RPCL' || header.coding.progression === 'RLCP';
  for (let d = 0; d <= availableDiscards(header, index); d++) {
    const { width, height } = discardSize(header, d);
    const estimatedBytes = estimateDiscardBytes(header.width, header.height, header.components.length, d);
    const exactBytes = index === null ? null : exactDiscardBytes(index, d);
    let bytes: number;
    if (resolutionFirst && exactBytes !== null) bytes = exactBytes;
    else if (index !== null) bytes = packetBoundaryAtOrAfter(index, header.location.start + estimatedBytes, dataEnd);
    else bytes = Math.min(dataEnd, header.location.start + estimatedBytes);
    levels.push({ discard: d, width, height, estimatedBytes, exactBytes, bytes });
  }
  return levels;
}
