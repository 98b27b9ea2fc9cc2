/**
 * The viewer's frame, top to bottom. This is the one place that says what
 * runs when; viewer-engine.ts calls it once per animation frame.
 *
 *   between frames  the message bus hands each arriving packet to world
 *                   ingestion (ObjectUpdate, terse, compressed, cached, kills,
 *                   terrain), which writes straight into the components
 *
 *   each frame
 *     camera        input → camera rig → view and projection in
 *                   resources.camera, and the AgentUpdate camera
 *     runFrame      the systems below, phase by phase:
 *
 *   network     world.create-queued   objects queued past last frame's creation budget become entities
 *   simulation  world.interpolate     objects with velocity, acceleration or spin move on
 *               world.transforms      world = parent ∘ local for the subtrees that changed
 *               world.stats           counters for the overlay
 *   culling     render.cull           frustum (WebAssembly SIMD) then hierarchical-Z occlusion
 *   lighting    render.lights         sun and sky; local lights into view-space clusters
 *   lod         render.impostors      far linksets and avatars past the nearest N drawn as impostors once baked; bakes planned
 *               render.lod            LOD per object; meshes made and uploaded
 *               render.textures       visible faces' textures asked of the streamer at the level their size needs; pages planned
 *               render.draw-list      instanced batches, translucent faces back to front, the draw list
 *   render      render.draw           GPU passes: upload → impostor bakes → clear → opaque + impostors → translucent → glow → HZB → present
 *
 *     adaptive      the scaler sees the frame time and may switch profile
 *
 * Every system is a plain function (world, resources) => void that keeps its
 * state in resources (ingestion, renderer) and reads PerformanceSettings
 * from resources.settings every frame, so a profile switch shows on the
 * next frame. @slv/world's WORLD_SYSTEMS and @slv/render's RENDER_SYSTEMS
 * are the same systems for apps that do not need their own order; a test
 * keeps this list and theirs in step.
 */
import type { EngineWorld, SystemDef } from '@slv/core';
import { cullSystem, drawListSystem, drawSystem, impostorsSystem, lightsSystem, lodSystem, texturesSystem } from '@slv/render';
import { createQueuedObjects, interpolateObjects, publishWorldStats, updateTransforms } from '@slv/world';
import type { ViewerResources } from './viewer-engine.ts';

export const VIEWER_FRAME: readonly SystemDef<EngineWorld, ViewerResources>[] = [
  { name: 'world.create-queued', phase: 'network', run: createQueuedObjects },
  { name: 'world.interpolate', phase: 'simulation', run: interpolateObjects },
  { name: 'world.transforms', phase: 'simulation', run: updateTransforms },
  { name: 'world.stats', phase: 'simulation', run: publishWorldStats },
  { name: 'render.cull', phase: 'culling', run: cullSystem },
  { name: 'render.lights', phase: 'lighting', run: lightsSystem },
  { name: 'render.impostors', phase: 'lod', run: impostorsSystem },
  { name: 'render.lod', phase: 'lod', run: lodSystem },
  { name: 'render.textures', phase: 'lod', run: texturesSystem },
  { name: 'render.draw-list', phase: 'lod', run: drawListSystem },
  { name: 'render.draw', phase: 'render', run: drawSystem },
];
