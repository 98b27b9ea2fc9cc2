/**
 * The opaque pass, into the scene target with depth writes: the terrain,
 * then one instanced draw per opaque (mesh, face) of the draw list, every
 * instance of the mesh in it (the shader discards the faces of other
 * passes). clearScene before it clears the target to the sky colour.
 */
import type { SceneLighting } from '../frame/environment.ts';
import { primCommand, terrainCommand } from '../gpu/draw-commands.ts';
import type { GpuResources } from '../gpu/gpu-resources.ts';
import type { RenderState } from '../render-state.ts';
import { drawEntries } from './prim-draws.ts';

/** Clears the scene target's colour to the sky and its depth. */
export function clearScene(gpu: GpuResources, scene: SceneLighting): void {
  const color = gpu.clearOptions.color;
  color[0] = scene.sky[0];
  color[1] = scene.sky[1];
  color[2] = scene.sky[2];
  gpu.regl.clear(gpu.clearOptions);
}

export function opaquePass(gpu: GpuResources, renderer: RenderState): void {
  const { stats, commands } = gpu;
  const terrain = renderer.terrainMesh;
  if (terrain !== null && gpu.terrain.props.count > 0) {
    terrainCommand(commands, gpu.regl, stats)(gpu.terrain.props);
    stats.drawCalls++;
    stats.triangles += terrain.triangleCount;
  }
  const list = renderer.drawList;
  const draws = drawEntries(gpu, primCommand(commands), list, null, 0, list.opaqueCount);
  stats.primDraws += draws;
  stats.drawCalls += draws;
}
