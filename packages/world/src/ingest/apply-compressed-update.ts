/**
 * One decoded ObjectUpdateCompressed blob into the components: identity,
 * scale, motion (position, rotation, angular velocity: the blob has no
 * velocity), shape, TextureEntry, ExtraParams, parent, foliage species and
 * the rare fields into the side tables; then the blob into the object cache.
 * The creation queue and cache hits replay kept blobs through
 * createFromCompressed, the same code as a live packet.
 */
import { CompressedFlags, CompressedObject, ExtraParams, MOTION_FLOATS, Motion, decodeCompressedObject, decodeExtraParams } from '@slv/protocol';
import { reportError } from '../ingestion/ingestion-error.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';
import { setParent } from '../objects/linkset.ts';
import { setObjectKind } from '../objects/object-entities.ts';
import { createObjectWithId, existingEntityFor } from '../objects/object-lifecycle.ts';
import { clearSound, setHoverText, setMediaUrl, setNameValues, setParticles, setTextureAnim, soundEntry } from '../tables/side-tables.ts';
import { internUuid } from '../tables/uuid-table.ts';
import { cacheCompressedRecord } from './cache-update.ts';
import { COMPRESSED_HEADER_BYTES } from './motion-only-update.ts';
import { reviveCompressed } from './revive-compressed.ts';
import { resetMotionRecord, writeExtraParams, writeMotion, writeScale, writeShape } from './object-writers.ts';
import { writeNeutralTextureEntry, writeTextureEntryBytes } from './texture-entry-writer.ts';

const object = new CompressedObject();
const motion = new Float32Array(MOTION_FLOATS);
const extra = new ExtraParams();

/**
 * Decodes the blob at bytes[offset, +length) and creates or updates its object
 * now, whatever the budget (the creation queue and the cache replay through
 * this). Returns the entity, or -1 when the blob is bad or no slot is free.
 */
export function createFromCompressed(
  ing: WorldIngestion, region: number, updateFlags: number, bytes: Uint8Array, view: DataView, offset: number, length: number,
  fromCache: boolean,
): number {
  let eid = -1;
  if (length >= COMPRESSED_HEADER_BYTES) {
    // FullID at 0, LocalID at 16 of the blob.
    const localId = view.getUint32(offset + 16, true);
    eid = existingEntityFor(ing, region, localId, bytes, offset);
    if (eid < 0) {
      const revived = reviveCompressed(ing, region, localId, updateFlags, bytes, view, offset, length);
      if (revived >= 0) return revived;
    }
  }
  if (!decodeCompressedObject(bytes, view, offset, length, object)) {
    reportError(ing, 'ObjectUpdateCompressed', -1, -1, object.status.message);
    return -1;
  }
  if (eid < 0) eid = createObjectWithId(ing, region, object.localId, object.fullId, 0);
  if (eid < 0) return -1;
  applyCompressed(ing, object, eid, region, updateFlags, bytes, view, offset, length, fromCache);
  return eid;
}

/**
 * Writes the decoded `o` (whose blob is bytes[offset, +length)) into
 * `eid`, and caches the blob unless it came from the cache.
 */
export function applyCompressed(
  ing: WorldIngestion, o: CompressedObject, eid: number, region: number, updateFlags: number, bytes: Uint8Array, view: DataView, offset: number,
  length: number, fromCache: boolean,
): void {
  const id = ing.components.identity;
  const flags = o.flags;
  const crc = o.crc | 0;
  id.state[eid] = o.state;
  id.crc[eid] = crc;
  id.material[eid] = o.material;
  id.clickAction[eid] = o.clickAction;
  id.updateFlags[eid] = updateFlags;
  id.ownerIndex[eid] = internUuid(ing.tables.assets, o.ownerId, 0);
  setObjectKind(ing.entities, id.pcode, eid, o.pcode);
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

  const side = ing.tables.side;
  const tc = o.textColor;
  setHoverText(side, eid, bytes, o.text.offset, o.text.length, tc[0], tc[1], tc[2], tc[3]);
  setMediaUrl(side, eid, bytes, o.mediaUrl.offset, o.mediaUrl.length);
  setNameValues(side, eid, bytes, o.nameValue.offset, o.nameValue.length);
  const soundIndex = flags & CompressedFlags.HasSound ? internUuid(ing.tables.assets, o.soundId, 0) : 0;
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

  ing.tables.cache.appliedSlot[eid] = -1;
  if (!fromCache) cacheCompressedRecord(ing, eid, region, o.localId, crc, updateFlags, bytes, view, offset, length);
}
