/**
 * The present pass: the scene target, drawn at renderScale, copied onto the
 * canvas by the fullscreen pass (bilinear when scaled). The frame's last
 * draw; it counts the frame.
 */
import type { GpuResources } from '../gpu/gpu-resources.ts';

export function presentPass(gpu: GpuResources): void {
  gpu.present(gpu.presentProps);
  gpu.stats.drawCalls++;
  gpu.stats.frames++;
}
