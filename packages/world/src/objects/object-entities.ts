/**
 * Which entities are live objects, their tags, and the pool of entities
 * released by kills. An object's life is marked by ObjectTag (and `live`),
 * not by its entity: a killed object's entity loses its tags and keys and
 * waits in the pool for the next object, so churn costs no bitecs entity.
 * Each entity's tags are also kept as bits, so an unchanged tag costs no
 * bitecs call.
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
  /** Object entities released by kills, reused before spawning new ones. */
  readonly free: Int32Array;
  freeCount: number;
}

export function createObjectEntities(capacity: number, c: WorldComponents): ObjectEntities {
  return {
    live: new Uint8Array(capacity),
    objectCount: 0,
    tags: [c.ObjectTag, c.AvatarTag, c.PrimTag, c.TreeTag, c.GrassTag, c.LightTag, c.FlexibleTag, c.SculptTag, c.MeshTag],
    tagBits: new Uint16Array(capacity),
    free: new Int32Array(capacity),
    freeCount: 0,
  };
}

/** Adds or removes a tag so that its presence matches `present`; a no-op when it already does. */
export function setTag(world: EngineWorld, entities: ObjectEntities, eid: number, bit: TagBit, present: boolean): void {
  const bits = entities.tagBits[eid];
  if (((bits >> bit) & 1) === (present ? 1 : 0)) return;
  if (present) {
    addComponent(world, eid, entities.tags[bit]);
    entities.tagBits[eid] = bits | (1 << bit);
  } else {
    removeComponent(world, eid, entities.tags[bit]);
    entities.tagBits[eid] = bits & ~(1 << bit);
  }
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
export function setObjectKind(world: EngineWorld, entities: ObjectEntities, pcodes: Uint8Array, eid: number, pcode: number): void {
  const previous = kindBit(pcodes[eid]);
  const next = kindBit(pcode);
  pcodes[eid] = pcode;
  if (previous >= 0 && previous !== next) setTag(world, entities, eid, previous as TagBit, false);
  if (next >= 0) setTag(world, entities, eid, next as TagBit, true);
}
