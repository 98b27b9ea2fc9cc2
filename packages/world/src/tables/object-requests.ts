/**
 * Objects to ask the simulator for (RequestMultipleObjects): cache misses from
 * ObjectUpdateCached and terse updates for objects never seen. Ingestion does
 * not talk to a circuit; it collects the local ids of one message into a batch
 * and hands the batch to the session's `requestObjects` callback in one call.
 * An id asked for recently is not asked for again until `retryMs` passed.
 */
import { createHashTable, hashTableClear, hashTableDelete, hashTableFind, hashTableSet } from '@slv/core';
import type { HashTable } from '@slv/core';

/** RequestMultipleObjects CacheMissType. */
export const CacheMissType = {
  /** Not in the cache at all: send the full object. */
  Full: 0,
  /** Cached, but with another CRC. */
  CrcMismatch: 1,
} as const;
export type CacheMissType = (typeof CacheMissType)[keyof typeof CacheMissType];

/**
 * Sends one RequestMultipleObjects for `count` objects of region `regionIndex`:
 * `localIds[k]` with `missTypes[k]`. The arrays are scratch, valid only during the call.
 */
export type RequestObjects = (regionIndex: number, localIds: Uint32Array, missTypes: Uint8Array, count: number) => void;

/** RequestMultipleObjects' ObjectData block is Variable: at most 255 per message. */
export const MAX_REQUEST_BATCH = 255;

export interface ObjectRequests {
  readonly localIds: Uint32Array;
  readonly missTypes: Uint8Array;
  count: number;
  regionIndex: number;
  /** (region index, local id, 0) → time asked, in tenths of a second. */
  readonly askedAt: HashTable;
  readonly retryMs: number;
}

export function createObjectRequests(maxTracked: number, retryMs: number): ObjectRequests {
  return {
    localIds: new Uint32Array(MAX_REQUEST_BATCH),
    missTypes: new Uint8Array(MAX_REQUEST_BATCH),
    count: 0,
    regionIndex: -1,
    askedAt: createHashTable(2, maxTracked),
    retryMs,
  };
}

/** Sends what is batched, if anything. */
export function flushRequests(r: ObjectRequests, send: RequestObjects | undefined): number {
  const count = r.count;
  if (count === 0) return 0;
  r.count = 0;
  if (send !== undefined) send(r.regionIndex, r.localIds, r.missTypes, count);
  return count;
}

/**
 * Adds an object to the batch unless it was asked for within retryMs; a batch
 * for another region, or a full one, is sent first. Returns true when added.
 */
export function requestObject(
  r: ObjectRequests, send: RequestObjects | undefined, regionIndex: number, localId: number, missType: CacheMissType, nowMs: number,
): boolean {
  // Tenths of a second modulo 2^31, compared modulo 2^31: any clock origin works.
  const now = Math.floor(nowMs / 100) & 0x7fffffff;
  const asked = hashTableFind(r.askedAt, regionIndex, localId, 0, 0);
  if (asked >= 0 && ((now - asked) & 0x7fffffff) * 100 < r.retryMs) return false;
  // A full table of recent requests is forgotten wholesale: at worst an object is asked for twice.
  if (!hashTableSet(r.askedAt, regionIndex, localId, 0, 0, now)) {
    hashTableClear(r.askedAt);
    hashTableSet(r.askedAt, regionIndex, localId, 0, 0, now);
  }
  if (r.count > 0 && (r.regionIndex !== regionIndex || r.count === MAX_REQUEST_BATCH)) flushRequests(r, send);
  r.regionIndex = regionIndex;
  r.localIds[r.count] = localId;
  r.missTypes[r.count] = missType;
  r.count++;
  return true;
}

/** The object arrived: a later miss may ask for it at once. */
export function forgetRequest(r: ObjectRequests, regionIndex: number, localId: number): void {
  if (r.askedAt.size > 0) hashTableDelete(r.askedAt, regionIndex, localId, 0, 0);
}
