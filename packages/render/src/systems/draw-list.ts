/**
 * render.draw-list (lod phase, after render.lod): turns the frame's
 * (entity, mesh slot) pairs into what render.draw binds and draws:
 *
 *   batches          one per distinct mesh, its instances contiguous
 *   instance streams world matrices and per-face records, in batch order
 *   translucent      faces with 0 < alpha < 1, sorted back to front and
 *                    packed into the queue's own streams
 *   draw list        opaque (mesh, face) draws, then the translucent runs
 *
 * All of it CPU work into arrays made once (instancing/), so it runs and is
 * tested without a GPU.
 */
import type { EngineWorld } from '@slv/core';
import { groupDrawBatches } from '../instancing/draw-batches.ts';
import { buildDrawList } from '../instancing/draw-list.ts';
import { packInstanceStreams } from '../instancing/instance-streams.ts';
import { collectTranslucent, packTranslucent, sortTranslucent } from '../instancing/translucent-queue.ts';
import type { RenderResources } from '../render-state.ts';

export function drawListSystem(_world: EngineWorld, resources: RenderResources): void {
  const renderer = resources.renderer;
  if (!renderer.enabled) return;
  const { batches, streams, translucent, drawList, stats } = renderer;
  const slots = renderer.meshes.slots;
  const components = resources.ingestion.components;
  groupDrawBatches(batches);
  const textureRows = renderer.textures.residency === null ? null : renderer.textures;
  packInstanceStreams(streams, batches, slots, components.world.matrix, components.textures, textureRows);
  collectTranslucent(translucent, batches, streams, slots, renderer.frame.view);
  sortTranslucent(translucent);
  packTranslucent(translucent, streams);
  buildDrawList(drawList, batches, streams, slots, translucent);
  stats.translucentFaces = translucent.count;
  stats.distinctMeshes = batches.batchCount;
}
