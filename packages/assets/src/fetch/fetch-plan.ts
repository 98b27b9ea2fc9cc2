/**
 * What to fetch next for a wanted discard level, from what is held:
 * nothing yet → the first `headerBytes` (600, as the SL viewer); a header
 * longer than that → twice as much; then, per progression order:
 * - resolution-first (RPCL, RLCP): the exact end of the last packet the
 *   level needs, known from PLT packet lengths or from packet headers
 *   already held; when it is not known yet, the SL estimate, then twice
 *   what is held, until the packet index reaches it;
 * - layer-first (LRCP and the rest, Second Life's own textures): the SL
 *   estimate, as the viewer does.
 * Discard 0 is the whole codestream. The level is first raised until the
 * image fits `maxTextureSize`, so no byte is fetched for a resolution that
 * would not be used.
 */
import { readCodestreamHeader, type CodestreamHeader } from '../codestream/codestream-header.ts';
import { chooseDiscard, maxDiscardOf } from '../decode/decode-texture.ts';
import { estimateDiscardBytes, exactDiscardBytes } from '../discard/discard-levels.ts';
import { J2cFormatError, NotJpeg2000Error } from '../errors.ts';
import { indexPackets, type PacketIndex } from '../packets/packet-index.ts';
import type { StoredCodestream } from './codestream-entry.ts';

/** The SL viewer's FIRST_PACKET_SIZE: its first request for any texture. */
export const HEADER_REQUEST_BYTES = 600;
/** A main header longer than this is not a texture's. */
const MAX_HEADER_BYTES = 1 << 16;

export type FetchPlan =
  /** Enough is held for `discard` (the wanted level, raised to fit maxTextureSize). */
  | { readonly kind: 'held'; readonly discard: number }
  /** Fetch bytes [start, end). */
  | { readonly kind: 'fetch'; readonly start: number; readonly end: number; readonly reason: 'header' | 'exact' | 'estimate' | 'more' | 'whole' }
  /** The bytes can never make this texture (not JPEG2000, malformed): give up on it. */
  | { readonly kind: 'unusable'; readonly error: Error };

export interface FetchPlanOptions {
  readonly headerBytes?: number;
  readonly maxTextureSize?: number;
}

export function planFetch(entry: StoredCodestream, wantedDiscard: number, options: FetchPlanOptions = {}): FetchPlan {
  const held = entry.bytes.length;
  const total = entry.total;
  if (held === 0) return entry.complete ? unusable(new NotJpeg2000Error('the server sent an empty texture')) : fetchTo(0, options.headerBytes ?? HEADER_REQUEST_BYTES, total, 'header');
  let header: CodestreamHeader;
  try {
    header = readCodestreamHeader(entry.bytes);
  } catch (error) {
    // The main header is longer than what is held: fetch more, within reason.
    if (error instanceof J2cFormatError && !entry.complete && held < MAX_HEADER_BYTES && /prefix too short|runs past the data|ends inside/.test(error.reason)) {
      return fetchTo(held, held * 2, total, 'header');
    }
    return unusable(error as Error);
  }
  let discard: number;
  try {
    discard = chooseDiscard(header, { discard: Math.min(Math.max(0, Math.trunc(wantedDiscard)), maxDiscardOf(header)), ...(options.maxTextureSize === undefined ? {} : { maxTextureSize: options.maxTextureSize }) });
  } catch (error) {
    return unusable(error as Error);
  }
  if (entry.complete) return { kind: 'held', discard };
  if (discard === 0) return total === null ? fetchTo(held, Math.max(held * 2, header.location.start + estimate(header, 0)), null, 'more') : fetchTo(held, total, total, 'whole');
  const start = header.location.start;
  const estimated = start + estimate(header, discard);
  const progression = header.coding.progression;
  if (progression !== 'RPCL' && progression !== 'RLCP') return held >= estimated ? { kind: 'held', discard } : fetchTo(held, estimated, total, 'estimate');
  const exact = exactEnd(header, entry.bytes, discard);
  if (exact !== null) return held >= exact ? { kind: 'held', discard } : fetchTo(held, exact, total, 'exact');
  return held < estimated ? fetchTo(held, estimated, total, 'estimate') : fetchTo(held, held * 2, total, 'more');
}

function estimate(header: CodestreamHeader, discard: number): number {
  return estimateDiscardBytes(header.width, header.height, header.components.length, discard);
}

/**
 * Where the last packet of the level ends: from the packet index of what is
 * held, or, when the only tile-part carries PLT lengths, from those (so the
 * 600-byte header alone gives the exact count). Null when neither knows.
 */
function exactEnd(header: CodestreamHeader, bytes: Uint8Array, discard: number): number | null {
  let index: PacketIndex;
  try {
    index = indexPackets(header, bytes);
  } catch {
    return null; // several tiles, POC, PPM…: the estimate will do
  }
  const known = exactDiscardBytes(index, discard);
  if (known !== null) return known;
  const parts = header.tileParts;
  const lengths = parts.length === 1 ? parts[0]!.packetLengths : null;
  if (lengths === null || lengths.length < index.sequence.count) return null;
  let last = -1;
  for (let i = 0; i < index.sequence.count; i++) {
    if (index.sequence.resolution[i]! <= index.components[index.sequence.component[i]!]!.coding.decompositions - discard) last = i;
  }
  let end = parts[0]!.bodyStart;
  for (let i = 0; i <= last; i++) end += lengths[i]!;
  return end;
}

function fetchTo(start: number, end: number, total: number | null, reason: 'header' | 'exact' | 'estimate' | 'more' | 'whole'): FetchPlan {
  const capped = total === null ? end : Math.min(end, total);
  return { kind: 'fetch', start, end: Math.max(capped, start + 1), reason };
}

function unusable(error: Error): FetchPlan {
  return { kind: 'unusable', error };
}
