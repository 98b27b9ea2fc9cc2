/**
 * ObjectUpdateCompressed: each block's Data blob (its own field order, the
 * path block before the profile block) decoded in place and written like a
 * full update. It carries no velocity or acceleration, only angular velocity.
 * A blob equal, motion aside, to the one the object was last decoded from has
 * only its motion decoded (motion-only-update.ts).
 */
import {
  CompressedFlags, CompressedObject, ExtraParams, MOTION_FLOATS, Motion, decodeCompressedObject, decodeExtraParams,
} from '@slv/protocol';
import type { ObjectUpdateCompressedReader } from '@slv/protocol';
import type { MessageSource } from '@slv/net';
import { compressedUpdateFlags } from './int32-fields.ts';
import { setParent } from './linkset.ts';
import { COMPRESSED_HEADER_BYTES, cacheCompressedRecord, updateCompressedMotionOnly } from './motion-only-update.ts';
import { createObjectWithId, existingEntityFor, setObjectKind } from './object-lifecycle.ts';
import { resetMotionRecord, writeExtraParams, writeMotion, writeScale, writeShape } from './object-writers.ts';
import { cancelPending, enqueuePending } from './pending-creations.ts';
import { clearSound, setHoverText, setMediaUrl, setNameValues, setParticles, setTextureAnim, soundEntry } from './side-tables.ts';
import { regionOfHandle } from './source-regions.ts';
import { writeNeutralTextureEntry, writeTextureEntryBytes } from './texture-entry-writer.ts';
import { RecordKind } from './update-records.ts';
import { internUuid } from './uuid-table.ts';
import { reportError } from './world-ingestion.ts';
import type { WorldIngestion } from './world-ingestion.ts';

const object = new CompressedObject();
const motion = new Float32Array(MOTION_FLOATS);
const extra = new ExtraParams();

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
    applyCompressed(ing, eid, region, updateFlags, bytes, view, offset, length, false);
    return;
  }
  if (ing.creationsLeft > 0) {
    ing.creationsLeft--;
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
  if (created >= 0) applyCompressed(ing, created, region, updateFlags, bytes, view, offset, length, false);
}

/**
 * Decodes the blob at bytes[offset, +length) and creates or updates its object
 * now, whatever the budget (the creation queue and the cache replay through
 * this). Returns the entity, or -1 when the blob is bad or no slot is free.
 */
export function createFromCompressed(
  ing: WorldIngestion, region: number, updateFlags: number, bytes: Uint8Array, view: DataView, offset: number, length: number,
  fromCache: boolean,
): number {
  if (!decodeCompressedObject(bytes, view, offset, length, object)) {
    reportError(ing, 'ObjectUpdateCompressed', -1, -1, object.status.message);
    return -1;
  }
  let eid = existingEntityFor(ing, region, object.localId, object.fullId, 0);
  if (eid < 0) eid = createObjectWithId(ing, region, object.localId, object.fullId, 0);
  if (eid < 0) return -1;
  applyCompressed(ing, eid, region, updateFlags, bytes, view, offset, length, fromCache);
  return eid;
}

/**
 * Writes the decoded `object` (whose blob is bytes[offset, +length)) into
 * `eid`, and caches the blob unless it came from the cache.
 */
function applyCompressed(
  ing: WorldIngestion, eid: number, region: number, updateFlags: number, bytes: Uint8Array, view: DataView, offset: number,
  length: number, fromCache: boolean,
): void {
  const o = object;
  const id = ing.components.identity;
  const flags = o.flags;
  const crc = o.crc | 0;
  id.state[eid] = o.state;
  id.crc[eid] = crc;
  id.material[eid] = o.material;
  id.clickAction[eid] = o.clickAction;
  id.updateFlags[eid] = updateFlags;
  id.ownerIndex[eid] = internUuid(ing.assets, o.ownerId, 0);
  setObjectKind(ing, eid, o.pcode);
  writeScale(ing, eid, o.scale, 0);

  resetMotionRecord(motion);
  for (let k = 0; k < 3; k++) {
    motion[Motion.Position + k] = o.position[k];
    motion[Motion.AngularVelocity + k] = o.angularVelocity[k];
  }
  for (let k = 0; k < 4; k++) motion[Motion.Rotation + k] = o.rotation[k];
  writeMotion(ing, eid, motion, 0);

  writeShape(ing, eid, o.hasShape ? o.shape : null);
  const te = o.textureEntry;
  const teError = o.hasShape ? writeTextureEntryBytes(ing, eid, bytes, view, te.offset, te.length) : '';
  if (!o.hasShape || teError !== '') writeNeutralTextureEntry(ing, eid);
  if (teError !== '') reportError(ing, 'ObjectUpdateCompressed', -1, o.localId, teError);
  const ep = o.extraParams;
  if (decodeExtraParams(bytes, view, ep.offset, ep.length, extra)) {
    writeExtraParams(ing, eid, extra);
  } else {
    reportError(ing, 'ObjectUpdateCompressed', -1, o.localId, extra.status.message);
    writeExtraParams(ing, eid, null);
  }
  id.species[eid] = flags & CompressedFlags.Tree ? o.treeSpecies : 0;
  setParent(ing, eid, o.parentId, 'ObjectUpdateCompressed');

  const side = ing.side;
  const tc = o.textColor;
  setHoverText(side, eid, bytes, o.text.offset, o.text.length, tc[0], tc[1], tc[2], tc[3]);
  setMediaUrl(side, eid, bytes, o.mediaUrl.offset, o.mediaUrl.length);
  setNameValues(side, eid, bytes, o.nameValue.offset, o.nameValue.length);
  const soundIndex = flags & CompressedFlags.HasSound ? internUuid(ing.assets, o.soundId, 0) : 0;
  if (soundIndex === 0) {
    clearSound(side, eid);
  } else {
    const sound = soundEntry(side, eid);
    sound.soundIndex = soundIndex;
    sound.gain = o.soundGain;
    sound.flags = o.soundFlags;
    sound.radius = o.soundRadius;
  }
  const particles = o.particleSystem.length > 0 ? o.particleSystem : o.particleSystemLegacy;
  setParticles(side, eid, bytes, particles.offset, particles.length);
  setTextureAnim(side, eid, bytes, o.textureAnim.offset, o.textureAnim.length);

  ing.appliedSlot[eid] = -1;
  if (!fromCache) cacheCompressedRecord(ing, eid, region, o.localId, crc, updateFlags, bytes, offset, length);
}
