/**
 * Bake scheduling: this frame's candidates (linksets that want to be
 * impostors but are not baked, or are stale) are kept by priority, their
 * angular size (sphere radius / distance: nearer and larger first); free
 * jobs take the best of them and a tile each; then the frame's view budget
 * (state.viewsPerFrame) goes to the jobs in priority order, and each job
 * with views to bake has its linkset packed for render.draw: every
 * member's instance with the mesh slot render.lod chose for it when it was
 * last drawn, face records as the opaque pass's.
 */
import { MAX_ENTITY_FACES } from '@slv/world';
import type { WorldComponents } from '@slv/world';
import { SHAPE_FLOATS, ShapeFloat } from '@slv/protocol';
import { addDrawInstance, groupDrawBatches, resetDrawBatches } from '../instancing/draw-batches.ts';
import { buildDrawList } from '../instancing/draw-list.ts';
import { packInstanceStreams, PASS_TRANSLUCENT } from '../instancing/instance-streams.ts';
import type { TextureRows } from '../instancing/instance-streams.ts';
import type { BoundingSpheres } from '../culling/index.ts';
import type { LodState } from '../systems/lod.ts';
import type { SculptMapEntry } from '../textures/texture-state.ts';
import { PATH_FLEXIBLE } from '../volume/volume-shape.ts';
import { acquireTile } from './impostor-atlas.ts';
import { cancelJob, JOB_UNSEEN_FRAMES, MAX_BAKE_JOBS, MAX_BAKE_WAIT_FRAMES, MAX_TEXTURE_WAIT_FRAMES, PCODE_AVATAR, VIEWS_PER_IMPOSTOR } from './impostor-state.ts';
import type { BakeJob, ImpostorState } from './impostor-state.ts';
import { gatherMembers, linksetKey, linksetSphere, type BakeTextures } from './linkset.ts';

const PCODE_PRIM = 9;
/** ShapeFloat.PathCurve of a flexible prim: it bends every frame, so it is never baked. */
const FLEXIBLE_CURVE = PATH_FLEXIBLE;

/** Offers `root` for baking this frame with `priority`; keeps the MAX_BAKE_JOBS best (insertion, no allocation). */
export function offerCandidate(state: ImpostorState, root: number, priority: number): void {
  const { candidateRoot, candidatePriority } = state;
  let n = state.candidateCount;
  if (n === MAX_BAKE_JOBS && priority <= candidatePriority[n - 1]) return;
  if (n < MAX_BAKE_JOBS) n++;
  let k = n - 1;
  while (k > 0 && candidatePriority[k - 1] < priority) {
    candidateRoot[k] = candidateRoot[k - 1];
    candidatePriority[k] = candidatePriority[k - 1];
    k--;
  }
  candidateRoot[k] = root;
  candidatePriority[k] = priority;
  state.candidateCount = n;
}

/** The job baking `root`, or null. */
export function jobOf(state: ImpostorState, root: number): BakeJob | null {
  // Indexed loops over the jobs here and below: a for-of iterator is an allocation until the code is optimised.
  const jobs = state.jobs;
  for (let j = 0; j < jobs.length; j++) if (jobs[j]!.root === root) return jobs[j]!;
  return null;
}

/**
 * The mesh slot to bake member `eid` with: the one render.lod last chose
 * (while its generation still holds), the avatar figure or the box for
 * what render.lod draws so; -1 when render.lod has not chosen yet (the
 * bake waits a frame).
 */
export function memberSlot<H>(lod: LodState<H>, pcode: Uint8Array, sculptType: Uint8Array, eid: number): number {
  const slot = lod.slot[eid];
  if (slot >= 0) return lod.slots.generation[slot] === lod.slotGeneration[eid] && lod.slots.keys[slot] !== null ? slot : -1;
  if (pcode[eid] === PCODE_AVATAR && lod.avatarSlot >= 0) return lod.avatarSlot;
  // A plain prim always gets a slot from render.lod; a sculpt without one is drawn as its box.
  return pcode[eid] === PCODE_PRIM && sculptType[eid] === 0 ? -1 : lod.boxSlot;
}

/**
 * Packs `job`'s linkset into its batches, streams and draw list. False when
 * it cannot be baked this frame: a member's slot is not chosen yet or a
 * member lost its transform (wait), or it has translucent faces or a
 * flexible member (refused: the caller records that).
 */
function packJob<H>(
  state: ImpostorState, job: BakeJob, components: WorldComponents, spheres: BoundingSpheres,
  lod: LodState<H>, rows: TextureRows | null, frame: number,
): 'packed' | 'wait' | 'refused' {
  const s = state.scratch;
  if (!gatherMembers(s, components, job.root) || !linksetSphere(s, spheres)) return 'wait';
  const pcode = components.identity.pcode;
  const batches = job.batches;
  resetDrawBatches(batches);
  const shape = components.shape.params;
  for (let k = 0; k < s.count; k++) {
    const e = s.members[k];
    if (pcode[e] === PCODE_PRIM && components.sculpt.type[e] === 0 && shape[e * SHAPE_FLOATS + ShapeFloat.PathCurve] === FLEXIBLE_CURVE) return 'refused';
    const slot = memberSlot(lod, pcode, components.sculpt.type, e);
    if (slot < 0) return 'wait';
    addDrawInstance(batches, s.members[k], slot);
  }
  // Keep the slots from being reused before render.draw bakes with them.
  for (let k = 0; k < batches.count; k++) lod.slots.lastUsed[batches.instanceSlot[k]] = frame;
  groupDrawBatches(batches);
  packInstanceStreams(job.streams, batches, lod.slots, components.world.matrix, components.textures, rows);
  const mask = job.streams.passMask;
  for (let i = 0, end = batches.batchCount * MAX_ENTITY_FACES; i < end; i++) if ((mask[i] & PASS_TRANSLUCENT) !== 0) return 'refused';
  buildDrawList(job.list, batches, job.streams, lod.slots, state.noTranslucent);
  job.sphere.set(s.sphere);
  return 'packed';
}

/**
 * Ends jobs whose root no longer wants its impostor, starts jobs for the
 * best candidates, hands out the frame's views and packs the jobs that get
 * some. Returns the views planned.
 */
export function planBakes<H>(
  state: ImpostorState, components: WorldComponents, spheres: BoundingSpheres, lod: LodState<H>,
  rows: (TextureRows & BakeTextures) | null, frame: number, sunBucket: number, sculptMaps: ReadonlyMap<number, SculptMapEntry>,
): number {
  const s = state.scratch;
  const jobs = state.jobs;
  for (let j = 0; j < jobs.length; j++) {
    const job = jobs[j]!;
    if (job.root < 0) continue;
    // Not wanted for a while (out of view, nearer than the impostor distance): dropped. A frame or two unseen
    // (occlusion culling's flicker, the distance threshold) must not throw its views away, or it never finishes.
    if (frame - job.seen > JOB_UNSEEN_FRAMES) cancelJob(state, job);
    // A tile being baked is in use: no candidate may take it.
    else state.atlas.lastUsed[job.tile] = frame;
  }
  for (let c = 0; c < state.candidateCount; c++) {
    const root = state.candidateRoot[c];
    if (jobOf(state, root) !== null) continue;
    let free: BakeJob | null = null;
    for (let j = 0; j < jobs.length; j++) if (jobs[j]!.root < 0) free = jobs[j]!;
    if (free === null) break;
    // The look the views will be baked for (the cheap path offered it without its key).
    if (!gatherMembers(s, components, root) || !linksetSphere(s, spheres)) continue;
    const detail = linksetKey(s, components, sunBucket, rows, sculptMaps, spheres.radius);
    const tile = acquireTile(state.atlas, root, frame);
    if (tile < 0) break;
    // Its old picture (a stale bake) is overwritten from now on.
    state.atlas.baked[tile] = 0;
    free.root = root;
    free.tile = tile;
    free.key[0] = s.key[0];
    free.key[1] = s.key[1];
    free.textureDetail = detail;
    free.missingTextures = s.missingTextures;
    free.textureWait = 0;
    free.viewsDone = 0;
    free.priority = state.candidatePriority[c];
    free.seen = frame;
    free.waited = 0;
  }
  let budget = state.viewsPerFrame;
  for (let j = 0; j < jobs.length; j++) {
    const job = jobs[j]!;
    if (job.root >= 0 && job.viewsDone === 0 && job.missingTextures > 0) job.textureWait++;
  }
  // Highest priority first: pick the best unplanned job each round (at most MAX_BAKE_JOBS rounds).
  for (let j = 0; j < jobs.length; j++) jobs[j]!.viewCount = 0;
  for (let round = 0; round < jobs.length && budget > 0; round++) {
    let best: BakeJob | null = null;
    for (let j = 0; j < jobs.length; j++) {
      const job = jobs[j]!;
      if (job.root < 0 || job.viewCount !== 0 || job.viewStart === -1) continue;
      // Before its first view, a job gives its textures (asked for by render.textures) a while to reach the
      // level the bake needs, so it is not baked blurred and then again.
      if (job.viewsDone === 0 && job.missingTextures > 0 && job.textureWait < MAX_TEXTURE_WAIT_FRAMES) continue;
      if (best === null || job.priority > best.priority) best = job;
    }
    if (best === null) break;
    best.viewStart = -1;
    let packed = packJob(state, best, components, spheres, lod, rows, frame);
    if (packed === 'wait' && ++best.waited > MAX_BAKE_WAIT_FRAMES) packed = 'refused';
    if (packed === 'refused') {
      const root = best.root;
      state.refused[root] = 1;
      state.bakedKeyA[root] = best.key[0];
      state.bakedKeyB[root] = best.key[1];
      cancelJob(state, best);
      continue;
    }
    if (packed === 'wait') continue;
    best.waited = 0;
    const count = Math.min(VIEWS_PER_IMPOSTOR - best.viewsDone, budget);
    best.viewStart = best.viewsDone;
    best.viewCount = count;
    budget -= count;
  }
  for (let j = 0; j < jobs.length; j++) if (jobs[j]!.viewStart === -1) jobs[j]!.viewStart = jobs[j]!.viewsDone;
  return state.viewsPerFrame - budget;
}
