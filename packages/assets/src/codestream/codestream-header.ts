/**
 * Reads a JPEG2000 codestream's main header (SIZ, COD, COC, QCD, COM, TLM,
 * PLM, POC, PPM) and walks its tile-parts (SOT, tile-part COD/COC, PLT) as
 * far as the bytes go, so that a prefix can be read as well as a whole file.
 * Everything is bounded: the image, tile and component limits below are
 * checked before anything is sized from the header.
 */
import { J2cFormatError } from '../errors.ts';
import { locateCodestream } from './container.ts';
import type { CodestreamLocation } from './container.ts';
import { readCoc, readCod } from './coding-style.ts';
import type { CodingStyle, ComponentCoding } from './coding-style.ts';
import { readPacketLengths } from './packet-lengths.ts';

/** Eight times Second Life's largest texture side: larger images are refused before anything is allocated. */
export const MAX_IMAGE_SIDE = 16384;
export const MAX_TILES = 1024;
/** Textures have 1 to 4 components (gray, gray+alpha, RGB, RGBA). */
export const MAX_COMPONENTS = 4;
export const MAX_PRECISION = 16;
const MAX_TILE_PARTS = 4096;
const MAX_COMMENTS = 16;

export interface ImageComponent {
  readonly precision: number;
  readonly signed: boolean;
  readonly dx: number;
  readonly dy: number;
}

export interface TilePart {
  readonly tile: number;
  readonly part: number;
  /** TNsot: how many tile-parts the tile has, 0 when the encoder did not say. */
  readonly partCount: number;
  /** Offset of the SOT marker (buffer offsets throughout). */
  readonly start: number;
  /** First byte of packet data (after SOD). */
  readonly bodyStart: number;
  /** End of the packet data present in the buffer. */
  readonly end: number;
  /** End the tile-part declares (Psot); beyond `end` when the buffer is a prefix. */
  readonly declaredEnd: number;
  readonly complete: boolean;
  /** Packet lengths from PLT (or the main header's PLM), null when the stream carries none. */
  readonly packetLengths: number[] | null;
  /** Tile-part header COD / COC (first tile-part of a tile only). */
  readonly coding: CodingStyle | null;
  readonly componentCoding: ReadonlyMap<number, ComponentCoding>;
  readonly hasPacketHeadersElsewhere: boolean;
  readonly hasProgressionChanges: boolean;
}

export interface CodestreamHeader {
  readonly location: CodestreamLocation;
  /** Image size on the reference grid (Xsiz - XOsiz, Ysiz - YOsiz). */
  readonly width: number;
  readonly height: number;
  readonly imageX0: number;
  readonly imageY0: number;
  readonly imageX1: number;
  readonly imageY1: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly tileX0: number;
  readonly tileY0: number;
  readonly tilesAcross: number;
  readonly tilesDown: number;
  readonly components: readonly ImageComponent[];
  readonly coding: CodingStyle;
  /** Main-header coding per component (COD with any COC applied). */
  readonly componentCoding: readonly ComponentCoding[];
  readonly quantizationStyle: 'none' | 'scalar-derived' | 'scalar-expounded';
  readonly guardBits: number;
  readonly comments: readonly string[];
  readonly hasTlm: boolean;
  readonly hasPlm: boolean;
  readonly hasProgressionChanges: boolean;
  readonly hasPacketHeadersElsewhere: boolean;
  /** Offset of the first SOT. */
  readonly mainHeaderEnd: number;
  readonly tileParts: readonly TilePart[];
  /** EOC reached and every tile-part whole. */
  readonly complete: boolean;
}

const SOT = 0xff90;
const SOD = 0xff93;
const EOC = 0xffd9;

interface Segment {
  readonly marker: number;
  /** First byte after the length field. */
  readonly body: number;
  /** First byte after the segment. */
  readonly end: number;
}

function readSegment(bytes: Uint8Array, at: number, limit: number, where: string): Segment {
  if (at + 4 > limit) throw new J2cFormatError(at, `${where} ends inside a marker segment (prefix too short for the header)`);
  if (bytes[at] !== 0xff) throw new J2cFormatError(at, `expected a marker in the ${where}, found byte 0x${bytes[at]!.toString(16)}`);
  const marker = (bytes[at]! << 8) | bytes[at + 1]!;
  const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
  if (length < 2) throw new J2cFormatError(at + 2, `marker 0x${marker.toString(16)} has length ${length}`);
  if (at + 2 + length > limit) throw new J2cFormatError(at, `marker 0x${marker.toString(16)} segment (${length} bytes) runs past the data`);
  return { marker, body: at + 4, end: at + 2 + length };
}

const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

export function readCodestreamHeader(bytes: Uint8Array): CodestreamHeader {
  const location = locateCodestream(bytes);
  const limit = location.end;
  const siz = readSegment(bytes, location.start + 2, limit, 'main header');
  if (siz.marker !== 0xff51) throw new J2cFormatError(siz.body - 4, 'SIZ must follow SOC');
  const s = siz.body;
  if (siz.end - s < 38) throw new J2cFormatError(s, 'SIZ segment too short');
  const [imageX1, imageY1, imageX0, imageY0] = [u32(bytes, s + 2), u32(bytes, s + 6), u32(bytes, s + 10), u32(bytes, s + 14)];
  const [tileWidth, tileHeight, tileX0, tileY0] = [u32(bytes, s + 18), u32(bytes, s + 22), u32(bytes, s + 26), u32(bytes, s + 30)];
  const componentCount = u16(bytes, s + 34);
  const width = imageX1 - imageX0;
  const height = imageY1 - imageY0;
  if (imageX1 <= imageX0 || imageY1 <= imageY0) throw new J2cFormatError(s + 2, `empty image area ${imageX0}..${imageX1} x ${imageY0}..${imageY1}`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new J2cFormatError(s + 2, `image ${width}x${height} is larger than ${MAX_IMAGE_SIDE}x${MAX_IMAGE_SIDE}; refused before allocating`);
  }
  if (tileWidth === 0 || tileHeight === 0 || tileX0 > imageX0 || tileY0 > imageY0 || tileX0 + tileWidth <= imageX0 || tileY0 + tileHeight <= imageY0) {
    throw new J2cFormatError(s + 18, `tile grid ${tileWidth}x${tileHeight} at ${tileX0},${tileY0} does not cover the image origin`);
  }
  const tilesAcross = Math.ceil((imageX1 - tileX0) / tileWidth);
  const tilesDown = Math.ceil((imageY1 - tileY0) / tileHeight);
  if (tilesAcross * tilesDown > MAX_TILES) throw new J2cFormatError(s + 18, `${tilesAcross}x${tilesDown} tiles (at most ${MAX_TILES})`);
  if (componentCount < 1 || componentCount > MAX_COMPONENTS) {
    throw new J2cFormatError(s + 34, `${componentCount} components (textures have 1 to ${MAX_COMPONENTS})`);
  }
  if (siz.end - s !== 36 + 3 * componentCount) throw new J2cFormatError(s, `SIZ length does not match ${componentCount} components`);
  const components: ImageComponent[] = [];
  for (let c = 0; c < componentCount; c++) {
    const at = s + 36 + 3 * c;
    const precision = (bytes[at]! & 0x7f) + 1;
    const dx = bytes[at + 1]!;
    const dy = bytes[at + 2]!;
    if (precision > MAX_PRECISION) throw new J2cFormatError(at, `component ${c} has ${precision} bits (at most ${MAX_PRECISION})`);
    if (dx === 0 || dy === 0) throw new J2cFormatError(at + 1, `component ${c} has subsampling ${dx}x${dy}`);
    components.push({ precision, signed: (bytes[at]! & 0x80) !== 0, dx, dy });
  }

  let coding: CodingStyle | null = null;
  const cocs = new Map<number, ComponentCoding>();
  let quantization: { style: CodestreamHeader['quantizationStyle']; guardBits: number } | null = null;
  const comments: string[] = [];
  let hasTlm = false;
  let plm: number[][] | null = null;
  let hasProgressionChanges = false;
  let hasPacketHeadersElsewhere = false;
  let at = siz.end;
  for (;;) {
    if (at + 2 <= limit && u16(bytes, at) === SOT) break;
    const seg = readSegment(bytes, at, limit, 'main header');
    switch (seg.marker) {
      case 0xff52: coding = readCod(bytes, seg.body, seg.end); break;
      case 0xff53: { const { component, coding: c } = readCoc(bytes, seg.body, seg.end, componentCount); cocs.set(component, c); break; }
      case 0xff5c: quantization = readQcd(bytes, seg.body, seg.end); break;
      case 0xff64: if (comments.length < MAX_COMMENTS) comments.push(readComment(bytes, seg.body, seg.end)); break;
      case 0xff55: hasTlm = true; break;
      case 0xff57: (plm ??= []).push(...readPlm(bytes, seg.body, seg.end)); break;
      case 0xff5f: hasProgressionChanges = true; break;
      case 0xff60: hasPacketHeadersElsewhere = true; break;
      case SOD: case EOC: throw new J2cFormatError(at, 'main header ends without a tile-part (no SOT)');
      default: break; // QCC, RGN, CRG, CAP and others do not change what this reader needs
    }
    at = seg.end;
  }
  if (coding === null) throw new J2cFormatError(at, 'main header has no COD segment');
  if (quantization === null) throw new J2cFormatError(at, 'main header has no QCD segment');
  const mainCoding = coding;
  const componentCoding = components.map((_, c) => cocs.get(c) ?? mainCoding.component);
  const mainHeaderEnd = at;
  const { tileParts, complete } = readTileParts(bytes, mainHeaderEnd, limit, componentCount, tilesAcross * tilesDown, plm);
  return {
    location, width, height, imageX0, imageY0, imageX1, imageY1, tileWidth, tileHeight, tileX0, tileY0, tilesAcross, tilesDown,
    components, coding: mainCoding, componentCoding, quantizationStyle: quantization.style, guardBits: quantization.guardBits,
    comments, hasTlm, hasPlm: plm !== null, hasProgressionChanges, hasPacketHeadersElsewhere, mainHeaderEnd, tileParts, complete,
  };
}

function readQcd(bytes: Uint8Array, at: number, end: number): { style: CodestreamHeader['quantizationStyle']; guardBits: number } {
  if (at >= end) throw new J2cFormatError(at, 'QCD segment is empty');
  const sqcd = bytes[at]!;
  const kind = sqcd & 0x1f;
  const style = kind === 0 ? 'none' : kind === 1 ? 'scalar-derived' : kind === 2 ? 'scalar-expounded' : null;
  if (style === null) throw new J2cFormatError(at, `unknown quantization style ${kind}`);
  return { style, guardBits: sqcd >> 5 };
}

function readComment(bytes: Uint8Array, at: number, end: number): string {
  const registration = u16(bytes, at);
  const text = bytes.subarray(at + 2, Math.min(end, at + 2 + 256));
  return registration === 1 ? new TextDecoder('latin1').decode(text) : `(binary comment, ${end - at - 2} bytes)`;
}

/** PLM: one list of packet lengths per tile-part, in tile-part order. */
function readPlm(bytes: Uint8Array, at: number, end: number): number[][] {
  const lists: number[][] = [];
  let p = at + 1; // Zplm
  while (p < end) {
    const count = bytes[p]!;
    const listEnd = Math.min(end, p + 1 + count);
    lists.push(readPacketLengths(bytes, p + 1, listEnd));
    p = listEnd;
  }
  return lists;
}

function readTileParts(
  bytes: Uint8Array, first: number, limit: number, componentCount: number, tileCount: number, plm: number[][] | null,
): { tileParts: TilePart[]; complete: boolean } {
  const tileParts: TilePart[] = [];
  let at = first;
  while (at + 2 <= limit) {
    if (u16(bytes, at) === EOC) return { tileParts, complete: tileParts.every((t) => t.complete) };
    if (tileParts.length >= MAX_TILE_PARTS) throw new J2cFormatError(at, `more than ${MAX_TILE_PARTS} tile-parts`);
    const sot = readSegment(bytes, at, limit, 'tile-part header');
    if (sot.marker !== SOT || sot.end - sot.body !== 8) throw new J2cFormatError(at, 'expected an SOT marker segment of length 10');
    const tile = u16(bytes, sot.body);
    const length = u32(bytes, sot.body + 2);
    if (tile >= tileCount) throw new J2cFormatError(sot.body, `tile index ${tile} of ${tileCount} tiles`);
    const declaredEnd = length === 0 ? Number.POSITIVE_INFINITY : at + length;
    if (length !== 0 && length < 14) throw new J2cFormatError(sot.body + 2, `tile-part length ${length} is shorter than its header`);
    let coding: CodingStyle | null = null;
    const componentCoding = new Map<number, ComponentCoding>();
    let packetLengths: number[] | null = null;
    let hasPacketHeadersElsewhere = false;
    let hasProgressionChanges = false;
    let p = sot.end;
    for (;;) {
      if (p + 2 > limit) return { tileParts, complete: false }; // the prefix ends inside a tile-part header
      if (u16(bytes, p) === SOD) break;
      const seg = readSegment(bytes, p, Math.min(limit, declaredEnd), 'tile-part header');
      switch (seg.marker) {
        case 0xff52: coding = readCod(bytes, seg.body, seg.end); break;
        case 0xff53: { const c = readCoc(bytes, seg.body, seg.end, componentCount); componentCoding.set(c.component, c.coding); break; }
        case 0xff58: (packetLengths ??= []).push(...readPacketLengths(bytes, seg.body + 1, seg.end)); break;
        case 0xff61: hasPacketHeadersElsewhere = true; break;
        case 0xff5f: hasProgressionChanges = true; break;
        case SOT: case EOC: throw new J2cFormatError(p, 'tile-part header ends without SOD');
        default: break;
      }
      p = seg.end;
    }
    const bodyStart = p + 2;
    if (bodyStart > declaredEnd) throw new J2cFormatError(p, 'SOD lies beyond the tile-part length');
    // Psot 0: the tile-part runs to EOC, so it is whole only when the data ends with EOC.
    const endsWithEoc = u16(bytes, limit - 2) === EOC;
    const fallbackEnd = length === 0 ? limit - (endsWithEoc ? 2 : 0) : declaredEnd;
    const end = Math.min(limit, fallbackEnd);
    const complete = length === 0 ? endsWithEoc : fallbackEnd <= limit;
    const fromPlm = plm?.[tileParts.length] ?? null;
    tileParts.push({
      tile, part: bytes[sot.body + 6]!, partCount: bytes[sot.body + 7]!, start: at, bodyStart, end,
      declaredEnd: Math.max(end, fallbackEnd), complete, packetLengths: packetLengths ?? fromPlm, coding, componentCoding,
      hasPacketHeadersElsewhere, hasProgressionChanges,
    });
    if (!complete || length === 0) return { tileParts, complete: complete && length === 0 };
    at = declaredEnd;
  }
  return { tileParts, complete: false };
}
