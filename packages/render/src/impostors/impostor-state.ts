/**
 * The impostor system's state (RenderState.impostors): the atlas's tiles,
 * per root what was baked (key, resident textures) or refused, the frame's
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
import { createLinksetScratch, MAX_LINKSET_MEMBERS } from './linkset.ts';
import type { LinksetScratch } from './linkset.ts';
import { OCT_FRAMES } from './octahedral.ts';

/** Views (frames) of one impostor. */
export const VIEWS_PER_IMPOSTOR = OCT_FRAMES * OCT_FRAMES;
/** Views baked per frame, all jobs together (default of state.viewsPerFrame): a quarter of an impostor. */
export const BAKE_VIEWS_PER_FRAME = 16;
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
  /** The key the views are baked for, and the resident textures then. */
  readonly key: Uint32Array;
  resident: number;
  /** Views committed so far (0..VIEWS_PER_IMPOSTOR). */
  viewsDone: number;
  /** Angular size (radius / distance) when last seen: larger bakes first. */
  priority: number;
  /** Frame the root was last seen wanting this impostor. */
  seen: number;
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
  /** Per root: the key it was baked (or refused) for, and its resident face textures then. */
  readonly bakedKeyA: Uint32Array;
  readonly bakedKeyB: Uint32Array;
  readonly bakedResident: Int32Array;
  /** Per root seen this frame: its key now and its resident face textures now. */
  readonly current: { readonly keyA: Uint32Array; readonly keyB: Uint32Array; readonly resident: Int32Array };
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
  /** Always empty: bakes draw opaque faces only (a linkset with translucent ones is refused). */
  readonly noTranslucent: TranslucentQueue;
  /** Views committed last frame, and bakes completed since creation. */
  viewsBaked: number;
  bakesCompleted: number;
}

function createJob(slotCapacity: number): BakeJob {
  return {
    root: -1,
    tile: -1,
    key: new Uint32Array(2),
    resident: 0,
    viewsDone: 0,
    priority: 0,
    seen: -1,
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
    bakedResident: new Int32Array(capacity),
    refused: new Uint8Array(capacity),
    current: { keyA: new Uint32Array(capacity), keyB: new Uint32Array(capacity), resident: new Int32Array(capacity) },
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
    noTranslucent: createTranslucentQueue(1),
    viewsBaked: 0,
    bakesCompleted: 0,
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
  for (const job of state.jobs) {
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
      state.bakedResident[job.root] = job.resident;
      state.bakesCompleted++;
    }
    job.root = -1;
    job.tile = -1;
  }
  state.viewsBaked = views;
}
