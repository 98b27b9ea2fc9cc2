/**
 * The renderer, as the engine sees it: @slv/render's createRenderer drawing
 * into the page's canvas. Its state becomes resources.renderer; the engine
 * adds RENDER_SYSTEMS (render.cull, render.lights, render.lod,
 * render.textures, render.draw-list, render.draw) after the world's. The renderer handles a
 * lost WebGL context itself (listening on the canvas); gpuNotice words its
 * state for the page.
 */
import { createRenderer, describeGpuContext, setSunDirection, setTerrainTextures } from '@slv/render';
import type { AttachRenderer } from './viewer-engine.ts';

export const attachRenderer: AttachRenderer = ({ canvas, world }) => {
  let shapeErrors = 0;
  const renderer = createRenderer({
    canvas,
    capacity: world.capacity,
    onShapeError: (eid, error) => {
      // One line per bad shape would flood the console in a broken region: the first few say enough.
      if (shapeErrors++ < 10) console.warn(`render: entity ${eid}: ${error instanceof Error ? error.message : String(error)}`);
    },
  });
  return {
    state: renderer.state,
    stats: renderer.stats,
    setRegion: (regionIndex, waterHeight) => {
      renderer.environment.regionIndex = regionIndex;
      renderer.environment.waterHeight = waterHeight;
    },
    setTerrainTextures: (textures, start, range) => {
      setTerrainTextures(renderer.environment, textures, start, range);
    },
    setSunDirection: (x, y, z) => {
      setSunDirection(renderer.environment, x, y, z);
    },
    gpuNotice: (nowMs) => describeGpuContext(renderer.gpuContext, nowMs),
    setTextureSource: (source) => renderer.setTextureSource(source),
    setMeshSource: (source) => renderer.setMeshSource(source),
    dispose: () => renderer.dispose(),
  };
};
