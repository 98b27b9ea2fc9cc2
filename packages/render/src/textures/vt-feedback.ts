/**
 * The virtual texture's GPU feedback, CPU side. Every FEEDBACK_INTERVAL
 * frames the feedback pass (passes/vt-feedback.ts, WebGL2) draws the
 * frame's faces into a target 1/FEEDBACK_DIVISOR of the scene's size, each
 * pixel naming the page-table row, level and page the fragment samples;
 * the pixels come back a few frames later without a stall. Here they are
 * decoded into, per texture, the finest level any pixel asked for and the
 * pixels that showed it, and per page (row, entry) the pixels that asked
 * for it, its coarser parents counting their children's pixels (so the
 * fallback chain down to the tail is requested too), deduplicated in the
 * engine's hash table and ordered by pixels. Each texture keeps the
 * decode serial that last asked for each of its entries and levels
 * (VtTextureFeedback), so `applyFeedback` can put the last
 * FEEDBACK_KEEP_DECODES decodes' finest level and pages in place of the
 * CPU estimate: one capture's jitter or checkerboard does not make pages
 * come and go. Textures no pixel showed in that long keep the estimate.
 *
 * Pixel encoding (RGBA8, the shader in gpu/vt-feedback-gpu.ts): R = row
 * low 8 bits; G = row bits 8..11 + 16 × level; B = page x; A = 128 + page
 * y (0: no textured face there). Page coordinates are those of the level.
 * Allocates nothing per decode once its arrays are sized.
 */
import { createHashTable, hashTableClear, hashTableInsertAt, hashTableSlot, sortFloat64, type HashTable } from '@slv/core';
import { entryIndex, MAX_VT_SIDE } from './vt-layout.ts';
import type { VtPageRequests, VtResidency, VtTexture, VtTextureFeedback } from './vt-residency.ts';

/** The feedback target is the scene target's size divided by this, each side rounded up. */
export const FEEDBACK_DIVISOR = 8;
/** Frames between feedback captures (a capture waits for the previous readback too). */
export const FEEDBACK_INTERVAL = 4;
/** A decoded feedback older than this many frames is no longer applied (the CPU estimate takes over). */
export const FEEDBACK_MAX_AGE = 60;
/**
 * Pages no feedback asked for in this many decodes (about a second at 60
 * frames a second; every jitter position once) are given back (trimSurplusPages).
 */
export const FEEDBACK_KEEP_DECODES = 16;
/** Distinct pages one feedback may request (more than any atlas holds; the rest are dropped and counted). */
export const MAX_FEEDBACK_REQUESTS = 16384;
/** A valid feedback pixel has this bit of A set. */
export const FEEDBACK_VALID = 128;
const LEVEL_UNSEEN = 255;
/** Levels of the largest texture the virtual texture takes. */
const MAX_LEVELS = Math.log2(MAX_VT_SIDE) + 1;

export interface VtFeedback extends VtPageRequests {
  /** Read-back pixels (width × height RGBA8), written by the GPU side; resized only when the target is. */
  pixels: Uint8Array;
  width: number;
  height: number;
  /** Set by the GPU side when `pixels` holds a new readback; cleared by decodeFeedback. */
  ready: boolean;
  /** Readbacks decoded, ever; the frame of the last decode (-1: none). */
  decoded: number;
  decodedFrame: number;
  /** Per row: the finest level asked (255: none), the pixels showing it, the texture it was decoded for. */
  readonly rowLevel: Uint8Array;
  readonly rowPixels: Int32Array;
  readonly rowTexture: (VtTexture | null)[];
  /** Rows seen by the last decode. */
  readonly seenRows: Int32Array;
  seenCount: number;
  /** Pixels asking for each request, its page coordinates; requests found directly in pixels (before their parents). */
  readonly counts: Int32Array;
  readonly xs: Int16Array;
  readonly ys: Int16Array;
  directCount: number;
  readonly table: HashTable;
  readonly keys: Float64Array;
  /** Pixels that named no known texture or a page outside it, and requests dropped for want of room (last decode). */
  rejected: number;
  dropped: number;
}

export function createVtFeedback(rowCapacity: number): VtFeedback {
  const n = MAX_FEEDBACK_REQUESTS;
  return {
    pixels: new Uint8Array(0), width: 0, height: 0, ready: false, decoded: 0, decodedFrame: -1,
    rowLevel: new Uint8Array(rowCapacity).fill(LEVEL_UNSEEN), rowPixels: new Int32Array(rowCapacity), rowTexture: new Array<VtTexture | null>(rowCapacity).fill(null),
    seenRows: new Int32Array(rowCapacity), seenCount: 0,
    count: 0, order: new Int32Array(n), rows: new Int32Array(n), entries: new Int32Array(n), levels: new Uint8Array(n),
    counts: new Int32Array(n), xs: new Int16Array(n), ys: new Int16Array(n), directCount: 0,
    table: createHashTable(2, n), keys: new Float64Array(n), rejected: 0, dropped: 0,
  };
}

/** Adds `pixels` to request (row, level, x, y) of `t`, making it when new; its index, or -1 when there is no room. */
function addRequest(fb: VtFeedback, t: VtTexture, level: number, x: number, y: number, pixels: number): number {
  const s = t.shape!;
  const tail = level >= s.firstTailLevel;
  const entry = entryIndex(s, level, x, y);
  const slot = hashTableSlot(fb.table, t.row, entry, 0, 0);
  if (slot >= 0) {
    const k = fb.table.values[slot];
    fb.counts[k] += pixels;
    return k;
  }
  const k = fb.count;
  if (!hashTableInsertAt(fb.table, -1 - slot, t.row, entry, 0, 0, k)) {
    fb.dropped++;
    return -1;
  }
  fb.count++;
  fb.rows[k] = t.row;
  fb.entries[k] = entry;
  fb.levels[k] = tail ? s.firstTailLevel : level;
  fb.xs[k] = tail ? 0 : x;
  fb.ys[k] = tail ? 0 : y;
  fb.counts[k] = pixels;
  return k;
}

/**
 * Decodes `fb.pixels` against the residency's rows (see the file comment):
 * per-row levels and pixels, the requests with their parents, `order` by
 * pixels asking (most first), and each seen texture's `needed` stamps.
 */
export function decodeFeedback(fb: VtFeedback, r: VtResidency): void {
  fb.ready = false;
  fb.decoded++;
  fb.decodedFrame = r.frame;
  for (let i = 0; i < fb.seenCount; i++) {
    const row = fb.seenRows[i];
    fb.rowLevel[row] = LEVEL_UNSEEN;
    fb.rowPixels[row] = 0;
    fb.rowTexture[row] = null;
  }
  fb.seenCount = 0;
  fb.count = 0;
  fb.rejected = 0;
  fb.dropped = 0;
  hashTableClear(fb.table);
  const px = fb.pixels;
  const end = Math.min(px.length, fb.width * fb.height * 4);
  // Neighbouring pixels mostly name the same page: a run adds to one request.
  let runWord = -1;
  let runRequest = -1;
  for (let o = 0; o < end; o += 4) {
    const a = px[o + 3];
    if (a < FEEDBACK_VALID) continue;
    const g = px[o + 1];
    const word = px[o] | (g << 8) | (px[o + 2] << 16) | (a << 24);
    if (word === runWord && runRequest >= 0) {
      fb.counts[runRequest]++;
      fb.rowPixels[fb.rows[runRequest]]++;
      continue;
    }
    runWord = word;
    runRequest = -1;
    const row = px[o] | ((g & 15) << 8);
    const level = g >> 4;
    const x = px[o + 2];
    const y = a - FEEDBACK_VALID;
    const t = row < r.rows.length ? r.rows[row] : null;
    const s = t?.shape ?? null;
    if (t == null || s === null || level >= s.levels || x >= s.pagesX[level] || y >= s.pagesY[level]) {
      fb.rejected++;
      continue;
    }
    if (fb.rowTexture[row] !== t) {
      fb.rowTexture[row] = t;
      fb.seenRows[fb.seenCount++] = row;
    }
    if (level < fb.rowLevel[row]) fb.rowLevel[row] = level;
    t.feedback.levelAsked[level] = fb.decoded;
    fb.rowPixels[row]++;
    runRequest = addRequest(fb, t, level, x, y, 1);
  }
  addParents(fb);
  orderRequests(fb);
  stampTextures(fb);
}

/**
 * Each request's parent, one level coarser, gains its pixels, finest level
 * first, so a parent's own pixels and its children's reach its parent in
 * turn: one hash lookup per request, not per request and ancestor.
 */
function addParents(fb: VtFeedback): void {
  fb.directCount = fb.count;
  for (let level = 0; level < MAX_LEVELS; level++) {
    // fb.count grows as parents are made; they are one level coarser, taken in the next pass.
    for (let k = 0; k < fb.count; k++) {
      if (fb.levels[k] !== level) continue;
      const t = fb.rowTexture[fb.rows[k]]!;
      const s = t.shape!;
      if (level >= s.firstTailLevel) continue;
      const parent = level + 1;
      const x = parent < s.firstTailLevel ? Math.min(fb.xs[k] >> 1, s.pagesX[parent] - 1) : 0;
      const y = parent < s.firstTailLevel ? Math.min(fb.ys[k] >> 1, s.pagesY[parent] - 1) : 0;
      addRequest(fb, t, parent, x, y, fb.counts[k]);
    }
  }
}

/** `order`: request indices by pixels asking, most first (ties by index, so the order is deterministic). */
function orderRequests(fb: VtFeedback): void {
  const n = fb.count;
  for (let k = 0; k < n; k++) fb.keys[k] = (2 ** 30 - Math.min(fb.counts[k], 2 ** 30 - 1)) * MAX_FEEDBACK_REQUESTS + k;
  sortFloat64(fb.keys, n);
  for (let i = 0; i < n; i++) fb.order[i] = fb.keys[i] % MAX_FEEDBACK_REQUESTS;
}

/** Stamps each seen texture and each requested entry with this decode's serial; the textures' completeness is looked at anew. */
function stampTextures(fb: VtFeedback): void {
  const serial = fb.decoded;
  for (let i = 0; i < fb.seenCount; i++) {
    const row = fb.seenRows[i];
    const t = fb.rowTexture[row]!;
    const f = t.feedback;
    // Seen again after a while (or with another shape): a new spell, whose first decodes keep the pages it has.
    if (serial - f.seen >= FEEDBACK_KEEP_DECODES || f.shape !== t.shape) f.since = serial;
    if (f.firstSeen === 0) f.firstSeen = serial;
    f.seen = serial;
    f.pixels = fb.rowPixels[row];
    f.shape = t.shape;
    t.completeFrom = -1;
  }
  for (let k = 0; k < fb.count; k++) fb.rowTexture[fb.rows[k]]!.feedback.asked[fb.entries[k]] = serial;
}

/**
 * After the frame's CPU wants: each texture wanted this frame that one of
 * the last FEEDBACK_KEEP_DECODES decodes saw, with the shape it has now,
 * takes the finest level those decodes asked for, their pages
 * (fromFeedback), and as its priority the side of a square of as many scene
 * pixels as it covered when last seen (the CPU estimate's priority is a
 * length in pixels too: its on-screen diameter). A texture the feedback
 * has not settled on yet is held at its tail (holdAtTail). Nothing when the
 * last decode is over FEEDBACK_MAX_AGE frames old. Returns the textures that
 * took the feedback.
 */
/**
 * Decodes of a texture's first sightings before its feedback level is
 * taken; until then it stays at its tail. Taken at the first sighting, the
 * levels a texture was decoded at, and so the bytes of its pages (a level's
 * pages come from the finest decode that arrived), differed between runs of
 * one still view: 3 runs disagreed with 1 decode, agreed with 4. Why the
 * early decodes' levels depend on timing was not found.
 */
export const FEEDBACK_SETTLE_DECODES = 4;

/**
 * Whether a texture waits at its tail, asking nothing finer: from the
 * decode that first found it wanted (heldFrom) until the feedback has seen
 * it for FEEDBACK_SETTLE_DECODES decodes, or, never seen, for
 * FEEDBACK_KEEP_DECODES decodes (then the CPU estimate has it: hidden,
 * smaller than a feedback pixel, or drawn by another pass). Its first finer
 * decode is then a level the feedback asked, not the size estimate's guess
 * (finer: more fetched, and its pages built from it). The cost: a new
 * texture sharpens about 16 frames after it first shows.
 */
function holdAtTail(f: VtTextureFeedback, decoded: number): boolean {
  if (f.heldFrom === 0) f.heldFrom = decoded;
  return f.seen === 0 ? decoded - f.heldFrom < FEEDBACK_KEEP_DECODES : decoded - f.firstSeen < FEEDBACK_SETTLE_DECODES;
}

export function applyFeedback(fb: VtFeedback, r: VtResidency): number {
  if (fb.decodedFrame < 0 || r.frame - fb.decodedFrame > FEEDBACK_MAX_AGE) return 0;
  let applied = 0;
  for (let i = 0; i < r.wantedCount; i++) {
    const t = r.rows[r.wanted[i]]!;
    const f = t.feedback;
    if (f.seen !== 0 && (fb.decoded - f.seen >= FEEDBACK_KEEP_DECODES || f.shape !== t.shape)) continue;
    if (t.shape !== null && holdAtTail(f, fb.decoded)) {
      if (t.wantedLevel < t.shape.firstTailLevel) t.wantedLevel = t.shape.firstTailLevel;
      continue;
    }
    if (f.seen === 0) continue;
    const last = f.levelAsked.length - 1;
    let level = 0;
    while (level < last && !(f.levelAsked[level] > 0 && f.seen - f.levelAsked[level] < FEEDBACK_KEEP_DECODES)) level++;
    t.wantedLevel = level;
    t.priority = Math.ceil(Math.sqrt(f.pixels) * FEEDBACK_DIVISOR);
    t.fromFeedback = true;
    applied++;
  }
  return applied;
}
