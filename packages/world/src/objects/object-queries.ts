/**
 * Reading the ingested world by a simulator's names and the side tables'
 * rare fields. For code outside the frame's hot loops (UI, tests, tools):
 * some of these allocate the strings they return.
 */
import { lookupObject, lookupRegion } from '@slv/core';
import { nameValueText } from '@slv/protocol';
import type { NameValueList } from '@slv/protocol';
import type { WorldIngestion } from '../ingestion/world-ingestion.ts';

/** The entity of object `localId` in the region with handle (hi, lo), or -1. */
export function findObject(ing: WorldIngestion, handleHi: number, handleLo: number, localId: number): number {
  const region = lookupRegion(ing.world, handleHi, handleLo);
  return region < 0 ? -1 : lookupObject(ing.world, region, localId);
}

/** Every live object entity, in no particular order (allocates the array). */
export function liveObjects(ing: WorldIngestion): number[] {
  const out: number[] = [];
  for (let eid = 0; eid < ing.capacity; eid++) if (ing.entities.live[eid] === 1) out.push(eid);
  return out;
}

export function nameValuesOf(ing: WorldIngestion, eid: number): NameValueList | undefined {
  return ing.tables.side.nameValues.get(eid)?.list;
}

/** An avatar's first and last name from its NameValue pairs, or undefined. */
export function avatarName(ing: WorldIngestion, eid: number): { first: string; last: string } | undefined {
  const list = nameValuesOf(ing, eid);
  if (list === undefined) return undefined;
  const first = nameValueText(list, 'FirstName');
  const last = nameValueText(list, 'LastName');
  return first === undefined && last === undefined ? undefined : { first: first ?? '', last: last ?? '' };
}

/** The hover text over an object, or undefined. */
export function hoverText(ing: WorldIngestion, eid: number): { text: string; color: Uint8Array } | undefined {
  return ing.tables.side.text.get(eid);
}
