/**
 * The per-frame texture streamer: what the renderer wants → codestream
 * fetches (TextureFetcher: Range, refinement, retries) → decodes in the
 * worker pool → the RAM cache → the renderer, each texture improved one
 * discard level at a time and handed over once per improvement.
 *
 * Per frame the renderer calls `want(id, discard, priority)` for every
 * texture a visible face needs, then `update(nowMs)` once. `update` is
 * where everything the frame sees happens: finished decodes are drained,
 * `onDecoded` and `onMissing` are called, fetches of textures not wanted for
 * `graceMs` are cancelled, and new fetches and decodes start, highest
 * priority first, within `maxFetches` and `assets.decodeWorkers`. For ids
 * already known, `want` and a quiet `update` allocate nothing: records live
 * in a Map and an array and are reused.
 */
import type { PerformanceSettings } from '@slv/config';
import type { JobResult, WorkerLike, WorkerPool } from '@slv/core';
import { DecodedTextureCache } from '../cache/decoded-texture-cache.ts';
import { assertTextureId } from '../cache/codestream-store.ts';
import { TEXTURE_DECODE_JOB, type TextureDecodePayload, type TextureDecodeResult } from '../decode/texture-decode-job.ts';
import { MAX_DISCARD } from '../discard/discard-levels.ts';
import { TextureFetchCancelledError, TextureFetchError, TextureMissingError } from '../fetch/fetch-errors.ts';
import type { FetchedCodestream, TextureFetcher } from '../fetch/texture-fetcher.ts';
import { textureSettingsOf } from '../texture-settings.ts';
import { DecodeLanes } from './decode-lanes.ts';
import { GONE, noteWant, offer, WANTED_NOW, WantedRecords, wantState, type StreamerTimingOptions, type WantedRecord } from './wanted-records.ts';
import { TextureDecodeError, type StreamedTexture, type TextureStreamerStats } from './streamed-texture.ts';

export interface TextureStreamerOptions extends StreamerTimingOptions {
  /**
   * Fetches the codestreams (built from the region's ViewerAsset / GetTexture
   * capability and the session's fetch). Not owned: `close()` cancels only
   * this streamer's fetches. Its maxTextureSize follows the settings.
   */
  readonly fetcher: TextureFetcher;
  /** A texture decode pool (createTextureDecodePool) the caller owns; `update` drains its submitJob results, so share it only with runJob users. */
  readonly decodePool?: WorkerPool;
  /** Or: starts one decode worker; the streamer then owns a pool of assets.decodeWorkers of them, resized by applySettings, terminated by close(). */
  readonly spawnDecodeWorker?: (slot: number) => WorkerLike;
  readonly settings: PerformanceSettings;
  /** Each improvement of a wanted texture, once; called from `update`. */
  readonly onDecoded?: (texture: StreamedTexture) => void;
  /** A texture that is missing (404), not a texture, undecodable, or whose server gave up: once per texture; called from `update`. The face keeps its fallback. */
  readonly onMissing?: (id: string, error: Error) => void;
  /** Fetches outstanding at once (default: the fetcher's concurrency). */
  readonly maxFetches?: number;
}

// Record phases.
const IDLE = 0;
const FETCHING = 1;
const FETCHED = 2;
const DECODING = 3;
const FAILED = 4;
/** deliveredDiscard when the consumer holds nothing. */
const NOTHING = 99;

/** wantLevel: the discard wanted. */
interface TextureRecord extends WantedRecord {
  /** The priority the fetcher was last given. */
  fetchPriority: number;
  /** The finest discard maxTextureSize lets this texture have, learned from a fetch (0 until then). */
  floorDiscard: number;
  /** The finest discard handed to the consumer (NOTHING: none). */
  deliveredDiscard: number;
  phase: number;
  /** The discard being fetched or decoded. */
  workDiscard: number;
  /** Bumped when a fetch is abandoned, so its late answer is ignored. */
  fetchToken: number;
  /** Fetched bytes waiting for a decode worker. */
  codestream: Uint8Array | null;
  error: Error | null;
  reported: boolean;
  retryAtMs: number;
}

export class TextureStreamer {
  readonly stats: TextureStreamerStats = {
    wanted: 0, fetching: 0, waitingForDecode: 0, decoding: 0, decoded: 0, missing: 0, delivered: 0, bytesFetched: 0, ramBytes: 0, ramBudgetBytes: 0,
  };
  /** Decoded textures in RAM under memory.textureCacheRamMB (the renderer may read it again, e.g. after a lost context). */
  readonly cache: DecodedTextureCache<StreamedTexture>;
  private readonly fetcher: TextureFetcher;
  private readonly decoders: DecodeLanes<TextureRecord>;
  private readonly onDecoded: (texture: StreamedTexture) => void;
  private readonly onMissing: (id: string, error: Error) => void;
  private readonly graceMs: number;
  private readonly maxFetches: number;
  private readonly retryFailedAfterMs: number;
  private readonly records = new WantedRecords<TextureRecord>();
  /** The best candidates of one update, highest priority first (fixed length, reused). */
  private readonly fetchQueue: (TextureRecord | null)[];
  private decodeQueue: (TextureRecord | null)[];
  private pendingSettings: PerformanceSettings | null = null;
  private maxTextureSize: number;
  private decodeLimit: number;
  private fetchesInFlight = 0;
  private frame = 1;
  private nowMs = 0;
  private closed = false;

  constructor(options: TextureStreamerOptions) {
    if ((options.decodePool === undefined) === (options.spawnDecodeWorker === undefined)) {
      throw new TypeError('TextureStreamer needs exactly one of decodePool and spawnDecodeWorker');
    }
    const settings = textureSettingsOf(options.settings);
    this.fetcher = options.fetcher;
    this.onDecoded = options.onDecoded ?? (() => {});
    this.onMissing = options.onMissing ?? (() => {});
    this.graceMs = options.graceMs ?? 1000;
    this.maxFetches = options.maxFetches ?? options.fetcher.concurrency;
    this.retryFailedAfterMs = options.retryFailedAfterMs ?? 30_000;
    if (!Number.isInteger(this.maxFetches) || this.maxFetches < 1) throw new RangeError(`maxFetches must be a positive integer, got ${this.maxFetches}`);
    this.cache = DecodedTextureCache.fromSettings<StreamedTexture>(options.settings);
    this.maxTextureSize = settings.maxTextureSize;
    this.fetcher.setMaxTextureSize(this.maxTextureSize);
    this.decodeLimit = settings.decodeWorkers;
    this.fetchQueue = new Array<TextureRecord | null>(this.maxFetches).fill(null);
    this.decodeQueue = new Array<TextureRecord | null>(this.decodeLimit).fill(null);
    this.decoders = new DecodeLanes(options.decodePool ?? null, options.spawnDecodeWorker ?? null, this.decodeLimit, (rec, result) => this.decodeFinished(rec, result));
  }

  /**
   * This frame, a visible face needs `id` at `discard` (0 = full size, from
   * its on-screen size) with `priority` (> 0, higher = sooner). Several
   * wants of one texture in a frame keep the finest discard and the highest
   * priority. Allocation-free for lower-case ids already known.
   */
  want(id: string, discard: number, priority: number): void {
    if (this.closed || !(priority > 0)) return;
    const rec = this.records.get(id) ?? this.addRecord(id);
    noteWant(rec, this.frame, discard >= 0 ? Math.min(MAX_DISCARD, Math.floor(discard)) : 0, priority);
  }

  /** Once per frame, after the wants. Calls onDecoded / onMissing; starts and cancels work. */
  update(nowMs: number): void {
    if (this.closed) return;
    this.nowMs = nowMs;
    if (this.pendingSettings !== null) this.applyPendingSettings(this.pendingSettings);
    this.decoders.drain();
    const frame = this.frame;
    const fetchRoom = this.maxFetches - this.fetchesInFlight;
    const decodeRoom = this.decodeLimit - this.decoders.inFlight;
    let fetchCount = 0;
    let decodeCount = 0;
    let wanted = 0;
    let waiting = 0;
    let decoded = 0;
    let missing = 0;
    const list = this.records.list;
    for (let i = 0; i < list.length; i++) {
      const rec = list[i]!;
      const state = wantState(rec, frame, nowMs, this.graceMs);
      const wantedNow = state === WANTED_NOW;
      const inGrace = state !== GONE;
      if (wantedNow) wanted++;
      if (rec.error !== null && !rec.reported) {
        rec.reported = true;
        this.onMissing(rec.id, rec.error);
      }
      if (rec.phase === FETCHING) {
        if (!inGrace) this.abandonFetch(rec);
        else if (wantedNow && rec.priority !== rec.fetchPriority) {
          rec.fetchPriority = rec.priority;
          this.fetcher.setPriority(rec.id, rec.priority);
        }
      } else if (rec.phase === FETCHED) {
        if (!inGrace) {
          rec.codestream = null;
          rec.phase = IDLE;
        } else {
          waiting++;
          // Out of view but within the grace period: its bytes wait, the workers go to what is on screen.
          if (wantedNow && decodeRoom > 0) decodeCount = offer(this.decodeQueue, decodeCount, decodeRoom, rec);
        }
      } else if (rec.phase === IDLE) {
        if (wantedNow && this.needsBetter(rec)) {
          this.deliverFromCache(rec);
          if (fetchRoom > 0 && rec.retryAtMs <= nowMs && this.needsBetter(rec)) fetchCount = offer(this.fetchQueue, fetchCount, fetchRoom, rec);
        } else if (!inGrace && rec.deliveredDiscard === NOTHING && rec.error === null) {
          this.records.forget(rec, i--);
          continue;
        }
      }
      if (rec.error !== null) missing++;
      if (rec.deliveredDiscard !== NOTHING) decoded++;
    }
    for (let k = 0; k < fetchCount; k++) {
      this.startFetch(this.fetchQueue[k]!);
      this.fetchQueue[k] = null;
    }
    for (let k = 0; k < decodeCount; k++) {
      if (this.startDecode(this.decodeQueue[k]!)) waiting--;
      this.decodeQueue[k] = null;
    }
    const stats = this.stats;
    stats.wanted = wanted;
    stats.fetching = this.fetchesInFlight;
    stats.waitingForDecode = waiting;
    stats.decoding = this.decoders.inFlight;
    stats.decoded = decoded;
    stats.missing = missing;
    stats.bytesFetched = this.fetcher.stats.bytesReceived;
    stats.ramBytes = this.cache.bytes;
    stats.ramBudgetBytes = this.cache.budgetBytes;
    this.frame = frame + 1;
  }

  /**
   * The consumer no longer holds the texture (VRAM eviction, lost context):
   * it is delivered again, from RAM when it is still there, the next time it
   * is wanted.
   */
  release(id: string): void {
    const rec = this.records.find(id);
    if (rec !== undefined) rec.deliveredDiscard = NOTHING;
  }

  /** Reads memory.textureCacheRamMB, assets.decodeWorkers and assets.maxTextureSize again; applied at the next update. */
  applySettings(settings: PerformanceSettings): void {
    this.pendingSettings = settings;
  }

  /** Cancels this streamer's fetches and terminates the decode pool it owns (a pool passed in is left running). */
  close(): void {
    if (this.closed) return;
    this.closed = true; // from here finished decodes are dropped, never delivered
    for (const rec of this.records.list) {
      if (rec.phase === FETCHING) this.abandonFetch(rec);
      rec.codestream = null;
    }
    this.decoders.drain();
    this.decoders.close();
  }

  private addRecord(id: string): TextureRecord {
    const canonical = id.toLowerCase(); // callers should pass lower-case ids: other spellings pay this on every want
    let rec = this.records.get(canonical);
    if (rec !== undefined) return rec;
    rec = {
      id: canonical, wantFrame: 0, wantLevel: 0, priority: 0, lastWantedMs: this.nowMs, fetchPriority: 0, floorDiscard: 0,
      deliveredDiscard: NOTHING, phase: IDLE, workDiscard: 0, fetchToken: 0, codestream: null, error: null, reported: false, retryAtMs: 0,
    };
    try {
      assertTextureId(canonical);
    } catch (error) {
      this.fail(rec, error as Error);
    }
    this.records.add(rec);
    return rec;
  }

  /** Whether the wanted level (as maxTextureSize allows) is finer than what the consumer holds. */
  private needsBetter(rec: TextureRecord): boolean {
    return Math.max(rec.wantLevel, rec.floorDiscard) < rec.deliveredDiscard;
  }

  private deliverFromCache(rec: TextureRecord): void {
    const cached = this.cache.peek(rec.id);
    if (cached !== undefined && cached.discard < rec.deliveredDiscard) this.deliver(rec, this.cache.get(rec.id)!);
  }

  private deliver(rec: TextureRecord, texture: StreamedTexture): void {
    rec.deliveredDiscard = texture.discard;
    this.stats.delivered++;
    this.onDecoded(texture);
  }

  private fail(rec: TextureRecord, error: Error): void {
    rec.phase = FAILED;
    rec.codestream = null;
    rec.error = error;
    rec.reported = false;
  }

  private startFetch(rec: TextureRecord): void {
    rec.phase = FETCHING;
    rec.workDiscard = Math.max(rec.wantLevel, rec.floorDiscard);
    rec.fetchPriority = rec.priority;
    const token = ++rec.fetchToken;
    this.fetchesInFlight++;
    this.fetcher.request(rec.id, { discard: rec.workDiscard, priority: rec.priority }).then(
      (fetched) => this.fetchArrived(rec, token, fetched),
      (error: unknown) => this.fetchFailed(rec, token, error instanceof Error ? error : new Error(String(error))),
    );
  }

  private abandonFetch(rec: TextureRecord): void {
    rec.fetchToken++;
    rec.phase = IDLE;
    this.fetchesInFlight--;
    this.fetcher.cancel(rec.id);
  }

  private fetchArrived(rec: TextureRecord, token: number, fetched: FetchedCodestream): void {
    if (this.closed || token !== rec.fetchToken || rec.phase !== FETCHING) return;
    this.fetchesInFlight--;
    rec.phase = IDLE;
    rec.retryAtMs = 0;
    if (fetched.discard > rec.workDiscard) rec.floorDiscard = fetched.discard; // maxTextureSize allows no finer
    if (fetched.discard >= rec.deliveredDiscard) return;
    rec.codestream = fetched.bytes;
    rec.workDiscard = fetched.discard;
    rec.phase = FETCHED;
  }

  private fetchFailed(rec: TextureRecord, token: number, error: Error): void {
    if (this.closed || token !== rec.fetchToken || rec.phase !== FETCHING) return;
    this.fetchesInFlight--;
    rec.phase = IDLE;
    if (error instanceof TextureFetchCancelledError) return; // someone else cancelled it: asked again while wanted
    if (error instanceof TextureMissingError || (error instanceof TextureFetchError && error.unusable)) {
      this.fail(rec, error);
      return;
    }
    // The server failed after the fetcher's own retries: report it once, ask again later.
    rec.retryAtMs = this.nowMs + this.retryFailedAfterMs;
    if (rec.error === null) rec.error = error;
  }

  /** Submits the record's bytes for decoding; false when the pool is full (it waits for the next frame). */
  private startDecode(rec: TextureRecord): boolean {
    // The fetcher keeps its bytes to refine from: this copy is the one that moves to the worker.
    const codestream = rec.codestream!.slice();
    const payload: TextureDecodePayload = { codestream, discard: rec.workDiscard, maxTextureSize: this.maxTextureSize, rgba: true };
    try {
      if (!this.decoders.submit(TEXTURE_DECODE_JOB, payload, [codestream.buffer], rec)) return false;
    } catch (error) {
      this.fail(rec, new TextureDecodeError(rec.id, `the decode pool refused the job: ${(error as Error).message}`));
      return true;
    }
    rec.codestream = null;
    rec.phase = DECODING;
    return true;
  }

  private decodeFinished(rec: TextureRecord, result: JobResult): void {
    if (this.closed || rec.phase !== DECODING) return;
    if (!result.ok) {
      this.fail(rec, new TextureDecodeError(rec.id, `${result.errorName}: ${result.errorMessage}`));
      return;
    }
    const decoded = result.result as TextureDecodeResult;
    const texture: StreamedTexture = {
      id: rec.id, width: decoded.width, height: decoded.height, components: 4, imageComponents: decoded.imageComponents, discard: decoded.discard,
      pixels: decoded.pixels, bytesUsed: decoded.bytesUsed, complete: decoded.complete, hasAlpha: decoded.hasAlpha,
    };
    rec.phase = IDLE;
    rec.error = null;
    rec.reported = false;
    if (texture.discard > rec.workDiscard) rec.floorDiscard = texture.discard;
    this.cache.set(rec.id, texture);
    const inGrace = rec.wantFrame === this.frame || this.nowMs - rec.lastWantedMs <= this.graceMs;
    if (inGrace && texture.discard < rec.deliveredDiscard) this.deliver(rec, texture);
  }

  private applyPendingSettings(settings: PerformanceSettings): void {
    this.pendingSettings = null;
    const next = textureSettingsOf(settings);
    this.cache.applySettings(settings);
    if (next.maxTextureSize !== this.maxTextureSize) {
      this.maxTextureSize = next.maxTextureSize;
      this.fetcher.setMaxTextureSize(next.maxTextureSize);
      for (const rec of this.records.list) rec.floorDiscard = 0; // learned again under the new limit
    }
    if (next.decodeWorkers !== this.decodeLimit) {
      this.decodeLimit = next.decodeWorkers;
      this.decodeQueue = new Array<TextureRecord | null>(this.decodeLimit).fill(null);
      this.decoders.resize(this.decodeLimit);
    }
  }
}
