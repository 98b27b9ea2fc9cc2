/**
 * render.textures (lod phase, after render.lod, before render.draw-list):
 * streams the textures visible faces use into the virtual texture.
 *
 *   wants     each visible object's on-screen diameter, divided by its
 *             faces' repeats, is the texels a face can show (the SL
 *             viewer's "virtual size"): the level wanted is log2(texture
 *             side / that), the priority the size itself
 *   feedback  where the GPU feedback pass runs (WebGL2), its latest
 *             readback is decoded when it arrives, and every texture it
 *             saw takes the feedback's level, priority and pages instead
 *             (textures/vt-feedback.ts); the rest keep the estimate
 *   source    every wanted texture is asked of the TextureSource at that
 *             discard (FIRST_DISCARD before its size is known); images it
 *             has decoded since become mip chains
 *   pages     the residency plans at most MAX_PAGE_UPLOADS pages (tails
 *             first) and writes their texels into the staging blocks; the
 *             page-table rows that changed are listed; render.draw sends
 *             both to the GPU
 *
 * Settings read each frame: memory.virtualTextureCacheMB and
 * memory.textureCacheVramMB (atlas slots: the smaller), and
 * assets.maxTextureSize (page-table row width); a change remakes the
 * residency, and the textures stream in again.
 */
import type { PerformanceSettings } from '@slv/config';
import type { EngineWorld } from '@slv/core';
import { MAX_ENTITY_FACES, uuidText, type UuidTable } from '@slv/world';
import type { RenderResources, RenderState } from '../render-state.ts';
import { FIRST_DISCARD, MAX_PAGE_UPLOADS, type TextureImage, type TextureSource, type TextureState } from '../textures/texture-state.ts';
import { MAX_VT_SIDE, pageTableRowWidth, SLOT, vtShape } from '../textures/vt-layout.ts';
import { buildMipChain, SLOT_BYTES, writePage, writeTail } from '../textures/vt-pages.ts';
import {
  beginVtFrame, createVtResidency, offerChain, planUploads, resetVtResidency, vtTexture, wantTexture, type VtResidency, type VtTexture,
} from '../textures/vt-residency.ts';
import { needsImageAgain, releaseChainIfComplete, trimSurplusPages } from '../textures/vt-keep.ts';
import { writeDirtyRows } from '../textures/vt-page-table.ts';
import { applyFeedback, createVtFeedback, decodeFeedback, FEEDBACK_MAX_AGE } from '../textures/vt-feedback.ts';
import { FRAME_TEXELS as IMPOSTOR_FRAME_TEXELS } from '../impostors/impostor-atlas.ts';
import { bakeTextureLevel, gatherMembers, linksetSphere } from '../impostors/linkset.ts';

/** Atlas slots a device with `maxTextureSize` textures can hold. */
export function vtDeviceSlots(maxTextureSize: number): number {
  const side = Math.floor(Math.min(maxTextureSize, 16384) / SLOT);
  return Math.min(65535, side * side);
}

/** Page-table rows (textures at once) a device with `maxTextureSize` textures can hold. */
export function vtDeviceRows(maxTextureSize: number): number {
  return Math.min(4096, maxTextureSize);
}

/**
 * Atlas slots on this device: memory.virtualTextureCacheMB, within
 * memory.textureCacheVramMB (the atlas is all the GPU memory textures take).
 */
export function vtSlotsFor(settings: PerformanceSettings, maxTextureSize: number): number {
  const megabytes = Math.min(settings.memory.virtualTextureCacheMB, settings.memory.textureCacheVramMB);
  const budget = Math.floor((megabytes * 1024 * 1024) / SLOT_BYTES);
  return Math.max(1, Math.min(budget, vtDeviceSlots(maxTextureSize)));
}

function ensureResidency(state: TextureState, renderer: RenderState, settings: PerformanceSettings, assets: UuidTable): VtResidency {
  if (state.rowOfUuid.length < assets.capacity) {
    state.rowOfUuid = new Int32Array(assets.capacity);
    state.residency = null;
  }
  const device = renderer.caps.maxTextureSize;
  const slots = vtSlotsFor(settings, device);
  const maxSide = Math.min(settings.assets.maxTextureSize, MAX_VT_SIDE);
  // Compared as numbers: this runs every frame and must not build a key.
  if (state.residency !== null && state.residencySlots === slots && state.residencyMaxSide === maxSide && state.residencySource === state.source) {
    return state.residency;
  }
  const rowWidth = pageTableRowWidth(maxSide);
  const rows = vtDeviceRows(device);
  state.residencySlots = slots;
  state.residencyMaxSide = maxSide;
  // What the old residency held is gone: the same source hands each texture over again when next wanted.
  if (state.residency !== null && state.residencySource === state.source) for (const id of state.residency.textures.keys()) state.source?.release(id);
  state.residencySource = state.source;
  state.residency = createVtResidency(slots, rows, rowWidth, MAX_PAGE_UPLOADS);
  state.feedback = renderer.caps.webgl2 ? createVtFeedback(rows) : null;
  state.residencyGeneration++;
  state.rowOfUuid.fill(0);
  state.uuidOfRow = new Int32Array(rows);
  state.rowAlpha = new Uint8Array(rows);
  state.rowUploads = new Int32Array(rows);
  state.gpuReset = false;
  return state.residency;
}

/** The row of interned texture `uuid`, giving it one when it has none; -1 when no row is free. */
function rowOf(state: TextureState, r: VtResidency, assets: UuidTable, uuid: number): number {
  const known = state.rowOfUuid[uuid] - 1;
  if (known >= 0) return known;
  const t = vtTexture(r, uuidText(assets, uuid));
  if (t === null) return -1;
  const previous = state.uuidOfRow[t.row];
  if (previous !== 0 && previous !== uuid) {
    // The row was the least recently used texture's: the source may hand that one over again later.
    state.rowOfUuid[previous] = 0;
    state.source?.release(uuidText(assets, previous));
  }
  state.uuidOfRow[t.row] = uuid;
  state.rowOfUuid[uuid] = t.row + 1;
  state.rowAlpha[t.row] = 0;
  return t.row;
}

/** Each visible face's texture: wanted at the level its on-screen size needs. */
function collectWants(state: TextureState, r: VtResidency, resources: RenderResources, assets: UuidTable): void {
  const renderer = resources.renderer;
  const { visible, visibleCount, spheres, eye, projection, near } = renderer.frame;
  const textures = resources.ingestion.components.textures;
  const { textureIndex, scaleS, scaleT } = textures;
  // Pixels per metre at one metre away (a perspective projection's [5] is cot(fovY / 2)).
  const pixelsPerUnit = state.viewportHeight * 0.5 * Math.abs(projection[5]);
  const F = MAX_ENTITY_FACES;
  for (let i = 0; i < visibleCount; i++) {
    const eid = visible[i];
    const radius = spheres.radius[eid];
    if (!(radius > 0)) continue;
    const dx = spheres.x[eid] - eye[0];
    const dy = spheres.y[eid] - eye[1];
    const dz = spheres.z[eid] - eye[2];
    const distance = Math.max(Math.sqrt(dx * dx + dy * dy + dz * dz), radius * 0.5, near);
    const diameter = (2 * radius * pixelsPerUnit) / distance;
    // Most objects use one texture with one scale on every face: such a run of faces is one want.
    let previousUuid = -1;
    let previousRepeats = -1;
    for (let f = 0; f < F; f++) {
      const face = eid * F + f;
      const uuid = textureIndex[face];
      if (uuid === 0) continue;
      const repeats = Math.max(Math.abs(scaleS[face]), Math.abs(scaleT[face]), 1 / 64);
      if (uuid === previousUuid && repeats === previousRepeats) continue;
      previousUuid = uuid;
      previousRepeats = repeats;
      const row = rowOf(state, r, assets, uuid);
      if (row < 0) continue;
      const t = r.rows[row]!;
      // Whole texels, so the priority stays a small integer through the calls below.
      const pixels = Math.max(1, Math.ceil(diameter / repeats));
      let level = 0;
      const s = t.shape;
      if (s !== null) {
        const side = 2 ** Math.max(s.log2Width, s.log2Height);
        level = Math.min(s.levels - 1, Math.max(0, Math.floor(Math.log2(side / pixels))));
      }
      wantTexture(r, t, level, pixels);
    }
  }
}

const PCODE_PRIM = 9;
/** Sculpt types that are maps (1 sphere .. 4 cylinder; 5 is a mesh asset). */
const SCULPT_TYPE_MASK = 7;
/** Sculpt maps' priority over faces of the same size: geometry before its paint. */
const SCULPT_PRIORITY_BOOST = 1 << 20;
/** Sculpt maps unseen for this many frames let go of their image. */
const IDLE_SCULPT_FRAMES = 1800;

/**
 * Each visible sculpted prim's map, wanted whole (sculpt maps are small; the
 * SL viewer fetches them for geometry, not by on-screen size). A map seen for
 * the first time is released at the source first, so an image already handed
 * to the virtual texture is handed over again for the geometry.
 */
function wantSculptMaps(state: TextureState, resources: RenderResources, assets: UuidTable, source: TextureSource, frame: number): void {
  const { visible, visibleCount } = resources.renderer.frame;
  const { identity, sculpt } = resources.ingestion.components;
  for (let i = 0; i < visibleCount; i++) {
    const eid = visible[i];
    const type = sculpt.type[eid] & SCULPT_TYPE_MASK;
    if (identity.pcode[eid] !== PCODE_PRIM || type < 1 || type > 4) continue;
    const uuid = sculpt.assetIndex[eid];
    if (uuid === 0) continue;
    let entry = state.sculptByUuid.get(uuid);
    if (entry === undefined) {
      const id = uuidText(assets, uuid);
      entry = state.sculptMaps.get(id) ?? { id, image: null, version: 0, lastWanted: -1 };
      state.sculptMaps.set(id, entry);
      state.sculptByUuid.set(uuid, entry);
      source.release(id);
    }
    if (entry.lastWanted === frame) continue;
    entry.lastWanted = frame;
    source.want(entry.id, 0, SCULPT_PRIORITY_BOOST);
  }
}

/** Lets go of the images of sculpt maps long unseen (their prims draw as boxes again when next seen, until the map is back). */
function forgetIdleSculptMaps(state: TextureState, frame: number): void {
  // Every 120 frames, so the Map iterator it allocates is not per frame.
  for (const entry of state.sculptMaps.values()) {
    if (entry.image === null || frame - entry.lastWanted <= IDLE_SCULPT_FRAMES) continue;
    entry.image = null;
    entry.version++;
    state.source?.release(entry.id);
  }
}

/** Pages given back per frame at most, and frames unseen after which a texture keeps only its tail. */
const MAX_PAGE_TRIMS = 64;
const IDLE_TEXTURE_FRAMES = 600;

/** Priority of the terrain's textures: above any face's (the SL viewer boosts them too). */
const TERRAIN_PRIORITY = 1 << 24;

/** The terrain's four textures, wanted at full resolution while terrain is drawn. */
function wantTerrainTextures(state: TextureState, r: VtResidency, renderer: RenderState): void {
  const ids = renderer.environment.terrainTextures;
  const drawn = renderer.terrainMesh !== null;
  for (let i = 0; i < 4; i++) {
    const id = ids[i];
    if (!drawn || id === '') {
      state.terrainRows[i] = 0;
      continue;
    }
    const t = vtTexture(r, id);
    if (t === null) {
      state.terrainRows[i] = 0;
      continue;
    }
    wantTexture(r, t, 0, TERRAIN_PRIORITY);
    // Terrain is not in the feedback: all of its pages, even where a face showed part of the same texture.
    t.fromFeedback = false;
    state.terrainRows[i] = t.row + 1;
  }
}

/**
 * The textures of the linksets being baked as impostors, each at the level
 * the bake needs (bakeTextureLevel), after the feedback: an impostor is
 * baked from every side at its own texel size, which neither the feedback
 * (it sees the side on screen) nor the on-screen estimate (a far object
 * covers few pixels) asks for. Mostly a tail level; a paged one takes every
 * page of that level, as every side is baked, unless the feedback asks for
 * a finer level (a face of the same texture near the eye).
 */
function wantBakeTextures(state: TextureState, r: VtResidency, resources: RenderResources, assets: UuidTable): void {
  const impostors = resources.renderer.impostors;
  const spheres = resources.renderer.frame.spheres;
  const components = resources.ingestion.components;
  const { textureIndex, scaleS, scaleT } = components.textures;
  const s = impostors.textureScratch;
  const F = MAX_ENTITY_FACES;
  for (let j = 0; j < impostors.jobs.length; j++) {
    const job = impostors.jobs[j]!;
    if (job.root < 0 || !gatherMembers(s, components, job.root) || !linksetSphere(s, spheres)) continue;
    for (let k = 0; k < s.count; k++) {
      const eid = s.members[k];
      // A run of faces with one texture at one scale is one want, as in collectWants.
      let previousUuid = -1;
      let previousRepeats = -1;
      for (let face = eid * F, end = face + F; face < end; face++) {
        const uuid = textureIndex[face];
        if (uuid === 0) continue;
        const repeats = Math.max(Math.abs(scaleS[face]), Math.abs(scaleT[face]), 1 / 64);
        if (uuid === previousUuid && repeats === previousRepeats) continue;
        previousUuid = uuid;
        previousRepeats = repeats;
        const row = rowOf(state, r, assets, uuid);
        if (row < 0) continue;
        const t = r.rows[row]!;
        // Before its size is known, asked at the first discard like any texture.
        const level = t.shape === null ? 0 : bakeTextureLevel(t.shape, spheres.radius[eid], s.sphere[3], repeats);
        wantTexture(r, t, level, Math.max(1, Math.ceil(IMPOSTOR_FRAME_TEXELS / repeats)));
        // All of a paged level's pages, unless a face on screen asks for a finer level (its feedback pages stay).
        if (t.shape !== null && level < t.shape.firstTailLevel && t.wantedLevel === level) t.fromFeedback = false;
      }
    }
  }
}

/** Makes the closures the source and the row writer call, once per state. */
function handlers(state: TextureState): { receive: (id: string, image: TextureImage) => void; rowWritten: (row: number) => void } {
  let h = handlerCache.get(state);
  if (h === undefined) {
    const receive = (id: string, image: TextureImage): void => {
      const sculpt = state.sculptMaps.get(id);
      if (sculpt !== undefined) {
        sculpt.image = image;
        sculpt.version++;
      }
      const r = state.residency;
      const t = r?.textures.get(id);
      if (r == null || t === undefined) return;
      try {
        offerImage(r, t, image);
        state.imagesTaken++;
      } catch (error) {
        state.imagesRefused++;
        state.lastRefusal = `texture ${id}: ${(error as Error).message}`;
      }
    };
    const rowWritten = (row: number): void => {
      const t = state.residency!.rows[row];
      state.rowAlpha[row] = t?.hasAlpha === true ? 255 : 0;
      state.rowUploads[state.rowUploadCount++] = row;
    };
    h = { receive, rowWritten };
    handlerCache.set(state, h);
  }
  return h;
}
const handlerCache = new WeakMap<TextureState, ReturnType<typeof handlers>>();

function offerImage(r: VtResidency, t: VtTexture, image: TextureImage): void {
  const shape = vtShape(image.fullWidth ?? image.width * 2 ** image.discard, image.fullHeight ?? image.height * 2 ** image.discard);
  offerChain(r, t, buildMipChain(shape, image.pixels, image.width, image.height, Math.min(image.discard, shape.levels - 1)));
}

export function texturesSystem(_world: EngineWorld, resources: RenderResources): void {
  const renderer = resources.renderer;
  if (!renderer.enabled) return;
  const state = renderer.textures;
  state.rowUploadCount = 0;
  const assets = resources.ingestion.tables?.assets;
  const source = state.source;
  if (source === null || assets === undefined || state.disabledReason !== '') {
    if (state.residency !== null) state.residency.uploadCount = 0;
    return;
  }
  const r = ensureResidency(state, renderer, resources.settings.settings, assets);
  if (state.gpuReset) {
    resetVtResidency(r);
    state.gpuReset = false;
  }
  beginVtFrame(r, renderer.frame.frameNumber);
  collectWants(state, r, resources, assets);
  const feedback = state.feedback;
  const stats = renderer.stats;
  if (feedback !== null && feedback.ready) {
    decodeFeedback(feedback, r);
    stats.vtFeedbackReadbacks++;
    stats.vtFeedbackPages = feedback.count;
  }
  const onFeedback = feedback === null ? 0 : applyFeedback(feedback, r);
  stats.vtFeedback = feedback !== null && feedback.decodedFrame >= 0 && r.frame - feedback.decodedFrame <= FEEDBACK_MAX_AGE;
  stats.vtFeedbackTextures = onFeedback;
  wantTerrainTextures(state, r, renderer);
  wantBakeTextures(state, r, resources, assets);
  wantSculptMaps(state, resources, assets, source, renderer.frame.frameNumber);
  for (let i = 0; i < r.wantedCount; i++) {
    const t = r.rows[r.wanted[i]]!;
    source.want(t.id, t.shape === null ? FIRST_DISCARD : t.wantedLevel, t.priority);
  }
  // Whole milliseconds: a small integer crosses the call without being boxed.
  source.update(Math.floor(resources.time.nowMs));
  const { receive, rowWritten } = handlers(state);
  source.drain(receive);
  // Textures whose pages were evicted (or lost with the GPU) are asked for again: the source hands them over anew.
  for (let i = 0; i < r.wantedCount; i++) {
    const t = r.rows[r.wanted[i]]!;
    if (needsImageAgain(t)) source.release(t.id);
  }
  const uploads = planUploads(r, MAX_PAGE_UPLOADS, onFeedback > 0 ? feedback : null);
  for (let k = 0; k < uploads; k++) {
    const u = r.uploads[k];
    const chain = u.texture.chain!;
    if (u.level >= chain.shape.firstTailLevel) writeTail(chain, state.staging[k]);
    else writePage(chain, u.level, u.x, u.y, state.staging[k]);
  }
  // A texture with every wanted page in needs its CPU levels no more.
  for (let i = 0; i < r.wantedCount; i++) {
    const t = r.rows[r.wanted[i]]!;
    releaseChainIfComplete(t);
  }
  trimSurplusPages(r, MAX_PAGE_TRIMS, IDLE_TEXTURE_FRAMES);
  if (renderer.frame.frameNumber % 120 === 0) forgetIdleSculptMaps(state, renderer.frame.frameNumber);
  writeDirtyRows(r, rowWritten);
}
