/**
 * The renderer, as the engine sees it: @slv/render's createRenderer drawing
 * into the page's canvas, its four systems (render.cull, render.lights,
 * render.lod, render.draw) added to the scheduler after the world's, reading
 * the world components, the terrain heightmaps and the live settings. The
 * renderer handles a lost WebGL context itself (listening on the canvas);
 * gpuNotice words its state for the page.
 */
import { createRenderer, describeGpuContext, setSunDirection } from '@slv/render';
import type { AttachRenderer } from './viewer-engine.ts';

export const attachRenderer: AttachRenderer = ({ canvas, scheduler, ingestion }) => {
  let shapeErrors = 0;
  const renderer = createRenderer({
    canvas,
    world: scheduler.world,
    components: ingestion.components,
    settings: scheduler.resources.settings.settings,
    scheduler,
    terrain: ingestion.terrain,
    onShapeError: (eid, error) => {
      // One line per bad shape would flood the console in a broken region: the first few say enough.
      if (shapeErrors++ < 10) console.warn(`render: entity ${eid}: ${error instanceof Error ? error.message : String(error)}`);
    },
  });
  return {
    stats: renderer.stats,
    setRegion: (regionIndex, waterHeight) => {
      renderer.environment.regionIndex = regionIndex;
      renderer.environment.waterHeight = waterHeight;
    },
    setSunDirection: (x, y, z) => {
      setSunDirection(renderer.environment, x, y, z);
    },
    gpuNotice: (nowMs) => describeGpuContext(renderer.gpuContext, nowMs),
    dispose: () => renderer.dispose(),
  };
};
