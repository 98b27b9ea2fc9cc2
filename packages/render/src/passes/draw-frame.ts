/**
 * The frame's GPU work, in order:
 *
 *   uploadFrame       target size, samplers, terrain, instance streams, light textures, uniforms
 *   impostorBakePass  the impostor views planned this frame → their atlas frames
 *   clearScene        the scene target to the sky colour
 *   opaquePass        terrain, opaque (mesh, face) draws                 ┐ inside the frame
 *   impostorPass      the frame's impostors, one instanced draw          │
 *   translucentPass   water, translucent runs back to front              │ uniforms' scope
 *   glowPass          glowing faces → blur → added onto the scene        │
 *   vtFeedbackPass    every few frames: the draws again, small, naming   ┘
 *                     the virtual-texture pages they sample (WebGL2)
 *   vtFeedbackReadback   that capture → pack buffer behind a fence
 *   hzbPass           scene depth → depth pyramid readback (WebGL2)
 *   presentPass       scene target → canvas
 *
 * Allocates nothing: every props object the passes hand regl is made once
 * with the GPU resources.
 */
import type { RenderingSettings } from '@slv/config';
import type REGL from 'regl';
import type { GpuResources, ScenePassProps } from '../gpu/gpu-resources.ts';
import type { RenderState } from '../render-state.ts';
import { glowPass } from './glow.ts';
import { impostorBakePass, impostorPass } from './impostors.ts';
import { hzbPass } from './hzb.ts';
import { clearScene, opaquePass } from './opaque.ts';
import { presentPass } from './present.ts';
import { translucentPass } from './translucent.ts';
import { uploadFrame } from './upload-frame.ts';
import { vtFeedbackPass, vtFeedbackReadback } from './vt-feedback.ts';

export function drawFrame(gpu: GpuResources, renderer: RenderState, rendering: RenderingSettings): void {
  uploadFrame(gpu, renderer, rendering);
  impostorBakePass(gpu, renderer);
  clearScene(gpu, renderer.scene);
  scenePasses(gpu, renderer, rendering);
  vtFeedbackReadback(gpu, renderer);
  hzbPass(gpu, renderer, rendering);
  presentPass(gpu);
}

/** Runs the scene passes inside the frame uniforms' scope. */
function scenePasses(gpu: GpuResources, renderer: RenderState, rendering: RenderingSettings): void {
  const props = gpu.scene;
  props.gpu = gpu;
  props.renderer = renderer;
  props.glow = rendering.glow;
  try {
    gpu.frameScope(props, drawScene);
  } finally {
    props.gpu = null;
    props.renderer = null;
  }
}

function drawScene(_context: REGL.DefaultContext, props: ScenePassProps): void {
  const gpu = props.gpu!;
  const renderer = props.renderer!;
  opaquePass(gpu, renderer);
  impostorPass(gpu, renderer);
  translucentPass(gpu, renderer);
  glowPass(gpu, renderer, props.glow);
  vtFeedbackPass(gpu, renderer);
}
