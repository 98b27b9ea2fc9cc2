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
import { compressedUpdateFlags } from './int32-fields.ts';
import { COMPRESSED_HEADER_BYTES, updateCompressedMotionOnly } from './motion-only-update.ts';
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
    if (length >= COMPRESSED_HEADER_BYTES) {
      // LocalID at 16, FullID at 0 of the blob.
      const eid = existingEntityFor(ing, region, view.getUint32(offset + 16, true), bytes, offset);
      if (eid >= 0 && updateCompressedMotionOnly(ing, eid, compressedUpdateFlags(block, i), bytes, view, offset, length)) continue;
    }
    if (!decodeCompressedObject(bytes, view, offset, length, object)) {
      reportError(ing, 'ObjectUpdateCompressed', i, -1, object.status.message);
      continue;
    }
    admitCompressed(ing, region, compressedUpdateFlags(block, i), bytes, view, offset, length);
  }
}

/** Updates, creates within budget, or queues the decoded `object`. */
function admitCompressed(
  ing: WorldIngestion, region: number, updateFlags: number, bytes: Uint8Array, view: DataView, offset: number, length: number,
): void {
  const localId = object.localId;
  const eid = existingEntityFor(ing, region, localId, object.fullId, 0);
  if (eid >= 0) {
    applyCompressed(ing, object, eid, region, updateFlags, bytes, view, offset, length, false);
    return;
  }
  if (ing.pending.budgetLeft > 0) {
    ing.pending.budgetLeft--;
  } else {
    const slot = enqueuePending(ing.pending, region, localId, RecordKind.Compressed, length, object.crc, updateFlags);
    if (slot >= 0) {
      const ring = ing.pending.ring;
      const to = ring.offset[slot] - offset;
      for (let k = offset; k < offset + length; k++) ring.bytes[to + k] = bytes[k];
      ing.stats.queued++;
      return;
    }
    ing.stats.overBudget++;
  }
  cancelPending(ing.pending, region, localId);
  const created = createObjectWithId(ing, region, localId, object.fullId, 0);
  if (created >= 0) applyCompressed(ing, object, created, region, updateFlags, bytes, view, offset, length, false);
}
