/**
 * The HZB pass (WebGL2): after the scene passes, the scene's depth texture
 * is reduced into the depth pyramid and read back without stalling
 * (culling/hzb-gpu.ts, raw WebGL2), for render.cull to test spheres against
 * on a later frame. Only when settings.rendering.hzbOcclusion is on, the
 * culler is available and the camera is a standard perspective one.
 */
import type { RenderingSettings } from '@slv/config';
import type { GpuResources } from '../gpu/gpu-resources.ts';
import { hzbAllowed } from '../gpu/render-caps.ts';
import { depthTextureHandle } from '../gpu/render-targets.ts';
import type { RenderState } from '../render-state.ts';

export function hzbPass(gpu: GpuResources, renderer: RenderState, rendering: RenderingSettings): void {
  const hzb = renderer.hzb;
  const { frame } = renderer;
  if (hzb === null || !hzb.available || !hzbAllowed(rendering.hzbOcclusion, renderer.caps) || !frame.perspective) return;
  const depth = depthTextureHandle(gpu.targets, gpu.regl);
  if (depth === null) return;
  hzb.capture(depth, gpu.targets.width, gpu.targets.height, frame.view, frame.projection);
  // The pyramid build bound its own GL objects behind regl's back.
  gpu.regl._refresh();
}
