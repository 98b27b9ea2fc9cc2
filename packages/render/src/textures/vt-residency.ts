/**
 * Which pages of which textures live in the atlas, and the page table that
 * says so. Per frame the textures system calls `wantTexture` for every
 * texture a visible face uses (the finest level its on-screen size needs,
 * and a priority), then `planUploads`, which picks at most `maxUploads`
 * pages to write: every wanted texture's tail before any page, then pages
 * coarse to fine, by priority. A page needs a free slot; when none is free
 * the least recently used texture gives up its finest page (a texture seen
 * this frame only gives up pages finer than it now needs, or paged levels
 * to make room for another texture's tail). So the atlas never exceeds its
 * slots, and a texture with any resident level is never a hole: each
 * page-table entry points at its own page or the nearest coarser resident
 * one (the tail last). Allocates nothing per frame once textures are known.
 */
import { sortFloat64 } from '@slv/core';
import { finestTailLevel, type MipChain } from './vt-pages.ts';
import { entryIndex, type VtShape } from './vt-layout.ts';

/** builtFrom of an entry that is not resident. */
const NOT_BUILT = 255;

export interface VtTexture {
  readonly id: string;
  /** Page-table row (the index faces name the texture by). */
  readonly row: number;
  shape: VtShape | null;
  /** CPU levels to build pages from; null once all wanted pages are in (or before any image). */
  chain: MipChain | null;
  /** Finest level an image has been offered at (levels when none). */
  imageLevel: number;
  hasAlpha: boolean;
  /** Atlas slot of each page-table entry, -1 when not resident. */
  slotOf: Int32Array;
  /**
   * The image level each resident entry was built from (NOT_BUILT when not
   * resident): a page built from a coarser decode is written again from a
   * finer one, so what is resident never depends on the order images came in.
   */
  builtFrom: Uint8Array;
  /** Finest tail level written to the tail slot. */
  tailLevel: number;
  /** Finest level wanted this frame (updated by wantTexture). */
  wantedLevel: number;
  priority: number;
  /** Frame the texture was last wanted. */
  lastUsed: number;
  /**
   * The finest level every page is known resident down to, when its CPU levels
   * were let go; -1 once a page is given back (then textureComplete is asked again).
   */
  completeFrom: number;
  /** Whether completeFrom was found over the feedback's pages only (it holds only in the mode it was found in). */
  completeMasked: boolean;
  /** This frame's level and pages come from the GPU feedback (vt-feedback.ts), else from the CPU estimate. */
  fromFeedback: boolean;
  readonly feedback: VtTextureFeedback;
}

/** What the GPU feedback said of a texture (vt-feedback.ts, vt-keep.ts); decode serials count from 1, 0 is never. */
export interface VtTextureFeedback {
  /** Per entry, the last decode that asked for it or a finer page under it. */
  asked: Int32Array;
  /** Per level, the last decode that asked for a page of that level. */
  levelAsked: Int32Array;
  /** The last decode that saw the texture, the first of that spell of decodes, the pixels it covered then, its shape then. */
  seen: number;
  since: number;
  pixels: number;
  shape: VtShape | null;
  /** The decode when the texture was first wanted unseen while the feedback ran (0: not yet): it is held at its tail from then. */
  heldFrom: number;
  /** The first decode that saw the texture (0: none yet). */
  firstSeen: number;
}

/**
 * The GPU feedback's page requests (vt-feedback.ts): `order` lists request
 * indices by pixels asking, most first; each names a row, an entry and its
 * level. Textures wanted with fromFeedback take their pages from here.
 */
export interface VtPageRequests {
  count: number;
  readonly order: Int32Array;
  readonly rows: Int32Array;
  readonly entries: Int32Array;
  readonly levels: Uint8Array;
}

/** One page to write this frame: `entry` of `texture` into atlas `slot` (the tail when `level` ≥ firstTailLevel). */
export interface PageUpload {
  texture: VtTexture;
  level: number;
  x: number;
  y: number;
  slot: number;
}

export interface VtResidency {
  readonly slotCapacity: number;
  readonly rowWidth: number;
  readonly textures: Map<string, VtTexture>;
  readonly rows: (VtTexture | null)[];
  /** Page table texels, rows × rowWidth RGBA: see writeRow. */
  readonly table: Uint8Array;
  /** Rows rewritten since takeDirtyRows. */
  readonly dirtyRows: Int32Array;
  dirtyCount: number;
  readonly rowDirty: Uint8Array;
  readonly freeSlots: Int32Array;
  freeCount: number;
  /** Owner row and entry of each slot (-1 free). */
  readonly slotRow: Int32Array;
  readonly slotEntry: Int32Array;
  /** This frame's wanted rows, sorted by priority in planUploads. */
  readonly wanted: Int32Array;
  readonly wantedKeys: Float64Array;
  wantedCount: number;
  frame: number;
  readonly uploads: PageUpload[];
  uploadCount: number;
  /** Pages evicted, ever. */
  evictions: number;
  /** Textures refused for want of a row. */
  rowsRefused: number;
}

export function createVtResidency(slotCapacity: number, rowCapacity: number, rowWidth: number, maxUploads = 64): VtResidency {
  for (const [name, v] of [['slotCapacity', slotCapacity], ['rowCapacity', rowCapacity], ['rowWidth', rowWidth]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 1 << 16) throw new RangeError(`createVtResidency: ${name} must be an integer in 1..65536, got ${v}`);
  }
  const freeSlots = new Int32Array(slotCapacity);
  for (let i = 0; i < slotCapacity; i++) freeSlots[i] = slotCapacity - 1 - i;
  const uploads: PageUpload[] = [];
  for (let i = 0; i < maxUploads; i++) uploads.push({ texture: null as unknown as VtTexture, level: 0, x: 0, y: 0, slot: 0 });
  return {
    slotCapacity,
    rowWidth,
    textures: new Map(),
    rows: new Array<VtTexture | null>(rowCapacity).fill(null),
    table: new Uint8Array(rowCapacity * rowWidth * 4),
    dirtyRows: new Int32Array(rowCapacity),
    dirtyCount: 0,
    rowDirty: new Uint8Array(rowCapacity),
    freeSlots,
    freeCount: slotCapacity,
    slotRow: new Int32Array(slotCapacity).fill(-1),
    slotEntry: new Int32Array(slotCapacity).fill(-1),
    wanted: new Int32Array(rowCapacity),
    wantedKeys: new Float64Array(rowCapacity),
    wantedCount: 0,
    frame: 0,
    uploads,
    uploadCount: 0,
    evictions: 0,
    rowsRefused: 0,
  };
}

function markDirty(r: VtResidency, row: number): void {
  if (r.rowDirty[row] !== 0) return;
  r.rowDirty[row] = 1;
  r.dirtyRows[r.dirtyCount++] = row;
}

/** The texture `id`, made (with a row) when new; null when every row is taken by a texture wanted this frame. */
export function vtTexture(r: VtResidency, id: string): VtTexture | null {
  const known = r.textures.get(id);
  if (known !== undefined) return known;
  let row = r.rows.indexOf(null);
  if (row < 0) {
    row = leastRecentRow(r);
    if (row < 0) {
      r.rowsRefused++;
      return null;
    }
    forgetTexture(r, r.rows[row]!);
  }
  const t: VtTexture = {
    id, row, shape: null, chain: null, imageLevel: 0, hasAlpha: false, slotOf: new Int32Array(0), builtFrom: new Uint8Array(0), tailLevel: 0, wantedLevel: 0, priority: 0, lastUsed: -1, completeFrom: -1,
    completeMasked: false, fromFeedback: false, feedback: { asked: new Int32Array(0), levelAsked: new Int32Array(0), seen: 0, since: 0, pixels: 0, shape: null, heldFrom: 0, firstSeen: 0 },
  };
  r.rows[row] = t;
  r.textures.set(id, t);
  markDirty(r, row);
  return t;
}

/** The row of the texture wanted least recently, not this frame; -1 when all were. */
function leastRecentRow(r: VtResidency): number {
  let best = -1;
  let bestUsed = r.frame;
  for (let row = 0; row < r.rows.length; row++) {
    const t = r.rows[row];
    if (t !== null && t.lastUsed < bestUsed) {
      best = row;
      bestUsed = t.lastUsed;
    }
  }
  return best;
}

/** Frees a texture's slots and row. */
export function forgetTexture(r: VtResidency, t: VtTexture): void {
  for (let e = 0; e < t.slotOf.length; e++) if (t.slotOf[e] >= 0) releaseSlot(r, t, e);
  r.textures.delete(t.id);
  r.rows[t.row] = null;
  t.shape = null;
  t.chain = null;
  markDirty(r, t.row);
}

/** Frees `t`'s slot of `entry` (resident); its row is rewritten. */
export function releaseSlot(r: VtResidency, t: VtTexture, entry: number): void {
  const slot = t.slotOf[entry];
  t.slotOf[entry] = -1;
  t.builtFrom[entry] = NOT_BUILT;
  t.completeFrom = -1;
  r.slotRow[slot] = -1;
  r.slotEntry[slot] = -1;
  r.freeSlots[r.freeCount++] = slot;
  markDirty(r, t.row);
}

/**
 * Gives the texture an image: `chain` from a decode. A new shape (the
 * first image, or sides that changed) drops what was resident.
 */
export function offerChain(r: VtResidency, t: VtTexture, chain: MipChain): void {
  const s = chain.shape;
  if (t.shape === null || t.shape.log2Width !== s.log2Width || t.shape.log2Height !== s.log2Height) {
    for (let e = 0; e < t.slotOf.length; e++) if (t.slotOf[e] >= 0) releaseSlot(r, t, e);
    t.shape = s;
    t.slotOf = new Int32Array(s.entries).fill(-1);
    t.builtFrom = new Uint8Array(s.entries).fill(NOT_BUILT);
    t.feedback.asked = new Int32Array(s.entries);
    t.feedback.levelAsked = new Int32Array(s.levels);
    t.feedback.shape = null;
    t.fromFeedback = false;
    t.imageLevel = s.levels;
    t.tailLevel = s.levels;
  }
  t.chain = chain;
  t.hasAlpha = chain.hasAlpha;
  t.imageLevel = Math.min(t.imageLevel, chain.firstLevel);
  markDirty(r, t.row);
}

/** Marks `t` wanted this frame down to `level` (the finest of the frame's calls wins), with `priority` (higher first). */
export function wantTexture(r: VtResidency, t: VtTexture, level: number, priority: number): void {
  if (t.lastUsed !== r.frame) {
    t.lastUsed = r.frame;
    t.wantedLevel = level;
    t.priority = priority;
    // The CPU estimate until applyFeedback says otherwise, each frame anew.
    t.fromFeedback = false;
    if (r.wantedCount < r.wanted.length) r.wanted[r.wantedCount++] = t.row;
    return;
  }
  if (level < t.wantedLevel) t.wantedLevel = level;
  if (priority > t.priority) t.priority = priority;
}

/** Starts a frame: wants are collected anew. */
export function beginVtFrame(r: VtResidency, frame: number): void {
  r.frame = frame;
  r.wantedCount = 0;
  r.uploadCount = 0;
}

/** The finest level `t` can show with what it has and wants: pages at and above it are worth uploading. */
export function targetLevel(t: VtTexture): number {
  return Math.max(t.wantedLevel, t.imageLevel);
}

/** Whether entry `e` must be written from the chain: not resident, or built from a coarser image. */
function entryStale(t: VtTexture, e: number): boolean {
  return t.slotOf[e] < 0 || t.builtFrom[e] > t.chain!.firstLevel;
}

function tailMissing(t: VtTexture): boolean {
  return t.chain !== null && entryStale(t, t.shape!.entryOffset[t.shape!.firstTailLevel]);
}

/**
 * A slot for a page of `claimant` at `level` (levels ≥ firstTailLevel mean
 * the tail): a free one, else one evicted as the file comment says; -1 when
 * nothing may give way.
 */
function takeSlot(r: VtResidency, claimant: VtTexture, level: number): number {
  if (r.freeCount > 0) return r.freeSlots[--r.freeCount];
  const forTail = level >= claimant.shape!.firstTailLevel;
  let victim: VtTexture | null = null;
  let victimEntry = -1;
  let victimLevel = -1;
  let victimUsed = Infinity;
  for (const t of r.rows) {
    if (t === null || t.shape === null || t === claimant) continue;
    const recent = t.lastUsed === r.frame;
    // Its finest resident entry, and whether it may go.
    const s = t.shape;
    let entry = -1;
    let entryLevel = -1;
    for (let m = 0; m < s.levels && entry < 0; m++) {
      const first = s.entryOffset[m];
      const count = m >= s.firstTailLevel ? 1 : s.pagesX[m] * s.pagesY[m];
      for (let e = first; e < first + count; e++) {
        if (t.slotOf[e] >= 0) {
          entry = e;
          entryLevel = m;
          break;
        }
      }
      if (m >= s.firstTailLevel) break;
    }
    if (entry < 0) continue;
    if (recent) {
      const surplus = entryLevel < t.wantedLevel && entryLevel < s.firstTailLevel;
      const paged = entryLevel < s.firstTailLevel;
      if (!surplus && !(forTail && paged)) continue;
    }
    const used = recent ? r.frame : t.lastUsed;
    if (used < victimUsed || (used === victimUsed && entryLevel < victimLevel)) {
      victim = t;
      victimEntry = entry;
      victimLevel = entryLevel;
      victimUsed = used;
    }
  }
  if (victim === null) return -1;
  const slot = victim.slotOf[victimEntry];
  releaseSlot(r, victim, victimEntry);
  if (victimEntry === victim.shape!.entryOffset[victim.shape!.firstTailLevel]) victim.tailLevel = victim.shape!.levels;
  r.evictions++;
  r.freeCount--;
  return slot;
}

/** Plans writing `entry` of `t` from its chain: into its own slot when resident, else into one taken. */
function pushUpload(r: VtResidency, t: VtTexture, level: number, x: number, y: number, entry: number): boolean {
  let slot = t.slotOf[entry];
  if (slot < 0) {
    slot = takeSlot(r, t, level);
    if (slot < 0) return false;
    t.slotOf[entry] = slot;
    r.slotRow[slot] = t.row;
    r.slotEntry[slot] = entry;
  }
  t.builtFrom[entry] = t.chain!.firstLevel;
  const u = r.uploads[r.uploadCount++];
  u.texture = t;
  u.level = level;
  u.x = x;
  u.y = y;
  u.slot = slot;
  markDirty(r, t.row);
  return true;
}

/**
 * Plans the feedback's requests for pages `depth` levels above their
 * texture's tail, most-asked first; false when no slot could be had.
 */
function planRequests(r: VtResidency, q: VtPageRequests, depth: number, limit: number): boolean {
  for (let i = 0; i < q.count && r.uploadCount < limit; i++) {
    const k = q.order[i];
    const t = r.rows[q.rows[k]];
    const level = q.levels[k];
    if (t === null || !t.fromFeedback || t.lastUsed !== r.frame || t.chain === null) continue;
    const s = t.shape!;
    if (level !== s.firstTailLevel - depth || level < t.chain.firstLevel) continue;
    const entry = q.entries[k];
    if (entryStale(t, entry) && !pushUpload(r, t, level, (entry - s.entryOffset[level]) % s.pagesX[level], Math.floor((entry - s.entryOffset[level]) / s.pagesX[level]), entry)) return false;
  }
  return true;
}

/**
 * Chooses this frame's page writes (r.uploads[0..uploadCount)): tails of
 * wanted textures first, then pages coarse to fine, each pass by priority:
 * at each level, the pages the GPU feedback asked for (`requests`, by the
 * pixels asking) before the CPU-estimated textures' pages. The caller writes each page's texels (writePage / writeTail) to its slot
 * and then rewrites the dirty rows (writeDirtyRows).
 */
export function planUploads(r: VtResidency, maxUploads: number, requests: VtPageRequests | null = null): number {
  const limit = Math.min(maxUploads, r.uploads.length);
  const n = r.wantedCount;
  const keys = r.wantedKeys;
  for (let i = 0; i < n; i++) {
    const t = r.rows[r.wanted[i]]!;
    const p = Math.max(0, Math.min(2 ** 30, Math.round(2 ** 30 - t.priority)));
    keys[i] = p * 65536 + t.row;
  }
  sortFloat64(keys, n);
  for (let i = 0; i < n; i++) r.wanted[i] = keys[i] % 65536;
  // Tails.
  for (let i = 0; i < n && r.uploadCount < limit; i++) {
    const t = r.rows[r.wanted[i]]!;
    if (t.shape === null || !tailMissing(t)) continue;
    const s = t.shape;
    // A tail from a finer image replaces the old one in place.
    if (!pushUpload(r, t, s.firstTailLevel, 0, 0, s.entryOffset[s.firstTailLevel])) continue;
    t.tailLevel = finestTailLevel(t.chain!);
  }
  // Pages, coarsest paged level first.
  let maxLevels = 0;
  for (let i = 0; i < n; i++) {
    const s = r.rows[r.wanted[i]]!.shape;
    if (s !== null) maxLevels = Math.max(maxLevels, s.firstTailLevel);
  }
  for (let depth = 1; depth <= maxLevels && r.uploadCount < limit; depth++) {
    if (requests !== null && !planRequests(r, requests, depth, limit)) return r.uploadCount;
    for (let i = 0; i < n && r.uploadCount < limit; i++) {
      const t = r.rows[r.wanted[i]]!;
      const s = t.shape;
      if (s === null || t.chain === null || t.fromFeedback) continue;
      const level = s.firstTailLevel - depth;
      if (level < targetLevel(t) || level < t.chain.firstLevel) continue;
      const px = s.pagesX[level];
      const py = s.pagesY[level];
      for (let y = 0; y < py && r.uploadCount < limit; y++) {
        for (let x = 0; x < px && r.uploadCount < limit; x++) {
          const entry = entryIndex(s, level, x, y);
          if (entryStale(t, entry) && !pushUpload(r, t, level, x, y, entry)) return r.uploadCount;
        }
      }
    }
  }
  return r.uploadCount;
}

/** Forgets every resident page (the GPU's copy was lost): rows are rewritten, pages uploaded again as wanted. */
export function resetVtResidency(r: VtResidency): void {
  for (const t of r.rows) {
    if (t === null || t.shape === null) continue;
    for (let e = 0; e < t.slotOf.length; e++) if (t.slotOf[e] >= 0) releaseSlot(r, t, e);
    t.tailLevel = t.shape.levels;
  }
  for (let row = 0; row < r.rows.length; row++) markDirty(r, row);
}
