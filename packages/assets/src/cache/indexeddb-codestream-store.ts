/**
 * The persistent codestream cache in a browser: IndexedDB, keyed by texture
 * id, bounded by bytes, least recently used evicted first, surviving a page
 * reload and a browser restart.
 *
 * Two object stores: `codestreams` (id → { bytes, total, complete }) and
 * `usage` (id → { size, lastUsed }), written together in one transaction so
 * one never names what the other lacks. Opening reads only `usage` (no
 * pixel of codestream), to rebuild the LRU order in memory; every get
 * renews `lastUsed`. Entries that are not what this store writes (a wrong
 * shape, a length that contradicts the bytes, a key that is not a texture
 * id, a codestream without its usage record) are deleted and reported
 * through `onError`, never returned. Several tabs share the database but
 * not their in-memory index, so together they may briefly hold more than
 * one budget; each evicts down to it on its next put.
 */
import type { StoredCodestream } from '../fetch/codestream-entry.ts';
import { MAX_CODESTREAM_BYTES } from '../fetch/codestream-entry.ts';
import { ByteBudgetLru } from './byte-budget-lru.ts';
import { assertTextureId, type CodestreamStore } from './codestream-store.ts';

const VERSION = 1;
const CODESTREAMS = 'codestreams';
const USAGE = 'usage';
const TEXTURE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface IndexedDbCodestreamStoreOptions {
  /** Database name (default 'slv-codestreams'). */
  readonly name?: string;
  /** Default: the global indexedDB. */
  readonly indexedDB?: IDBFactory;
  /** Entries found damaged or odd (deleted), and failed evictions. Default: console.warn. */
  readonly onError?: (error: Error) => void;
}

interface UsageRecord {
  readonly size: number;
  readonly lastUsed: number;
}

export class IndexedDbCodestreamStore implements CodestreamStore {
  /** Ids the LRU dropped since the last write; deleted in the next transaction (or at once when none comes). */
  private readonly evicted: string[] = [];
  private clock: number;

  private constructor(
    private readonly db: IDBDatabase,
    private readonly entries: ByteBudgetLru<number>,
    private readonly report: (error: Error) => void,
    lastUsed: number,
  ) {
    this.clock = lastUsed;
  }

  /** Opens (creating) the database and indexes what an earlier page left there, oldest use first. */
  static async open(maxBytes: number, options: IndexedDbCodestreamStoreOptions = {}): Promise<IndexedDbCodestreamStore> {
    const factory = options.indexedDB ?? globalThis.indexedDB;
    if (factory === undefined) throw new Error('IndexedDbCodestreamStore: this runtime has no IndexedDB');
    const name = options.name ?? 'slv-codestreams';
    const report = options.onError ?? ((error: Error) => console.warn(error.message));
    const opening = factory.open(name, VERSION);
    opening.onupgradeneeded = () => {
      const db = opening.result;
      if (!db.objectStoreNames.contains(CODESTREAMS)) db.createObjectStore(CODESTREAMS);
      if (!db.objectStoreNames.contains(USAGE)) db.createObjectStore(USAGE);
    };
    const db = await requested(opening, `cannot open IndexedDB database ${JSON.stringify(name)}`);
    // Another tab upgrading the schema: let it, this store stops.
    db.onversionchange = () => db.close();

    const tx = db.transaction([CODESTREAMS, USAGE], 'readwrite');
    const usage = tx.objectStore(USAGE);
    const codestreams = tx.objectStore(CODESTREAMS);
    const [keys, records, storedKeys] = await Promise.all([
      requested(usage.getAllKeys(), 'cannot read the usage index'),
      requested(usage.getAll(), 'cannot read the usage index'),
      requested(codestreams.getAllKeys(), 'cannot list the codestreams'),
    ]);
    const found: { id: string; size: number; lastUsed: number }[] = [];
    // Keys with a usage record, good or dropped: the codestreams left are orphans.
    const listed = new Set<IDBValidKey>(keys);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const record = records[i] as Partial<UsageRecord> | undefined;
      const problem = typeof key !== 'string' || !TEXTURE_ID.test(key) ? 'the key is not a texture id' : usageProblem(record);
      if (problem !== null) {
        report(oddEntry(key, problem));
        usage.delete(key);
        codestreams.delete(key);
        continue;
      }
      found.push({ id: key as string, size: record!.size!, lastUsed: record!.lastUsed! });
    }
    for (const key of storedKeys) {
      if (listed.has(key)) continue;
      report(oddEntry(key, 'a codestream without its usage record'));
      codestreams.delete(key);
    }
    await completed(tx, 'cannot tidy the store');
    found.sort((a, b) => a.lastUsed - b.lastUsed);
    const entries = new ByteBudgetLru<number>(maxBytes, (size) => size, (id) => store.evicted.push(id));
    const store: IndexedDbCodestreamStore = new IndexedDbCodestreamStore(db, entries, report, Math.max(Date.now(), found.at(-1)?.lastUsed ?? 0));
    for (const entry of found) entries.set(entry.id, entry.size);
    await store.flushEvictions(); // a smaller budget than last time
    return store;
  }

  /** Codestream bytes held. */
  get bytes(): number {
    return this.entries.bytes;
  }

  /** Ids, least recently used first. */
  ids(): string[] {
    return this.entries.keys();
  }

  async get(id: string): Promise<StoredCodestream | null> {
    assertTextureId(id);
    if (!this.entries.has(id)) return null;
    const tx = this.db.transaction([CODESTREAMS, USAGE], 'readwrite');
    const value: unknown = await requested(tx.objectStore(CODESTREAMS).get(id), `cannot read texture ${id}`);
    const checked = checkStored(value);
    if (typeof checked === 'string') {
      this.report(oddEntry(id, checked));
      tx.objectStore(CODESTREAMS).delete(id);
      tx.objectStore(USAGE).delete(id);
      this.entries.delete(id);
      await completed(tx, `cannot drop texture ${id}`);
      return null;
    }
    this.entries.get(id);
    tx.objectStore(USAGE).put({ size: checked.bytes.length, lastUsed: this.tick() } satisfies UsageRecord, id);
    await completed(tx, `cannot renew texture ${id}`);
    return checked;
  }

  async put(id: string, codestream: StoredCodestream): Promise<void> {
    assertTextureId(id);
    const size = codestream.bytes.length;
    if (size > this.entries.budgetBytes || size > MAX_CODESTREAM_BYTES) return;
    const tx = this.db.transaction([CODESTREAMS, USAGE], 'readwrite');
    // A copy of exactly the prefix: a view into a larger buffer would store all of it.
    const value: StoredCodestream = { bytes: codestream.bytes.slice(), total: codestream.total, complete: codestream.complete };
    tx.objectStore(CODESTREAMS).put(value, id);
    tx.objectStore(USAGE).put({ size, lastUsed: this.tick() } satisfies UsageRecord, id);
    this.entries.set(id, size);
    this.deleteEvicted(tx);
    await completed(tx, `cannot store texture ${id}`);
  }

  async delete(id: string): Promise<void> {
    assertTextureId(id);
    this.entries.delete(id);
    const tx = this.db.transaction([CODESTREAMS, USAGE], 'readwrite');
    tx.objectStore(CODESTREAMS).delete(id);
    tx.objectStore(USAGE).delete(id);
    await completed(tx, `cannot delete texture ${id}`);
  }

  close(): void {
    this.db.close();
  }

  private tick(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }

  private deleteEvicted(tx: IDBTransaction): void {
    for (const id of this.evicted.splice(0)) {
      tx.objectStore(CODESTREAMS).delete(id);
      tx.objectStore(USAGE).delete(id);
    }
  }

  private async flushEvictions(): Promise<void> {
    if (this.evicted.length === 0) return;
    const tx = this.db.transaction([CODESTREAMS, USAGE], 'readwrite');
    this.deleteEvicted(tx);
    await completed(tx, 'cannot evict').catch((error: Error) => this.report(error));
  }
}

function usageProblem(record: Partial<UsageRecord> | undefined): string | null {
  if (record === null || typeof record !== 'object') return 'the usage record is not an object';
  if (!Number.isSafeInteger(record.size) || record.size! < 0 || record.size! > MAX_CODESTREAM_BYTES) return `the usage record's size is ${String(record.size)}`;
  if (typeof record.lastUsed !== 'number' || !Number.isFinite(record.lastUsed)) return `the usage record's lastUsed is ${String(record.lastUsed)}`;
  return null;
}

/** The stored value when it is one this store writes; otherwise why not. */
function checkStored(value: unknown): StoredCodestream | string {
  if (value === undefined) return 'it is listed but not stored';
  if (value === null || typeof value !== 'object') return `the value is ${value === null ? 'null' : typeof value}, not a codestream record`;
  const { bytes, total, complete } = value as Partial<StoredCodestream>;
  if (!(bytes instanceof Uint8Array)) return 'its bytes are not a Uint8Array';
  if (typeof complete !== 'boolean') return 'its complete flag is not a boolean';
  if (total !== null && (!Number.isSafeInteger(total) || total! < bytes.length || total! > MAX_CODESTREAM_BYTES)) return `its total ${String(total)} does not fit its ${bytes.length} bytes`;
  if (complete && total !== bytes.length) return `it is marked complete with ${bytes.length} of ${String(total)} bytes`;
  return { bytes, total: total ?? null, complete };
}

function oddEntry(key: unknown, problem: string): Error {
  return new Error(`IndexedDB codestream store: entry ${JSON.stringify(String(key).slice(0, 64))} dropped: ${problem}`);
}

function requested<T>(request: IDBRequest<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`IndexedDB codestream store: ${what}: ${request.error?.message ?? 'unknown error'}`, { cause: request.error }));
  });
}

function completed(tx: IDBTransaction, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    const fail = () => reject(new Error(`IndexedDB codestream store: ${what}: ${tx.error?.message ?? 'transaction aborted'}`, { cause: tx.error }));
    tx.onerror = fail;
    tx.onabort = fail;
  });
}
