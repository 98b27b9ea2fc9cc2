/**
 * A persistent cache of fetched codestreams, keyed by texture id, holding
 * prefixes as well as whole files (`StoredCodestream` knows which), bounded
 * by bytes. The filesystem store (`@slv/assets/node`) and the IndexedDB
 * store (browsers) implement it; the fetcher reads it before the network
 * and writes to it after each response.
 */
import type { StoredCodestream } from '../fetch/codestream-entry.ts';

export interface CodestreamStore {
  get(id: string): Promise<StoredCodestream | null>;
  /** Keeps the codestream (replacing what was held), evicting least recently used ones to stay within the bound. */
  put(id: string, codestream: StoredCodestream): Promise<void>;
  delete(id: string): Promise<void>;
}

const TEXTURE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Texture ids are lower-case UUIDs; anything else never becomes a file name or a key. */
export function assertTextureId(id: string): void {
  if (!TEXTURE_ID.test(id)) throw new TypeError(`not a texture id (lower-case UUID): ${JSON.stringify(id.slice(0, 64))}`);
}
