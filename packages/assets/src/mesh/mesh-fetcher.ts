/**
 * Mesh assets by id through the region's capabilities (ViewerAsset, else
 * GetMesh2, else GetMesh: `?mesh_id=UUID`), as the SL viewer fetches them:
 * the header first with a Range request for the first 4096 bytes (more when
 * the header is longer), then only the byte ranges of the segments wanted.
 * A segment that the header's bytes already hold costs no request. A LOD
 * the asset lacks falls back to the nearest one it has, lower first (the
 * viewer's getActualMeshLOD). Isomorphic: the fetch API only.
 *
 * One job per mesh; the highest-priority waiting mesh starts next, at most
 * `concurrency` at once; `setPriority` every frame, and a priority at or
 * below `cancelBelowPriority` cancels. Retries as the texture fetcher
 * (fetch/ranged-get.ts); 404 is remembered as missing, a header that is not
 * a mesh as unusable. What was fetched is kept under a byte budget.
 */
import { ByteBudgetLru } from '../cache/byte-budget-lru.ts';
import { concatBytes } from '../concat-bytes.ts';
import { PriorityJobs, type PriorityJob } from '../fetch/priority-jobs.ts';
import { DEFAULT_RETRY_POLICY, rangedGet, RangedGetError, type RangedGetCounters, type RetryPolicy } from '../fetch/ranged-get.ts';
import { MeshFetchCancelledError, MeshFetchError, MeshMissingError } from './mesh-fetch-errors.ts';
import { MeshFormatError } from './mesh-errors.ts';
import { MESH_LOD_NAMES, MeshHeaderCutError, readMeshHeader, type MeshHeader, type MeshLodName } from './mesh-header.ts';
import { meshLimits, type MeshDecodeLimits } from './mesh-limits.ts';

export interface MeshFetcherOptions extends Partial<RetryPolicy> {
  /** The ViewerAsset capability URL (preferred, as current viewers do). */
  viewerAssetUrl?: string | null;
  /** GetMesh2, then GetMesh, when there is no ViewerAsset. */
  getMesh2Url?: string | null;
  getMeshUrl?: string | null;
  fetch?: typeof fetch;
  /** Meshes fetched at once (default 8). */
  concurrency?: number;
  /** The header request's size (default 4096, the SL viewer's). */
  headerBytes?: number;
  /** A priority at or below this cancels (default 0). */
  cancelBelowPriority?: number;
  /** Bytes of headers and segments kept between requests (default 32 MiB, least recently used dropped). */
  heldBytesBudget?: number;
  /** Size bounds (the header's, the asset's, a segment's). */
  limits?: Partial<MeshDecodeLimits>;
}

export interface FetchedMeshSegment {
  readonly id: string;
  readonly name: string;
  /** The segment's compressed bytes, as decodeMeshSegment (or the mesh.decode job) takes them. */
  readonly bytes: Uint8Array;
  readonly header: MeshHeader;
}

export interface FetchedMeshLod extends FetchedMeshSegment {
  readonly wanted: MeshLodName;
  /** The LOD these bytes are: `wanted`, or the nearest the asset has. */
  readonly name: MeshLodName;
}

export interface MeshFetcherStats extends RangedGetCounters {
  /** Segments served from bytes already held (the header's prefix, or a cache hit). */
  segmentsHeld: number;
  active: number;
  peakActive: number;
  queued: number;
}

/** What is held of one asset: a prefix from byte 0, the whole length once known, the header, segments. */
interface MeshEntry {
  prefix: Uint8Array;
  total: number | null;
  whole: boolean;
  header: MeshHeader | null;
  readonly segments: Map<string, Uint8Array>;
}

interface Waiter {
  /** null: the header only. */
  readonly segment: string | null;
  readonly resolve: (value: FetchedMeshSegment | MeshHeader) => void;
  readonly reject: (error: Error) => void;
}

interface Job extends PriorityJob {
  readonly waiters: Waiter[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The LOD to use when `wanted` is absent: the next lower one present, else the next higher (as the SL viewer). */
export function nearestMeshLod(header: MeshHeader, wanted: MeshLodName): MeshLodName | null {
  const index = MESH_LOD_NAMES.indexOf(wanted);
  for (let i = index; i >= 0; i--) if (header.lods.includes(MESH_LOD_NAMES[i]!)) return MESH_LOD_NAMES[i]!;
  for (let i = index + 1; i < MESH_LOD_NAMES.length; i++) if (header.lods.includes(MESH_LOD_NAMES[i]!)) return MESH_LOD_NAMES[i]!;
  return null;
}

export class MeshFetcher {
  readonly stats: MeshFetcherStats = { requests: 0, retries: 0, bytesReceived: 0, segmentsHeld: 0, active: 0, peakActive: 0, queued: 0 };
  private readonly baseUrl: string;
  private readonly doFetch: typeof fetch;
  private readonly policy: RetryPolicy;
  private readonly headerBytes: number;
  private readonly cancelBelow: number;
  private readonly limits: MeshDecodeLimits;
  private readonly held: ByteBudgetLru<MeshEntry>;
  private readonly jobs: PriorityJobs<Job>;
  private readonly missing = new Set<string>();
  private readonly unusable = new Map<string, Error>();

  constructor(options: MeshFetcherOptions) {
    const base = options.viewerAssetUrl ?? options.getMesh2Url ?? options.getMeshUrl ?? null;
    if (base === null) throw new TypeError('the mesh fetcher needs a ViewerAsset, GetMesh2 or GetMesh capability URL');
    this.baseUrl = base;
    this.doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.policy = {
      maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
      retryBaseMs: options.retryBaseMs ?? DEFAULT_RETRY_POLICY.retryBaseMs,
      retryMaxMs: options.retryMaxMs ?? DEFAULT_RETRY_POLICY.retryMaxMs,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_RETRY_POLICY.requestTimeoutMs,
    };
    this.jobs = new PriorityJobs(options.concurrency ?? 8, this.stats, (job) => this.run(job));
    this.headerBytes = options.headerBytes ?? 4096;
    this.cancelBelow = options.cancelBelowPriority ?? 0;
    this.limits = meshLimits(options.limits);
    this.held = new ByteBudgetLru(options.heldBytesBudget ?? 32 << 20, sizeOfEntry);
  }

  /** The asset's header (segment offsets and sizes, the LODs present). */
  header(id: string, options: { priority?: number } = {}): Promise<MeshHeader> {
    return this.enqueue(id, null, options.priority ?? 1) as Promise<MeshHeader>;
  }

  /** One segment's compressed bytes; rejects with MeshFetchError when the asset has no such segment. */
  segment(id: string, name: string, options: { priority?: number } = {}): Promise<FetchedMeshSegment> {
    return this.enqueue(id, name, options.priority ?? 1) as Promise<FetchedMeshSegment>;
  }

  /** The LOD wanted, or the nearest the asset has. */
  async lod(id: string, wanted: MeshLodName, options: { priority?: number } = {}): Promise<FetchedMeshLod> {
    const header = await this.header(id, options);
    const name = nearestMeshLod(header, wanted);
    if (name === null) throw new MeshFetchError(id.toLowerCase(), 'the asset has no geometry LOD');
    const segment = await this.segment(id, name, options);
    return { ...segment, wanted, name };
  }

  /** The caller's new priority for a mesh (every frame); at or below the threshold its fetch is cancelled. */
  setPriority(id: string, priority: number): void {
    const job = this.jobs.get(id.toLowerCase());
    if (job === undefined) return;
    if (priority <= this.cancelBelow) this.cancel(id);
    else job.priority = priority;
  }

  /** Stops fetching the mesh; its waiters reject with MeshFetchCancelledError. Bytes held are kept. */
  cancel(id: string): void {
    id = id.toLowerCase();
    this.jobs.cancel(id, new MeshFetchCancelledError(id));
  }

  close(): void {
    for (const id of this.jobs.ids()) this.cancel(id);
  }

  isMissing(id: string): boolean {
    return this.missing.has(id.toLowerCase());
  }

  private enqueue(id: string, segment: string | null, priority: number): Promise<FetchedMeshSegment | MeshHeader> {
    id = id.toLowerCase();
    if (!UUID.test(id)) return Promise.reject(new TypeError(`not a mesh id: ${JSON.stringify(id)}`));
    if (this.missing.has(id)) return Promise.reject(new MeshMissingError(id));
    const broken = this.unusable.get(id);
    if (broken !== undefined) return Promise.reject(broken);
    const entry = this.held.get(id);
    if (entry?.header != null) {
      if (segment === null) return Promise.resolve(entry.header);
      const bytes = entry.segments.get(segment);
      if (bytes !== undefined) {
        this.stats.segmentsHeld++;
        return Promise.resolve({ id, name: segment, bytes, header: entry.header });
      }
    }
    if (priority <= this.cancelBelow) return Promise.reject(new MeshFetchCancelledError(id));
    let job = this.jobs.get(id);
    if (job === undefined) {
      job = { id, priority, waiters: [], controller: null };
      this.jobs.add(job);
    }
    job.priority = Math.max(job.priority, priority);
    const promise = new Promise<FetchedMeshSegment | MeshHeader>((resolve, reject) => job.waiters.push({ segment, resolve, reject }));
    this.jobs.pump();
    return promise;
  }

  private async run(job: Job): Promise<void> {
    const signal = job.controller!.signal;
    const url = new URL(this.baseUrl);
    url.searchParams.set('mesh_id', job.id);
    try {
      const entry = this.held.get(job.id) ?? { prefix: new Uint8Array(0), total: null, whole: false, header: null, segments: new Map() };
      const header = entry.header ?? (await this.fetchHeader(job.id, url, entry, signal));
      while (job.waiters.length > 0) {
        const waiter = job.waiters.shift()!;
        if (waiter.segment === null) {
          waiter.resolve(header);
          continue;
        }
        const range = header.segments[waiter.segment];
        if (range === undefined) {
          waiter.reject(new MeshFetchError(job.id, `the asset has no ${waiter.segment} segment (it has ${Object.keys(header.segments).join(', ') || 'none'})`));
          continue;
        }
        let bytes = entry.segments.get(waiter.segment);
        if (bytes === undefined) {
          const inPrefix = range.end <= entry.prefix.length;
          if (inPrefix) this.stats.segmentsHeld++;
          bytes = inPrefix ? entry.prefix.slice(range.start, range.end) : await this.fetchSegment(job.id, url, entry, range.start, range.end, signal);
          entry.segments.set(waiter.segment, bytes);
          this.held.set(job.id, entry);
        } else {
          this.stats.segmentsHeld++;
        }
        waiter.resolve({ id: job.id, name: waiter.segment, bytes, header });
      }
    } catch (error) {
      if (signal.aborted) return; // cancel() has answered the waiters
      const failure = error instanceof Error ? error : new Error(String(error));
      if (failure instanceof MeshMissingError) this.missing.add(job.id);
      if (failure instanceof MeshFormatError) this.unusable.set(job.id, failure);
      for (const waiter of job.waiters.splice(0)) waiter.reject(failure);
    } finally {
      this.jobs.finish(job);
    }
  }

  /** The first `headerBytes`, then twice as much while the header runs past what is held. */
  private async fetchHeader(id: string, url: URL, entry: MeshEntry, signal: AbortSignal): Promise<MeshHeader> {
    let want = this.headerBytes;
    for (;;) {
      if (!entry.whole && entry.prefix.length < want) {
        const answer = await this.get(id, url, entry.prefix.length, want, signal);
        if (answer.kind === 'whole') {
          entry.prefix = answer.bytes;
          entry.total = answer.bytes.length;
          entry.whole = true;
        } else {
          if (answer.start !== entry.prefix.length) throw new MeshFetchError(id, `asked for bytes from ${entry.prefix.length}, the server sent from ${answer.start}`);
          entry.prefix = concatBytes([entry.prefix, answer.bytes]);
          entry.total = answer.total ?? entry.total;
          if (entry.total !== null && entry.prefix.length >= entry.total) entry.whole = true;
        }
      }
      try {
        entry.header = readMeshHeader(entry.prefix, { asset: id, total: entry.whole ? entry.prefix.length : entry.total, limits: this.limits });
        this.held.set(id, entry);
        return entry.header;
      } catch (error) {
        const canGrow = error instanceof MeshHeaderCutError && !entry.whole && want < this.limits.maxHeaderBytes;
        if (!canGrow) throw error;
        want = Math.min(this.limits.maxHeaderBytes, Math.max(want, entry.prefix.length) * 2);
      }
    }
  }

  /** Bytes [start, end) of the asset: what the header's prefix already holds, then the rest, continuing after short answers. */
  private async fetchSegment(id: string, url: URL, entry: MeshEntry, start: number, end: number, signal: AbortSignal): Promise<Uint8Array> {
    const out = new Uint8Array(end - start);
    const held = entry.prefix.subarray(Math.min(start, entry.prefix.length), end);
    out.set(held);
    let have = held.length;
    while (have < out.length) {
      const answer = await this.get(id, url, start + have, end, signal);
      if (answer.kind === 'whole') {
        // The server ignored Range: keep the whole asset, later segments cost nothing.
        entry.prefix = answer.bytes;
        entry.whole = true;
        entry.total = answer.bytes.length;
        if (answer.bytes.length < end) throw new MeshFetchError(id, `the whole asset is ${answer.bytes.length} bytes, shorter than the header says`);
        return answer.bytes.slice(start, end);
      }
      const skip = start + have - answer.start;
      if (skip < 0 || skip >= answer.bytes.length) throw new MeshFetchError(id, `asked for bytes from ${start + have}, the server sent ${answer.bytes.length} from ${answer.start}`);
      const part = answer.bytes.subarray(skip, skip + out.length - have);
      out.set(part, have);
      have += part.length;
    }
    return out;
  }

  private async get(id: string, url: URL, start: number, end: number, signal: AbortSignal): Promise<{ kind: 'whole'; bytes: Uint8Array } | { kind: 'partial'; start: number; bytes: Uint8Array; total: number | null }> {
    let answer;
    try {
      answer = await rangedGet(this.doFetch, url, start, end, this.limits.maxAssetBytes, this.policy, signal, this.stats);
    } catch (error) {
      if (error instanceof RangedGetError) throw new MeshFetchError(id, error.message, { cause: error });
      throw error;
    }
    if (answer.kind === 'missing') throw new MeshMissingError(id);
    if (answer.kind === 'unsatisfiable') throw new MeshFetchError(id, `the server refused bytes ${start}-${end - 1} (416, the asset is ${answer.total ?? 'of unknown'} bytes)`);
    return answer;
  }
}

function sizeOfEntry(entry: MeshEntry): number {
  let bytes = entry.prefix.length;
  for (const segment of entry.segments.values()) bytes += segment.length;
  return bytes;
}
