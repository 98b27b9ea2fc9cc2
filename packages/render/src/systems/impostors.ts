/**
 * render.impostors (lod phase, before render.lod): which linksets draw as
 * impostors this frame. Per root with a visible member (the whole linkset
 * is one impostor, keyed by its root) it reads settings.rendering each
 * frame: an object is wanted as an impostor beyond impostorDistance (from
 * the eye to its linkset's sphere), an avatar beyond the
 * maxNonImpostorAvatars nearest ones. A wanted linkset whose tile is baked
 * and fresh (its key unchanged, its textures holding no more detail than
 * at the bake: linkset.ts) is drawn as an impostor: every member gets drawnElsewhere = 1, so
 * render.lod leaves it out of the batches, and the sphere and tile go into
 * the instance list the impostor pass draws. Any other wanted linkset is
 * drawn normally and offered for baking (impostors/bake-jobs.ts), so the
 * bake finds the slots render.lod chose for it. A spinning root (angular
 * velocity) is never wanted: its views would be stale every frame.
 */
import type { EngineWorld } from '@slv/core';
import type { RenderResources } from '../render-state.ts';
import { impostorAtlasBytes, impostorTilesFor } from '../impostors/impostor-atlas.ts';
import { IMPOSTOR_INSTANCE_FLOATS, lightingBucket, PCODE_AVATAR, resetImpostors } from '../impostors/impostor-state.ts';
import type { ImpostorState } from '../impostors/impostor-state.ts';
import { createImpostorAtlas } from '../impostors/impostor-atlas.ts';
import { jobOf, offerCandidate, planBakes } from '../impostors/bake-jobs.ts';
import { gatherMembers, linksetKey, linksetSphere, rootOf, type BakeTextures } from '../impostors/linkset.ts';
import type { FrameState } from '../frame/frame-state.ts';
import type { WorldComponents } from '@slv/world';
import type { SculptMapEntry } from '../textures/texture-state.ts';

/** A baked impostor's staleness key is checked once in this many frames (a power of two). */
export const KEY_CHECK_FRAMES = 8;

export function impostorsSystem(_world: EngineWorld, resources: RenderResources): void {
  const renderer = resources.renderer;
  if (!renderer.enabled) return;
  const settings = resources.settings.settings;
  const state = renderer.impostors;
  const { frame, stats } = renderer;
  const drawnElsewhere = renderer.meshes.drawnElsewhere;
  for (let k = 0; k < state.markedCount; k++) drawnElsewhere[state.marked[k]] = 0;
  state.markedCount = 0;
  state.instanceCount = 0;
  state.candidateCount = 0;
  const tiles = impostorTilesFor(settings.memory.textureCacheVramMB, renderer.caps.maxTextureSize);
  if (tiles !== state.atlasTiles) {
    resetImpostors(state);
    state.atlas = createImpostorAtlas(tiles, frame.capacity);
    state.atlasTiles = tiles;
  }
  const components = resources.ingestion.components;
  gatherRoots(state, frame, components);
  rankAvatars(state, components.identity.pcode);
  const rendering = settings.rendering;
  const light = renderer.scene.lightDirection;
  const sunBucket = lightingBucket(state, light);
  const rows = renderer.textures.residency === null ? null : renderer.textures;
  const sculptMaps = renderer.textures.sculptByUuid;
  if (state.textureGeneration !== renderer.textures.residencyGeneration) {
    // A new residency (another texture source, a new budget) streams every texture again: what a bake had is
    // measured against pages that are gone, so each impostor counts as having had none and is baked again as
    // its textures come back (until then its old picture stays).
    state.textureGeneration = renderer.textures.residencyGeneration;
    state.bakedTextureDetail.fill(0);
    for (let j = 0; j < state.jobs.length; j++) state.jobs[j]!.textureDetail = 0;
  }
  selectImpostors(state, frame, components, drawnElsewhere, rendering.impostorDistance, rendering.maxNonImpostorAvatars, sunBucket, rows, sculptMaps);
  if (state.atlas.capacity > 0) {
    planBakes(state, components, frame.spheres, renderer.meshes, rows, frame.frameNumber, sunBucket, sculptMaps);
  }
  let jobs = 0;
  for (let j = 0; j < state.jobs.length; j++) if (state.jobs[j]!.root >= 0) jobs++;
  stats.impostorBakeJobs = jobs;
  stats.impostorsDrawn = state.instanceCount;
  stats.impostorTiles = state.atlas.capacity - state.atlas.freeCount;
  stats.impostorAtlasBudgetBytes = impostorAtlasBytes(state.atlas);
  stats.impostorsStaleByKey = state.staleByKey;
  stats.impostorsStaleByTextures = state.staleByTextures;
}

/** Lists the roots of the visible entities once each, with their distance from the eye. */
function gatherRoots(state: ImpostorState, frame: FrameState, components: WorldComponents): void {
  const { visible, visibleCount, frameNumber, eye, spheres, capacity } = frame;
  const parentEid = components.identity.parentEid;
  const seen = state.seen;
  let count = 0;
  for (let k = 0; k < visibleCount; k++) {
    const root = rootOf(parentEid, visible[k], capacity);
    if (seen[root] === frameNumber) continue;
    seen[root] = frameNumber;
    state.roots[count] = root;
    const dx = spheres.x[root] - eye[0];
    const dy = spheres.y[root] - eye[1];
    const dz = spheres.z[root] - eye[2];
    state.rootDistance[count] = Math.sqrt(dx * dx + dy * dy + dz * dz);
    count++;
  }
  state.rootCount = count;
}

/** Ranks the frame's avatar roots by distance, nearest first (insertion sort: a region holds few avatars). */
function rankAvatars(state: ImpostorState, pcode: Uint8Array): void {
  const { roots, rootDistance, avatars, avatarRank } = state;
  let n = 0;
  for (let i = 0; i < state.rootCount; i++) {
    if (pcode[roots[i]] !== PCODE_AVATAR) continue;
    let k = n++;
    while (k > 0 && rootDistance[avatars[k - 1]] > rootDistance[i]) {
      avatars[k] = avatars[k - 1];
      k--;
    }
    avatars[k] = i;
  }
  for (let k = 0; k < n; k++) avatarRank[roots[avatars[k]]] = k;
  state.avatarCount = n;
}

function selectImpostors(
  state: ImpostorState, frame: FrameState, components: WorldComponents, drawnElsewhere: Uint8Array,
  impostorDistance: number, maxNonImpostorAvatars: number, sunBucket: number, textures: BakeTextures | null,
  sculptMaps: ReadonlyMap<number, SculptMapEntry>,
): void {
  const { atlas, scratch: s, instances, marked } = state;
  const pcode = components.identity.pcode;
  const angular = components.motion.angularVelocity;
  const { eye, spheres } = frame;
  for (let i = 0; i < state.rootCount; i++) {
    const root = state.roots[i];
    const avatar = pcode[root] === PCODE_AVATAR;
    const want = avatar ? state.avatarRank[root] >= maxNonImpostorAvatars : state.rootDistance[i] > impostorDistance;
    if (!want || atlas.capacity === 0) continue;
    // A spinning linkset turns every frame: its views would be stale as soon as baked, so it stays geometry.
    if (angular[root * 3] !== 0 || angular[root * 3 + 1] !== 0 || angular[root * 3 + 2] !== 0) continue;
    const tile = atlas.tileOf[root];
    if (tile < 0 && state.refused[root] === 0) {
      // No picture to check against: offered for baking by the root's own sphere, without walking the
      // linkset (the cheap path of every far linkset the atlas has no room for).
      offerCandidate(state, root, spheres.radius[root] / Math.max(state.rootDistance[i], 1e-3));
      continue;
    }
    if (!gatherMembers(s, components, root) || !linksetSphere(s, spheres)) continue;
    // A baked impostor's key is checked one frame in KEY_CHECK_FRAMES (by root, so the checks spread):
    // hashing every member's looks is most of this system's time. A failed check drops the picture.
    const baked = tile >= 0 && atlas.baked[tile] === 1 && state.refused[root] === 0;
    let fresh = baked && ((root + frame.frameNumber) & (KEY_CHECK_FRAMES - 1)) !== 0;
    let a = 0;
    let b = 0;
    let detail = 0;
    if (!fresh) {
      detail = linksetKey(s, components, sunBucket, textures, sculptMaps, spheres.radius);
      a = s.key[0];
      b = s.key[1];
      const sameKey = state.bakedKeyA[root] === a && state.bakedKeyB[root] === b;
      if (state.refused[root] === 1) {
        if (sameKey) continue;
        state.refused[root] = 0;
      }
      fresh = baked && sameKey && detail <= state.bakedTextureDetail[root];
      if (baked && !fresh) {
        atlas.baked[tile] = 0;
        if (sameKey) state.staleByTextures++;
        else state.staleByKey++;
      }
    }
    if (fresh) {
      atlas.lastUsed[tile] = frame.frameNumber;
      for (let k = 0; k < s.count; k++) {
        const e = s.members[k];
        if (drawnElsewhere[e] === 0) marked[state.markedCount++] = e;
        drawnElsewhere[e] = 1;
      }
      const o = state.instanceCount++ * IMPOSTOR_INSTANCE_FLOATS;
      instances[o] = s.sphere[0];
      instances[o + 1] = s.sphere[1];
      instances[o + 2] = s.sphere[2];
      instances[o + 3] = s.sphere[3];
      instances[o + 4] = tile % atlas.columns;
      instances[o + 5] = Math.floor(tile / atlas.columns);
      continue;
    }
    // Stale or not baked: drawn normally, baked (again) by priority.
    const dx = s.sphere[0] - eye[0];
    const dy = s.sphere[1] - eye[1];
    const dz = s.sphere[2] - eye[2];
    const priority = s.sphere[3] / Math.max(Math.sqrt(dx * dx + dy * dy + dz * dz), 1e-3);
    const job = jobOf(state, root);
    if (job === null) {
      offerCandidate(state, root, priority);
      continue;
    }
    job.seen = frame.frameNumber;
    job.priority = priority;
    job.missingTextures = s.missingTextures;
    if (job.key[0] !== a || job.key[1] !== b || detail > job.textureDetail) {
      // It changed mid-bake (its look, or its textures sharpened): start over for the new look. Less texture
      // detail (pages given back under pressure) does not restart it, as it does not make a baked one stale.
      job.key[0] = a;
      job.key[1] = b;
      job.textureDetail = detail;
      job.viewsDone = 0;
      job.viewStart = 0;
    }
  }
}
