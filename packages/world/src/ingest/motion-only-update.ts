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
import { getRegionHandle } from '@slv/core';
import { CompressedFlags, MOTION_FLOATS, Motion, decodeObjectMotion, unpackQuaternion } from '@slv/protocol';
import type { ObjectUpdate_ObjectData } from '@slv/protocol';
import { findCached, reserveCached } from './object-cache.ts';
import { resetMotionRecord, writeMotion, writeScale } from './object-writers.ts';
import type { RecordRing } from './record-ring.ts';
import { RecordKind, fullUpdateRecordLength, writeFullUpdateRecord } from './update-records.ts';
import type { WorldIngestion } from './world-ingestion.ts';

/** FullID … OwnerID, the part of a compressed blob always present. */
export const COMPRESSED_HEADER_BYTES = 84;

const motion = new Float32Array(MOTION_FLOATS);
const scale = new Float32Array(3);
const handle = new Uint32Array(2);

function sameBytes(a: Uint8Array, ao: number, b: Uint8Array, bo: number, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (a[ao + k] !== b[bo + k]) return false;
  return true;
}

function copyBytes(from: Uint8Array, fo: number, to: Uint8Array, too: number, start: number, end: number): void {
  for (let k = start; k < end; k++) to[too + k] = from[fo + k];
}

/** The record the entity was decoded from, if it is still in the cache and of `kind`; else -1. */
function appliedRecord(ing: WorldIngestion, eid: number, kind: number): number {
  const slot = ing.appliedSlot[eid];
  if (slot < 0) return -1;
  const ring = ing.cache.ring;
  return ring.generation[slot] === ing.appliedGeneration[eid] && ring.kind[slot] === kind ? slot : -1;
}

function noteApplied(ing: WorldIngestion, eid: number, ring: RecordRing, slot: number): void {
  ing.appliedSlot[eid] = slot;
  ing.appliedGeneration[eid] = ring.generation[slot];
}

// Compressed blob: CRC at 22..26, then Material, ClickAction, Scale 28..40, Position 40..52,
// Rotation 52..64, Flags 64..68, OwnerID 68..84, [AngularVelocity 84..96 with flag 0x80], the rest.
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
export function updateCompressedMotionOnly(
  ing: WorldIngestion, eid: number, updateFlags: number, bytes: Uint8Array, view: DataView, offset: number, length: number,
): boolean {
  const slot = appliedRecord(ing, eid, RecordKind.Compressed);
  const ring = ing.cache.ring;
  if (slot < 0 || ring.length[slot] !== length) return false;
  const cached = ring.bytes;
  const at = ring.offset[slot];
  const hasSpin = (view.getUint32(offset + C_FLAGS, true) & CompressedFlags.HasAngularVelocity) !== 0;
  const motionEnd = hasSpin ? COMPRESSED_HEADER_BYTES + 12 : COMPRESSED_HEADER_BYTES;
  if (
    !sameBytes(bytes, offset, cached, at, 0, C_CRC) ||
    !sameBytes(bytes, offset, cached, at, C_CRC + 4, C_SCALE) ||
    !sameBytes(bytes, offset, cached, at, C_FLAGS, COMPRESSED_HEADER_BYTES) ||
    !sameBytes(bytes, offset, cached, at, motionEnd, length)
  ) {
    return false;
  }
  scale[0] = view.getFloat32(offset + C_SCALE, true);
  scale[1] = view.getFloat32(offset + C_SCALE + 4, true);
  scale[2] = view.getFloat32(offset + C_SCALE + 8, true);
  writeScale(ing, eid, scale, 0);
  resetMotionRecord(motion);
  for (let k = 0; k < 3; k++) motion[Motion.Position + k] = view.getFloat32(offset + C_POSITION + 4 * k, true);
  unpackQuaternion(view, offset + C_ROTATION, motion, Motion.Rotation);
  if (hasSpin) for (let k = 0; k < 3; k++) motion[Motion.AngularVelocity + k] = view.getFloat32(offset + COMPRESSED_HEADER_BYTES + 4 * k, true);
  writeMotion(ing, eid, motion, 0);
  const id = ing.components.identity;
  const crc = view.getInt32(offset + C_CRC, true);
  id.crc[eid] = crc;
  id.updateFlags[eid] = updateFlags;
  copyBytes(bytes, offset, cached, at, C_CRC, C_CRC + 4);
  copyBytes(bytes, offset, cached, at, C_SCALE, C_FLAGS);
  copyBytes(bytes, offset, cached, at, COMPRESSED_HEADER_BYTES, motionEnd);
  ring.crc[slot] = crc;
  ring.flags[slot] = updateFlags;
  ing.stats.motionOnlyUpdates++;
  return true;
}

/**
 * After a full decode of a compressed blob: caches it unless the object's
 * record already holds these bytes, and notes that record as the entity's.
 */
export function cacheCompressedRecord(
  ing: WorldIngestion, eid: number, region: number, localId: number, crc: number, updateFlags: number, bytes: Uint8Array, offset: number,
  length: number,
): void {
  const cache = ing.cache;
  const ring = cache.ring;
  getRegionHandle(ing.world, region, handle);
  let slot = findCached(cache, handle[0], handle[1], localId);
  const same =
    slot >= 0 && ring.kind[slot] === RecordKind.Compressed && ring.length[slot] === length && sameBytes(bytes, offset, ring.bytes, ring.offset[slot], 0, length);
  if (!same) {
    slot = reserveCached(cache, handle[0], handle[1], localId, RecordKind.Compressed, length, crc, updateFlags);
    if (slot < 0) return;
    copyBytes(bytes, offset, ring.bytes, ring.offset[slot], 0, length);
  }
  noteApplied(ing, eid, ring, slot);
}

// ObjectUpdate ObjectData block, from its first byte: CRC at 21..25, Scale 28..40,
// the ObjectData length byte at 40 and its motion bytes from 41. A full-update
// record is that block behind an 11-byte message prefix (update-records.ts).
const F_CRC = 21;
const F_SCALE = 28;
const F_MOTION_LENGTH = 40;
const RECORD_PREFIX = 11;

/**
 * An ObjectUpdate block equal to the entity's record outside CRC, scale and
 * the ObjectData motion: decodes those, returns true; false means decode it in full.
 */
export function updateFullMotionOnly(ing: WorldIngestion, eid: number, block: ObjectUpdate_ObjectData, i: number): boolean {
  const slot = appliedRecord(ing, eid, RecordKind.FullUpdate);
  if (slot < 0) return false;
  const ring = ing.cache.ring;
  const bytes = block.bytes;
  const start = block.segmentStarts[i * block.segments];
  const length = fullUpdateRecordLength(block, i) - RECORD_PREFIX;
  const cached = ring.bytes;
  const at = ring.offset[slot] + RECORD_PREFIX;
  const motionLength = bytes[start + F_MOTION_LENGTH];
  if (ring.length[slot] - RECORD_PREFIX !== length || cached[at + F_MOTION_LENGTH] !== motionLength) return false;
  const motionEnd = F_MOTION_LENGTH + 1 + motionLength;
  if (
    !sameBytes(bytes, start, cached, at, 0, F_CRC) ||
    !sameBytes(bytes, start, cached, at, F_CRC + 4, F_SCALE) ||
    !sameBytes(bytes, start, cached, at, F_MOTION_LENGTH, F_MOTION_LENGTH + 1) ||
    !sameBytes(bytes, start, cached, at, motionEnd, length)
  ) {
    return false;
  }
  if (!decodeObjectMotion(bytes, block.view, start + F_MOTION_LENGTH + 1, motionLength, motion, 0)) return false;
  block.Scale(i, scale);
  writeScale(ing, eid, scale, 0);
  writeMotion(ing, eid, motion, 0);
  const crc = block.view.getInt32(start + F_CRC, true);
  ing.components.identity.crc[eid] = crc;
  copyBytes(bytes, start, cached, at, F_CRC, F_CRC + 4);
  copyBytes(bytes, start, cached, at, F_SCALE, F_MOTION_LENGTH);
  copyBytes(bytes, start, cached, at, F_MOTION_LENGTH + 1, motionEnd);
  ring.crc[slot] = crc;
  ing.stats.motionOnlyUpdates++;
  return true;
}

/**
 * After a full decode of an ObjectUpdate block: caches it unless the
 * object's record already holds these bytes, and notes that record as the entity's.
 */
export function cacheFullRecord(
  ing: WorldIngestion, eid: number, region: number, localId: number, crc: number, updateFlags: number, block: ObjectUpdate_ObjectData, i: number,
): void {
  const cache = ing.cache;
  const ring = cache.ring;
  getRegionHandle(ing.world, region, handle);
  let slot = findCached(cache, handle[0], handle[1], localId);
  const length = fullUpdateRecordLength(block, i);
  const start = block.segmentStarts[i * block.segments];
  const same =
    slot >= 0 && ring.kind[slot] === RecordKind.FullUpdate && ring.length[slot] === length &&
    sameBytes(block.bytes, start, ring.bytes, ring.offset[slot] + RECORD_PREFIX, 0, length - RECORD_PREFIX);
  if (!same) {
    slot = reserveCached(cache, handle[0], handle[1], localId, RecordKind.FullUpdate, length, crc, updateFlags);
    if (slot < 0) return;
    writeFullUpdateRecord(block, i, ring.bytes, ring.offset[slot]);
  }
  noteApplied(ing, eid, ring, slot);
}
