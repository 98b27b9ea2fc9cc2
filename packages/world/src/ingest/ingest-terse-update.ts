/**
 * ImprovedTerseObjectUpdate: moves the object its LocalID names (position,
 * velocity, acceleration, rotation, angular velocity, avatars' collision
 * plane) and applies its TextureEntry when present. A queued object keeps the
 * motion for when it is created; an object never seen is asked for.
 */
import { lookupObject } from '@slv/core';
import { ObjectDataStatus, TerseUpdate, decodeTerseUpdate, terseTextureEntryLength } from '@slv/protocol';
import type { ImprovedTerseObjectUpdateReader } from '@slv/protocol';
import type { MessageSource } from '@slv/net';
import { CacheMissType, flushRequests, requestObject } from '../tables/object-requests.ts';
import { writeMotion } from './object-writers.ts';
import { findPending, setPendingMotion } from '../tables/pending-creations.ts';
import { forgetTerseTextureEntry, keepTerseTextureEntry, sameTerseTextureEntry } from '../tables/side-tables.ts';
import { regionOfHandle } from '../regions/source-regions.ts';
import { writeNeutralTextureEntry, writeTextureEntryBytes } from './texture-entry-writer.ts';
import { reportError } from '../ingestion/ingestion-error.ts';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

const terse = new TerseUpdate();
const teStatus = new ObjectDataStatus();

export function ingestImprovedTerseObjectUpdate(ing: WorldIngestion, reader: ImprovedTerseObjectUpdateReader, source: MessageSource): void {
  const rd = reader.RegionData;
  const region = regionOfHandle(ing, source, rd.RegionHandleHigh(0), rd.RegionHandleLow(0), 'ImprovedTerseObjectUpdate');
  if (region < 0) return;
  const block = reader.ObjectData;
  const bytes = block.bytes;
  const view = block.view;
  const world = ing.world;
  const now = ing.clock();
  ing.now[0] = now;
  for (let i = 0; i < block.count; i++) {
    ing.stats.terseUpdateBlocks++;
    if (!decodeTerseUpdate(bytes, view, block.DataOffset(i), block.DataLength(i), terse)) {
      reportError(ing, 'ImprovedTerseObjectUpdate', i, -1, terse.status.message);
      continue;
    }
    const localId = terse.localId;
    const eid = lookupObject(world, region, localId);
    if (eid < 0) {
      const slot = findPending(ing.pending, region, localId);
      if (slot >= 0) {
        setPendingMotion(ing.pending, slot, terse.motion, terse.state, now);
      } else {
        ing.stats.unknownTerse++;
        if (requestObject(ing.tables.requests, ing.requestObjects, region, localId, CacheMissType.Full, now)) ing.stats.objectsRequested++;
      }
      continue;
    }
    ing.components.identity.state[eid] = terse.state;
    writeMotion(ing, eid, terse.motion, 0);
    const teLength = block.TextureEntryLength(i);
    if (teLength === 0) continue;
    const teOffset = block.TextureEntryOffset(i);
    const inner = terseTextureEntryLength(view, teOffset, teLength, teStatus);
    if (inner < 0) {
      reportError(ing, 'ImprovedTerseObjectUpdate', i, localId, teStatus.message);
    } else if (inner > 0 && !sameTerseTextureEntry(ing.tables.side, eid, bytes, teOffset + 4, inner)) {
      const teError = writeTextureEntryBytes(ing, eid, bytes, view, teOffset + 4, inner);
      if (teError !== '') {
        reportError(ing, 'ImprovedTerseObjectUpdate', i, localId, teError);
        writeNeutralTextureEntry(ing, eid);
        forgetTerseTextureEntry(ing.tables.side, eid);
      } else {
        keepTerseTextureEntry(ing.tables.side, eid, bytes, teOffset + 4, inner);
      }
    }
  }
  flushRequests(ing.tables.requests, ing.requestObjects);
}
