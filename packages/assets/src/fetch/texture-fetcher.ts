/**
 * Textures by id through the region's capabilities (ViewerAsset, else
 * GetTexture: `?texture_id=UUID`), fetched in priority order with HTTP
 * Range so each texture costs only the bytes its wanted discard level needs
 * (see fetch-plan.ts), and refined later from the bytes held. Isomorphic:
 * the fetch API only.
 *
 * Per texture one job; `request` adds a waiter (its discard, the caller's
 * priority), `setPriority` changes it every frame (the SL "virtual size"),
 * and a priority at or below `cancelBelowPriority` cancels. At most
 * `concurrency` jobs run; the highest priority waiting job starts next.
 * 5xx, 429, network errors, timeouts and responses that bring no new byte
 * are retried with exponential backoff; 404 is remembered as missing (never
 * asked again); bytes that are not a usable texture fail that texture only.
 */
import { ByteBudgetLru } from '../cache/byte-budget-lru.ts';
import type { CodestreamStore } from '../cache/codestream-store.ts';
import { assertTextureId } from '../cache/codestream-store.ts';
import { CodestreamEntry, MAX_CODESTREAM_BYTES } from './codestream-entry.ts';
import { TextureFetchCancelledError, TextureFetchError, TextureMissingError } from './fetch-errors.ts';
import { planFetch, type FetchPlanOptions } from './fetch-plan.ts';
import { BodyTooLargeError, parseContentRange, parseUnsatisfiedRange, rangeHeader, readBodyBounded } from './http-range.ts';
import { PriorityJobs, type PriorityJob } from './priority-jobs.ts';
import { sleep } from './ranged-get.ts';

export interface TextureFetcherOptions {
  /** The ViewerAsset capability URL (preferred, as current viewers do). */
  viewerAssetUrl?: string | null;
  /** The GetTexture capability URL (OpenSimulator 0.9), used when there is no ViewerAsset. */
  getTextureUrl?: string | null;
  fetch?: typeof fetch;
  /** Textures fetched at once (default 8). */
  concurrency?: number;
  /** First request's size (default 600, the SL viewer's). */
  headerBytes?: number;
  /** Attempts per request before giving up (default 4). */
  maxAttempts?: number;
  /** Backoff: base * 2^(attempt - 1), capped (defaults 250 ms, 4 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** One request's time limit (default 30 s); a slower one is aborted and retried. */
  requestTimeoutMs?: number;
  /** A priority at or below this cancels the texture's fetch (default 0). */
  cancelBelowPriority?: number;
  /** Largest side fetched for (default: no limit but the decoder's): lower discards are not fetched. */
  maxTextureSize?: number;
  /** Persistent cache read before the network and written after each response. */
  store?: CodestreamStore | null;
  /** Bytes of codestreams kept in memory between requests (default 64 MiB, least recently used dropped). */
  heldBytesBudget?: number;
}

export interface FetchedCodestream {
  readonly id: string;
  /** A prefix of the codestream (all of it when `complete`) that holds the level asked for. */
  readonly bytes: Uint8Array;
  /** The level these bytes serve (the one asked for, raised to fit maxTextureSize). */
  readonly discard: number;
  readonly total: number | null;
  readonly complete: boolean;
}

export interface TextureFetcherStats {
  requests: number;
  bytesReceived: number;
  retries: number;
  storeHits: number;
  active: number;
  peakActive: number;
  queued: number;
}

interface Waiter {
  readonly discard: number;
  readonly resolve: (value: FetchedCodestream) => void;
  readonly reject: (error: Error) => void;
}

interface Job extends PriorityJob {
  waiters: Waiter[];
}

const DEFAULTS = { concurrency: 8, maxAttempts: 4, retryBaseMs: 250, retryMaxMs: 4000, requestTimeoutMs: 30_000, cancelBelowPriority: 0, heldBytesBudget: 64 << 20 };

export class TextureFetcher {
  readonly stats: TextureFetcherStats = { requests: 0, bytesReceived: 0, retries: 0, storeHits: 0, active: 0, peakActive: 0, queued: 0 };
  private readonly baseUrl: string;
  private readonly doFetch: typeof fetch;
  private readonly settings: typeof DEFAULTS;
  private planOptions: FetchPlanOptions;
  private readonly store: CodestreamStore | null;
  private readonly held: ByteBudgetLru<CodestreamEntry>;
  private readonly jobs: PriorityJobs<Job>;
  private readonly missing = new Set<string>();
  private readonly unusable = new Map<string, TextureFetchError>();

  constructor(options: TextureFetcherOptions) {
    const base = options.viewerAssetUrl ?? options.getTextureUrl ?? null;
    if (base === null) throw new TypeError('the texture fetcher needs a ViewerAsset or GetTexture capability URL');
    this.baseUrl = base;
    this.doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.settings = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
      const value = options[key];
      if (value !== undefined) this.settings[key] = value;
    }
    this.jobs = new PriorityJobs(this.settings.concurrency, this.stats, (job) => this.run(job));
    this.planOptions = {
      ...(options.headerBytes === undefined ? {} : { headerBytes: options.headerBytes }),
      ...(options.maxTextureSize === undefined ? {} : { maxTextureSize: options.maxTextureSize }),
    };
    this.store = options.store ?? null;
    this.held = new ByteBudgetLru(this.settings.heldBytesBudget, (entry) => entry.bytes.length);
  }

  /**
   * Resolves once the bytes for `discard` are held (at once when they
   * already are); the priority replaces the texture's current one. Rejects
   * with TextureMissingError, TextureFetchError or TextureFetchCancelledError.
   */
  request(id: string, options: { discard?: number; priority?: number } = {}): Promise<FetchedCodestream> {
    id = id.toLowerCase();
    assertTextureId(id);
    const discard = options.discard ?? 0;
    const priority = options.priority ?? 1;
    if (this.missing.has(id)) return Promise.reject(new TextureMissingError(id));
    const broken = this.unusable.get(id);
    if (broken !== undefined) return Promise.reject(broken);
    const entry = this.held.get(id);
    if (entry !== undefined) {
      const plan = planFetch(entry, discard, this.planOptions);
      if (plan.kind === 'held') return Promise.resolve(result(entry, plan.discard));
    }
    if (priority <= this.settings.cancelBelowPriority) return Promise.reject(new TextureFetchCancelledError(id));
    let job = this.jobs.get(id);
    if (job === undefined) {
      job = { id, priority, waiters: [], controller: null };
      this.jobs.add(job);
    }
    job.priority = priority;
    const promise = new Promise<FetchedCodestream>((resolve, reject) => job.waiters.push({ discard, resolve, reject }));
    this.jobs.pump();
    return promise;
  }

  /** Textures fetched at once. */
  get concurrency(): number {
    return this.settings.concurrency;
  }

  /** A new `maxTextureSize` (a profile switch): later requests plan with it; bytes already held stay. */
  setMaxTextureSize(maxTextureSize: number | undefined): void {
    this.planOptions = { ...this.planOptions, maxTextureSize };
  }

  /** The caller's new priority for a texture (every frame); at or below the threshold its fetch is cancelled. */
  setPriority(id: string, priority: number): void {
    const job = this.jobs.get(id.toLowerCase());
    if (job === undefined) return;
    if (priority <= this.settings.cancelBelowPriority) this.cancel(id);
    else job.priority = priority;
  }

  /** Stops fetching the texture; its waiters reject with TextureFetchCancelledError. Bytes already held are kept. */
  cancel(id: string): void {
    id = id.toLowerCase();
    this.jobs.cancel(id, new TextureFetchCancelledError(id));
  }

  /** Cancels everything. */
  close(): void {
    for (const id of this.jobs.ids()) this.cancel(id);
  }

  isMissing(id: string): boolean {
    return this.missing.has(id.toLowerCase());
  }

  /** What is held in memory of a texture (a prefix, or all of it). */
  heldCodestream(id: string): CodestreamEntry | undefined {
    return this.held.peek(id.toLowerCase());
  }

  private async run(job: Job): Promise<void> {
    const signal = job.controller!.signal;
    try {
      const entry = await this.entryFor(job.id);
      for (;;) {
        if (signal.aborted) return;
        // Waiters for coarser levels are answered as soon as their bytes are here.
        for (const waiter of [...job.waiters]) {
          const plan = planFetch(entry, waiter.discard, this.planOptions);
          if (plan.kind === 'held') {
            job.waiters.splice(job.waiters.indexOf(waiter), 1);
            waiter.resolve(result(entry, plan.discard));
          }
        }
        if (job.waiters.length === 0) return;
        const plan = planFetch(entry, Math.min(...job.waiters.map((w) => w.discard)), this.planOptions);
        if (plan.kind === 'unusable') {
          const error = new TextureFetchError(job.id, `not a usable texture: ${plan.error.message}`, true, { cause: plan.error });
          if (entry.complete || entry.held > 0) this.unusable.set(job.id, error);
          throw error;
        }
        if (plan.kind === 'held') continue;
        await this.fetchRange(job, entry, plan.start, plan.end, signal);
        this.held.set(job.id, entry);
        await this.store?.put(job.id, entry).catch(() => {}); // a failing cache costs a refetch, not the texture
      }
    } catch (error) {
      if (signal.aborted) return; // cancel() has answered the waiters
      if (error instanceof TextureMissingError) this.missing.add(job.id);
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const waiter of job.waiters.splice(0)) waiter.reject(failure);
    } finally {
      this.jobs.finish(job);
    }
  }

  private async entryFor(id: string): Promise<CodestreamEntry> {
    const inMemory = this.held.get(id);
    if (inMemory !== undefined) return inMemory;
    const stored = await this.store?.get(id).catch(() => null);
    if (stored !== null && stored !== undefined) this.stats.storeHits++;
    const entry = new CodestreamEntry(id, stored ?? null);
    this.held.set(id, entry);
    return entry;
  }

  /** One range, with retries; resolves once the entry has grown (or is complete). */
  private async fetchRange(job: Job, entry: CodestreamEntry, start: number, end: number, signal: AbortSignal): Promise<void> {
    const url = new URL(this.baseUrl);
    url.searchParams.set('texture_id', job.id);
    let lastReason = '';
    for (let attempt = 1; attempt <= this.settings.maxAttempts; attempt++) {
      if (attempt > 1) {
        this.stats.retries++;
        await sleep(Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (attempt - 2)), signal);
      }
      const outcome = await this.attempt(job.id, url, entry, start, end, signal);
      if (outcome === null) return;
      lastReason = outcome;
    }
    throw new TextureFetchError(job.id, `gave up after ${this.settings.maxAttempts} attempts: ${lastReason}`);
  }

  /** Null when the entry grew; otherwise why the attempt failed in a way worth retrying. Throws what is not retried. */
  private async attempt(id: string, url: URL, entry: CodestreamEntry, start: number, end: number, jobSignal: AbortSignal): Promise<string | null> {
    this.stats.requests++;
    const signal = AbortSignal.any([jobSignal, AbortSignal.timeout(this.settings.requestTimeoutMs)]);
    try {
      const response = await this.doFetch(url, { headers: { range: rangeHeader(start, end) }, signal });
      const status = response.status;
      if (status === 404 || status === 410) {
        await response.body?.cancel().catch(() => {});
        throw new TextureMissingError(id);
      }
      if (status >= 500 || status === 429 || status === 408) {
        await response.body?.cancel().catch(() => {});
        return `HTTP ${status}`;
      }
      if (status === 416) {
        await response.body?.cancel().catch(() => {});
        const total = parseUnsatisfiedRange(response.headers.get('content-range'));
        if (total !== null && entry.setTotal(total) && entry.complete) return null;
        throw new TextureFetchError(id, `the server refused range ${rangeHeader(start, end)} (416)`);
      }
      if (status === 200) {
        const body = await readBodyBounded(response, MAX_CODESTREAM_BYTES);
        this.stats.bytesReceived += body.length;
        entry.replaceWhole(body); // the server ignored Range: this is the whole file
        return null;
      }
      if (status !== 206) {
        await response.body?.cancel().catch(() => {});
        throw new TextureFetchError(id, `HTTP ${status}`);
      }
      const range = parseContentRange(response.headers.get('content-range'));
      if (range === null) {
        await response.body?.cancel().catch(() => {});
        return `206 without a usable Content-Range (${response.headers.get('content-range') ?? 'none'})`;
      }
      const body = await readBodyBounded(response, range.end - range.start + 1);
      this.stats.bytesReceived += body.length;
      if (range.total !== null && !entry.setTotal(range.total)) throw new TextureFetchError(id, `the server changed the texture's length to ${range.total}`);
      // A shorter body than Content-Range announced, or a range we did not ask for, still adds what it holds.
      const added = entry.append(range.start, body);
      return added > 0 || entry.complete ? null : `a 206 for bytes ${range.start}-${range.end} added nothing to the ${entry.held} held`;
    } catch (error) {
      if (error instanceof TextureMissingError || error instanceof TextureFetchError) throw error;
      if (jobSignal.aborted) throw new TextureFetchCancelledError(id);
      if (error instanceof BodyTooLargeError) throw new TextureFetchError(id, error.message);
      // Network errors, a connection cut mid-body, our own timeout: retried.
      return (error as Error).name === 'TimeoutError' ? `no answer within ${this.settings.requestTimeoutMs} ms` : `network: ${(error as Error).message}`;
    }
  }
}

function result(entry: CodestreamEntry, discard: number): FetchedCodestream {
  return { id: entry.id, bytes: entry.bytes, discard, total: entry.total, complete: entry.complete };
}
