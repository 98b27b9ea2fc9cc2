/**
 * The virtual texture's feedback pass (WebGL2, while faces sample the
 * virtual texture): every FEEDBACK_INTERVAL frames, once the previous
 * readback is in, the terrain (depth only) and the draw list's opaque and
 * translucent entries are drawn again, with their instance streams, into
 * the feedback target (1/FEEDBACK_DIVISOR of the scene per side), each
 * pixel naming the page its fragment samples (gpu/vt-feedback-gpu.ts).
 * After the scene passes the target is read into a pack buffer behind a
 * fence; a later frame's pass finds the fence signalled and hands the
 * pixels to render.textures (TextureState.feedback), which decodes them on
 * its next run (textures/vt-feedback.ts). No CPU work per entity: the
 * draws are the draw list's.
 */
import type { GpuResources } from '../gpu/gpu-resources.ts';
import { beginVtFeedback, createVtFeedbackGpu, pollVtFeedback, startVtFeedbackReadback } from '../gpu/vt-feedback-gpu.ts';
import type { RenderState } from '../render-state.ts';
import { FEEDBACK_INTERVAL } from '../textures/vt-feedback.ts';
import { drawEntries } from './prim-draws.ts';

/** Inside the frame uniforms' scope, after the scene passes: collects a finished readback, and draws a capture when one is due. */
export function vtFeedbackPass(gpu: GpuResources, renderer: RenderState): void {
  const gl = gpu.gl2;
  const out = renderer.textures.feedback;
  const { stats } = gpu;
  if (gl === null || out === null || !stats.virtualTexturing) return;
  const f = (gpu.vt.feedback ??= createVtFeedbackGpu(gpu.regl));
  pollVtFeedback(f, gl, out);
  const frame = renderer.frame.frameNumber;
  if (f.fence !== null || frame - f.lastCapture < FEEDBACK_INTERVAL) return;
  beginVtFeedback(f, gpu.regl, gpu.commands, gpu.terrain, gpu.targets.width, gpu.targets.height, gpu.scene.projection, stats);
  if (renderer.terrainMesh !== null && gpu.terrain.props.count > 0) {
    f.terrain!(gpu.terrain.props);
    stats.drawCalls++;
  }
  const list = renderer.drawList;
  stats.drawCalls += drawEntries(gpu, f.prim!, list, null, 0, list.count);
  f.pending = true;
}

/** After the frame uniforms' scope: starts reading back this frame's capture, if it drew one. */
export function vtFeedbackReadback(gpu: GpuResources, renderer: RenderState): void {
  const f = gpu.vt.feedback;
  if (f === null || !f.pending || gpu.gl2 === null) return;
  f.pending = false;
  startVtFeedbackReadback(f, gpu.regl, gpu.gl2, renderer.frame.frameNumber);
  // The readback bound its own GL objects behind regl's back.
  gpu.regl._refresh();
}
