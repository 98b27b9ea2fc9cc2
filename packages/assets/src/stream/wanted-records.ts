/**
 * What the texture and mesh streamers share: one record per wanted id, in
 * a Map for `want` and an array for the per-frame walk, merged wants within
 * a frame, and the fixed-length queue of the frame's best candidates. Each
 * works on records already made, so a steady frame allocates nothing.
 */

/** The timings both streamers take. */
export interface StreamerTimingOptions {
  /** Not wanted for this long: its fetch is cancelled and its fetched bytes dropped (default 1000 ms). */
  readonly graceMs?: number;
  /** After a fetch that gave up (5xx, retries exhausted), ask again no sooner than this (default 30 s); 404 and bad bytes are never asked again. */
  readonly retryFailedAfterMs?: number;
}

export interface WantedRecord {
  readonly id: string;
  /** The frame of the last want; the wants between two updates make one frame. */
  wantFrame: number;
  /** What was wanted, lower = more (a discard level; LOD steps below the finest). */
  wantLevel: number;
  priority: number;
  lastWantedMs: number;
}

export class WantedRecords<R extends WantedRecord> {
  private readonly byId = new Map<string, R>();
  /** Walked once a frame; forget() swaps the last record in. */
  readonly list: R[] = [];

  get(id: string): R | undefined {
    return this.byId.get(id);
  }

  /** By the id as given or in lower case (release and such, not per frame). */
  find(id: string): R | undefined {
    return this.byId.get(id) ?? this.byId.get(id.toLowerCase());
  }

  add(rec: R): void {
    this.byId.set(rec.id, rec);
    this.list.push(rec);
  }

  /** Drops the record at `index` of `list` (swapping the last one in). */
  forget(rec: R, index: number): void {
    const last = this.list.pop()!;
    if (last !== rec) this.list[index] = last;
    this.byId.delete(rec.id);
  }
}

/** wantState: wanted in this frame; not, but within the grace period; neither. */
export const WANTED_NOW = 2;
export const IN_GRACE = 1;
export const GONE = 0;

/** Where `rec` stands in `frame` (a record wanted now takes `nowMs` as its last want). */
export function wantState(rec: WantedRecord, frame: number, nowMs: number, graceMs: number): number {
  if (rec.wantFrame === frame) {
    rec.lastWantedMs = nowMs;
    return WANTED_NOW;
  }
  return nowMs - rec.lastWantedMs <= graceMs ? IN_GRACE : GONE;
}

/** A want in `frame`: the first sets level and priority, later ones keep the lowest level and the highest priority. */
export function noteWant(rec: WantedRecord, frame: number, level: number, priority: number): void {
  if (rec.wantFrame !== frame) {
    rec.wantFrame = frame;
    rec.wantLevel = level;
    rec.priority = priority;
  } else {
    if (level < rec.wantLevel) rec.wantLevel = level;
    if (priority > rec.priority) rec.priority = priority;
  }
}

/** Puts `rec` into the first `count` entries of `queue` (highest priority first, at most `limit`); returns the new count. */
export function offer<R extends { readonly priority: number }>(queue: (R | null)[], count: number, limit: number, rec: R): number {
  let at = count;
  while (at > 0 && queue[at - 1]!.priority < rec.priority) at--;
  if (at >= limit) return count;
  const end = Math.min(count, limit - 1);
  for (let k = end; k > at; k--) queue[k] = queue[k - 1]!;
  queue[at] = rec;
  return end + 1;
}
