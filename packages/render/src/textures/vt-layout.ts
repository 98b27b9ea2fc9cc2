/**
 * The virtual texture's geometry, shared by the page builder, the residency
 * manager and the shader (vt-shader.ts emits these constants into GLSL).
 *
 * Physical side: one atlas of SLOT × SLOT texel slots, each a PAGE × PAGE
 * page with a one-texel border copied from its neighbours (wrapping at the
 * texture's edges), enough for bilinear sampling of one level; the shader
 * picks levels itself and blends two for trilinear, so the atlas needs no
 * mipmaps.
 *
 * Virtual side: a texture is resampled to power-of-two sides (as the SL
 * viewer does on upload). A level whose longer side is at least PAGE is
 * split into pages; all smaller levels (≤ TAIL_MAX) share one "tail" slot,
 * packed by size class (TAIL_CELLS). The page table has one row per
 * texture: its pages level by level, finest first, then the tail entry;
 * the row's last texel holds the texture's log2 sides.
 */

export const PAGE = 128;
export const BORDER = 1;
export const SLOT = PAGE + 2 * BORDER;
/** Longest side of a level kept in the tail slot. */
export const TAIL_MAX = PAGE / 2;
/** Longest power-of-two side the virtual texture takes (larger images are reduced first). */
export const MAX_VT_SIDE = 4096;

/**
 * Where each tail level sits in the tail slot, by log2 of its longer side
 * (index 0 = 1 texel … 6 = 64): the cell's corner; the level's texels start
 * one texel in (its own border). 66+34+18+10 = 128 across the top row,
 * the four smallest in a second row at y = 66.
 */
export const TAIL_CELLS: readonly (readonly [number, number])[] = [
  [10, 66], [6, 66], [0, 66], [118, 0], [100, 0], [66, 0], [0, 0],
];

/** The largest power of two ≤ n (n ≥ 1), at most MAX_VT_SIDE. */
export function floorPowerOfTwo(n: number): number {
  if (!(n >= 1)) return 1;
  return Math.min(MAX_VT_SIDE, 2 ** Math.floor(Math.log2(n)));
}

/** The shape of one texture in the virtual texture. */
export interface VtShape {
  /** log2 of the level-0 sides. */
  readonly log2Width: number;
  readonly log2Height: number;
  /** Levels, 1×1 included. */
  readonly levels: number;
  /** First level kept in the tail slot. */
  readonly firstTailLevel: number;
  /** Page-table entries before each paged level's pages; [firstTailLevel] is the tail entry. */
  readonly entryOffset: Int32Array;
  /** Pages across and down of each level (1 and 1 for tail levels). */
  readonly pagesX: Int32Array;
  readonly pagesY: Int32Array;
  /** Entries in use: every paged level's pages and the tail. */
  readonly entries: number;
}

export function levelSide(log2Side: number, level: number): number {
  return 2 ** Math.max(0, log2Side - level);
}

/** The virtual shape of an image `width` × `height` (any sides ≥ 1). */
export function vtShape(width: number, height: number): VtShape {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`vtShape: sides must be positive integers, got ${width}×${height}`);
  }
  const log2Width = Math.log2(floorPowerOfTwo(width));
  const log2Height = Math.log2(floorPowerOfTwo(height));
  const levels = Math.max(log2Width, log2Height) + 1;
  const entryOffset = new Int32Array(levels);
  const pagesX = new Int32Array(levels);
  const pagesY = new Int32Array(levels);
  let entries = 0;
  let firstTailLevel = levels;
  for (let m = 0; m < levels; m++) {
    const w = levelSide(log2Width, m);
    const h = levelSide(log2Height, m);
    entryOffset[m] = entries;
    if (Math.max(w, h) <= TAIL_MAX) {
      if (firstTailLevel === levels) {
        firstTailLevel = m;
        entries++;
      }
      pagesX[m] = 1;
      pagesY[m] = 1;
      entryOffset[m] = entries - 1;
      continue;
    }
    pagesX[m] = Math.max(1, w / PAGE);
    pagesY[m] = Math.max(1, h / PAGE);
    entries += pagesX[m] * pagesY[m];
  }
  return { log2Width, log2Height, levels, firstTailLevel, entryOffset, pagesX, pagesY, entries };
}

/** Page-table row width for textures up to `maxSide`: the largest entry count plus the info texel, to a power of two. */
export function pageTableRowWidth(maxSide: number): number {
  const side = floorPowerOfTwo(Math.max(1, Math.min(maxSide, MAX_VT_SIDE)));
  const entries = vtShape(side, side).entries + 1;
  return 2 ** Math.ceil(Math.log2(entries));
}

/** Page-table entry of level `level`'s page (x, y), for a paged level; the tail entry for a tail level. */
export function entryIndex(shape: VtShape, level: number, x: number, y: number): number {
  if (level >= shape.firstTailLevel) return shape.entryOffset[shape.firstTailLevel];
  return shape.entryOffset[level] + y * shape.pagesX[level] + x;
}

/** Texel corner of a tail level's content in the tail slot (inside its border). */
export function tailCellOrigin(shape: VtShape, level: number): readonly [number, number] {
  const longer = Math.max(shape.log2Width, shape.log2Height) - level;
  const cell = TAIL_CELLS[Math.max(0, longer)];
  return [cell[0] + BORDER, cell[1] + BORDER];
}
