/**
 * ObjectUpdate: each ObjectData block updates its object's entity, or creates
 * one when the frame's creation budget allows, or else waits in the creation
 * queue as a copy of its bytes.
 */
import type { ObjectUpdateReader, ObjectUpdate_ObjectData } from '@slv/protocol';
import type { MessageSource } from '@slv/net';
import { applyFullUpdate } from './apply-full-update.ts';
import { updateFullMotionOnly } from './motion-only-update.ts';
import { fullUpdateCrc, fullUpdateFlags } from './int32-fields.ts';
import { createObjectWithId, existingEntityFor } from '../objects/object-lifecycle.ts';
import { cancelPending, enqueuePending } from '../tables/pending-creations.ts';
import { regionOfHandle } from '../regions/source-regions.ts';
import { RecordKind, fullUpdateRecordLength, writeFullUpdateRecord } from './update-records.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

export function ingestObjectUpdate(ing: WorldIngestion, reader: ObjectUpdateReader, source: MessageSource): void {
  const rd = reader.RegionData;
  const region = regionOfHandle(ing, source, rd.RegionHandleHigh(0), rd.RegionHandleLow(0), 'ObjectUpdate');
  if (region < 0) return;
  const block = reader.ObjectData;
  ing.now[0] = ing.clock();
  for (let i = 0; i < block.count; i++) {
    ing.stats.objectUpdateBlocks++;
    admitFullBlock(ing, region, block, i);
  }
}

/** Updates, creates within budget, or queues one block. */
function admitFullBlock(ing: WorldIngestion, region: number, block: ObjectUpdate_ObjectData, i: number): void {
  const localId = block.ID(i);
  const eid = existingEntityFor(ing, region, localId, block.bytes, block.FullIDOffset(i));
  if (eid >= 0) {
    if (!updateFullMotionOnly(ing, eid, block, i)) applyFullUpdate(ing, eid, region, block, i, false, 'ObjectUpdate');
    return;
  }
  if (ing.pending.budgetLeft > 0) {
    ing.pending.budgetLeft--;
  } else {
    const length = fullUpdateRecordLength(block, i);
    const slot = enqueuePending(ing.pending, region, localId, RecordKind.FullUpdate, length, fullUpdateCrc(block, i), fullUpdateFlags(block, i));
    if (slot >= 0) {
      writeFullUpdateRecord(block, i, ing.pending.ring.bytes, ing.pending.ring.offset[slot]);
      ing.stats.queued++;
      return;
    }
    ing.stats.overBudget++;
  }
  // This update is newer than anything queued for the object.
  cancelPending(ing.pending, region, localId);
  createFromFullBlock(ing, region, block, i, false, 'ObjectUpdate');
}

/** Creates the object of block `i` now, whatever the budget; returns its entity or -1. */
export function createFromFullBlock(
  ing: WorldIngestion, region: number, block: ObjectUpdate_ObjectData, i: number, fromCache: boolean, messageName: string,
): number {
  const localId = block.ID(i);
  let eid = existingEntityFor(ing, region, localId, block.bytes, block.FullIDOffset(i));
  if (eid < 0) eid = createObjectWithId(ing, region, localId, block.bytes, block.FullIDOffset(i));
  if (eid < 0) return -1;
  applyFullUpdate(ing, eid, region, block, i, fromCache, messageName);
  return eid;
}
