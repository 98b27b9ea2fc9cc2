/**
 * Decoder for the `Data` field of LayerData (llsurface.cpp decompressDCTPatch, llwind.cpp,
 * patch_code.cpp decode_*): a group header, then DCT-compressed square patches until
 * END_OF_PATCHES or the end of the data.
 */
import { BitPackError, BitReader } from './bit-pack.ts';
import { LayerDataError } from './layer-data-error.ts';
import { END_OF_PATCHES, isExtendedLayerType, isKnownLayerType } from './layer-type.ts';
import { idctPatch } from './patch-dct.ts';
import { LARGE_PATCH_SIZE, NORMAL_PATCH_SIZE, patchTables, type PatchTables } from './patch-tables.ts';
import { DEFAULT_REGION_SIZE, checkRegionSize } from './region-size.ts';

/** Receives each decoded patch, in packet order. */
export interface LayerPatchSink {
  /**
   * `heights` is size×size, row-major in y (index j*size + i is the sample at
   * (x*size + i, y*size + j) of the region); it is scratch, valid only during the call.
   * `index` is the patch's position in the packet (wind sends X then Y, both at patch 0,0).
   * It must not call decodeLayerData itself (the decoder's scratch is shared).
   */
  patch(x: number, y: number, size: number, heights: Float32Array, index: number): void;
}

export interface DecodeLayerDataOptions {
  /** Edge of the region in metres (multiple of 16): patches outside it are rejected. Default 256. */
  regionSize?: number;
}

/** dc_offset beyond this is corrupt: no layer carries values anywhere near, and it keeps output finite. */
const MAX_ABS_DC_OFFSET = 1e9;

const reader = new BitReader();
/** The scratch above is shared, so a sink must not decode another packet from inside `patch`. */
let busy = false;
const coefficients = new Int32Array(LARGE_PATCH_SIZE * LARGE_PATCH_SIZE);
const heights16 = new Float32Array(NORMAL_PATCH_SIZE * NORMAL_PATCH_SIZE);
const heights32 = new Float32Array(LARGE_PATCH_SIZE * LARGE_PATCH_SIZE);

/** The patch header fields, kept at module level so a patch costs no allocation. */
const header = { quantWBits: 0, dcOffset: 0, range: 0, x: 0, y: 0 };

/**
 * Decodes every patch of a LayerData `Data` field into `out` and returns how many it delivered.
 * Corrupt or truncated data raises LayerDataError (and nothing else); patches delivered before
 * the bad one stand, nothing after it is read. Errors thrown by the sink pass through untouched.
 */
export function decodeLayerData(
  data: Uint8Array,
  layerType: number,
  out: LayerPatchSink,
  options?: DecodeLayerDataOptions,
): number {
  const regionSize = options?.regionSize ?? DEFAULT_REGION_SIZE;
  checkRegionSize(regionSize);
  if (!isKnownLayerType(layerType)) {
    throw new LayerDataError(layerType, 0, -1, 'unknown layer type');
  }
  if (busy) throw new Error('decodeLayerData was called again from inside a LayerPatchSink');
  busy = true;
  try {
    return decodePatches(data, layerType, out, regionSize);
  } finally {
    busy = false;
  }
}

function decodePatches(data: Uint8Array, layerType: number, out: LayerPatchSink, regionSize: number): number {
  reader.reset(data);
  let tables: PatchTables;
  try {
    // Stride: the viewer replaces it with its own grid stride, and nothing here addresses by it.
    reader.readBits(16);
    const size = reader.readBits(8);
    reader.readBits(8); // layer type again; the viewer dispatches on LayerID.Type
    const found = patchTables(size);
    if (found === undefined) {
      throw new LayerDataError(layerType, 16, -1, `patch size ${size} is not 16 or 32`);
    }
    tables = found;
  } catch (err) {
    if (err instanceof BitPackError) {
      throw new LayerDataError(layerType, err.bitOffset, -1, `truncated: ${data.length} bytes hold no group header`, {
        cause: err,
      });
    }
    throw err;
  }

  const size = tables.size;
  const heights = size === NORMAL_PATCH_SIZE ? heights16 : heights32;
  const idBits = isExtendedLayerType(layerType) ? 32 : 10;
  const patchesPerEdge = regionSize / size;
  let index = 0;
  for (;;) {
    // Fewer than 8 bits left is byte padding: the packet ended without END_OF_PATCHES.
    if (reader.bitsLeft < 8) return index;
    const start = reader.bitOffset;
    try {
      if (!readPatchHeader(idBits)) return index;
      if (header.x >= patchesPerEdge || header.y >= patchesPerEdge) {
        throw new LayerDataError(
          layerType,
          start,
          index,
          `patch (${header.x}, ${header.y}) lies outside a ${regionSize} m region of ${size} m patches`,
        );
      }
      if (!Number.isFinite(header.dcOffset) || Math.abs(header.dcOffset) > MAX_ABS_DC_OFFSET) {
        throw new LayerDataError(layerType, start + 8, index, `dc_offset ${header.dcOffset} is not a plausible value`);
      }
      readCoefficients(size * size, (header.quantWBits & 0xf) + 2);
    } catch (err) {
      if (err instanceof BitPackError) {
        throw new LayerDataError(layerType, err.bitOffset, index, `truncated inside the patch that began at bit ${start}`, {
          cause: err,
        });
      }
      throw err;
    }
    decompressPatch(heights, tables);
    out.patch(header.x, header.y, size, heights, index);
    index++;
  }
}

/** Reads one patch header into `header`; false at END_OF_PATCHES. */
function readPatchHeader(idBits: number): boolean {
  const quantWBits = reader.readBits(8);
  if (quantWBits === END_OF_PATCHES) return false;
  header.quantWBits = quantWBits;
  header.dcOffset = reader.readFloat32();
  header.range = reader.readBits(16);
  const ids = reader.readBits(idBits);
  if (idBits === 32) {
    header.x = ids >>> 16;
    header.y = ids & 0xffff;
  } else {
    header.x = ids >> 5;
    header.y = ids & 0x1f;
  }
  return true;
}

/** Coefficient codes in zig-zag order: 0 zero, 10 end of block, 11 s + wordBits magnitude. */
function readCoefficients(count: number, wordBits: number): void {
  coefficients.fill(0, 0, count);
  for (let i = 0; i < count; i++) {
    if (reader.readBit() === 0) continue;
    if (reader.readBit() === 0) return;
    const negative = reader.readBit() === 1;
    const magnitude = reader.readBits(wordBits);
    coefficients[i] = negative ? -magnitude : magnitude;
  }
}

/** Dequantize, inverse DCT and scale back to heights, as decompress_patch does. */
function decompressPatch(block: Float32Array, tables: PatchTables): void {
  const n = tables.size * tables.size;
  const zigzag = tables.zigzag;
  const dequantize = tables.dequantize;
  for (let k = 0; k < n; k++) block[k] = coefficients[zigzag[k]!]! * dequantize[k]!;
  idctPatch(block, tables);
  const prequant = (header.quantWBits >> 4) + 2;
  const mult = header.range / 2 ** prequant;
  const addval = mult * 2 ** (prequant - 1) + header.dcOffset;
  for (let k = 0; k < n; k++) block[k] = block[k]! * mult + addval;
}
