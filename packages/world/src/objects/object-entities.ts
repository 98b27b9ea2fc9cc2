/**
 * Which entities are live objects, their tags, and the pool of entities
 * released by kills. An object's life is marked by its Object tag (and
 * `live`), not by its entity: a killed object's entity loses its tags and
 * keys and waits in the pool for the next object, so churn costs no bitecs
 * entity.
 *
 * Tags are bits (`tagBits`), the truth the world reads and writes. The bitecs
 * tag components (ObjectTag, PrimTag, …) follow them only when
 * syncTagComponents runs: bitecs' addComponent and removeComponent cost
 * about a microsecond and allocate (a Set entry per tag, a closure per call),
 * a fifth of an object's arrival and departure, and nothing in the engine
 * queries the tags through bitecs. A caller that does calls
 * syncTagComponents first.
 */
import type { EngineWorld } from '@slv/core';
import { PCode } from '@slv/protocol';
import { addComponent, removeComponent } from 'bitecs';
import type { TagComponent, WorldComponents } from '../components/world-components.ts';

/** Index of each tag in ObjectEntities.tags and bit in tagBits. */
export const TagBit = { Object: 0, Avatar: 1, Prim: 2, Tree: 3, Grass: 4, Light: 5, Flexible: 6, Sculpt: 7, Mesh: 8 } as const;
export type TagBit = (typeof TagBit)[keyof typeof TagBit];

export interface ObjectEntities {
  /** 1 for entities that are live objects. */
  readonly live: Uint8Array;
  objectCount: number;
  /** The tag components by TagBit, and each entity's tags as bits. */
  readonly tags: readonly TagComponent[];
  readonly tagBits: Uint16Array;
  /** The tags bitecs holds for each entity, as bits (tagBits as of the last syncTagComponents). */
  readonly syncedTagBits: Uint16Array;
  /** Entities whose tagBits changed since the last sync, each once (`tagsChanged` flags it). */
  readonly changedTags: Int32Array;
  changedTagCount: number;
  readonly tagsChanged: Uint8Array;
  /**
   * The pool: entities released by kills (or prewarmed), oldest first, as a
   * list through poolNext/poolPrev (-1 ends it) so a revived entity leaves
   * it from anywhere. A killed object's entity keeps what was decoded into
   * it until it is reused: `dormantTagBits` are its tags, `revivable` 1 when
   * nothing of it was lost with the kill (no side-table data).
   */
  readonly poolNext: Int32Array;
  readonly poolPrev: Int32Array;
  readonly inPool: Uint8Array;
  poolOldest: number;
  poolNewest: number;
  freeCount: number;
  readonly dormantTagBits: Uint16Array;
  readonly revivable: Uint8Array;
  /** Pooled entities kept for their objects' return before the oldest is reused (WorldIngestionOptions.dormantEntities). */
  readonly dormantKeep: number;
}

export function createObjectEntities(capacity: number, c: WorldComponents, dormantKeep = 0): ObjectEntities {
  return {
    live: new Uint8Array(capacity),
    objectCount: 0,
    tags: [c.ObjectTag, c.AvatarTag, c.PrimTag, c.TreeTag, c.GrassTag, c.LightTag, c.FlexibleTag, c.SculptTag, c.MeshTag],
    tagBits: new Uint16Array(capacity),
    syncedTagBits: new Uint16Array(capacity),
    changedTags: new Int32Array(capacity),
    changedTagCount: 0,
    tagsChanged: new Uint8Array(capacity),
    poolNext: new Int32Array(capacity).fill(-1),
    poolPrev: new Int32Array(capacity).fill(-1),
    inPool: new Uint8Array(capacity),
    poolOldest: -1,
    poolNewest: -1,
    freeCount: 0,
    dormantTagBits: new Uint16Array(capacity),
    revivable: new Uint8Array(capacity),
    dormantKeep,
  };
}

/** Puts the entity into the pool as its newest. */
export function poolPush(entities: ObjectEntities, eid: number): void {
  const newest = entities.poolNewest;
  entities.poolPrev[eid] = newest;
  entities.poolNext[eid] = -1;
  if (newest >= 0) entities.poolNext[newest] = eid;
  else entities.poolOldest = eid;
  entities.poolNewest = eid;
  entities.inPool[eid] = 1;
  entities.freeCount++;
}

/** Takes the entity out of the pool, wherever it is in it. */
export function poolRemove(entities: ObjectEntities, eid: number): void {
  const prev = entities.poolPrev[eid];
  const next = entities.poolNext[eid];
  if (prev >= 0) entities.poolNext[prev] = next;
  else entities.poolOldest = next;
  if (next >= 0) entities.poolPrev[next] = prev;
  else entities.poolNewest = prev;
  entities.poolPrev[eid] = -1;
  entities.poolNext[eid] = -1;
  entities.inPool[eid] = 0;
  entities.freeCount--;
}

/** Sets all of the entity's tags at once. */
export function setTagBits(entities: ObjectEntities, eid: number, bits: number): void {
  if (entities.tagBits[eid] === bits) return;
  entities.tagBits[eid] = bits;
  if (entities.tagsChanged[eid] === 1) return;
  entities.tagsChanged[eid] = 1;
  entities.changedTags[entities.changedTagCount++] = eid;
}

/** Sets or clears a tag bit; a no-op when it already matches `present`. */
export function setTag(entities: ObjectEntities, eid: number, bit: TagBit, present: boolean): void {
  const bits = entities.tagBits[eid];
  if (((bits >> bit) & 1) === (present ? 1 : 0)) return;
  setTagBits(entities, eid, present ? bits | (1 << bit) : bits & ~(1 << bit));
}

/** Clears every tag of the entity (its object was killed). */
export function clearTags(entities: ObjectEntities, eid: number): void {
  if (entities.tagBits[eid] !== 0) setTagBits(entities, eid, 0);
}

/** True when the entity has the tag. */
export function hasTag(entities: ObjectEntities, eid: number, bit: TagBit): boolean {
  return ((entities.tagBits[eid] >> bit) & 1) === 1;
}

/**
 * Brings the bitecs tag components into step with the tag bits, for callers
 * of bitecs' query or hasComponent on the tags. Costs the bitecs calls of
 * the entities whose tags changed since the last sync.
 */
export function syncTagComponents(world: EngineWorld, entities: ObjectEntities): void {
  const { tagBits, syncedTagBits, changedTags, tagsChanged, tags } = entities;
  for (let k = 0; k < entities.changedTagCount; k++) {
    const eid = changedTags[k];
    tagsChanged[eid] = 0;
    const bits = tagBits[eid];
    for (let diff = bits ^ syncedTagBits[eid]; diff !== 0; diff &= diff - 1) {
      const bit = 31 - Math.clz32(diff & -diff);
      if ((bits >> bit) & 1) addComponent(world, eid, tags[bit]);
      else removeComponent(world, eid, tags[bit]);
    }
    syncedTagBits[eid] = bits;
  }
  entities.changedTagCount = 0;
}

function kindBit(pcode: number): number {
  switch (pcode) {
    case PCode.Avatar:
      return TagBit.Avatar;
    case PCode.Prim:
      return TagBit.Prim;
    case PCode.Grass:
      return TagBit.Grass;
    case PCode.Tree:
    case PCode.NewTree:
      return TagBit.Tree;
    default:
      return -1;
  }
}

/** Keeps the avatar/prim/tree/grass tag in step with the PCode. */
export function setObjectKind(entities: ObjectEntities, pcodes: Uint8Array, eid: number, pcode: number): void {
  const previous = kindBit(pcodes[eid]);
  const next = kindBit(pcode);
  pcodes[eid] = pcode;
  if (previous >= 0 && previous !== next) setTag(entities, eid, previous as TagBit, false);
  if (next >= 0) setTag(entities, eid, next as TagBit, true);
}
