/**
 * ObjectUpdateCompressed: each block's Data blob (its own field order, the
 * path block before the profile block) decoded in place and written like a
 * full update. It carries no velocity or acceleration, only angular velocity.
 * A blob equal, motion aside, to the one the object was last decoded from has
 * only its motion decoded (motion-only-update.ts).
 */
import { CompressedObject, decodeCompressedObject } from '@slv/protocol';
import type { ObjectUpdateCompressedReader } from '@slv/protocol';
import type { MessageSource } from '@slv/net';
import { reportError } from '../ingestion/ingestion-error.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';
import { createObjectWithId, existingEntityFor } from '../objects/object-lifecycle.ts';
import { regionOfHandle } from '../regions/source-regions.ts';
import { cancelPending, enqueuePending } from '../tables/pending-creations.ts';
import { applyCompressed } from './apply-compressed-update.ts';
import { copyRecord } from './cache-update.ts';
import { compressedUpdateFlags } from './int32-fields.ts';
import { COMPRESSED_HEADER_BYTES, updateCompressedMotionOnly } from './motion-only-update.ts';
import { reviveCompressed } from './revive-compressed.ts';
import { RecordKind } from './update-records.ts';

const object = new CompressedObject();

export function ingestObjectUpdateCompressed(ing: WorldIngestion, reader: ObjectUpdateCompressedReader, source: MessageSource): void {
  const rd = reader.RegionData;
  const region = regionOfHandle(ing, source, rd.RegionHandleHigh(0), rd.RegionHandleLow(0), 'ObjectUpdateCompressed');
  if (region < 0) return;
  const block = reader.ObjectData;
  const bytes = block.bytes;
  const view = block.view;
  ing.now[0] = ing.clock();
  for (let i = 0; i < block.count; i++) {
    ing.stats.compressedUpdateBlocks++;
    const offset = block.DataOffset(i);
    const length = block.DataLength(i);
    // Shorter than its fixed header, the blob cannot decode (reported below).
    let eid = -1;
    if (length >= COMPRESSED_HEADER_BYTES) {
      // FullID at 0, LocalID at 16, CRC at 22 of the blob.
      const localId = view.getUint32(offset + 16, true);
      eid = existingEntityFor(ing, region, localId, bytes, offset);
      if (eid >= 0 && updateCompressedMotionOnly(ing, eid, compressedUpdateFlags(block, i), view, offset, length)) continue;
      // A new object past the frame's budget waits as its bytes, decoded (and checked) once, when it is created.
      if (eid < 0) {
        // (When the queue is full it is created below, over budget, rather than lost.)
        if (ing.pending.budgetLeft <= 0) {
          if (queueCompressed(ing, region, localId, view.getInt32(offset + 22, true), compressedUpdateFlags(block, i), view, offset, length)) continue;
        } else if (reviveCompressed(ing, region, localId, compressedUpdateFlags(block, i), bytes, view, offset, length) >= 0) {
          ing.pending.budgetLeft--;
          cancelPending(ing.pending, region, localId);
          continue;
        }
      }
    }
    if (!decodeCompressedObject(bytes, view, offset, length, object)) {
      reportError(ing, 'ObjectUpdateCompressed', i, -1, object.status.message);
      continue;
    }
    admitCompressed(ing, eid, region, compressedUpdateFlags(block, i), bytes, view, offset, length);
  }
}

/** Copies the blob into the creation queue; false when the queue has no room. */
function queueCompressed(
  ing: WorldIngestion, region: number, localId: number, crc: number, updateFlags: number, view: DataView, offset: number, length: number,
): boolean {
  const slot = enqueuePending(ing.pending, region, localId, RecordKind.Compressed, length, crc, updateFlags);
  if (slot < 0) return false;
  const ring = ing.pending.ring;
  copyRecord(view, offset, ring.view, ring.offset[slot], length);
  ing.stats.queued++;
  return true;
}

/**
 * Updates `eid` (the object's entity, found above from the same id and UUID,
 * or -1), or creates the decoded `object` within the budget (or beyond it
 * when the queue was full).
 */
function admitCompressed(
  ing: WorldIngestion, eid: number, region: number, updateFlags: number, bytes: Uint8Array, view: DataView, offset: number, length: number,
): void {
  const localId = object.localId;
  if (eid >= 0) {
    applyCompressed(ing, object, eid, region, updateFlags, bytes, view, offset, length, false);
    return;
  }
  if (ing.pending.budgetLeft > 0) ing.pending.budgetLeft--;
  else ing.stats.overBudget++; // the queue was full
  cancelPending(ing.pending, region, localId);
  const created = createObjectWithId(ing, region, localId, object.fullId, 0);
  if (created >= 0) applyCompressed(ing, object, created, region, updateFlags, bytes, view, offset, length, false);
}
