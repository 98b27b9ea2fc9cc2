/**
 * Avatar name tags, as the SL viewer draws them: each avatar's name above its
 * head. Two cadences: `collectNameTags` (a few times a second) finds the
 * avatars among the live objects and reads a name only when its NameValue
 * entry changed (ObjectUpdate's "FirstName STRING RW SV Ann\nLastName …",
 * which world ingestion keeps in its side tables); `placeNameTags` (every
 * frame) projects each head with the render camera into typed arrays and
 * hides a tag behind the eye, beyond the draw distance, or behind the
 * terrain. The overlay (name-tag-overlay.ts) turns those into DOM writes.
 * A frame allocates nothing here.
 */
import type { Camera } from '@slv/core';
import { PCode } from '@slv/protocol';
import { avatarName, terrainHeightAt, type RegionTerrain, type WorldIngestion } from '@slv/world';
import { projectToCanvas } from '../camera/camera-rig.ts';

/** Tags kept at most; an avatar past this many has none (a crowded sim shows the first ones found). */
export const MAX_NAME_TAGS = 64;
/** The tag floats this far above the top of the avatar's box, metres. */
export const NAME_TAG_LIFT = 0.3;
/** Points along the eye → head segment tested against the terrain (cheap occlusion). */
const OCCLUSION_SAMPLES = 8;

export interface NameTags {
  count: number;
  /** Avatar entities, [0, count). */
  readonly eids: Int32Array;
  /** Display names, per slot. */
  readonly names: string[];
  /** The NameValue entry each name was read from: a new entry means new bytes to read. */
  readonly sources: unknown[];
  /** Canvas position of the tag (CSS pixels from the top left), last placeNameTags. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** 1 where the tag shows this frame. */
  readonly visible: Uint8Array;
}

export function createNameTags(): NameTags {
  return {
    count: 0,
    eids: new Int32Array(MAX_NAME_TAGS),
    names: new Array<string>(MAX_NAME_TAGS).fill(''),
    sources: new Array<unknown>(MAX_NAME_TAGS).fill(undefined),
    x: new Float32Array(MAX_NAME_TAGS),
    y: new Float32Array(MAX_NAME_TAGS),
    visible: new Uint8Array(MAX_NAME_TAGS),
  };
}

/** "Ann Lee", the SL viewer's way: a "Resident" last name is left out. */
export function displayName(first: string, last: string): string {
  return last === '' || last === 'Resident' ? first : `${first} ${last}`;
}

/**
 * Finds the live avatars (PCode Avatar) and their names. Slots keep their
 * avatar while it lives; a name is read again only when its NameValue entry
 * was replaced (the side table stores a new one when the bytes change).
 */
export function collectNameTags(tags: NameTags, ing: WorldIngestion): void {
  const live = ing.entities.live;
  const pcode = ing.components.identity.pcode;
  const nameValues = ing.tables.side.nameValues;
  let count = 0;
  for (let eid = 0; eid < ing.capacity && count < MAX_NAME_TAGS; eid++) {
    if (live[eid] !== 1 || pcode[eid] !== PCode.Avatar) continue;
    const source = nameValues.get(eid);
    if (count >= tags.count || tags.eids[count] !== eid || tags.sources[count] !== source) {
      const name = source === undefined ? undefined : avatarName(ing, eid);
      tags.eids[count] = eid;
      tags.sources[count] = source;
      tags.names[count] = name === undefined ? '' : displayName(name.first, name.last);
    }
    count++;
  }
  for (let i = count; i < tags.count; i++) {
    tags.sources[i] = undefined;
    tags.names[i] = '';
    tags.visible[i] = 0;
  }
  tags.count = count;
}

const head = new Float32Array(3);
const projected = new Float32Array(3);

/** True when the terrain rises above the straight line from the eye to `to`. */
function terrainHides(terrain: RegionTerrain, eye: Float32Array, to: Float32Array): boolean {
  for (let k = 1; k < OCCLUSION_SAMPLES; k++) {
    const t = k / OCCLUSION_SAMPLES;
    const x = eye[0]! + (to[0]! - eye[0]!) * t;
    const y = eye[1]! + (to[1]! - eye[1]!) * t;
    const z = eye[2]! + (to[2]! - eye[2]!) * t;
    if (terrainHeightAt(terrain, x, y) > z) return true;
  }
  return false;
}

/**
 * Projects each tagged avatar's head (its position plus half its height and
 * NAME_TAG_LIFT) through `camera` onto a `width` × `height` CSS-pixel canvas.
 * A tag shows when it has a name, lies in front of the eye and inside the far
 * plane, within `drawDistance` of the eye, and (given the region's terrain)
 * no hill stands between.
 */
export function placeNameTags(
  tags: NameTags, ing: WorldIngestion, camera: Camera, width: number, height: number, drawDistance: number, terrain: RegionTerrain | undefined,
): void {
  const c = ing.components;
  const eye = camera.position;
  for (let i = 0; i < tags.count; i++) {
    const eid = tags.eids[i]!;
    tags.visible[i] = 0;
    if (tags.names[i] === '' || ing.entities.live[eid] !== 1) continue;
    // A seated avatar is a child: its world transform is where it is.
    const position = c.world.valid[eid] === 1 ? c.world.position : c.local.position;
    head[0] = position[eid * 3]!;
    head[1] = position[eid * 3 + 1]!;
    head[2] = position[eid * 3 + 2]! + c.local.scale[eid * 3 + 2]! / 2 + NAME_TAG_LIFT;
    const dx = head[0] - eye[0]!;
    const dy = head[1] - eye[1]!;
    const dz = head[2] - eye[2]!;
    if (dx * dx + dy * dy + dz * dz > drawDistance * drawDistance) continue;
    if (!projectToCanvas(projected, camera, head, width, height)) continue;
    const depth = projected[2]!;
    if (!(depth > -1 && depth < 1)) continue;
    if (terrain !== undefined && terrain.landPatches > 0 && terrainHides(terrain, eye, head)) continue;
    tags.x[i] = projected[0]!;
    tags.y[i] = projected[1]!;
    tags.visible[i] = 1;
  }
}
