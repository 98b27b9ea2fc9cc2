/**
 * The impostor atlas's tiles on the CPU side: one square tile per baked
 * linkset (OCT_FRAMES × OCT_FRAMES frames of FRAME_TEXELS each), allocated
 * from a free list, and when none is free the least recently drawn tile not
 * drawn this frame is taken from its owner (LRU). How many tiles exist
 * follows from a byte budget (impostorTilesFor): an eighth of
 * memory.textureCacheVramMB, counting each tile's colour and depth texels.
 * The GPU texture (gpu/impostor-gpu.ts) is laid out as `columns × rows`
 * tiles and is made anew whenever this object is.
 */
import { OCT_FRAMES } from './octahedral.ts';

/** Texels per side of one frame (one view of the object). */
export const FRAME_TEXELS = 32;
/** Texels per side of one tile. */
export const TILE_TEXELS = OCT_FRAMES * FRAME_TEXELS;
/** Bytes per texel: RGBA8 colour plus the 16-bit depth renderbuffer the bake draws with. */
export const ATLAS_TEXEL_BYTES = 4 + 2;
export const TILE_BYTES = TILE_TEXELS * TILE_TEXELS * ATLAS_TEXEL_BYTES;
/** The share of memory.textureCacheVramMB the impostor atlas may take. */
export const IMPOSTOR_VRAM_FRACTION = 1 / 8;
/** Largest atlas side used, texels, whatever the device allows. */
const MAX_ATLAS_SIDE = 8192;

/** Tiles the budget allows: ⌊textureCacheVramMB · 2²⁰ / 8 / TILE_BYTES⌋, within what one texture of the device holds. */
export function impostorTilesFor(textureCacheVramMB: number, maxTextureSize: number): number {
  const budget = Math.floor((textureCacheVramMB * 1024 * 1024 * IMPOSTOR_VRAM_FRACTION) / TILE_BYTES);
  const side = Math.floor(Math.min(maxTextureSize, MAX_ATLAS_SIDE) / TILE_TEXELS);
  return Math.max(0, Math.min(budget, side * side));
}

export interface ImpostorAtlas {
  /** Tiles: columns × rows (≤ the budget's tiles). */
  readonly capacity: number;
  readonly columns: number;
  readonly rows: number;
  /** Atlas texture size, texels (0 × 0 when capacity is 0). */
  readonly width: number;
  readonly height: number;
  /** Root entity each tile belongs to, -1 when free. */
  readonly owner: Int32Array;
  /** 1 once every frame of the tile is baked for its owner. */
  readonly baked: Uint8Array;
  /** Frame each tile was last drawn or baked. */
  readonly lastUsed: Int32Array;
  /** Tile of each entity (a linkset's root), -1 for none. */
  readonly tileOf: Int32Array;
  readonly free: Int32Array;
  freeCount: number;
  /** Tiles taken from an owner because none was free, since creation. */
  evictions: number;
}

export function createImpostorAtlas(tiles: number, entityCapacity: number): ImpostorAtlas {
  const columns = Math.floor(Math.sqrt(Math.max(0, tiles)));
  const rows = columns === 0 ? 0 : Math.floor(tiles / columns);
  const capacity = columns * rows;
  const free = new Int32Array(capacity);
  for (let i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
  return {
    capacity,
    columns,
    rows,
    width: columns * TILE_TEXELS,
    height: rows * TILE_TEXELS,
    owner: new Int32Array(capacity).fill(-1),
    baked: new Uint8Array(capacity),
    lastUsed: new Int32Array(capacity).fill(-1),
    tileOf: new Int32Array(entityCapacity).fill(-1),
    free,
    freeCount: capacity,
    evictions: 0,
  };
}

/** Bytes the atlas's tiles stand for (colour + depth). */
export function impostorAtlasBytes(atlas: ImpostorAtlas): number {
  return atlas.capacity * TILE_BYTES;
}

/** Gives tile `tile` back (its owner loses it). */
export function releaseTile(atlas: ImpostorAtlas, tile: number): void {
  const owner = atlas.owner[tile];
  if (owner < 0) return;
  atlas.tileOf[owner] = -1;
  atlas.owner[tile] = -1;
  atlas.baked[tile] = 0;
  atlas.lastUsed[tile] = -1;
  atlas.free[atlas.freeCount++] = tile;
}

/**
 * A tile for root `owner` in `frame`: its own if it has one, else a free
 * one, else the least recently used tile not used in `frame` (taken from
 * its owner). -1 when every tile is in use this frame.
 */
export function acquireTile(atlas: ImpostorAtlas, owner: number, frame: number): number {
  const own = atlas.tileOf[owner];
  if (own >= 0) {
    atlas.lastUsed[own] = frame;
    return own;
  }
  let tile = -1;
  if (atlas.freeCount > 0) tile = atlas.free[--atlas.freeCount];
  else {
    for (let t = 0; t < atlas.capacity; t++) {
      if (atlas.lastUsed[t] < frame && (tile < 0 || atlas.lastUsed[t] < atlas.lastUsed[tile])) tile = t;
    }
    if (tile < 0) return -1;
    atlas.tileOf[atlas.owner[tile]] = -1;
    atlas.evictions++;
  }
  atlas.owner[tile] = owner;
  atlas.baked[tile] = 0;
  atlas.tileOf[owner] = tile;
  atlas.lastUsed[tile] = frame;
  return tile;
}

/** Whether root `owner` has a tile with every frame baked. */
export function isBaked(atlas: ImpostorAtlas, owner: number): boolean {
  const tile = atlas.tileOf[owner];
  return tile >= 0 && atlas.baked[tile] === 1;
}

/** Frees every tile (a lost context took the texture's contents). */
export function clearImpostorAtlas(atlas: ImpostorAtlas): void {
  for (let t = 0; t < atlas.capacity; t++) releaseTile(atlas, t);
}
