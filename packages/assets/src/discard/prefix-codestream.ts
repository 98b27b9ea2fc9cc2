/**
 * Turns the leading bytes of a codestream into a codestream that a strict
 * decoder accepts: cut after the last whole packet, append an empty packet
 * (one zero byte, with its SOP/EPH markers when the stream uses them) for
 * every packet that is missing, set that tile-part's length (Psot) and mark
 * it as the tile's last part, drop the main header's TLM and PLM (their
 * lengths no longer match) and end with EOC. The result is a whole, valid
 * codestream with fewer coding passes.
 * A cut inside a packet is what strict OpenJPEG refuses ("segment too long");
 * a cut at a packet boundary decodes the packets present.
 */
import type { CodestreamHeader } from '../codestream/codestream-header.ts';
import { concatBytes } from '../concat-bytes.ts';
import { J2cFormatError } from '../errors.ts';
import type { PacketIndex } from '../packets/packet-index.ts';

const TLM = 0xff55;
const PLM = 0xff57;

/** A codestream holding the first `packets` packets of the index (at least one). */
export function prefixCodestream(bytes: Uint8Array, header: CodestreamHeader, index: PacketIndex, packets: number): Uint8Array {
  if (packets < 1 || packets > index.found) {
    throw new J2cFormatError(header.mainHeaderEnd, `a prefix needs 1..${index.found} whole packets, asked for ${packets}`);
  }
  const cut = index.ends[packets - 1]!;
  const lastPart = index.tileParts[packets - 1]!;
  const chunks: Uint8Array[] = [];
  // Main header: SOC+SIZ onward, without the length tables.
  let at = header.location.start;
  let copyFrom = at;
  at += 2; // SOC
  while (at < header.mainHeaderEnd) {
    const marker = (bytes[at]! << 8) | bytes[at + 1]!;
    const end = at + 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
    if (marker === TLM || marker === PLM) {
      chunks.push(bytes.subarray(copyFrom, at));
      copyFrom = end;
    }
    at = end;
  }
  chunks.push(bytes.subarray(copyFrom, header.mainHeaderEnd));
  for (let t = 0; t <= lastPart; t++) {
    const part = header.tileParts[t]!;
    if (t < lastPart) {
      chunks.push(bytes.subarray(part.start, part.end));
      continue;
    }
    const padding = emptyPackets(index, packets);
    const length = cut - part.start + padding.length;
    const last = new Uint8Array(length);
    last.set(bytes.subarray(part.start, cut));
    last.set(padding, cut - part.start);
    last[6] = length >>> 24;
    last[7] = (length >>> 16) & 0xff;
    last[8] = (length >>> 8) & 0xff;
    last[9] = length & 0xff;
    last[11] = part.part + 1; // TNsot: this is now the tile's last tile-part
    chunks.push(last);
  }
  chunks.push(Uint8Array.of(0xff, 0xd9));
  return concatBytes(chunks);
}

/** Zero-length packets for sequence positions `from`.. (SOP carries the packet's sequence number). */
function emptyPackets(index: PacketIndex, from: number): Uint8Array {
  const { sopMarkers, ephMarkers } = index.coding;
  const size = 1 + (sopMarkers ? 6 : 0) + (ephMarkers ? 2 : 0);
  const out = new Uint8Array((index.sequence.count - from) * size);
  let at = 0;
  for (let i = from; i < index.sequence.count; i++) {
    if (sopMarkers) {
      out.set([0xff, 0x91, 0x00, 0x04, (i >> 8) & 0xff, i & 0xff], at);
      at += 6;
    }
    out[at++] = 0; // "packet empty" bit, padded to a byte
    if (ephMarkers) {
      out.set([0xff, 0x92], at);
      at += 2;
    }
  }
  return out;
}
