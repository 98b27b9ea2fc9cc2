/**
 * Tables shared by the patch DCT and its inverse (the viewer's patch_dct.cpp / patch_idct.cpp),
 * built once per supported patch size at module load.
 */

/** Patch edge lengths a viewer decompresses (NORMAL_PATCH_SIZE and LARGE_PATCH_SIZE). */
export const NORMAL_PATCH_SIZE = 16;
export const LARGE_PATCH_SIZE = 32;

export const OO_SQRT2 = Math.SQRT1_2;

export interface PatchTables {
  readonly size: number;
  /** [u*size + n] = cos((2n+1)·u·π / (2·size)). */
  readonly cosines: Float32Array;
  /** [j*size + i] = position of coefficient (row j, column i) in the zig-zag transmit order. */
  readonly zigzag: Int32Array;
  /** [j*size + i] = 1 + 2(i + j): coefficients are sent divided by this. */
  readonly dequantize: Float32Array;
}

function buildCosines(size: number): Float32Array {
  const table = new Float32Array(size * size);
  const step = (Math.PI * 0.5) / size;
  for (let u = 0; u < size; u++) {
    for (let n = 0; n < size; n++) table[u * size + n] = Math.cos((2 * n + 1) * u * step);
  }
  return table;
}

/** The JPEG-style zig-zag walk of build_copy_matrix: right, down-left diagonal, down, up-right... */
function buildZigzag(size: number): Int32Array {
  const table = new Int32Array(size * size);
  let i = 0;
  let j = 0;
  let count = 0;
  let diagonal = false;
  let right = true;
  while (i < size && j < size) {
    table[j * size + i] = count++;
    if (!diagonal) {
      if (right) {
        if (i < size - 1) i++;
        else j++;
      } else if (j < size - 1) j++;
      else i++;
      right = !right;
      diagonal = true;
    } else if (right) {
      i++;
      j--;
      if (i === size - 1 || j === 0) diagonal = false;
    } else {
      i--;
      j++;
      if (i === 0 || j === size - 1) diagonal = false;
    }
  }
  return table;
}

function buildDequantize(size: number): Float32Array {
  const table = new Float32Array(size * size);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) table[j * size + i] = 1 + 2 * (i + j);
  }
  return table;
}

function buildTables(size: number): PatchTables {
  return { size, cosines: buildCosines(size), zigzag: buildZigzag(size), dequantize: buildDequantize(size) };
}

export const PATCH_TABLES_16: PatchTables = buildTables(NORMAL_PATCH_SIZE);
export const PATCH_TABLES_32: PatchTables = buildTables(LARGE_PATCH_SIZE);

export function patchTables(size: number): PatchTables | undefined {
  return size === NORMAL_PATCH_SIZE ? PATCH_TABLES_16 : size === LARGE_PATCH_SIZE ? PATCH_TABLES_32 : undefined;
}
