import { describe, expect, it } from 'vitest';
import { entryIndex, levelSide, PAGE, pageTableRowWidth, SLOT, TAIL_CELLS, tailCellOrigin, vtShape } from './vt-layout.ts';
import { buildMipChain, SLOT_BYTES, writePage, writeTail } from './vt-pages.ts';
import {
  beginVtFrame, createVtResidency, offerChain, planUploads, vtTexture, wantTexture, type VtResidency,
} from './vt-residency.ts';
import { needsImageAgain, releaseChainIfComplete, textureComplete, trimSurplusPages } from './vt-keep.ts';
import { writeDirtyRows } from './vt-page-table.ts';

/** RGBA texels whose value encodes the coordinates: r = x, g = y, b = tag, a = 255. */
function coordinateImage(w: number, h: number, tag = 7): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      out[o] = x & 255;
      out[o + 1] = y & 255;
      out[o + 2] = tag;
      out[o + 3] = 255;
    }
  }
  return out;
}

function texel(block: Uint8Array, x: number, y: number): number[] {
  const o = (y * SLOT + x) * 4;
  return [block[o], block[o + 1], block[o + 2], block[o + 3]];
}

describe('virtual texture layout', () => {
  it('splits levels of 128 texels or more into pages and keeps the rest in one tail entry', () => {
    const s = vtShape(1024, 1024);
    expect(s.levels).toBe(11);
    expect(s.firstTailLevel).toBe(4);
    expect([...s.pagesX.slice(0, 4)]).toEqual([8, 4, 2, 1]);
    expect(s.entries).toBe(64 + 16 + 4 + 1 + 1);
    expect(entryIndex(s, 1, 3, 2)).toBe(64 + 2 * 4 + 3);
    expect(entryIndex(s, 9, 0, 0)).toBe(85);
    const wide = vtShape(1024, 64);
    expect([...wide.pagesX.slice(0, 4)]).toEqual([8, 4, 2, 1]);
    expect([...wide.pagesY.slice(0, 4)]).toEqual([1, 1, 1, 1]);
    expect(wide.firstTailLevel).toBe(4);
    const small = vtShape(32, 32);
    expect(small.firstTailLevel).toBe(0);
    expect(small.entries).toBe(1);
  });

  it('resamples sides that are not powers of two down to one, and sizes page-table rows by the largest texture', () => {
    const s = vtShape(1000, 300);
    expect([s.log2Width, s.log2Height]).toEqual([9, 8]);
    expect(pageTableRowWidth(1024)).toBe(128);
    expect(pageTableRowWidth(2048)).toBe(512);
    expect(() => vtShape(0, 4)).toThrow(/positive integers/);
  });

  it('packs the tail cells, borders included, inside one slot without overlap', () => {
    const used = new Uint8Array(SLOT * SLOT);
    for (let k = 0; k < TAIL_CELLS.length; k++) {
      const side = 2 ** k + 2;
      const [cx, cy] = TAIL_CELLS[k];
      for (let y = cy; y < cy + side; y++) {
        for (let x = cx; x < cx + side; x++) {
          expect(x < SLOT && y < SLOT, `cell ${k} at ${x},${y}`).toBe(true);
          expect(used[y * SLOT + x], `cell ${k} overlaps at ${x},${y}`).toBe(0);
          used[y * SLOT + x] = 1;
        }
      }
    }
    expect(tailCellOrigin(vtShape(256, 256), 2)).toEqual([1, 1]);
    expect(tailCellOrigin(vtShape(256, 256), 8)).toEqual([11, 67]);
  });
});

describe('virtual texture pages', () => {
  it('copies each page with a border that wraps at the texture edges', () => {
    const shape = vtShape(256, 256);
    const chain = buildMipChain(shape, coordinateImage(256, 256), 256, 256, 0);
    const block = new Uint8Array(SLOT_BYTES);
    writePage(chain, 0, 1, 0, block);
    expect(texel(block, 1, 1)).toEqual([128, 0, 7, 255]);
    expect(texel(block, 128, 128)).toEqual([255, 127, 7, 255]);
    // Left border: the texel before the page; right border: wraps to x = 0; top border wraps to y = 255.
    expect(texel(block, 0, 1)).toEqual([127, 0, 7, 255]);
    expect(texel(block, 129, 1)).toEqual([0, 0, 7, 255]);
    expect(texel(block, 1, 0)).toEqual([128, 255, 7, 255]);
    expect(() => writePage(chain, 2, 0, 0, block)).toThrow(/not a paged level/);
  });

  it('box-filters the coarser levels and writes every tail level into its cell', () => {
    const shape = vtShape(128, 128);
    const pixels = new Uint8Array(128 * 128 * 4);
    for (let i = 0; i < pixels.length; i += 4) {
      const x = (i / 4) % 128;
      pixels[i] = x % 2 === 0 ? 100 : 200;
      pixels[i + 3] = 255;
    }
    const chain = buildMipChain(shape, pixels, 128, 128, 0);
    expect(chain.pixels.length).toBe(8);
    expect(chain.pixels[1][0]).toBe(150);
    expect(chain.hasAlpha).toBe(false);
    const block = new Uint8Array(SLOT_BYTES);
    writeTail(chain, block);
    const [x64, y64] = tailCellOrigin(shape, 1);
    expect(texel(block, x64, y64)[0]).toBe(150);
    const [x1, y1] = tailCellOrigin(shape, 7);
    expect(texel(block, x1, y1)).toEqual([150, 0, 0, 255]);
    // The 1×1 level's border repeats itself.
    expect(texel(block, x1 - 1, y1 - 1)).toEqual([150, 0, 0, 255]);
  });

  it('resamples a decode whose sides are not powers of two and notices alpha', () => {
    const shape = vtShape(300, 200);
    const pixels = coordinateImage(300, 200);
    pixels[3] = 10;
    const chain = buildMipChain(shape, pixels, 300, 200, 0);
    expect(chain.pixels[0].length).toBe(256 * 128 * 4);
    expect(chain.hasAlpha).toBe(true);
    expect(() => buildMipChain(shape, pixels, 300, 300, 0)).toThrow(/cannot hold/);
  });
});

function offer(r: VtResidency, id: string, side: number, firstLevel = 0): void {
  const t = vtTexture(r, id)!;
  const shape = vtShape(side, side);
  const w = levelSide(shape.log2Width, firstLevel);
  offerChain(r, t, buildMipChain(shape, coordinateImage(w, w), w, w, firstLevel));
}

function usedSlots(r: VtResidency): number {
  return r.slotCapacity - r.freeCount;
}

describe('virtual texture residency', () => {
  it('uploads every wanted tail before any page, then pages coarse to fine by priority', () => {
    const r = createVtResidency(64, 8, pageTableRowWidth(1024));
    offer(r, 'a', 512);
    offer(r, 'b', 512);
    beginVtFrame(r, 1);
    wantTexture(r, r.textures.get('a')!, 0, 10);
    wantTexture(r, r.textures.get('b')!, 0, 20);
    const n = planUploads(r, 4);
    const plan = r.uploads.slice(0, n).map((u) => `${u.texture.id}:${u.level}`);
    expect(plan).toEqual(['b:3', 'a:3', 'b:2', 'a:2']);
    expect(usedSlots(r)).toBe(4);
  });

  it('never uses more slots than it has, evicts the least recently used texture finest page first, and never leaves a wanted texture a hole', () => {
    const r = createVtResidency(12, 8, pageTableRowWidth(1024));
    offer(r, 'old', 256);
    beginVtFrame(r, 1);
    wantTexture(r, r.textures.get('old')!, 0, 1);
    planUploads(r, 64);
    expect(usedSlots(r)).toBe(1 + 1 + 4);
    offer(r, 'new', 512);
    for (let frame = 2; frame < 6; frame++) {
      beginVtFrame(r, frame);
      wantTexture(r, r.textures.get('new')!, 0, 5);
      planUploads(r, 64);
      expect(usedSlots(r)).toBeLessThanOrEqual(12);
    }
    const old = r.textures.get('old')!;
    // The old texture gave up its level-0 pages first, then the rest as the new one needed slots.
    expect(r.evictions).toBeGreaterThan(0);
    expect(old.slotOf[0]).toBe(-1);
    const fresh = r.textures.get('new')!;
    expect(fresh.slotOf[fresh.shape!.entryOffset[fresh.shape!.firstTailLevel]]).toBeGreaterThanOrEqual(0);
    writeDirtyRows(r, () => {});
    const rowBase = fresh.row * r.rowWidth * 4;
    for (let e = 0; e < fresh.shape!.entries; e++) expect(r.table[rowBase + e * 4 + 3], `entry ${e} valid`).toBe(255);
  });

  it('points a missing page at its nearest coarser resident page, and writes the info texel', () => {
    const r = createVtResidency(64, 4, pageTableRowWidth(1024));
    offer(r, 'a', 512);
    beginVtFrame(r, 1);
    const a = r.textures.get('a')!;
    wantTexture(r, a, 0, 1);
    planUploads(r, 2);
    const rows: number[] = [];
    writeDirtyRows(r, (row) => rows.push(row));
    expect(rows).toEqual([a.row]);
    const s = a.shape!;
    const base = a.row * r.rowWidth * 4;
    const entry = (e: number) => [...r.table.subarray(base + e * 4, base + e * 4 + 4)];
    // The tail and level 2 (one page) are resident; levels 1 and 0 fall back to level 2.
    const level2 = entry(entryIndex(s, 2, 0, 0));
    expect(level2[2]).toBe(2);
    expect(level2[3]).toBe(255);
    expect(entry(entryIndex(s, 0, 3, 3))).toEqual(level2);
    expect(entry(entryIndex(s, 1, 1, 0))).toEqual(level2);
    expect(entry(entryIndex(s, 3, 0, 0))[2]).toBe(3);
    expect([...r.table.subarray(base + (r.rowWidth - 1) * 4, base + r.rowWidth * 4)]).toEqual([9, 9, 0, 255]);
    expect(textureComplete(a)).toBe(false);
    beginVtFrame(r, 2);
    wantTexture(r, a, 0, 1);
    planUploads(r, 64);
    expect(textureComplete(a)).toBe(true);
  });

  it('uploads only down to the level wanted and the level decoded, and replaces the tail when a finer one arrives', () => {
    const r = createVtResidency(64, 4, pageTableRowWidth(1024));
    offer(r, 'a', 1024, 5);
    const a = r.textures.get('a')!;
    beginVtFrame(r, 1);
    wantTexture(r, a, 0, 1);
    expect(planUploads(r, 64)).toBe(1);
    expect(a.tailLevel).toBe(5);
    offer(r, 'a', 1024, 2);
    beginVtFrame(r, 2);
    wantTexture(r, a, 3, 1);
    const n = planUploads(r, 64);
    expect(r.uploads.slice(0, n).map((u) => u.level)).toEqual([4, 3]);
    expect(a.tailLevel).toBe(4);
    expect(usedSlots(r)).toBe(1 + 1);
  });

  it('writes pages built from a coarser image again from a finer one, in their own slots, so the result does not depend on arrival order', () => {
    const r = createVtResidency(64, 4, pageTableRowWidth(1024));
    offer(r, 'a', 512, 2);
    const a = r.textures.get('a')!;
    beginVtFrame(r, 1);
    wantTexture(r, a, 2, 1);
    planUploads(r, 64);
    const level2 = entryIndex(a.shape!, 2, 0, 0);
    const slot = a.slotOf[level2];
    expect(a.builtFrom[level2]).toBe(2);
    expect(textureComplete(a)).toBe(true);
    offer(r, 'a', 512, 0);
    expect(textureComplete(a)).toBe(false);
    beginVtFrame(r, 2);
    wantTexture(r, a, 2, 1);
    const n = planUploads(r, 64);
    // The tail and the level-2 page again, from the level-0 image, in the slots they had.
    expect(r.uploads.slice(0, n).map((u) => [u.level, u.slot])).toEqual([[3, a.slotOf[a.shape!.entryOffset[3]]], [2, slot]]);
    expect(a.builtFrom[level2]).toBe(0);
    expect(textureComplete(a)).toBe(true);
  });

  it('gives back pages finer than a texture needs, keeping one level of slack, and all but the tail of a texture long unseen', () => {
    const r = createVtResidency(128, 4, pageTableRowWidth(1024), 128);
    offer(r, 'near', 1024);
    offer(r, 'gone', 256);
    const near = r.textures.get('near')!;
    const gone = r.textures.get('gone')!;
    beginVtFrame(r, 1);
    wantTexture(r, near, 0, 2);
    wantTexture(r, gone, 0, 1);
    planUploads(r, 128);
    expect(128 - r.freeCount).toBe(86 + 6);
    // Far away now: level 3 is enough; levels 0 and 1 go (level 2 stays as slack), 64 pages a call at most.
    beginVtFrame(r, 2);
    wantTexture(r, near, 3, 2);
    expect(trimSurplusPages(r, 64, 100)).toBe(64);
    expect(trimSurplusPages(r, 64, 100)).toBe(16);
    expect(trimSurplusPages(r, 64, 100)).toBe(0);
    expect(near.slotOf[entryIndex(near.shape!, 2, 0, 0)]).toBeGreaterThanOrEqual(0);
    expect(near.slotOf[entryIndex(near.shape!, 1, 0, 0)]).toBe(-1);
    // Level-0 entries now point at the level-2 page.
    writeDirtyRows(r, () => {});
    const base = near.row * r.rowWidth * 4;
    expect(r.table[base + entryIndex(near.shape!, 0, 5, 5) * 4 + 2]).toBe(2);
    // Unseen for longer than the idle frames: only its tail stays.
    beginVtFrame(r, 200);
    wantTexture(r, near, 3, 2);
    trimSurplusPages(r, 64, 100);
    expect([...gone.slotOf].filter((slot) => slot >= 0)).toHaveLength(1);
    expect(gone.slotOf[gone.shape!.entryOffset[gone.shape!.firstTailLevel]]).toBeGreaterThanOrEqual(0);
  });

  it('lets go of CPU levels once complete, and says the image is needed again when a page goes or a finer level is wanted', () => {
    const r = createVtResidency(64, 4, pageTableRowWidth(1024));
    offer(r, 'a', 512);
    const a = r.textures.get('a')!;
    beginVtFrame(r, 1);
    wantTexture(r, a, 2, 1);
    planUploads(r, 64);
    expect(releaseChainIfComplete(a)).toBe(true);
    expect(a.chain).toBeNull();
    expect(needsImageAgain(a)).toBe(false);
    // Wanted finer: levels 0 and 1 are not resident.
    beginVtFrame(r, 2);
    wantTexture(r, a, 0, 1);
    expect(needsImageAgain(a)).toBe(true);
    // Back to level 2, then a page is evicted.
    beginVtFrame(r, 3);
    wantTexture(r, a, 2, 1);
    expect(needsImageAgain(a)).toBe(false);
    // Nothing finer than needed is resident: trimming frees nothing, nothing is needed.
    expect(trimSurplusPages(r, 64, 100)).toBe(0);
    expect(needsImageAgain(a)).toBe(false);
    // Treated as long unseen: its paged levels go, so its image is needed again.
    expect(trimSurplusPages(r, 64, -1)).toBeGreaterThan(0);
    expect(needsImageAgain(a)).toBe(true);
  });

  it('gives rows back to the least recently used texture when all are taken, and refuses when all are wanted this frame', () => {
    const r = createVtResidency(64, 2, pageTableRowWidth(1024));
    beginVtFrame(r, 1);
    wantTexture(r, vtTexture(r, 'a')!, 0, 1);
    beginVtFrame(r, 2);
    wantTexture(r, vtTexture(r, 'b')!, 0, 1);
    const c = vtTexture(r, 'c')!;
    expect(c.row).toBe(0);
    expect(r.textures.has('a')).toBe(false);
    wantTexture(r, c, 0, 1);
    expect(vtTexture(r, 'd')).toBeNull();
    expect(r.rowsRefused).toBe(1);
    expect(PAGE).toBe(128);
  });
});
