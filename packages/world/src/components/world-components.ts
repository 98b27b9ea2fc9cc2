/**
 * The components ingestion writes, each a structure of typed arrays sized for
 * the world's capacity and allocated once (`defineComponent`). Index scalars
 * as `C.field[eid]`, vectors as `C.field[eid * stride + k]`, per-face values as
 * `C.field[eid * MAX_ENTITY_FACES + face]`. The tags are empty components for
 * bitecs queries (`query(world, [AvatarTag])`).
 */
import { defineComponent } from '@slv/core';
import type { EngineWorld, SoA } from '@slv/core';
import { SHAPE_FLOATS } from '@slv/protocol';

/** Faces kept per entity: prims have at most 9 (a hollow, cut box), meshes at most 8. */
export const MAX_ENTITY_FACES = 9;

const F = MAX_ENTITY_FACES;

export const OBJECT_IDENTITY_SCHEMA = {
  localId: Uint32Array,
  /** Region index (core's addRegion) of the region the object belongs to. */
  regionIndex: Int32Array,
  /** @slv/protocol's PCode (Prim, Avatar, Grass, Tree, NewTree). */
  pcode: Uint8Array,
  material: Uint8Array,
  /** Attachment point byte as sent. */
  state: Uint8Array,
  clickAction: Uint8Array,
  /** PrimFlags of the last full/compressed/cached update. */
  updateFlags: Uint32Array,
  crc: Uint32Array,
  /** ParentID as sent (0 = root). */
  parentLocalId: Uint32Array,
  /** The parent's entity, -1 for a root or while the parent has not arrived. */
  parentEid: Int32Array,
  /** Owner, as an index into the ingestion's UUID table. */
  ownerIndex: Uint32Array,
  /** Foliage species (grass and trees): the Data byte / TreeSpecies. */
  species: Uint8Array,
} as const;

/** Intrusive child lists: no per-entity arrays, no scans to find children. */
export const LINKSET_SCHEMA = {
  firstChild: Int32Array,
  nextSibling: Int32Array,
  prevSibling: Int32Array,
  childCount: Uint16Array,
  /** 1 while waiting in the orphan list for a parent that has not arrived. */
  orphan: Uint8Array,
} as const;

/** Relative to the parent for children; region coordinates for roots. */
export const LOCAL_TRANSFORM_SCHEMA = {
  position: [Float32Array, 3],
  /** Quaternion x, y, z, w. */
  rotation: [Float32Array, 4],
  /** Prim scale is never inherited from the parent. */
  scale: [Float32Array, 3],
} as const;

/** Region coordinates, computed by the world-transform system. */
export const WORLD_TRANSFORM_SCHEMA = {
  position: [Float32Array, 3],
  rotation: [Float32Array, 4],
  /** Column-major T·R·S. */
  matrix: [Float32Array, 16],
  /** 0 while an ancestor is missing (an orphan's subtree): nothing here is meaningful. */
  valid: Uint8Array,
} as const;

export const MOTION_SCHEMA = {
  velocity: [Float32Array, 3],
  acceleration: [Float32Array, 3],
  /** Radians per second about the axis, in the parent's frame. */
  angularVelocity: [Float32Array, 3],
  /** Clock time of the last update that set motion, milliseconds. */
  updateTimeMs: Float64Array,
  /** Position and rotation as of that update; interpolation extrapolates from them. */
  basePosition: [Float32Array, 3],
  baseRotation: [Float32Array, 4],
  /** Avatars: the collision plane (normal xyz, distance); zeros otherwise. */
  collisionPlane: [Float32Array, 4],
} as const;

/**
 * The prim's shape: every path and profile parameter, dequantized, as
 * SHAPE_FLOATS floats per entity in @slv/protocol's ShapeFloat order
 * (`params[eid * SHAPE_FLOATS + ShapeFloat.ProfileHollow]`; the two curve
 * bytes are exact as floats). readShapeParams / writeShapeParams convert
 * to and from a ShapeParams.
 */
export const PRIM_SHAPE_SCHEMA = {
  params: [Float32Array, SHAPE_FLOATS],
} as const;

/** Per face, MAX_ENTITY_FACES per entity. */
export const TEXTURE_ENTRY_SCHEMA = {
  /** Faces the TextureEntry describes distinctly (at most MAX_ENTITY_FACES). */
  faceCount: Uint8Array,
  /** Index into the UUID table; 0 = no texture. */
  textureIndex: [Uint32Array, F],
  /** RGBA bytes, 255 = full (the wire's inversion undone). */
  color: [Uint8Array, F * 4],
  scaleS: [Float32Array, F],
  scaleT: [Float32Array, F],
  offsetS: [Float32Array, F],
  offsetT: [Float32Array, F],
  /** Radians. */
  rotation: [Float32Array, F],
  /** Glow × 255, as sent. */
  glow: [Uint8Array, F],
  fullbright: [Uint8Array, F],
  bump: [Uint8Array, F],
  shiny: [Uint8Array, F],
  texGen: [Uint8Array, F],
  mediaFlags: [Uint8Array, F],
  /** Index into the UUID table of the face's MaterialID; 0 = none. */
  materialIndex: [Uint32Array, F],
} as const;

export const LIGHT_SCHEMA = {
  /** Linear RGB 0..1. */
  color: [Float32Array, 3],
  intensity: Float32Array,
  radius: Float32Array,
  /** Cone cutoff (0..180). */
  cutoff: Float32Array,
  falloff: Float32Array,
} as const;

export const FLEXIBLE_SCHEMA = {
  softness: Uint8Array,
  tension: Float32Array,
  drag: Float32Array,
  gravity: Float32Array,
  wind: Float32Array,
  force: [Float32Array, 3],
} as const;

export const SCULPT_SCHEMA = {
  /** Index into the UUID table: the sculpt texture, or the mesh asset. */
  assetIndex: Uint32Array,
  /** SculptType in the low 3 bits (5 = mesh), flags above. */
  type: Uint8Array,
  /** ExtendedMesh flags (1 = animated mesh). */
  meshFlags: Uint32Array,
} as const;

export type ObjectIdentityComponent = SoA<typeof OBJECT_IDENTITY_SCHEMA>;
export type LinksetComponent = SoA<typeof LINKSET_SCHEMA>;
export type LocalTransformComponent = SoA<typeof LOCAL_TRANSFORM_SCHEMA>;
export type WorldTransformComponent = SoA<typeof WORLD_TRANSFORM_SCHEMA>;
export type MotionComponent = SoA<typeof MOTION_SCHEMA>;
export type PrimShapeComponent = SoA<typeof PRIM_SHAPE_SCHEMA>;
export type TextureEntryComponent = SoA<typeof TEXTURE_ENTRY_SCHEMA>;
export type LightComponent = SoA<typeof LIGHT_SCHEMA>;
export type FlexibleComponent = SoA<typeof FLEXIBLE_SCHEMA>;
export type SculptComponent = SoA<typeof SCULPT_SCHEMA>;
export type TagComponent = SoA<{}>;

export interface WorldComponents {
  readonly identity: ObjectIdentityComponent;
  readonly linkset: LinksetComponent;
  readonly local: LocalTransformComponent;
  readonly world: WorldTransformComponent;
  readonly motion: MotionComponent;
  readonly shape: PrimShapeComponent;
  readonly textures: TextureEntryComponent;
  readonly light: LightComponent;
  readonly flexible: FlexibleComponent;
  readonly sculpt: SculptComponent;
  /** Every entity that is a live ingested object. */
  readonly ObjectTag: TagComponent;
  readonly AvatarTag: TagComponent;
  readonly PrimTag: TagComponent;
  readonly TreeTag: TagComponent;
  readonly GrassTag: TagComponent;
  /** Objects whose ExtraParams carry the parameters of that component. */
  readonly LightTag: TagComponent;
  readonly FlexibleTag: TagComponent;
  readonly SculptTag: TagComponent;
  /** Sculpt objects whose sculpt type is mesh. */
  readonly MeshTag: TagComponent;
}

/** Defines every ingestion component on `world`, sized for its capacity. */
export function defineWorldComponents(world: EngineWorld): WorldComponents {
  return {
    identity: defineComponent(world, OBJECT_IDENTITY_SCHEMA),
    linkset: defineComponent(world, LINKSET_SCHEMA),
    local: defineComponent(world, LOCAL_TRANSFORM_SCHEMA),
    world: defineComponent(world, WORLD_TRANSFORM_SCHEMA),
    motion: defineComponent(world, MOTION_SCHEMA),
    shape: defineComponent(world, PRIM_SHAPE_SCHEMA),
    textures: defineComponent(world, TEXTURE_ENTRY_SCHEMA),
    light: defineComponent(world, LIGHT_SCHEMA),
    flexible: defineComponent(world, FLEXIBLE_SCHEMA),
    sculpt: defineComponent(world, SCULPT_SCHEMA),
    ObjectTag: defineComponent(world, {}),
    AvatarTag: defineComponent(world, {}),
    PrimTag: defineComponent(world, {}),
    TreeTag: defineComponent(world, {}),
    GrassTag: defineComponent(world, {}),
    LightTag: defineComponent(world, {}),
    FlexibleTag: defineComponent(world, {}),
    SculptTag: defineComponent(world, {}),
    MeshTag: defineComponent(world, {}),
  };
}

/** Bytes of typed-array storage one entity slot costs across these components. */
export function componentBytesPerEntity(components: WorldComponents): number {
  let bytes = 0;
  for (const component of Object.values(components) as object[]) {
    for (const array of Object.values(component) as ArrayBufferView[]) {
      if (ArrayBuffer.isView(array)) bytes += array.byteLength;
    }
  }
  return bytes / (components.identity.localId.length);
}
