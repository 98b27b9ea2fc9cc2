/**
 * The opaque pass, into the scene target with depth writes: the terrain,
 * then one instanced draw per opaque (mesh, face) of the draw list, every
 * instance of the mesh in it (the shader discards the faces of other
 * passes). clearScene before it clears the target to the sky colour.
 */
import type REGL from 'regl';
import type { SceneLighting } from '../frame/environment.ts';
import { primCommand, terrainCommand } from '../gpu/draw-commands.ts';
import type { GpuResources } from '../gpu/gpu-resources.ts';
import type { RenderState } from '../render-state.ts';
import { drawEntries } from './prim-draws.ts';

/** WebGL2's clear: regl clears the depth (binding the target), GL the colour from this array. */
const depthOnly: { depth: number; framebuffer: REGL.Framebuffer2D | null } = { depth: 1, framebuffer: null };
const skyColor = new Float32Array([0, 0, 0, 1]);

/**
 * Clears the scene target's colour to the sky and its depth. On WebGL2 the
 * colour goes to GL as an array (clearBufferfv): regl.clear hands GL each
 * component as a number, boxed (an allocation each) until its code is fully
 * optimised, which for a once-a-frame call takes minutes.
 */
export function clearScene(gpu: GpuResources, scene: SceneLighting): void {
  const gl2 = gpu.gl2;
  if (gl2 !== null) {
    depthOnly.framebuffer = gpu.clearOptions.framebuffer;
    gpu.regl.clear(depthOnly);
    depthOnly.framebuffer = null;
    // regl.clear bound the scene target and leaves it bound until its next draw.
    skyColor.set(scene.sky);
    gl2.clearBufferfv(gl2.COLOR, 0, skyColor);
    return;
  }
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
