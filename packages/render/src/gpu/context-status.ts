/**
 * The GL context's life as the renderer tracks it, CPU-side only:
 *
 *   ready ──lost──▶ lost ──restored──▶ ready
 *                    │  └─no restore within the timeout─▶ failed ──restored──▶ ready
 *                    └─restored, rebuild throws──▶ failed
 *
 * A browser loses a WebGL context when the GPU process resets (driver
 * update, GPU hang, too many contexts); after `preventDefault()` on the
 * `webglcontextlost` event it may restore it. Times are the frame clock
 * (Resources.time.nowMs): an event only marks the loss, the next frame dates
 * it, so one clock measures how long the canvas has been dark.
 */
import type { RenderCaps } from './render-caps.ts';
import type { LightTextureFormat } from '../lighting/light-textures.ts';

export type GpuContextState = 'ready' | 'lost' | 'failed';

/** How long to wait for `webglcontextrestored` before saying the context is gone (default). */
export const DEFAULT_RESTORE_TIMEOUT_MS = 10_000;

export interface GpuContextStatus {
  state: GpuContextState;
  /** Losses since the renderer started. */
  losses: number;
  /** Successful rebuilds after a loss. */
  restores: number;
  /** Frame time of the last loss; NaN until a frame after the loss dated it (and before any loss). */
  lostAtMs: number;
  /** Why the state is 'failed' ('' otherwise). */
  error: string;
}

export function createGpuContextStatus(): GpuContextStatus {
  return { state: 'ready', losses: 0, restores: 0, lostAtMs: Number.NaN, error: '' };
}

/** The context was lost; false when it already was (a second event, or a loss seen before its event). */
export function markGpuContextLost(s: GpuContextStatus): boolean {
  if (s.state === 'lost') return false;
  s.state = 'lost';
  s.losses++;
  s.lostAtMs = Number.NaN;
  s.error = '';
  return true;
}

/** The GPU resources were rebuilt on a restored context. */
export function markGpuContextRestored(s: GpuContextStatus): void {
  s.state = 'ready';
  s.restores++;
  s.lostAtMs = Number.NaN;
  s.error = '';
}

/** A restored context could not be used; the renderer stays dark until the next restore. */
export function markGpuContextFailed(s: GpuContextStatus, error: string): void {
  s.state = 'failed';
  s.error = error;
}

/**
 * Once a frame while lost: dates the loss on the first frame after it, and
 * past `timeoutMs` without a restore marks the context failed. Returns true
 * when this call failed it.
 */
export function checkGpuContextTimeout(s: GpuContextStatus, nowMs: number, timeoutMs: number): boolean {
  if (s.state !== 'lost') return false;
  if (Number.isNaN(s.lostAtMs)) {
    s.lostAtMs = nowMs;
    return false;
  }
  if (nowMs - s.lostAtMs < timeoutMs) return false;
  const wait = timeoutMs < 1000 ? `${Math.round(timeoutMs)} ms` : `${Math.round(timeoutMs / 1000)} s`;
  markGpuContextFailed(s, `the browser did not restore the GPU context within ${wait}`);
  return true;
}

/** One line for an overlay: '' when drawing normally. */
export function describeGpuContext(s: GpuContextStatus, nowMs: number): string {
  if (s.state === 'ready') return '';
  if (s.state === 'lost') {
    const seconds = Number.isNaN(s.lostAtMs) ? 0 : Math.max(0, Math.floor((nowMs - s.lostAtMs) / 1000));
    return `GPU context lost — waiting for restore (${seconds} s)`;
  }
  return `GPU context not restored: ${s.error}. Reload the page to draw again.`;
}

/**
 * Why a restored context cannot take over from the old one ('' when it can):
 * the CPU side was laid out for the old capabilities (light texture format,
 * WebGL2 depth pyramid, 32-bit mesh indices, texture sizes). A reset may
 * come back on another adapter, software rendering for one.
 */
export function restoredCapsProblem(before: RenderCaps, after: RenderCaps, lightFormat: LightTextureFormat): string {
  if (before.webgl2 && !after.webgl2) return 'the restored context is WebGL1, the renderer was set up for WebGL2';
  if (lightFormat === 'float' && !after.floatTextures) return 'the restored context lacks float textures, which the light textures use';
  if (before.uintIndices && !after.uintIndices) return 'the restored context lacks 32-bit indices (OES_element_index_uint)';
  if (after.maxTextureSize < before.maxTextureSize) {
    return `the restored context allows ${after.maxTextureSize}-texel textures, the renderer was set up for ${before.maxTextureSize}`;
  }
  return '';
}
