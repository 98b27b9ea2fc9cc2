/**
 * render.draw (render phase): the frame's GPU work (passes/draw-frame.ts)
 * with the GPU resources of the live context, reading
 * settings.rendering each frame. While the context is lost it draws
 * nothing and dates the loss (the status turns 'failed' past the restore
 * timeout); a context lost mid-frame makes regl throw, which is a loss,
 * not a bug. Without a GPU (Node) it does nothing.
 */
import type { EngineWorld } from '@slv/core';
import { contextLost } from '../gpu/context-loss.ts';
import { checkGpuContextTimeout } from '../gpu/context-status.ts';
import { drawFrame } from '../passes/draw-frame.ts';
import type { RenderResources } from '../render-state.ts';

export function drawSystem(_world: EngineWorld, resources: RenderResources): void {
  const renderer = resources.renderer;
  const gpu = renderer.gpu;
  if (!renderer.enabled || gpu === null) return;
  const gl = gpu.setup.gl;
  // The context can read lost before its event arrives (the event is queued as a task).
  if (gpu.status.state === 'ready' && gl.isContextLost()) contextLost(renderer, gpu);
  const gpuResources = gpu.resources;
  if (gpuResources === null) {
    checkGpuContextTimeout(gpu.status, resources.time.nowMs, gpu.restoreTimeoutMs);
    return;
  }
  try {
    drawFrame(gpuResources, renderer, resources.settings.settings.rendering);
  } catch (error) {
    if (!gl.isContextLost()) throw error;
    contextLost(renderer, gpu);
  }
}
