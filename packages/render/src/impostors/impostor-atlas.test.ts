import { describe, expect, it } from 'vitest';
import { PRESETS } from '@slv/config';
import { acquireTile, createImpostorAtlas, impostorAtlasBytes, impostorTilesFor, isBaked, releaseTile, TILE_BYTES, TILE_TEXELS } from './impostor-atlas.ts';

describe('impostor atlas', () => {
  it('sizes the atlas to an eighth of memory.textureCacheVramMB, within one texture of the device', () => {
    expect(TILE_TEXELS).toBe(256);
    expect(TILE_BYTES).toBe(256 * 256 * 6);
    for (const name of ['Low', 'Balanced', 'High'] as const) {
      const mb = PRESETS[name].memory.textureCacheVramMB;
      const tiles = impostorTilesFor(mb, 8192);
      expect(tiles * TILE_BYTES).toBeLessThanOrEqual((mb * 1024 * 1024) / 8);
      expect((tiles + 1) * TILE_BYTES).toBeGreaterThan((mb * 1024 * 1024) / 8);
      const atlas = createImpostorAtlas(tiles, 16);
      expect(impostorAtlasBytes(atlas)).toBeLessThanOrEqual((mb * 1024 * 1024) / 8);
      expect(atlas.capacity).toBeGreaterThan(tiles * 0.85);
      expect(atlas.width).toBeLessThanOrEqual(8192);
    }
    // A 2048-texel device holds 8 × 8 tiles, whatever the budget.
    expect(impostorTilesFor(65536, 2048)).toBe(64);
  });

  it('hands out free tiles, then takes the least recently used one not used this frame', () => {
    const atlas = createImpostorAtlas(4, 32);
    expect(atlas.capacity).toBe(4);
    const tiles = [10, 11, 12, 13].map((root, i) => acquireTile(atlas, root, i));
    expect(new Set(tiles).size).toBe(4);
    expect(acquireTile(atlas, 11, 5)).toBe(tiles[1]);
    atlas.baked[tiles[0]!] = 1;
    expect(isBaked(atlas, 10)).toBe(true);
    // Full: root 20 takes root 10's tile (used at frame 0, the oldest) and 10 loses its impostor.
    const taken = acquireTile(atlas, 20, 6);
    expect(taken).toBe(tiles[0]);
    expect(atlas.tileOf[10]).toBe(-1);
    expect(isBaked(atlas, 10)).toBe(false);
    expect(isBaked(atlas, 20)).toBe(false);
    expect(atlas.evictions).toBe(1);
    // Every tile used this frame: none to give.
    for (const root of [11, 12, 13, 20]) acquireTile(atlas, root, 7);
    expect(acquireTile(atlas, 21, 7)).toBe(-1);
    releaseTile(atlas, atlas.tileOf[12]!);
    expect(atlas.tileOf[12]).toBe(-1);
    expect(acquireTile(atlas, 21, 7)).toBeGreaterThanOrEqual(0);
  });

  it('an atlas with no budget has no tiles', () => {
    const atlas = createImpostorAtlas(0, 8);
    expect(atlas.capacity).toBe(0);
    expect(acquireTile(atlas, 1, 0)).toBe(-1);
  });
});
