/**
 * The renderer's systems, in frame order. Each is a module-level function
 * `(world, resources) => void` whose state is `resources.renderer` (a
 * RenderState) and which reads settings.rendering from `resources.settings`
 * every frame. The app adds them after world ingestion's systems:
 *
 *   render.cull        culling   camera + spheres → frustum → HZB           systems/cull.ts
 *   render.lights      lighting  sun/sky; lights → clusters → textures      systems/lights.ts
 *   render.impostors   lod       far linksets → impostors (drawnElsewhere); bakes planned   systems/impostors.ts
 *   render.lod         lod       terrain mesh; prim LOD → volume → slot      systems/lod.ts
 *   render.textures    lod       visible faces' textures → source → pages    systems/textures.ts
 *   render.draw-list   lod       batches → streams → translucent order → draw list   systems/draw-list.ts
 *   render.draw        render    the GPU passes                              systems/draw.ts
 */
import type { EngineWorld, SystemDef } from '@slv/core';
import type { RenderResources } from '../render-state.ts';
import { cullSystem } from './cull.ts';
import { drawListSystem } from './draw-list.ts';
import { drawSystem } from './draw.ts';
import { impostorsSystem } from './impostors.ts';
import { lightsSystem } from './lights.ts';
import { lodSystem } from './lod.ts';
import { texturesSystem } from './textures.ts';

export const RENDER_SYSTEMS: readonly SystemDef<EngineWorld, RenderResources>[] = [
  { name: 'render.cull', phase: 'culling', run: cullSystem },
  { name: 'render.lights', phase: 'lighting', run: lightsSystem },
  { name: 'render.impostors', phase: 'lod', run: impostorsSystem },
  { name: 'render.lod', phase: 'lod', run: lodSystem },
  { name: 'render.textures', phase: 'lod', run: texturesSystem },
  { name: 'render.draw-list', phase: 'lod', run: drawListSystem },
  { name: 'render.draw', phase: 'render', run: drawSystem },
];

/** The system names, in frame order (the scheduler's timings use them). */
export const RENDER_SYSTEM_NAMES: readonly string[] = RENDER_SYSTEMS.map((s) => s.name);
