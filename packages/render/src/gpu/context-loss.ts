/**
 * The GPU side of the renderer and the loss of its context (see
 * context-status.ts for the states). On a loss every GPU object is
 * forgotten and nothing touches GL: render.draw does nothing while
 * render.cull, render.lights and render.lod keep running on the CPU
 * (meshes first needed meanwhile are recorded, not uploaded; HZB falls back
 * to frustum culling). On a restore a new regl instance is made on the same
 * context (or the caller's, which regl restores itself), every resident
 * mesh is uploaded again from its CPU copy, the GPU resources are made anew
 * and the HZB pyramid objects too; the same world draws on the next frame.
 */
import type { GpuMesh, ReglMeshUploader } from './mesh-buffers.ts';
import { dropGpuMeshes, restoreGpuMeshes } from './mesh-buffers.ts';
import { resetImpostors } from '../impostors/impostor-state.ts';
import type { LightTextureFormat } from '../lighting/light-textures.ts';
import type { MeshSlots } from '../meshes/mesh-slots.ts';
import type { RenderState } from '../render-state.ts';
import { markGpuContextFailed, markGpuContextLost, markGpuContextRestored, restoredCapsProblem } from './context-status.ts';
import type { GpuContextStatus } from './context-status.ts';
import { createGpuResources, destroyGpuResources } from './gpu-resources.ts';
import type { GpuResources } from './gpu-resources.ts';
import { createGlSetup } from './regl-setup.ts';
import type { GlSetup } from './regl-setup.ts';

export interface GpuState {
  /** The context and regl instance in use; another after a restore (when the renderer made it). */
  setup: GlSetup;
  /** Whether the context is usable, lost or could not be restored; updated in place. */
  readonly status: GpuContextStatus;
  readonly uploader: ReglMeshUploader;
  /** The renderer's mesh slots, typed with their GPU meshes. */
  readonly slots: MeshSlots<GpuMesh>;
  readonly lightFormat: LightTextureFormat;
  /** How long a lost context may stay lost before the status says 'failed'. */
  readonly restoreTimeoutMs: number;
  /** What the passes draw with; null while the context is lost. */
  resources: GpuResources | null;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Frees every GPU object; on a lost context the GL deletes are no-ops, but
 * regl forgets the objects (and a destroyed regl instance its canvas
 * listeners). The uploader holds the live instance, so none is destroyed twice.
 */
export function releaseGpu(gpu: GpuState): void {
  const live = gpu.uploader.regl !== null;
  dropGpuMeshes(gpu.slots);
  gpu.uploader.regl = null;
  if (gpu.resources !== null) destroyGpuResources(gpu.resources);
  gpu.resources = null;
  if (live && gpu.setup.ownsRegl) gpu.setup.regl.destroy();
}

/** The context was lost: forgets the GPU objects and stops drawing. Safe to call more than once. */
export function contextLost(renderer: RenderState, gpu: GpuState): void {
  if (!renderer.enabled || !markGpuContextLost(gpu.status)) return;
  const stats = renderer.stats;
  stats.drawCalls = 0;
  stats.triangles = 0;
  stats.primDraws = 0;
  stats.translucentDraws = 0;
  stats.glowDraws = 0;
  renderer.hzb?.contextLost();
  // The impostor atlas's pictures go with the context: linksets draw normally until baked again.
  resetImpostors(renderer.impostors);
  releaseGpu(gpu);
}

/**
 * The context is back: rebuilds every GPU resource from the CPU side. False,
 * with status 'failed' and its error, when that could not be done; true
 * when already drawing.
 */
export function contextRestored(renderer: RenderState, gpu: GpuState): boolean {
  if (!renderer.enabled) return false;
  if (gpu.status.state === 'ready') return true;
  const setup = gpu.setup;
  if (setup.gl.isContextLost()) return false;
  let next: GlSetup | null = null;
  try {
    // The same context, or the caller's regl instance (which restored its own objects already).
    next = createGlSetup(setup.ownsRegl ? { gl: setup.gl } : { regl: setup.regl });
    const problem = restoredCapsProblem(renderer.caps, next.caps, gpu.lightFormat);
    if (problem !== '') throw new Error(problem);
    gpu.setup = next;
    gpu.uploader.regl = next.regl;
    restoreGpuMeshes(gpu.slots, gpu.uploader);
    gpu.resources = createGpuResources(next.regl, next.gl2, gpu.lightFormat, gpu.slots, renderer.stats);
    renderer.hzb?.contextRestored(next.gl2);
  } catch (error) {
    if (next !== null && next !== gpu.setup && next.ownsRegl) next.regl.destroy();
    renderer.hzb?.contextLost();
    releaseGpu(gpu);
    markGpuContextFailed(gpu.status, `rebuilding on the restored context failed: ${errorMessage(error)}`);
    return false;
  }
  markGpuContextRestored(gpu.status);
  return true;
}
