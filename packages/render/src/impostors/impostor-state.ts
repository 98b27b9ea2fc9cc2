/**
 * The impostor system's state (RenderState.impostors): the atlas's tiles,
 * per root what was baked (key, texture detail) or refused, the frame's
 * roots and avatars, the impostors to draw this frame, and the bake jobs.
 * Made once for the world's capacity; the atlas is remade when its budget
 * changes.
 *
 * A bake job fills one tile over several frames: render.impostors decides
 * which views of which job are baked this frame (state.viewsPerFrame in
 * all, nearest / largest on screen first) and packs the linkset's
 * instances; render.draw bakes them into the atlas and commits them
 * (commitImpostorBakes). A tile with every view committed is baked.
 */
import { createDrawBatches } from '../instancing/draw-batches.ts';
import type { DrawBatches } from '../instancing/draw-batches.ts';
import { createDrawList } from '../instancing/draw-list.ts';
import type { DrawList } from '../instancing/draw-list.ts';
import { createInstanceStreams } from '../instancing/instance-streams.ts';
import type { InstanceStreams } from '../instancing/instance-streams.ts';
import { createTranslucentQueue } from '../instancing/translucent-queue.ts';
import type { TranslucentQueue } from '../instancing/translucent-queue.ts';
import { clearImpostorAtlas, createImpostorAtlas } from './impostor-atlas.ts';
import type { ImpostorAtlas } from './impostor-atlas.ts';
import { createLinksetScratch, MAX_LINKSET_MEMBERS, SUN_BUCKET_FRAMES } from './linkset.ts';
import type { LinksetScratch } from './linkset.ts';
import { frameOfDirection, OCT_FRAMES } from './octahedral.ts';

/** Views (frames) of one impostor. */
export const VIEWS_PER_IMPOSTOR = OCT_FRAMES * OCT_FRAMES;
/** Views baked per frame, all jobs together (default of state.viewsPerFrame): a quarter of an impostor. */
export const BAKE_VIEWS_PER_FRAME = 16;
/** Frames a bake job is kept while its linkset is not wanted (not visible, or nearer than the impostor distance). */
export const JOB_UNSEEN_FRAMES = 30;
/** Frames a job may wait for its members' slots before its linkset is refused (for its key). */
export const MAX_BAKE_WAIT_FRAMES = 60;
/**
 * Frames a job waits before its first view for its faces' textures to reach
 * the level the bake needs (render.textures asks for them); after that it
 * bakes with what there is, and is baked again when they sharpen.
 */
export const MAX_TEXTURE_WAIT_FRAMES = 60;
/** Linksets baking at once. */
export const MAX_BAKE_JOBS = 4;
/** Floats per drawn impostor: sphere centre x, y, z, radius; tile column, row; two unused. */
export const IMPOSTOR_INSTANCE_FLOATS = 8;
/** pcode of an avatar. */
export const PCODE_AVATAR = 47;

export interface BakeJob {
  /** Root being baked, -1 when the job is free. */
  root: number;
  tile: number;
  /** The key the views are baked for, and the texture detail then (linksetKey). */
  readonly key: Uint32Array;
  textureDetail: number;
  /** Faces whose texture was short of the level the bake needs when last looked at, and frames waited for them before the first view. */
  missingTextures: number;
  textureWait: number;
  /** Views committed so far (0..VIEWS_PER_IMPOSTOR). */
  viewsDone: number;
  /** Angular size (radius / distance) when last seen: larger bakes first. */
  priority: number;
  /** Frame the root was last seen wanting this impostor. */
  seen: number;
  /** Frames in a row it could not be packed (a member without a slot or a transform). */
  waited: number;
  /** This frame's views: [viewStart, viewStart + viewCount), baked by render.draw. */
  viewStart: number;
  viewCount: number;
  /** The linkset's sphere this frame (centre, radius): the bake cameras fit it. */
  readonly sphere: Float64Array;
  /** The linkset's instances, packed as the opaque pass packs its own. */
  readonly batches: DrawBatches;
  readonly streams: InstanceStreams;
  readonly list: DrawList;
}

export interface ImpostorState {
  atlas: ImpostorAtlas;
  /** Tiles the atlas was made for (impostorTilesFor). */
  atlasTiles: number;
  /** Per root: the key it was baked (or refused) for, and its texture detail then (linksetKey). */
  readonly bakedKeyA: Uint32Array;
  readonly bakedKeyB: Uint32Array;
  readonly bakedTextureDetail: Int32Array;
  /** Per root: 1 where its key's look cannot be an impostor (translucent faces); cleared when the key changes. */
  readonly refused: Uint8Array;
  /** Per entity: the frame it was last handled as a root. */
  readonly seen: Int32Array;
  /** Entities given drawnElsewhere = 1 this frame (cleared next frame). */
  readonly marked: Int32Array;
  markedCount: number;
  /** This frame's roots with a visible member, their distance, and which are avatars (indices into roots, nearest first). */
  readonly roots: Int32Array;
  readonly rootDistance: Float64Array;
  rootCount: number;
  readonly avatars: Int32Array;
  avatarCount: number;
  /** Per entity (root): its rank among the frame's avatars by distance, nearest 0. */
  readonly avatarRank: Int32Array;
  /** Impostors to draw this frame (IMPOSTOR_INSTANCE_FLOATS each). */
  readonly instances: Float32Array;
  instanceCount: number;
  readonly jobs: BakeJob[];
  /** Views baked per frame, all jobs together. */
  viewsPerFrame: number;
  /** Bake candidates this frame, by priority (at most MAX_BAKE_JOBS kept). */
  readonly candidateRoot: Int32Array;
  readonly candidatePriority: Float64Array;
  candidateCount: number;
  readonly scratch: LinksetScratch;
  /** The linkset scratch render.textures uses to want the bake jobs' textures. */
  readonly textureScratch: LinksetScratch;
  /** The texture residency's generation the baked detail was measured in (TextureState.residencyGeneration). */
  textureGeneration: number;
  /** Always empty: bakes draw opaque faces only (a linkset with translucent ones is refused). */
  readonly noTranslucent: TranslucentQueue;
  /** The lighting bucket, and the light direction's bits it was found for (see lightingBucket). */
  sunBucket: number;
  readonly sunBits: Uint16Array;
  sunView: Uint16Array | null;
  /** Views committed last frame, and bakes completed since creation. */
  viewsBaked: number;
  bakesCompleted: number;
  /** Baked impostors found stale since creation: their key changed, or their faces' textures sharpened. */
  staleByKey: number;
  staleByTextures: number;
}

function createJob(slotCapacity: number): BakeJob {
  return {
    root: -1,
    tile: -1,
    key: new Uint32Array(2),
    textureDetail: 0,
    missingTextures: 0,
    textureWait: 0,
    viewsDone: 0,
    priority: 0,
    seen: -1,
    waited: 0,
    viewStart: 0,
    viewCount: 0,
    sphere: new Float64Array(4),
    batches: createDrawBatches(MAX_LINKSET_MEMBERS, slotCapacity),
    streams: createInstanceStreams(MAX_LINKSET_MEMBERS, MAX_LINKSET_MEMBERS),
    list: createDrawList(MAX_LINKSET_MEMBERS),
  };
}

export function createImpostorState(capacity: number, slotCapacity: number): ImpostorState {
  const jobs: BakeJob[] = [];
  for (let j = 0; j < MAX_BAKE_JOBS; j++) jobs.push(createJob(slotCapacity));
  return {
    atlas: createImpostorAtlas(0, capacity),
    atlasTiles: 0,
    bakedKeyA: new Uint32Array(capacity),
    bakedKeyB: new Uint32Array(capacity),
    bakedTextureDetail: new Int32Array(capacity),
    refused: new Uint8Array(capacity),
    seen: new Int32Array(capacity).fill(-1),
    marked: new Int32Array(capacity),
    markedCount: 0,
    roots: new Int32Array(capacity),
    rootDistance: new Float64Array(capacity),
    rootCount: 0,
    avatars: new Int32Array(capacity),
    avatarCount: 0,
    avatarRank: new Int32Array(capacity),
    instances: new Float32Array(capacity * IMPOSTOR_INSTANCE_FLOATS),
    instanceCount: 0,
    jobs,
    viewsPerFrame: BAKE_VIEWS_PER_FRAME,
    candidateRoot: new Int32Array(MAX_BAKE_JOBS),
    candidatePriority: new Float64Array(MAX_BAKE_JOBS),
    candidateCount: 0,
    scratch: createLinksetScratch(capacity),
    textureScratch: createLinksetScratch(capacity),
    textureGeneration: 0,
    noTranslucent: createTranslucentQueue(1),
    sunBucket: -1,
    sunBits: new Uint16Array(6),
    sunView: null,
    viewsBaked: 0,
    bakesCompleted: 0,
    staleByKey: 0,
    staleByTextures: 0,
  };
}

/** Ends job `job` (its tile, unless baked, goes back to the free list). */
export function cancelJob(state: ImpostorState, job: BakeJob): void {
  const atlas = state.atlas;
  if (job.tile >= 0 && atlas.owner[job.tile] === job.root && atlas.baked[job.tile] === 0) {
    atlas.tileOf[job.root] = -1;
    atlas.owner[job.tile] = -1;
    atlas.lastUsed[job.tile] = -1;
    atlas.free[atlas.freeCount++] = job.tile;
  }
  job.root = -1;
  job.tile = -1;
  job.viewCount = 0;
}

/**
 * Forgets every baked tile and job: the atlas texture's contents are gone
 * (a lost context) or it is made anew. Linksets draw normally until baked again.
 */
export function resetImpostors(state: ImpostorState): void {
  for (const job of state.jobs) cancelJob(state, job);
  clearImpostorAtlas(state.atlas);
  state.instanceCount = 0;
}

/**
 * The GPU baked this frame's views of every job (or, in tests, stands in
 * for a GPU that did): they count as done, and a job with every view done
 * makes its tile baked for its key.
 */
export function commitImpostorBakes(state: ImpostorState): void {
  let views = 0;
  const jobs = state.jobs;
  for (let j = 0; j < jobs.length; j++) {
    const job = jobs[j]!;
    if (job.root < 0 || job.viewCount === 0) continue;
    views += job.viewCount;
    job.viewsDone = job.viewStart + job.viewCount;
    job.viewCount = 0;
    if (job.viewsDone < VIEWS_PER_IMPOSTOR) continue;
    const atlas = state.atlas;
    if (atlas.owner[job.tile] === job.root) {
      atlas.baked[job.tile] = 1;
      state.bakedKeyA[job.root] = job.key[0];
      state.bakedKeyB[job.root] = job.key[1];
      state.bakedTextureDetail[job.root] = job.textureDetail;
      state.bakesCompleted++;
    }
    job.root = -1;
    job.tile = -1;
  }
  state.viewsBaked = views;
}

/**
 * The lighting bucket of light direction `light` (its cell on the
 * SUN_BUCKET_FRAMES octahedral grid), found again only when the
 * direction's bits change: compared as 16-bit halves, which stay small
 * integers, where reading the floats would box a number per component in
 * code V8 has not optimised (this runs once a frame).
 */
export function lightingBucket(state: ImpostorState, light: Float32Array): number {
  let view = state.sunView;
  if (view === null || view.buffer !== light.buffer || view.byteOffset !== light.byteOffset) {
    view = new Uint16Array(light.buffer, light.byteOffset, 6);
    state.sunView = view;
    state.sunBucket = -1;
  }
  const bits = state.sunBits;
  let same = state.sunBucket >= 0;
  for (let k = 0; k < 6; k++) {
    if (view[k] !== bits[k]) {
      same = false;
      bits[k] = view[k]!;
    }
  }
  if (!same) state.sunBucket = frameOfDirection(light[0]!, light[1]!, light[2]!, SUN_BUCKET_FRAMES);
  return state.sunBucket;
}
