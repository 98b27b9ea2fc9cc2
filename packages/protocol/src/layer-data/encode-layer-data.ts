/**
 * Encoder for LayerData `Data`, for the embedded simulator. It compresses patches the way
 * OpenSimulator's OpenSimTerrainCompressor does (prequant 10, range = ⌊zmax − zmin + 1⌋,
 * dc_offset = zmin, the flat-patch shortcut, word bits grown from 5 to fit the largest
 * coefficient), but measures each patch before writing it so a packet never exceeds its buffer.
 */
import { BitWriter } from './bit-pack.ts';
import { LayerDataError } from './layer-data-error.ts';
import { END_OF_PATCHES, LAYER_DATA_STRIDE, isExtendedLayerType, isKnownLayerType } from './layer-type.ts';
import { dctPatch } from './patch-dct.ts';
import { NORMAL_PATCH_SIZE, PATCH_TABLES_16 } from './patch-tables.ts';
import { checkRegionSize } from './region-size.ts';

export interface PatchCoord {
  readonly x: number;
  readonly y: number;
}

/** Filled by encodeLayerData: how many patches (from `first`) went into the packet. */
export interface EncodeProgress {
  patches: number;
}

/**
 * Default cap on one packet's Data bytes. With the 10-byte message overhead and appended acks
 * the datagram stays well inside SL's 1200-byte MTU; OpenSim cuts a packet once it passes
 * 950 bytes (so its packets reach ~1000, as in the captures), this cap is never exceeded.
 */
export const LAYER_DATA_MAX_BYTES = 1000;

const PATCH_CELLS = NORMAL_PATCH_SIZE * NORMAL_PATCH_SIZE;
/** quant_wbits high nibble 8: prequant 10, so heights are scaled to ±512 before the DCT. */
const PREQUANT = 10;
const MIN_WORD_BITS = PREQUANT >> 1;
const MAX_WORD_BITS = 17;
const GROUP_HEADER_BITS = 32;
const END_BITS = 8;
/** quant_wbits, dc_offset and range; the ids follow. */
const PATCH_HEADER_BITS = 8 + 32 + 16;

const writer = new BitWriter();
const block = new Float32Array(PATCH_CELLS);
const coefficients = new Int32Array(PATCH_CELLS);
/** The compressed patch awaiting its write. */
const patch = { quantWBits: 0, dcOffset: 0, range: 0, wordBits: 0, count: 0 };

function checkLayerType(layerType: number): void {
  if (!isKnownLayerType(layerType)) throw new LayerDataError(layerType, 0, -1, 'unknown layer type');
}

/**
 * Encodes land (or any layer's) patches of a row-major regionSize×regionSize `heightmap`
 * (index y*regionSize + x) into `out`, starting at `patches[first]`, and stops before the first
 * patch that would not fit (END_OF_PATCHES included). Returns the bytes written; the number of
 * patches taken goes to `progress.patches`. Throws LayerDataError when not even one patch fits,
 * RangeError for patches outside the region, non-finite heights or a patch spanning ≥ 65535 m.
 */
export function encodeLayerData(
  patches: readonly PatchCoord[],
  heightmap: Float32Array,
  regionSize: number,
  layerType: number,
  out: Uint8Array,
  first = 0,
  progress?: EncodeProgress,
): number {
  checkRegionSize(regionSize);
  checkLayerType(layerType);
  if (heightmap.length < regionSize * regionSize) {
    throw new RangeError(`heightmap holds ${heightmap.length} samples, a ${regionSize} m region needs ${regionSize * regionSize}`);
  }
  if (!Number.isInteger(first) || first < 0 || first > patches.length) {
    throw new RangeError(`first patch ${first} is outside [0, ${patches.length}]`);
  }
  const extended = isExtendedLayerType(layerType);
  const idBits = extended ? 32 : 10;
  // 10-bit ids hold x and y in 5 bits each.
  const patchesPerEdge = Math.min(regionSize / NORMAL_PATCH_SIZE, extended ? 0x10000 : 32);

  beginPacket(out, layerType);
  let index = first;
  for (; index < patches.length; index++) {
    const { x, y } = patches[index]!;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= patchesPerEdge || y >= patchesPerEdge) {
      throw new RangeError(
        `patch ${index} at (${x}, ${y}) is outside the ${patchesPerEdge}×${patchesPerEdge} patches layer ${layerType} can address here`,
      );
    }
    compressPatch(heightmap, regionSize, (y * regionSize + x) * NORMAL_PATCH_SIZE, index);
    if (patchBits(idBits) + END_BITS > writer.bitsLeft) {
      if (index === first) {
        throw new LayerDataError(
          layerType,
          writer.bitOffset,
          index,
          `a ${out.length}-byte buffer cannot hold this ${Math.ceil((GROUP_HEADER_BITS + patchBits(idBits) + END_BITS) / 8)}-byte patch`,
        );
      }
      break;
    }
    writePatch(extended ? x * 0x10000 + y : (x << 5) | y, idBits);
  }
  writer.writeBits(END_OF_PATCHES, 8);
  if (progress) progress.patches = index - first;
  return writer.finish();
}

/**
 * Splits `patches` into as many LayerData `Data` bodies as needed, each at most `maxBytes`
 * (every patch exactly once, in order). Allocates its results: meant for a terrain send, not a frame.
 */
export function splitPatchesIntoPackets(
  patches: readonly PatchCoord[],
  heightmap: Float32Array,
  regionSize: number,
  layerType: number,
  maxBytes = LAYER_DATA_MAX_BYTES,
): Uint8Array[] {
  const buffer = new Uint8Array(maxBytes);
  const progress: EncodeProgress = { patches: 0 };
  const packets: Uint8Array[] = [];
  let first = 0;
  while (first < patches.length) {
    const bytes = encodeLayerData(patches, heightmap, regionSize, layerType, buffer, first, progress);
    packets.push(buffer.slice(0, bytes));
    first += progress.patches;
  }
  return packets;
}

/**
 * Encodes region-wide 16×16 fields as patches at (0, 0), in order, the way simulators send wind
 * ('7': the X field then the Y field) and clouds ('8': one density field). Returns bytes written.
 */
export function encodeWholeRegionLayerData(fields: readonly Float32Array[], layerType: number, out: Uint8Array): number {
  checkLayerType(layerType);
  const idBits = isExtendedLayerType(layerType) ? 32 : 10;
  beginPacket(out, layerType);
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    if (field.length < PATCH_CELLS) {
      throw new RangeError(`field ${index} holds ${field.length} values, a patch needs ${PATCH_CELLS}`);
    }
    compressPatch(field, NORMAL_PATCH_SIZE, 0, index);
    if (patchBits(idBits) + END_BITS > writer.bitsLeft) {
      throw new LayerDataError(layerType, writer.bitOffset, index, `a ${out.length}-byte buffer cannot hold ${fields.length} patches`);
    }
    writePatch(0, idBits);
  }
  writer.writeBits(END_OF_PATCHES, 8);
  return writer.finish();
}

function beginPacket(out: Uint8Array, layerType: number): void {
  if (out.length * 8 < GROUP_HEADER_BITS + END_BITS) {
    throw new LayerDataError(layerType, 0, -1, `a ${out.length}-byte buffer cannot hold a group header and END_OF_PATCHES`);
  }
  writer.reset(out);
  writer.writeBits(LAYER_DATA_STRIDE, 16);
  writer.writeBits(NORMAL_PATCH_SIZE, 8);
  writer.writeBits(layerType, 8);
}

/** Prescan, normalise, DCT and quantize the 16×16 patch at `offset` (row stride `stride`) into `patch`. */
function compressPatch(source: Float32Array, stride: number, offset: number, index: number): void {
  let zmin = Infinity;
  let zmax = -Infinity;
  for (let j = 0; j < NORMAL_PATCH_SIZE; j++) {
    const row = offset + j * stride;
    for (let i = 0; i < NORMAL_PATCH_SIZE; i++) {
      const value = source[row + i]!;
      if (!Number.isFinite(value)) throw new RangeError(`patch ${index} holds a non-finite value (${value})`);
      if (value < zmin) zmin = value;
      if (value > zmax) zmax = value;
    }
  }
  if (zmax - zmin < 0.005) {
    // OpenSim's flat shortcut: all-zero coefficients decode to addval = dc_offset + 0.5 = zmin.
    patch.quantWBits = 0;
    patch.dcOffset = zmin - 0.5;
    patch.range = 1;
    patch.wordBits = 2;
    patch.count = 0;
    return;
  }
  const range = Math.trunc(zmax - zmin + 1);
  if (range > 0xffff) throw new RangeError(`patch ${index} spans ${zmax - zmin} m, more than a 16-bit range can carry`);
  const premult = 2 ** PREQUANT / range;
  const sub = 0.5 * range + zmin;
  for (let j = 0; j < NORMAL_PATCH_SIZE; j++) {
    const row = offset + j * stride;
    for (let i = 0; i < NORMAL_PATCH_SIZE; i++) block[j * NORMAL_PATCH_SIZE + i] = (source[row + i]! - sub) * premult;
  }
  dctPatch(coefficients, block, PATCH_TABLES_16);

  let largest = 0;
  let count = 0;
  for (let k = 0; k < PATCH_CELLS; k++) {
    const c = coefficients[k]!;
    if (c === 0) continue;
    count = k + 1;
    const magnitude = c < 0 ? -c : c;
    if (magnitude > largest) largest = magnitude;
  }
  let wordBits = MIN_WORD_BITS;
  while (wordBits < MAX_WORD_BITS && largest >= 1 << wordBits) wordBits++;
  const limit = (1 << wordBits) - 1;
  // Unreachable with prequant 10 (|DC| ≤ 8192), kept so a word can never overflow its bits.
  if (largest > limit) {
    for (let k = 0; k < count; k++) coefficients[k] = Math.max(-limit, Math.min(limit, coefficients[k]!));
  }
  patch.quantWBits = ((PREQUANT - 2) << 4) | (wordBits - 2);
  patch.dcOffset = zmin;
  patch.range = range;
  patch.wordBits = wordBits;
  patch.count = count;
}

/** Exact size in bits of the compressed `patch` once written. */
function patchBits(idBits: number): number {
  let bits = PATCH_HEADER_BITS + idBits;
  for (let k = 0; k < patch.count; k++) bits += coefficients[k] === 0 ? 1 : 3 + patch.wordBits;
  return patch.count < PATCH_CELLS ? bits + 2 : bits;
}

function writePatch(ids: number, idBits: number): void {
  writer.writeBits(patch.quantWBits, 8);
  writer.writeFloat32(patch.dcOffset);
  writer.writeBits(patch.range, 16);
  writer.writeBits(ids, idBits);
  for (let k = 0; k < patch.count; k++) {
    const c = coefficients[k]!;
    if (c === 0) {
      writer.writeBits(0b0, 1);
    } else {
      writer.writeBits(c < 0 ? 0b111 : 0b110, 3);
      writer.writeBits(c < 0 ? -c : c, patch.wordBits);
    }
  }
  if (patch.count < PATCH_CELLS) writer.writeBits(0b10, 2); // end of block: the rest are zero
}
