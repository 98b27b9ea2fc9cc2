/**
 * One ObjectUpdate ObjectData block into the components: identity, scale,
 * motion (the 60/76-byte ObjectData, avatars' collision plane included),
 * shape, TextureEntry, ExtraParams, parent, foliage species, and the rare
 * fields into the side tables. The block is read in place from the packet (or
 * from a queued or cached copy of it); nothing is allocated unless a rare
 * string changed.
 */
import {
  ExtraParams, MOTION_FLOATS, ShapeParams, decodeExtraParams, decodeObjectMotion, isFoliagePCode, readObjectUpdateShape,
} from '@slv/protocol';
import type { ObjectUpdate_ObjectData } from '@slv/protocol';
import { fullUpdateCrc, fullUpdateFlags } from './int32-fields.ts';
import { setParent } from '../objects/linkset.ts';
import { cacheFullRecord } from './cache-update.ts';
import { setObjectKind } from '../objects/object-entities.ts';
import { writeExtraParams, writeMotion, writeScale, writeShape } from './object-writers.ts';
import { clearSound, setHoverText, setMediaUrl, setNameValues, setParticles, setTextureAnim, soundEntry } from '../tables/side-tables.ts';
import { writeNeutralTextureEntry, writeTextureEntryBytes } from './texture-entry-writer.ts';
import { internUuid } from '../tables/uuid-table.ts';
import { reportError } from '../ingestion/ingestion-error.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

const motion = new Float32Array(MOTION_FLOATS);
const scale = new Float32Array(3);
const shape = new ShapeParams();
const extra = new ExtraParams();

/**
 * Writes block instance `i` into entity `eid` (already registered as this
 * object). The block goes into the object cache (unless it came from there:
 * `fromCache`) when the cache does not hold these bytes already.
 */
export function applyFullUpdate(
  ing: WorldIngestion, eid: number, regionIndex: number, block: ObjectUpdate_ObjectData, i: number, fromCache: boolean, messageName: string,
): void {
  const id = ing.components.identity;
  const bytes = block.bytes;
  const view = block.view;
  const localId = block.ID(i);
  const pcode = block.PCode(i);
  const crc = fullUpdateCrc(block, i);
  const updateFlags = fullUpdateFlags(block, i);
  ing.tables.cache.appliedSlot[eid] = -1;
  id.state[eid] = block.State(i);
  id.crc[eid] = crc;
  id.material[eid] = block.Material(i);
  id.clickAction[eid] = block.ClickAction(i);
  id.updateFlags[eid] = updateFlags;
  id.ownerIndex[eid] = internUuid(ing.tables.assets, bytes, block.OwnerIDOffset(i));
  setObjectKind(ing.entities, id.pcode, eid, pcode);
  block.Scale(i, scale);
  writeScale(ing, eid, scale, 0);

  const motionLength = block.ObjectDataLength(i);
  if (decodeObjectMotion(bytes, view, block.ObjectDataOffset(i), motionLength, motion, 0)) {
    writeMotion(ing, eid, motion, 0);
  } else {
    reportError(ing, messageName, i, localId, `ObjectData of ${motionLength} bytes is not a motion form (76, 60, 140, 124, 48, 32 or 16 bytes); position kept`);
  }

  readObjectUpdateShape(block, i, shape);
  writeShape(ing, eid, shape);

  const teError = writeTextureEntryBytes(ing, eid, bytes, view, block.TextureEntryOffset(i), block.TextureEntryLength(i));
  if (teError !== '') {
    reportError(ing, messageName, i, localId, teError);
    writeNeutralTextureEntry(ing, eid);
  }

  if (decodeExtraParams(bytes, view, block.ExtraParamsOffset(i), block.ExtraParamsLength(i), extra)) {
    writeExtraParams(ing, eid, extra);
  } else {
    reportError(ing, messageName, i, localId, extra.status.message);
    writeExtraParams(ing, eid, null);
  }

  id.species[eid] = isFoliagePCode(pcode) && block.DataLength(i) >= 1 ? bytes[block.DataOffset(i)] : 0;
  setParent(ing, eid, block.ParentID(i), messageName);

  const side = ing.tables.side;
  const tc = block.TextColorOffset(i);
  // Alpha travels inverted so that opaque text zero-codes well.
  setHoverText(side, eid, bytes, block.TextOffset(i), block.TextLength(i), bytes[tc], bytes[tc + 1], bytes[tc + 2], 255 - bytes[tc + 3]);
  setMediaUrl(side, eid, bytes, block.MediaURLOffset(i), block.MediaURLLength(i));
  setNameValues(side, eid, bytes, block.NameValueOffset(i), block.NameValueLength(i));
  const soundIndex = internUuid(ing.tables.assets, bytes, block.SoundOffset(i));
  if (soundIndex === 0) {
    clearSound(side, eid);
  } else {
    const sound = soundEntry(side, eid);
    sound.soundIndex = soundIndex;
    sound.gain = block.Gain(i);
    sound.flags = block.Flags(i);
    sound.radius = block.Radius(i);
  }
  setParticles(side, eid, bytes, block.PSBlockOffset(i), block.PSBlockLength(i));
  setTextureAnim(side, eid, bytes, block.TextureAnimOffset(i), block.TextureAnimLength(i));

  if (!fromCache) cacheFullRecord(ing, eid, regionIndex, localId, crc, updateFlags, block, i);
}
