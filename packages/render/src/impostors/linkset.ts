/**
 * A linkset as the impostor system sees it: the root (found by following
 * parentEid up), its members (the root and every descendant: prims, seated
 * avatars, attachments), the sphere around all of them, and the staleness
 * key of how they look. Everything writes into arrays made once.
 *
 * The key hashes what changes the picture an impostor holds: per member its
 * pcode, the 18 shape floats, the sculpt type and map/mesh asset, its scale,
 * a sculpt's map version (0 until its image arrives), its position and rotation in the linkset (the root's world rotation:
 * views are world directions, a turned linkset needs new ones), and per face
 * the colour, texture, fullbright and planar mapping; then the lighting bucket (the sun
 * direction's cell on a 16 × 16 octahedral grid). How sharp the faces'
 * textures are is not in the key but measured beside it (texture detail: per
 * face, residentDetail at the level a bake needs, summed): a linkset is stale
 * when its textures hold more detail than when it was baked, not when pages
 * are given back, so a bake made before a texture sharpened is made again,
 * and the last bake of a still scene has every texture at the level it needs
 * whatever order they came in. A member's LOD is not in it: the impostor
 * shows the LOD the linkset was drawn at when baked, and a distant linkset
 * does not change LOD.
 */
import { SHAPE_FLOATS } from '@slv/protocol';
import { MAX_ENTITY_FACES } from '@slv/world';
import type { WorldComponents } from '@slv/world';
import type { BoundingSpheres } from '../culling/index.ts';
import type { SculptMapEntry } from '../textures/texture-state.ts';
import type { VtShape } from '../textures/vt-layout.ts';
import { residentDetail } from '../textures/vt-keep.ts';
import type { VtResidency } from '../textures/vt-residency.ts';
import { FRAME_TEXELS } from './impostor-atlas.ts';

/** Largest linkset drawn as an impostor (SL links at most 256 prims; seated avatars and attachments count too). */
export const MAX_LINKSET_MEMBERS = 256;
/** Sun direction cells per side of the lighting bucket's octahedral grid. */
export const SUN_BUCKET_FRAMES = 16;

/** The root of `eid`'s linkset (itself when it has no parent), by at most `limit` steps. */
export function rootOf(parentEid: Int32Array, eid: number, limit: number): number {
  let e = eid;
  for (let steps = 0; parentEid[e] >= 0 && steps < limit; steps++) e = parentEid[e];
  return e;
}

/** Scratch for one linkset: its members and bounds, and the stack that finds them. */
export interface LinksetScratch {
  readonly members: Int32Array;
  count: number;
  readonly stack: Int32Array;
  /** Centre and radius of the sphere around every member's sphere. */
  readonly sphere: Float64Array;
  /** The key's two words. */
  readonly key: Uint32Array;
  /** Faces whose texture (by linksetKey) does not yet hold the level a bake needs, or has no image yet. */
  missingTextures: number;
}

/** The textures as the impostor system reads them: rows by UUID index, and what each row holds. */
export interface BakeTextures {
  /** Row + 1 by UUID index; 0: none. */
  readonly rowOfUuid: Int32Array;
  readonly residency: VtResidency | null;
}

/**
 * The level of a texture of `shape` a bake needs on a face `repeats` times
 * across a member of radius `memberRadius` in a linkset of radius
 * `linksetRadius`: a view is FRAME_TEXELS across the linkset's sphere, so the
 * face shows about FRAME_TEXELS · memberRadius / linksetRadius / repeats
 * texels of it; one level finer than that, as the sampler blends the two
 * levels around its footprint.
 */
export function bakeTextureLevel(shape: VtShape, memberRadius: number, linksetRadius: number, repeats: number): number {
  const share = linksetRadius > 0 ? Math.min(1, memberRadius / linksetRadius) : 1;
  const texels = Math.max((FRAME_TEXELS * share) / Math.max(repeats, 1 / 64), 1 / 64);
  const side = 2 ** Math.max(shape.log2Width, shape.log2Height);
  return Math.min(shape.levels - 1, Math.max(0, Math.floor(Math.log2(side / texels)) - 1));
}

export function createLinksetScratch(entityCapacity: number): LinksetScratch {
  return {
    members: new Int32Array(MAX_LINKSET_MEMBERS),
    count: 0,
    stack: new Int32Array(Math.max(entityCapacity, 1)),
    sphere: new Float64Array(4),
    key: new Uint32Array(2),
    missingTextures: 0,
  };
}

/**
 * Lists `root` and its descendants into s.members (children by the
 * linkset's child counts, so an entity without children is never walked
 * into). False when there are more than MAX_LINKSET_MEMBERS: too large to
 * draw as one impostor.
 */
export function gatherMembers(s: LinksetScratch, components: WorldComponents, root: number): boolean {
  const { firstChild, nextSibling, childCount } = components.linkset;
  const stack = s.stack;
  let top = 0;
  let count = 0;
  stack[top++] = root;
  while (top > 0) {
    const e = stack[--top];
    if (count === MAX_LINKSET_MEMBERS) {
      s.count = count;
      return false;
    }
    s.members[count++] = e;
    let c = firstChild[e];
    for (let n = childCount[e]; n > 0 && c >= 0 && top < stack.length; n--) {
      stack[top++] = c;
      c = nextSibling[c];
    }
  }
  s.count = count;
  return true;
}

/**
 * The sphere around the members' spheres (centre: the mean of theirs;
 * radius: the farthest reach from it) into s.sphere. False when a member
 * has no sphere this frame (no valid transform).
 */
export function linksetSphere(s: LinksetScratch, spheres: BoundingSpheres): boolean {
  const { x, y, z, radius } = spheres;
  const m = s.members;
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (let k = 0; k < s.count; k++) {
    const e = m[k];
    if (!(radius[e] >= 0)) return false;
    cx += x[e];
    cy += y[e];
    cz += z[e];
  }
  cx /= s.count;
  cy /= s.count;
  cz /= s.count;
  let r = 0;
  for (let k = 0; k < s.count; k++) {
    const e = m[k];
    const dx = x[e] - cx;
    const dy = y[e] - cy;
    const dz = z[e] - cz;
    const reach = Math.sqrt(dx * dx + dy * dy + dz * dz) + radius[e];
    if (reach > r) r = reach;
  }
  const sphere = s.sphere;
  sphere[0] = cx;
  sphere[1] = cy;
  sphere[2] = cz;
  sphere[3] = r;
  return true;
}

/** Float and byte views of the components, as 32-bit words for hashing (made on first use per buffer). */
interface WordViews {
  shape: Uint32Array | null;
  scale: Uint32Array | null;
  localPosition: Uint32Array | null;
  localRotation: Uint32Array | null;
  worldRotation: Uint32Array | null;
  color: Uint32Array | null;
}

const views: WordViews = { shape: null, scale: null, localPosition: null, localRotation: null, worldRotation: null, color: null };

function words(old: Uint32Array | null, array: Float32Array | Uint8Array): Uint32Array {
  if (old !== null && old.buffer === array.buffer && old.byteOffset === array.byteOffset) return old;
  return new Uint32Array(array.buffer, array.byteOffset, array.byteLength >> 2);
}

/** Mixes one word into the key (FNV-1a style in one word, a multiply chain in the other). */
function mix(key: Uint32Array, v: number): void {
  key[0] = Math.imul(key[0] ^ v, 0x01000193);
  key[1] = Math.imul(key[1] ^ v, 0x85ebca6b) + 0x9e3779b9;
}

function mixRange(key: Uint32Array, w: Uint32Array, from: number, count: number): void {
  for (let i = from, end = from + count; i < end; i++) mix(key, w[i]);
}

/**
 * Hashes the members' looks and the lighting bucket into s.key; returns
 * their texture detail (the sum over faces of residentDetail at the level a
 * bake needs; 0 without textures) and counts in s.missingTextures the faces
 * whose texture is short of that level. Needs s.sphere (linksetSphere).
 */
export function linksetKey(
  s: LinksetScratch, components: WorldComponents, sunBucket: number, textures: BakeTextures | null, sculptMaps: ReadonlyMap<number, SculptMapEntry>,
  radius: Float32Array,
): number {
  const { shape, local, world, identity, sculpt } = components;
  const v = views;
  v.shape = words(v.shape, shape.params);
  v.scale = words(v.scale, local.scale);
  v.localPosition = words(v.localPosition, local.position);
  v.localRotation = words(v.localRotation, local.rotation);
  v.worldRotation = words(v.worldRotation, world.rotation);
  v.color = words(v.color, components.textures.color);
  const key = s.key;
  key[0] = 0x811c9dc5;
  key[1] = 0x7f4a7c15;
  mix(key, sunBucket);
  const F = MAX_ENTITY_FACES;
  const { textureIndex, fullbright, texGen, scaleS, scaleT } = components.textures;
  const rowOfUuid = textures?.rowOfUuid ?? null;
  const rows = textures?.residency?.rows ?? null;
  const linksetRadius = s.sphere[3];
  let detail = 0;
  let missing = 0;
  for (let k = 0; k < s.count; k++) {
    const e = s.members[k];
    mix(key, identity.pcode[e] | (sculpt.type[e] << 8));
    mix(key, sculpt.assetIndex[e]);
    const stitching = sculpt.type[e] & 7;
    if (stitching >= 1 && stitching <= 4) {
      // A sculpt is a box until its map arrives, then the map's shape: its image's version is its geometry.
      const map = sculptMaps.get(sculpt.assetIndex[e]);
      mix(key, map === undefined || map.image === null ? 0 : map.version + 1);
    }
    mixRange(key, v.shape, e * SHAPE_FLOATS, SHAPE_FLOATS);
    mixRange(key, v.scale, e * 3, 3);
    if (k === 0) mixRange(key, v.worldRotation, e * 4, 4);
    else {
      mixRange(key, v.localPosition, e * 3, 3);
      mixRange(key, v.localRotation, e * 4, 4);
    }
    // Most members show one texture at one scale on every face: such a run is measured once.
    let runTexture = -1;
    let runRepeats = -1;
    let runDetail = 0;
    let runMissing = 0;
    for (let f = e * F, end = f + F; f < end; f++) {
      mix(key, v.color[f]);
      const texture = textureIndex[f];
      mix(key, texture);
      mix(key, fullbright[f] | (texGen[f] << 8));
      if (rowOfUuid === null || rows === null || texture === 0) continue;
      const repeats = Math.max(Math.abs(scaleS[f]), Math.abs(scaleT[f]));
      if (texture !== runTexture || repeats !== runRepeats) {
        runTexture = texture;
        runRepeats = repeats;
        const row = texture < rowOfUuid.length ? rowOfUuid[texture] - 1 : -1;
        const t = row >= 0 ? rows[row] : null;
        if (t == null || t.shape === null) {
          runDetail = 0;
          runMissing = 1;
        } else {
          const level = bakeTextureLevel(t.shape, radius[e], linksetRadius, repeats);
          runDetail = residentDetail(t, level);
          runMissing = runDetail < t.shape.levels - level ? 1 : 0;
        }
      }
      detail += runDetail;
      missing += runMissing;
    }
  }
  s.missingTextures = missing;
  return detail;
}
