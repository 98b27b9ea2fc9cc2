/**
 * The translucent pass, blended over the opaque one without depth writes:
 * the water surface (a quad at the water height spanning the draw distance
 * around the camera), then the draw list's translucent runs in its order,
 * back to front, instances from the translucent queue's own streams.
 */
import { primCommand } from '../gpu/draw-commands.ts';
import type { GpuResources } from '../gpu/gpu-resources.ts';
import type { RenderState } from '../render-state.ts';
import { drawEntries } from './prim-draws.ts';

export function translucentPass(gpu: GpuResources, renderer: RenderState): void {
  const { stats, commands } = gpu;
  const { eye, far } = renderer.frame;
  const water = commands.waterProps;
  water.height = renderer.environment.waterHeight;
  water.rect[0] = eye[0] - far;
  water.rect[1] = eye[1] - far;
  water.rect[2] = eye[0] + far;
  water.rect[3] = eye[1] + far;
  commands.water(water);
  stats.drawCalls++;
  stats.triangles += 2;
  const list = renderer.drawList;
  const draws = drawEntries(gpu, primCommand(commands), list, null, list.opaqueCount, list.count);
  stats.primDraws += draws;
  stats.translucentDraws = draws;
  stats.drawCalls += draws;
}
