/**
 * Page side of indexeddb-codestream-store.test.ts, bundled for Chromium: the
 * store's operations as page functions the test calls across reloads, and a
 * way to plant entries this store would never write.
 */
import type { StoredCodestream } from '../fetch/codestream-entry.ts';
import { IndexedDbCodestreamStore } from './indexeddb-codestream-store.ts';

/** What a test reads back: the length, the fill byte (or null when the bytes differ), total and complete. */
export interface ReadBack {
  readonly length: number;
  readonly fill: number | null;
  readonly total: number | null;
  readonly complete: boolean;
}

let store: IndexedDbCodestreamStore | null = null;
const errors: string[] = [];

function current(): IndexedDbCodestreamStore {
  if (store === null) throw new Error('open the store first');
  return store;
}

const view = () => ({ ids: current().ids(), bytes: current().bytes });

const api = {
  async open(maxBytes: number) {
    store?.close();
    store = await IndexedDbCodestreamStore.open(maxBytes, { name: 'slv-test-codestreams', onError: (error) => errors.push(error.message) });
    return view();
  },
  async put(id: string, length: number, fill: number, total: number | null, complete: boolean) {
    // A view into a larger buffer: only its own bytes must be stored.
    const backing = new Uint8Array(length + 64).fill(0xee);
    const bytes = backing.subarray(32, 32 + length).fill(fill);
    await current().put(id, { bytes, total, complete });
    return view();
  },
  async get(id: string): Promise<ReadBack | null> {
    const got: StoredCodestream | null = await current().get(id);
    if (got === null) return null;
    const first = got.bytes[0] ?? null;
    const fill = got.bytes.every((b) => b === first) ? first : null;
    return { length: got.bytes.length, fill, total: got.total, complete: got.complete };
  },
  async remove(id: string) {
    await current().delete(id);
    return view();
  },
  /** Writes straight into the database, as another program (or a damaged profile) might; `bytesLength` becomes `bytes` of that many zeros. */
  async plant(entries: { key: string; codestream?: Record<string, unknown>; usage?: unknown }[]) {
    current().close();
    store = null;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('slv-test-codestreams');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['codestreams', 'usage'], 'readwrite');
    for (const entry of entries) {
      if (entry.codestream !== undefined) {
        const { bytesLength, ...rest } = entry.codestream;
        tx.objectStore('codestreams').put(typeof bytesLength === 'number' ? { ...rest, bytes: new Uint8Array(bytesLength) } : rest, entry.key);
      }
      if (entry.usage !== undefined) tx.objectStore('usage').put(entry.usage, entry.key);
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  },
  errors: () => errors.splice(0),
};

export type StorePageApi = typeof api;
(globalThis as unknown as { slvStore: StorePageApi }).slvStore = api;
