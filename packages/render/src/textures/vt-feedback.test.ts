import { describe, expect, it } from 'vitest';
import { entryAsked, needsImageAgain, releaseChainIfComplete, textureComplete, trimSurplusPages } from './vt-keep.ts';
import { applyFeedback, createVtFeedback, decodeFeedback, FEEDBACK_KEEP_DECODES, FEEDBACK_MAX_AGE, FEEDBACK_SETTLE_DECODES, FEEDBACK_VALID, type VtFeedback } from './vt-feedback.ts';
import { entryIndex, pageTableRowWidth, vtShape } from './vt-layout.ts';
import { buildMipChain } from './vt-pages.ts';
import { beginVtFrame, createVtResidency, offerChain, planUploads, vtTexture, wantTexture, type VtResidency, type VtTexture } from './vt-residency.ts';

function texture(r: VtResidency, id: string, side: number, firstLevel = 0): VtTexture {
  const t = vtTexture(r, id)!;
  const shape = vtShape(side, side);
  const w = side >> firstLevel;
  offerChain(r, t, buildMipChain(shape, new Uint8Array(w * w * 4).fill(200), w, w, firstLevel));
  return t;
}

/** As if the feedback had already seen `t` for FEEDBACK_SETTLE_DECODES decodes: it takes the feedback's level at once. */
function settled(t: VtTexture): VtTexture {
  t.feedback.firstSeen = -FEEDBACK_SETTLE_DECODES;
  return t;
}

/** One feedback pixel as the shader writes it. */
function pixel(row: number, level: number, x: number, y: number): number[] {
  return [row & 255, (row >> 8) + level * 16, x, FEEDBACK_VALID + y];
}

/** A width × 1 feedback image of `runs`: [pixel, how many] each, the rest empty. */
function image(fb: VtFeedback, width: number, runs: [number[], number][]): void {
  fb.pixels = new Uint8Array(width * 4);
  fb.width = width;
  fb.height = 1;
  let o = 0;
  for (const [p, n] of runs) {
    for (let i = 0; i < n; i++, o += 4) fb.pixels.set(p, o);
  }
  fb.ready = true;
}

/** The decoded requests as "row:level:entry=pixels", in their order. */
function requests(fb: VtFeedback): string[] {
  const out: string[] = [];
  for (let i = 0; i < fb.count; i++) {
    const k = fb.order[i];
    out.push(`${fb.rows[k]}:${fb.levels[k]}:${fb.entries[k]}=${fb.counts[k]}`);
  }
  return out;
}

describe('virtual texture feedback decode', () => {
  it('turns feedback pixels into each texture\'s finest level and its pages by pixels asking, parents included, once each', () => {
    const r = createVtResidency(64, 8, pageTableRowWidth(1024));
    const a = texture(r, 'a', 512); // levels 0 (4 × 4 pages), 1 (2 × 2), 2 (1), tail from 3
    const b = texture(r, 'b', 64); // the tail only
    const fb = createVtFeedback(8);
    const s = a.shape!;
    image(fb, 40, [
      [pixel(a.row, 0, 1, 2), 6], [[0, 0, 0, 0], 2], [pixel(a.row, 0, 1, 2), 4],
      [pixel(a.row, 0, 3, 3), 3],
      [pixel(a.row, 1, 0, 0), 5],
      [pixel(b.row, 0, 0, 0), 2],
      // A row no texture holds, and a page outside its level: neither asks for anything.
      [pixel(7, 0, 0, 0), 1], [pixel(a.row, 1, 2, 0), 1],
    ]);
    beginVtFrame(r, 10);
    decodeFeedback(fb, r);
    expect(fb.ready).toBe(false);
    expect(fb.decodedFrame).toBe(10);
    expect(fb.rejected).toBe(2);
    expect(fb.seenCount).toBe(2);
    expect([fb.rowLevel[a.row], fb.rowPixels[a.row], fb.rowLevel[b.row], fb.rowPixels[b.row]]).toEqual([0, 18, 0, 2]);
    const e = (level: number, x: number, y: number) => entryIndex(s, level, x, y);
    const tail = s.entryOffset[s.firstTailLevel];
    expect(requests(fb)).toEqual([
      // Level 2 and the tail hold everything a shows; level 1 (0, 1) is the parent of level 0 (1, 2).
      `${a.row}:2:${e(2, 0, 0)}=18`, `${a.row}:3:${tail}=18`,
      `${a.row}:0:${e(0, 1, 2)}=10`, `${a.row}:1:${e(1, 0, 1)}=10`,
      `${a.row}:1:${e(1, 0, 0)}=5`,
      `${a.row}:0:${e(0, 3, 3)}=3`, `${a.row}:1:${e(1, 1, 1)}=3`,
      `${b.row}:0:0=2`,
    ]);
    const needed = [...a.feedback.asked.keys()].filter((k) => entryAsked(a, k));
    expect(needed.sort((x, y) => x - y)).toEqual([e(0, 1, 2), e(0, 3, 3), e(1, 0, 0), e(1, 0, 1), e(1, 1, 1), e(2, 0, 0), tail].sort((x, y) => x - y));
    // A second decode starts afresh.
    image(fb, 4, [[pixel(b.row, 0, 0, 0), 4]]);
    decodeFeedback(fb, r);
    expect(requests(fb)).toEqual([`${b.row}:0:0=4`]);
    expect(fb.rowLevel[a.row]).toBe(255);
    expect(fb.seenCount).toBe(1);
  });

  it('requests each page of the largest texture seen whole once, with every parent', () => {
    const r = createVtResidency(4096, 4, pageTableRowWidth(4096));
    const a = texture(r, 'a', 4096, 5); // level 0: 32 × 32 pages (decoded at level 5: only the shape matters here)
    const fb = createVtFeedback(4);
    const runs: [number[], number][] = [];
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) runs.push([pixel(a.row, 0, x, y), 1]);
    image(fb, 1024, runs);
    beginVtFrame(r, 1);
    decodeFeedback(fb, r);
    // 1024 + 256 + 64 + 16 + 4 + 1 paged entries and the tail: all fit.
    expect(fb.count).toBe(1024 + 256 + 64 + 16 + 4 + 1 + 1);
    expect(fb.dropped).toBe(0);
    expect(fb.rowPixels[a.row]).toBe(1024);
  });
});

describe('virtual texture feedback in the residency', () => {
  it('uploads only the pages the feedback asked for, coarse to fine and most asked first, and a texture it did not see keeps the CPU estimate', () => {
    const r = createVtResidency(64, 8, pageTableRowWidth(1024));
    const a = settled(texture(r, 'a', 512));
    const c = texture(r, 'c', 256); // not in the feedback, nor in the FEEDBACK_KEEP_DECODES before it (so no longer held at its tail)
    const fb = createVtFeedback(8);
    fb.decoded = FEEDBACK_KEEP_DECODES;
    c.feedback.heldFrom = 1;
    image(fb, 32, [[pixel(a.row, 0, 3, 3), 3], [pixel(a.row, 0, 1, 2), 10], [pixel(a.row, 1, 0, 0), 5]]);
    beginVtFrame(r, 1);
    decodeFeedback(fb, r);
    // The CPU estimate wants all of a down to level 0 and all of c.
    wantTexture(r, a, 0, 40);
    wantTexture(r, c, 0, 30);
    expect(applyFeedback(fb, r)).toBe(1);
    expect([a.fromFeedback, a.wantedLevel, c.fromFeedback]).toEqual([true, 0, false]);
    // √18 feedback pixels × 8 scene pixels each side.
    expect(a.priority).toBe(Math.ceil(Math.sqrt(18) * 8));
    const n = planUploads(r, 64, fb);
    const planned = r.uploads.slice(0, n).map((u) => `${u.texture.id}:${u.level}:${u.x},${u.y}`);
    expect(planned).toEqual([
      'a:3:0,0', 'c:2:0,0',
      // Each level counts from the texture's tail: c (256) has one page at level 1 and four at level 0.
      'a:2:0,0', 'c:1:0,0',
      'a:1:0,1', 'a:1:0,0', 'a:1:1,1', 'c:0:0,0', 'c:0:1,0', 'c:0:0,1', 'c:0:1,1',
      'a:0:1,2', 'a:0:3,3',
    ]);
    // Complete as far as the feedback asks: the other 14 level-0 pages are not wanted.
    expect(textureComplete(a)).toBe(true);
    expect(releaseChainIfComplete(a)).toBe(true);
    beginVtFrame(r, 2);
    wantTexture(r, a, 0, 40);
    applyFeedback(fb, r);
    expect(needsImageAgain(a)).toBe(false);
    // The camera turns: the next feedback asks for a page that is not resident, so the image is asked for again.
    image(fb, 4, [[pixel(a.row, 0, 0, 0), 4]]);
    decodeFeedback(fb, r);
    beginVtFrame(r, 3);
    wantTexture(r, a, 0, 40);
    applyFeedback(fb, r);
    expect(needsImageAgain(a)).toBe(true);
    // Without a recent feedback the CPU estimate is back, and with it every page down to its level.
    beginVtFrame(r, 3 + FEEDBACK_MAX_AGE + 1);
    wantTexture(r, a, 0, 40);
    expect(applyFeedback(fb, r)).toBe(0);
    expect(a.fromFeedback).toBe(false);
    expect(textureComplete(a)).toBe(false);
  });

  it('gives back the pages no feedback asked for in a while, and keeps those it asks for', () => {
    const r = createVtResidency(64, 8, pageTableRowWidth(1024));
    const a = settled(texture(r, 'a', 512));
    const s = a.shape!;
    // The CPU estimate first: every page down to level 0.
    beginVtFrame(r, 1);
    wantTexture(r, a, 0, 40);
    planUploads(r, 64);
    expect(r.slotCapacity - r.freeCount).toBe(16 + 4 + 1 + 1);
    const fb = createVtFeedback(8);
    const resident = () => [0, 1, 2].map((m) => {
      let n = 0;
      for (let e = s.entryOffset[m]; e < s.entryOffset[m] + s.pagesX[m] * s.pagesY[m]; e++) if (a.slotOf[e] >= 0) n++;
      return n;
    });
    for (let serial = 1; serial <= FEEDBACK_KEEP_DECODES + 1; serial++) {
      image(fb, 4, [[pixel(a.row, 0, 1, 2), 4]]);
      beginVtFrame(r, serial + 1);
      decodeFeedback(fb, r);
      wantTexture(r, a, 0, 40);
      applyFeedback(fb, r);
      trimSurplusPages(r, 64, 600);
      // FEEDBACK_KEEP_DECODES decodes of grace from the first that saw it; then the pages never asked for go.
      expect(resident(), `decode ${serial}`).toEqual(serial <= FEEDBACK_KEEP_DECODES ? [16, 4, 1] : [1, 1, 1]);
    }
    expect(a.slotOf[entryIndex(s, 0, 1, 2)]).toBeGreaterThanOrEqual(0);
    expect(a.slotOf[entryIndex(s, 1, 0, 1)]).toBeGreaterThanOrEqual(0);
  });

  it('keeps the finest level asked in the last decodes, so one capture\'s jitter does not move it, and lets a texture unseen that long go back to the estimate', () => {
    const r = createVtResidency(64, 8, pageTableRowWidth(1024));
    const a = settled(texture(r, 'a', 512));
    const fb = createVtFeedback(8);
    const step = (serial: number, runs: [number[], number][]): void => {
      image(fb, 8, runs);
      beginVtFrame(r, serial);
      decodeFeedback(fb, r);
      wantTexture(r, a, 1, 40);
      applyFeedback(fb, r);
    };
    step(1, [[pixel(a.row, 0, 0, 0), 2]]);
    expect(a.wantedLevel).toBe(0);
    for (let serial = 2; serial <= FEEDBACK_KEEP_DECODES; serial++) {
      step(serial, [[pixel(a.row, 2, 0, 0), 2]]);
      expect(a.wantedLevel, `decode ${serial}`).toBe(0);
    }
    step(FEEDBACK_KEEP_DECODES + 1, [[pixel(a.row, 2, 0, 0), 2]]);
    expect(a.wantedLevel).toBe(2);
    // Not seen: still the feedback's for as many decodes, then the CPU estimate's level 1.
    for (let serial = FEEDBACK_KEEP_DECODES + 2; serial < 2 * FEEDBACK_KEEP_DECODES + 1; serial++) {
      step(serial, []);
      expect([a.fromFeedback, a.wantedLevel], `decode ${serial}`).toEqual([true, 2]);
    }
    step(2 * FEEDBACK_KEEP_DECODES + 1, []);
    expect([a.fromFeedback, a.wantedLevel]).toEqual([false, 1]);
  });

  it('holds a texture at its tail until the feedback has seen it for FEEDBACK_SETTLE_DECODES decodes, or, never seen, for FEEDBACK_KEEP_DECODES; then the feedback\'s level, or the estimate\'s', () => {
    const r = createVtResidency(64, 8, pageTableRowWidth(1024));
    const a = texture(r, 'a', 512);
    const b = texture(r, 'b', 512);
    const tail = a.shape!.firstTailLevel;
    expect(tail).toBeGreaterThan(1);
    const fb = createVtFeedback(8);
    const step = (serial: number): void => {
      // b shows from the third decode, its first capture asking level 0, the later ones level 1.
      image(fb, 8, serial < 3 ? [] : [[pixel(b.row, serial === 3 ? 0 : 1, 0, 0), 2]]);
      beginVtFrame(r, serial);
      decodeFeedback(fb, r);
      for (const t of [a, b]) wantTexture(r, t, 0, 40);
      applyFeedback(fb, r);
    };
    const firstTaken = 3 + FEEDBACK_SETTLE_DECODES;
    for (let serial = 1; serial < firstTaken; serial++) {
      step(serial);
      // Both at their tails (the estimate asked level 0): a never seen, b not seen long enough.
      expect([a.wantedLevel, a.fromFeedback, b.wantedLevel, b.fromFeedback], `decode ${serial}`).toEqual([tail, false, tail, false]);
    }
    // b: the finest level its captures asked in the last FEEDBACK_KEEP_DECODES: 0, until that capture is older.
    step(firstTaken);
    expect([b.wantedLevel, b.fromFeedback]).toEqual([0, true]);
    for (let serial = firstTaken + 1; serial <= 3 + FEEDBACK_KEEP_DECODES; serial++) step(serial);
    expect([b.wantedLevel, b.fromFeedback]).toEqual([1, true]);
    // a, never shown, held FEEDBACK_KEEP_DECODES decodes from the first: the estimate's level 0 since.
    expect([a.wantedLevel, a.fromFeedback]).toEqual([0, false]);
  });

  it('ignores the feedback of a row that now holds another texture or a texture whose shape changed', () => {
    const r = createVtResidency(64, 8, pageTableRowWidth(1024));
    const a = texture(r, 'a', 512);
    const fb = createVtFeedback(8);
    image(fb, 4, [[pixel(a.row, 1, 0, 0), 4]]);
    beginVtFrame(r, 1);
    decodeFeedback(fb, r);
    offerChain(r, a, buildMipChain(vtShape(1024, 1024), new Uint8Array(1024 * 1024 * 4), 1024, 1024, 0));
    wantTexture(r, a, 0, 1);
    expect(applyFeedback(fb, r)).toBe(0);
    expect(a.fromFeedback).toBe(false);
  });
});
