/**
 * The impostor passes. impostorBakePass, after uploadFrame and before the
 * scene: for each bake job render.impostors planned views for, its packed
 * instances are uploaded and each view is drawn into its frame of the
 * job's tile with an orthographic camera fitted to the linkset's sphere,
 * looking along the frame's octahedral direction (the tile is cleared at
 * the job's first view); then the views are committed. impostorPass, in
 * the opaque pass's scope after the opaque draws: every impostor of the
 * frame in one instanced draw.
 */
import type REGL from 'regl';
import { basicPrimCommand } from '../gpu/draw-commands.ts';
import type { GpuResources } from '../gpu/gpu-resources.ts';
import { fitImpostorAtlas } from '../gpu/impostor-gpu.ts';
import type { BakeProps, ImpostorGpu } from '../gpu/impostor-gpu.ts';
import { FRAME_TEXELS, TILE_TEXELS } from '../impostors/impostor-atlas.ts';
import type { ImpostorAtlas } from '../impostors/impostor-atlas.ts';
import { commitImpostorBakes, IMPOSTOR_INSTANCE_FLOATS } from '../impostors/impostor-state.ts';
import { frameDirection, OCT_FRAMES, viewBasis } from '../impostors/octahedral.ts';
import type { RenderState } from '../render-state.ts';
import { bindDrawEntry, bindInstanceBuffers } from './prim-draws.ts';

const dir = new Float64Array(3);
const right = new Float64Array(3);
const up = new Float64Array(3);

/**
 * Writes view `view`'s camera for a sphere (centre c, radius r) into the
 * bake props: the eye 2r out along the frame's direction; an orthographic
 * projection mapping the sphere's square onto the frame's rectangle of
 * the atlas (in the atlas's clip space) and its depth range onto [-1, 1].
 */
export function writeBakeView(
  view: Float32Array, projection: Float32Array, sphere: Float64Array, frame: number, tile: number, atlas: ImpostorAtlas,
): void {
  frameDirection(frame, OCT_FRAMES, dir);
  viewBasis(dir[0], dir[1], dir[2], right, up);
  const r = Math.max(sphere[3], 1e-4);
  const distance = 2 * r;
  const ex = sphere[0] + dir[0] * distance;
  const ey = sphere[1] + dir[1] * distance;
  const ez = sphere[2] + dir[2] * distance;
  view[0] = right[0];
  view[4] = right[1];
  view[8] = right[2];
  view[12] = -(right[0] * ex + right[1] * ey + right[2] * ez);
  view[1] = up[0];
  view[5] = up[1];
  view[9] = up[2];
  view[13] = -(up[0] * ex + up[1] * ey + up[2] * ez);
  view[2] = dir[0];
  view[6] = dir[1];
  view[10] = dir[2];
  view[14] = -(dir[0] * ex + dir[1] * ey + dir[2] * ez);
  view[3] = 0;
  view[7] = 0;
  view[11] = 0;
  view[15] = 1;
  const i = frame % OCT_FRAMES;
  const j = (frame - i) / OCT_FRAMES;
  const x0 = (tile % atlas.columns) * TILE_TEXELS + i * FRAME_TEXELS;
  const y0 = Math.floor(tile / atlas.columns) * TILE_TEXELS + j * FRAME_TEXELS;
  const sx = FRAME_TEXELS / atlas.width;
  const sy = FRAME_TEXELS / atlas.height;
  projection.fill(0);
  projection[0] = sx / r;
  projection[5] = sy / r;
  projection[10] = -1 / r;
  projection[12] = ((x0 + FRAME_TEXELS / 2) / atlas.width) * 2 - 1;
  projection[13] = ((y0 + FRAME_TEXELS / 2) / atlas.height) * 2 - 1;
  projection[14] = -distance / r;
  projection[15] = 1;
}

/** The tile's rectangle in the atlas's clip space (x0, y0, x1, y1). */
function tileRect(rect: Float32Array, tile: number, atlas: ImpostorAtlas): void {
  const x = (tile % atlas.columns) * TILE_TEXELS;
  const y = Math.floor(tile / atlas.columns) * TILE_TEXELS;
  rect[0] = (x / atlas.width) * 2 - 1;
  rect[1] = (y / atlas.height) * 2 - 1;
  rect[2] = ((x + TILE_TEXELS) / atlas.width) * 2 - 1;
  rect[3] = ((y + TILE_TEXELS) / atlas.height) * 2 - 1;
}

/** Draws the current job's opaque entries into the view the scope set up. */
function drawBakeView(_context: REGL.DefaultContext, props: BakeProps): void {
  const gpu = props.gpu as GpuResources;
  const job = props.job!;
  const command = basicPrimCommand(gpu.commands, gpu.regl, gpu.stats);
  const p = gpu.commands.primProps;
  const list = job.list;
  const slots = gpu.scene.slots;
  bindInstanceBuffers(p, gpu.impostors.bakeBuffers);
  let triangles = 0;
  for (let k = 0; k < list.opaqueCount; k++) {
    if (!bindDrawEntry(p, list, slots, k)) continue;
    command(p);
    gpu.stats.drawCalls++;
    triangles += (p.count / 3) * p.instances;
  }
  gpu.stats.triangles += triangles;
}

export function impostorBakePass(gpu: GpuResources, renderer: RenderState): void {
  const state = renderer.impostors;
  const g: ImpostorGpu = gpu.impostors;
  gpu.stats.impostorBakeViews = 0;
  let planned = false;
  const jobs = state.jobs;
  // Indexed: a for-of iterator is an allocation until the code is optimised.
  for (let j = 0; j < jobs.length; j++) if (jobs[j]!.root >= 0 && jobs[j]!.viewCount > 0) planned = true;
  if (!planned) return;
  fitImpostorAtlas(g, state.atlas, gpu.stats);
  const atlas = state.atlas;
  const props = g.bakeProps;
  // The scene's sun and ambient, without fog (the impostor pass fogs by its own depth).
  props.sun.set(gpu.scene.sun);
  props.sun[3] = 1e9;
  props.sun[7] = 2e9;
  props.gpu = gpu;
  try {
    for (let j = 0; j < jobs.length; j++) {
      const job = jobs[j]!;
      if (job.root < 0 || job.viewCount === 0) continue;
      const streams = job.streams;
      g.bakeBuffers.matrices.upload(streams.matrices, job.batches.count * 16);
      g.bakeBuffers.faces.upload(streams.faceRecords, streams.faceRecordCount * 32);
      if (job.viewStart === 0) {
        tileRect(g.clearProps.rect, job.tile, atlas);
        g.clear(g.clearProps);
        gpu.stats.drawCalls++;
      }
      props.job = job;
      for (let v = job.viewStart, end = job.viewStart + job.viewCount; v < end; v++) {
        writeBakeView(props.view, props.projection, job.sphere, v, job.tile, atlas);
        g.bakeScope(props, drawBakeView);
      }
    }
  } finally {
    props.job = null;
    props.gpu = null;
  }
  commitImpostorBakes(state);
  gpu.stats.impostorBakeViews = state.viewsBaked;
}

/** Draws the frame's impostors (inside the scene scope, after the opaque draws). */
export function impostorPass(gpu: GpuResources, renderer: RenderState): void {
  const state = renderer.impostors;
  const g = gpu.impostors;
  const count = state.instanceCount;
  // A texture laid out for another atlas holds none of these tiles (the first frame after a remake).
  if (count === 0 || g.atlas !== state.atlas) return;
  g.instances.upload(state.instances, count * IMPOSTOR_INSTANCE_FLOATS);
  const u = g.uniform;
  u.set(renderer.frame.eye, 0);
  u[3] = OCT_FRAMES;
  u[4] = TILE_TEXELS / g.width;
  u[5] = TILE_TEXELS / g.height;
  g.drawProps.instances = count;
  g.draw(g.drawProps);
  gpu.stats.drawCalls++;
  gpu.stats.triangles += 2 * count;
}
