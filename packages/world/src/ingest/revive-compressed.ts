/**
 * Objects coming back. A killed object's entity waits in the pool with
 * everything decoded into it (objects/object-lifecycle.ts); when the object
 * re-enters with the blob it was decoded from, CRC, scale and motion aside
 * (as objects do that leave a viewer's interest list and return, or come
 * back from the object cache), it takes that entity back and only its
 * motion is decoded. The result is the same as a full decode
 * (object-updates.test.ts compares them), without decoding shape, faces and
 * parameters again.
 */
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';
import { dormantEntityFor, reviveEntity } from '../objects/object-lifecycle.ts';
import { matchingCompressedRecord, writeCompressedMotion } from './motion-only-update.ts';

/**
 * Revives object `localId` of the region from the blob at bytes[offset,
 * +length) when its dormant entity was decoded from that blob; returns the
 * entity, or -1 (decode it in full). The caller has made sure no live entity
 * holds the object's local id or UUID (existingEntityFor).
 */
export function reviveCompressed(
  ing: WorldIngestion, region: number, localId: number, updateFlags: number, bytes: Uint8Array, view: DataView, offset: number, length: number,
): number {
  const eid = dormantEntityFor(ing, region, localId);
  if (eid < 0) return -1;
  const slot = matchingCompressedRecord(ing, eid, view, offset, length);
  if (slot < 0) return -1;
  reviveEntity(ing, eid, bytes, offset);
  writeCompressedMotion(ing, eid, slot, updateFlags, view, offset);
  return eid;
}
