/**
 * What a texture keeps: whether it has every page it wants resident (what
 * lets its CPU levels go, releaseChainIfComplete, and what asks for its
 * image again when a page it wants went missing, needsImageAgain), and the
 * pages it gives back (trimSurplusPages). Under the GPU feedback
 * (VtTexture.fromFeedback) "wants" means the pages the feedback asked for.
 */
import { FEEDBACK_KEEP_DECODES } from './vt-feedback.ts';
import { releaseSlot, targetLevel, type VtResidency, type VtTexture } from './vt-residency.ts';

/** Whether a feedback asked for `entry` of `t` (or a finer page under it) in the last FEEDBACK_KEEP_DECODES decodes that saw `t`. */
export function entryAsked(t: VtTexture, entry: number): boolean {
  const asked = t.feedback.asked[entry];
  return asked > 0 && t.feedback.seen - asked < FEEDBACK_KEEP_DECODES;
}

/** entryAsked, or the feedback has seen `t` for fewer decodes than that in a row (a page no capture has sampled yet stays). */
function entryKept(t: VtTexture, entry: number): boolean {
  return t.feedback.seen - Math.max(t.feedback.asked[entry], t.feedback.since) < FEEDBACK_KEEP_DECODES;
}

/**
 * True when the tail and every page `t` wants (down to its target level;
 * under the feedback, only the pages it asked for) are resident; false
 * before any image.
 */
export function textureComplete(t: VtTexture): boolean {
  const s = t.shape;
  if (s === null) return false;
  const tail = s.entryOffset[s.firstTailLevel];
  if (t.slotOf[tail] < 0 || t.builtFrom[tail] > t.imageLevel) return false;
  for (let m = targetLevel(t); m < s.firstTailLevel; m++) {
    const first = s.entryOffset[m];
    for (let e = first; e < first + s.pagesX[m] * s.pagesY[m]; e++) {
      if (t.fromFeedback && !entryAsked(t, e)) continue;
      if (t.slotOf[e] < 0 || t.builtFrom[e] > t.imageLevel) return false;
    }
  }
  return true;
}

/** Lets go of `t`'s CPU levels once every page it wants is resident; true when it did (or had none to hold). */
export function releaseChainIfComplete(t: VtTexture): boolean {
  if (t.chain === null || !textureComplete(t)) return t.chain === null;
  t.chain = null;
  t.completeFrom = targetLevel(t);
  t.completeMasked = t.fromFeedback;
  return true;
}

/**
 * Whether `t`, holding no CPU levels, is missing a page it wants (evicted,
 * lost with the GPU, or a finer level now wanted), so its image must be asked
 * for again. Answered from `completeFrom` without looking at the pages in the
 * steady state.
 */
export function needsImageAgain(t: VtTexture): boolean {
  if (t.chain !== null || t.shape === null) return false;
  if (t.completeFrom >= 0 && t.completeMasked === t.fromFeedback && targetLevel(t) >= t.completeFrom) return false;
  if (!textureComplete(t)) return true;
  t.completeFrom = targetLevel(t);
  t.completeMasked = t.fromFeedback;
  return false;
}

/**
 * Gives back, at most `limit` per call, pages finer than their texture
 * needs: for a texture wanted this frame, paged levels more than one finer
 * than its wanted level (one level of slack, so a camera that moves a
 * little does not make pages come and go), and under the feedback the pages
 * of the other levels no feedback asked for in FEEDBACK_KEEP_DECODES
 * decodes (off screen, hidden, or now needed at another level); for a
 * texture not wanted for `idleFrames` frames, all its paged levels (its
 * tail stays, the coarsest fallback). Rows that change are marked dirty.
 * Returns the pages freed.
 */
export function trimSurplusPages(r: VtResidency, limit: number, idleFrames: number): number {
  let freed = 0;
  for (let row = 0; row < r.rows.length && freed < limit; row++) {
    const t = r.rows[row];
    if (t === null || t.shape === null) continue;
    const s = t.shape;
    const idle = r.frame - t.lastUsed > idleFrames;
    if (!idle && t.lastUsed !== r.frame) continue;
    const keepFrom = idle ? s.firstTailLevel : t.wantedLevel - 1;
    const unasked = !idle && t.fromFeedback;
    for (let m = 0; m < s.firstTailLevel && freed < limit; m++) {
      const surplus = m < keepFrom;
      if (!surplus && !unasked) break;
      const first = s.entryOffset[m];
      for (let e = first; e < first + s.pagesX[m] * s.pagesY[m] && freed < limit; e++) {
        if (t.slotOf[e] < 0 || (!surplus && entryKept(t, e))) continue;
        releaseSlot(r, t, e);
        freed++;
      }
    }
  }
  return freed;
}

/**
 * How much detail `t` holds for a use that needs `level`: shape.levels
 * minus the finest level at or coarser than `level` it holds wholly (every
 * page of a paged level, or the tail down to its finest written level),
 * built from an image at least that fine; 0 before an image or without a
 * resident tail. Grows as finer levels arrive, up to levels − `level`; it
 * drops when pages are given back. (The impostor system compares it with
 * the detail a bake had.)
 */
export function residentDetail(t: VtTexture, level: number): number {
  const s = t.shape;
  if (s === null) return 0;
  const tail = s.entryOffset[s.firstTailLevel];
  if (t.slotOf[tail] < 0) return 0;
  for (let m = Math.max(0, level); m < s.firstTailLevel; m++) {
    const first = s.entryOffset[m];
    const end = first + s.pagesX[m] * s.pagesY[m];
    let whole = true;
    for (let e = first; e < end && whole; e++) whole = t.slotOf[e] >= 0 && t.builtFrom[e] <= m;
    if (whole) return s.levels - m;
  }
  return s.levels - Math.max(level, t.tailLevel);
}
