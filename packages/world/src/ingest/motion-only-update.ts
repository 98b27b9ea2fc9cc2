/**
 * Updates that change nothing but motion. Simulators resend whole objects
 * (ObjectUpdate, ObjectUpdateCompressed) whose shape, faces, parameters and
 * text have not changed, often with only a new position and CRC. Each entity
 * remembers the object-cache record (slot and generation) it was last decoded
 * from in full; an update whose bytes equal that record outside CRC, scale and
 * motion gets only those decoded, and they are copied into the record so it
 * stays exactly the latest update (what a cache hit restores). The result is
 * the same as a full decode (object-updates.test.ts compares them), at a
 * fraction of the cost.
 */
import { CompressedFlags, MOTION_FLOATS, Motion, decodeObjectMotion, unpackQuaternion } from '@slv/protocol';
import type { ObjectUpdate_ObjectData } from '@slv/protocol';
import { appliedRecord, copyBytes, copyRecord, sameBytes } from './cache-update.ts';
import { resetMotionRecord, writeMotion, writeScale } from './object-writers.ts';
import { FULL_RECORD_PREFIX_BYTES, RecordKind, fullUpdateRecordLength } from './update-records.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

/** FullID … OwnerID, the part of a compressed blob always present. */
export const COMPRESSED_HEADER_BYTES = 84;

const motion = new Float32Array(MOTION_FLOATS);
const scale = new Float32Array(3);

// Compressed blob: PCode at 20, State at 21, CRC at 22..26, then Material, ClickAction, Scale 28..40, Position 40..52,
// Rotation 52..64, Flags 64..68, OwnerID 68..84, [AngularVelocity 84..96 with flag 0x80], the rest.
const C_STATE = 21;
const C_CRC = 22;
const C_SCALE = 28;
const C_POSITION = 40;
const C_ROTATION = 52;
const C_FLAGS = 64;

/**
 * A compressed blob equal to the entity's record outside CRC, scale,
 * position, rotation and angular velocity: writes those and UpdateFlags and
 * returns true; false means decode it in full.
 */
export function updateCompressedMotionOnly(ing: WorldIngestion, eid: number, updateFlags: number, view: DataView, offset: number, length: number): boolean {
  const slot = matchingCompressedRecord(ing, eid, view, offset, length);
  if (slot < 0) return false;
  writeCompressedMotion(ing, eid, slot, updateFlags, view, offset);
  ing.stats.motionOnlyUpdates++;
  return true;
}

/**
 * The record the entity was decoded from, when the blob equals it outside
 * CRC, scale and motion (FullID and LocalID included); else -1.
 */
export function matchingCompressedRecord(ing: WorldIngestion, eid: number, view: DataView, offset: number, length: number): number {
  const slot = appliedRecord(ing.tables.cache, eid, RecordKind.Compressed);
  const ring = ing.tables.cache.ring;
  if (slot < 0 || ring.length[slot] !== length) return -1;
  const at = ring.offset[slot];
  const motionEnd = compressedMotionEnd(view, offset);
  if (
    !sameBytes(view, offset, ring.view, at, 0, C_CRC) ||
    !sameBytes(view, offset, ring.view, at, C_CRC + 4, C_SCALE) ||
    !sameBytes(view, offset, ring.view, at, C_FLAGS, COMPRESSED_HEADER_BYTES) ||
    !sameBytes(view, offset, ring.view, at, motionEnd, length)
  ) {
    return -1;
  }
  return slot;
}

function compressedMotionEnd(view: DataView, offset: number): number {
  const hasSpin = (view.getUint32(offset + C_FLAGS, true) & CompressedFlags.HasAngularVelocity) !== 0;
  return hasSpin ? COMPRESSED_HEADER_BYTES + 12 : COMPRESSED_HEADER_BYTES;
}

/**
 * Writes the blob's CRC, scale, motion and UpdateFlags into the entity and
 * copies them into its record `slot` (matchingCompressedRecord's), so the
 * record stays exactly the latest update.
 */
export function writeCompressedMotion(ing: WorldIngestion, eid: number, slot: number, updateFlags: number, view: DataView, offset: number): void {
  const ring = ing.tables.cache.ring;
  const at = ring.offset[slot];
  const motionEnd = compressedMotionEnd(view, offset);
  scale[0] = view.getFloat32(offset + C_SCALE, true);
  scale[1] = view.getFloat32(offset + C_SCALE + 4, true);
  scale[2] = view.getFloat32(offset + C_SCALE + 8, true);
  writeScale(ing, eid, scale, 0);
  resetMotionRecord(motion);
  for (let k = 0; k < 3; k++) motion[Motion.Position + k] = view.getFloat32(offset + C_POSITION + 4 * k, true);
  unpackQuaternion(view, offset + C_ROTATION, motion, Motion.Rotation);
  if (motionEnd > COMPRESSED_HEADER_BYTES) {
    for (let k = 0; k < 3; k++) motion[Motion.AngularVelocity + k] = view.getFloat32(offset + COMPRESSED_HEADER_BYTES + 4 * k, true);
  }
  writeMotion(ing, eid, motion, 0);
  const id = ing.components.identity;
  const crc = view.getInt32(offset + C_CRC, true);
  id.crc[eid] = crc;
  id.updateFlags[eid] = updateFlags;
  // Equal to the record's, but a terse update may have changed it since.
  id.state[eid] = view.getUint8(offset + C_STATE);
  ring.view.setInt32(at + C_CRC, crc, true);
  copyRecord(view, offset + C_SCALE, ring.view, at + C_SCALE, C_FLAGS - C_SCALE);
  copyRecord(view, offset + COMPRESSED_HEADER_BYTES, ring.view, at + COMPRESSED_HEADER_BYTES, motionEnd - COMPRESSED_HEADER_BYTES);
  ring.crc[slot] = crc;
  ring.flags[slot] = updateFlags;
}

// ObjectUpdate ObjectData block, from its first byte: State at 4, CRC at 21..25, Scale 28..40,
// the ObjectData length byte at 40 and its motion bytes from 41. A full-update
// record is that block behind an 11-byte message prefix (update-records.ts).
const F_STATE = 4;
const F_CRC = 21;
const F_SCALE = 28;
const F_MOTION_LENGTH = 40;

/**
 * An ObjectUpdate block equal to the entity's record outside CRC, scale and
 * the ObjectData motion: decodes those, returns true; false means decode it in full.
 */
export function updateFullMotionOnly(ing: WorldIngestion, eid: number, block: ObjectUpdate_ObjectData, i: number): boolean {
  const slot = appliedRecord(ing.tables.cache, eid, RecordKind.FullUpdate);
  if (slot < 0) return false;
  const ring = ing.tables.cache.ring;
  const bytes = block.bytes;
  const start = block.segmentStarts[i * block.segments];
  const length = fullUpdateRecordLength(block, i) - FULL_RECORD_PREFIX_BYTES;
  const cached = ring.bytes;
  const at = ring.offset[slot] + FULL_RECORD_PREFIX_BYTES;
  const motionLength = bytes[start + F_MOTION_LENGTH];
  if (ring.length[slot] - FULL_RECORD_PREFIX_BYTES !== length || cached[at + F_MOTION_LENGTH] !== motionLength) return false;
  const motionEnd = F_MOTION_LENGTH + 1 + motionLength;
  if (
    !sameBytes(block.view, start, ring.view, at, 0, F_CRC) ||
    !sameBytes(block.view, start, ring.view, at, F_CRC + 4, F_SCALE) ||
    !sameBytes(block.view, start, ring.view, at, F_MOTION_LENGTH, F_MOTION_LENGTH + 1) ||
    !sameBytes(block.view, start, ring.view, at, motionEnd, length)
  ) {
    return false;
  }
  if (!decodeObjectMotion(bytes, block.view, start + F_MOTION_LENGTH + 1, motionLength, motion, 0)) return false;
  block.Scale(i, scale);
  writeScale(ing, eid, scale, 0);
  writeMotion(ing, eid, motion, 0);
  const crc = block.view.getInt32(start + F_CRC, true);
  ing.components.identity.crc[eid] = crc;
  // Equal to the record's, but a terse update may have changed it since.
  ing.components.identity.state[eid] = bytes[start + F_STATE];
  copyBytes(bytes, start, cached, at, F_CRC, F_CRC + 4);
  copyBytes(bytes, start, cached, at, F_SCALE, F_MOTION_LENGTH);
  copyBytes(bytes, start, cached, at, F_MOTION_LENGTH + 1, motionEnd);
  ring.crc[slot] = crc;
  ing.stats.motionOnlyUpdates++;
  return true;
}

