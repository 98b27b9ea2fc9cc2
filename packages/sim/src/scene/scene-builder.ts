/**
 * Turns PrimSpecs into SceneObjects inside a Scene: local ids, UUIDs, shape bytes,
 * faces, terrain-relative heights, linked children and movers.
 */
import { PCode } from '@slv/protocol';
import { seededRandom } from '@slv/core';
import type { Mover, PrimSpec, Scene, SceneObject } from './scene-types.ts';
import { shapeBytes } from './shape-presets.ts';
import { terrainHeightAt } from './terrain.ts';

/** The viewer's default prim texture (plywood). */
export const PLYWOOD_TEXTURE = '89556747-24cb-43ed-920b-47caed15465f';
/** PrimFlags: ObjectAnyOwner | InventoryEmpty (the objects belong to the region, not the viewer). */
export const DEFAULT_UPDATE_FLAGS = 0x10 | 0x800;
/** LL_MCODE_WOOD, what a new prim gets. */
export const MATERIAL_WOOD = 3;
/** The first local id of generated objects; avatars get ids far above. */
export const FIRST_OBJECT_LOCAL_ID = 100_000;

export class SceneBuilder {
  private nextLocalId: number;
  private readonly random: () => number;

  constructor(readonly scene: Scene, seed: number, readonly ownerId: string) {
    this.random = seededRandom(seed ^ 0x1d5eed);
    let max = FIRST_OBJECT_LOCAL_ID - 1;
    for (const o of scene.objects) max = Math.max(max, o.localId);
    this.nextLocalId = max + 1;
  }

  /** A version-4 UUID from the builder's seeded random. */
  uuid(): string {
    return randomUuid(this.random);
  }

  /** Adds a prim and its children to the scene; returns every object added, root first. */
  add(spec: PrimSpec): SceneObject[] {
    const added: SceneObject[] = [];
    const root = this.build(spec, 0, added);
    if (spec.mover !== undefined) {
      const { radius, speed } = spec.mover;
      if (!(radius > 0) || !Number.isFinite(speed)) throw new RangeError(`mover ${spec.name ?? ''}: radius must be > 0 and speed finite`);
      const phase = spec.mover.phase ?? 0;
      const mover: Mover = { localId: root.localId, center: [...root.position], radius, speed, phase };
      this.scene.movers.push(mover);
      root.position = [root.position[0] + radius * Math.cos(phase), root.position[1] + radius * Math.sin(phase), root.position[2]];
    }
    return added;
  }

  private build(spec: PrimSpec, parentId: number, added: SceneObject[]): SceneObject {
    const scene = this.scene;
    const position: [number, number, number] = [...spec.position];
    if (parentId === 0) {
      const size = scene.regionSize;
      if (!(position[0] >= 0 && position[0] < size && position[1] >= 0 && position[1] < size)) {
        throw new RangeError(`prim ${spec.name ?? ''} at (${position[0]}, ${position[1]}) is outside the ${size} m region`);
      }
      if (spec.aboveTerrain) position[2] += terrainHeightAt(scene.heightmap, size, position[0], position[1]);
    }
    const color = spec.color ?? [1, 1, 1, 1];
    const localId = this.nextLocalId++;
    const object: SceneObject = {
      localId,
      fullId: this.uuid(),
      parentId,
      pcode: PCode.Prim,
      material: spec.material ?? MATERIAL_WOOD,
      position,
      rotation: spec.rotation ? [...spec.rotation] : [0, 0, 0, 1],
      scale: spec.scale ? [...spec.scale] : [1, 1, 1],
      velocity: [0, 0, 0],
      angularVelocity: [0, 0, 0],
      shape: typeof spec.shape === 'object' ? { ...spec.shape } : shapeBytes(spec.shape ?? 'box', spec.edits),
      faces: spec.faces && spec.faces.length > 0
        ? spec.faces.map((f) => ({ textureId: f.textureId, color: [...f.color] }))
        : [{ textureId: spec.textureId ?? PLYWOOD_TEXTURE, color: [...color] }],
      text: spec.text ?? '',
      name: spec.name ?? `Object ${localId}`,
      ownerId: this.ownerId,
      crc: 1,
      updateFlags: DEFAULT_UPDATE_FLAGS,
    };
    if (spec.light) object.light = { ...spec.light, color: [...spec.light.color] };
    if (spec.textColor) object.textColor = [...spec.textColor];
    if (spec.meshId !== undefined) object.meshId = spec.meshId.toLowerCase();
    if (spec.sculpt !== undefined) object.sculpt = { textureId: spec.sculpt.textureId.toLowerCase(), type: spec.sculpt.type };
    if (spec.flexible !== undefined) {
      object.flexible = { ...spec.flexible, ...(spec.flexible.force ? { force: [...spec.flexible.force] } : {}) };
      object.shape.pathCurve = PATH_CURVE_FLEXIBLE;
    }
    scene.objects.push(object);
    added.push(object);
    for (const child of spec.children ?? []) {
      if (parentId !== 0 || (child.children?.length ?? 0) > 0) {
        throw new RangeError(`prim ${spec.name ?? ''}: linksets are flat, a child cannot have children`);
      }
      this.build(child, localId, added);
    }
    return object;
  }
}

/** LL_PCODE_PATH_FLEXIBLE: the path curve of a flexible prim. */
const PATH_CURVE_FLEXIBLE = 0x80;

/** A version-4 UUID from `random`, lower-case 8-4-4-4-12. */
export function randomUuid(random: () => number): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += (Math.floor(random() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
