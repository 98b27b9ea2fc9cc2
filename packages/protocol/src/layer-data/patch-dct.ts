/**
 * The separable 2-D DCT pair of patch_dct.cpp / patch_idct.cpp. Both directions carry a 2/size
 * factor once, which makes the pair orthonormal; the DC terms are weighted by 1/√2.
 * Scratch lives at module level: no allocation per patch.
 */
import { LARGE_PATCH_SIZE, OO_SQRT2, type PatchTables } from './patch-tables.ts';

const temp = new Float64Array(LARGE_PATCH_SIZE * LARGE_PATCH_SIZE);

/**
 * In-place inverse DCT of a size×size block of dequantized coefficients (row = vertical
 * frequency, column = horizontal): columns first, then rows scaled by 2/size, as idct_patch does.
 * Terms past a column's last non-zero coefficient, and columns past the last non-zero one, add
 * nothing and are skipped (terrain patches rarely carry a third of their coefficients).
 */
export function idctPatch(block: Float32Array, tables: PatchTables): Float32Array {
  const size = tables.size;
  const cos = tables.cosines;
  let columns = 0;
  for (let column = 0; column < size; column++) {
    let rows = 0;
    for (let u = size - 1; u > 0; u--) {
      if (block[u * size + column] !== 0) {
        rows = u + 1;
        break;
      }
    }
    const dc = OO_SQRT2 * block[column]!;
    if (rows !== 0 || dc !== 0) columns = column + 1;
    for (let n = 0; n < size; n++) {
      let total = dc;
      for (let u = 1; u < rows; u++) total += block[u * size + column]! * cos[u * size + n]!;
      temp[n * size + column] = total;
    }
  }
  const scale = 2 / size;
  for (let line = 0; line < size; line++) {
    const base = line * size;
    const dc = OO_SQRT2 * temp[base]!;
    for (let n = 0; n < size; n++) {
      let total = dc;
      for (let u = 1; u < columns; u++) total += temp[base + u]! * cos[u * size + n]!;
      block[base + n] = total * scale;
    }
  }
  return block;
}

/**
 * Forward DCT of a size×size block into quantized coefficients in zig-zag order: rows first,
 * then columns scaled by 2/size and divided by 1 + 2(i+j), truncated toward zero as the
 * simulators' (int) casts do. `block` is left untouched.
 */
export function dctPatch(out: Int32Array, block: Float32Array, tables: PatchTables): Int32Array {
  const size = tables.size;
  const cos = tables.cosines;
  for (let line = 0; line < size; line++) {
    const base = line * size;
    let total = 0;
    for (let n = 0; n < size; n++) total += block[base + n]!;
    temp[base] = OO_SQRT2 * total;
    for (let u = 1; u < size; u++) {
      total = 0;
      for (let n = 0; n < size; n++) total += block[base + n]! * cos[u * size + n]!;
      temp[base + u] = total;
    }
  }
  const scale = 2 / size;
  const zigzag = tables.zigzag;
  const dequantize = tables.dequantize;
  for (let column = 0; column < size; column++) {
    for (let u = 0; u < size; u++) {
      let total = 0;
      if (u === 0) {
        for (let n = 0; n < size; n++) total += temp[n * size + column]!;
        total *= OO_SQRT2;
      } else {
        for (let n = 0; n < size; n++) total += temp[n * size + column]! * cos[u * size + n]!;
      }
      const k = u * size + column;
      out[zigzag[k]!] = Math.trunc((total * scale) / dequantize[k]!);
    }
  }
  return out;
}
