/**
 * Occlusion culling as the renderer sees it: one object that builds the depth
 * pyramid on the GPU when it can (WebGL2 with float render targets, and
 * `rendering.hzbOcclusion` on) and otherwise says it is unavailable and lets
 * every sphere through, so the renderer falls back to frustum culling alone.
 *
 *   capture(depth, w, h, view, proj)   after the depth pass
 *   update()                           once a frame: picks up a finished readback
 *   cullList(spheres, ids, n, out)     after frustum culling
 *   contextLost() / contextRestored(gl)  around a lost WebGL context
 */
import type { ReadonlyMat4 } from 'gl-matrix';
import { assertSphereListArgs, type BoundingSpheres } from './bounding-spheres.ts';
import { testSphereListAgainstHzb } from './hzb.ts';
import { createHzbGpu, type HzbGpu, type HzbReadback } from './hzb-gpu.ts';

/** Oldest pyramid, in frames, that is still trusted (default): older ones cull nothing. */
export const DEFAULT_HZB_MAX_AGE_FRAMES = 4;

export interface HzbCullerOptions {
  /** `PerformanceSettings.rendering.hzbOcclusion` (default true). */
  readonly enabled?: boolean;
  readonly maxReadbackSize?: number;
  /** Frames a pyramid may lag the current one and still cull (default 4). */
  readonly maxAgeFrames?: number;
}

export interface HzbCuller {
  readonly available: boolean;
  /** Why it is unavailable; '' when available. */
  readonly reason: string;
  /** The pyramid culling uses now, or null before the first readback (and always when unavailable). */
  readonly latest: HzbReadback | null;
  /** Encodes this frame's pyramid build and readback (skipped while one is in flight). Counts a frame. */
  capture(depth: WebGLTexture, width: number, height: number, view: ReadonlyMat4, projection: ReadonlyMat4): void;
  /** Polls the readback without blocking; true when a newer pyramid arrived. */
  update(): boolean;
  /**
   * Keeps the ids of `list` whose spheres may be visible, into `out` (which
   * may be `list`); returns how many. With no usable pyramid, keeps them all.
   */
  cullList(spheres: BoundingSpheres, list: Uint32Array, count: number, out: Uint32Array): number;
  /**
   * The context is lost: forgets its GPU objects and the last pyramid (both
   * belong to the dead context) and makes no GL call until `contextRestored`;
   * culling is frustum-only meanwhile.
   */
  contextLost(): void;
  /**
   * Sets the GPU side up again on a restored (or replacement) context; culling
   * stays frustum-only until that context's first pyramid is read back.
   * Returns `available`.
   */
  contextRestored(gl: WebGLRenderingContext | WebGL2RenderingContext | null | undefined): boolean;
  dispose(): void;
}

/** WebGL2 by its methods rather than `instanceof`, which fails across realms and in Node. */
function asWebGl2(gl: unknown): WebGL2RenderingContext | null {
  const g = gl as Partial<WebGL2RenderingContext> | null | undefined;
  return g != null && typeof g.fenceSync === 'function' && typeof g.clientWaitSync === 'function' && typeof g.getBufferSubData === 'function'
    ? (g as WebGL2RenderingContext)
    : null;
}

function passThrough(spheres: BoundingSpheres, list: Uint32Array, count: number, out: Uint32Array): number {
  assertSphereListArgs('HzbCuller.cullList', spheres, list, count, out);
  if (out !== list) out.set(list.subarray(0, count));
  return count;
}

/** The pyramid GPU side on `gl`, or why there is none. */
function setUpGpu(gl: WebGLRenderingContext | WebGL2RenderingContext | null | undefined, options: HzbCullerOptions): HzbGpu | string {
  if (options.enabled === false) return 'occlusion culling is off (rendering.hzbOcclusion)';
  const gl2 = asWebGl2(gl);
  if (gl2 === null) return 'needs WebGL2 (fences and pixel-pack buffers)';
  if (gl2.getExtension('EXT_color_buffer_float') === null) return 'needs EXT_color_buffer_float to render R32F levels';
  try {
    return createHzbGpu(gl2, options.maxReadbackSize === undefined ? {} : { maxReadbackSize: options.maxReadbackSize });
  } catch (e) {
    return `the pyramid shaders could not be set up: ${(e as Error).message}`;
  }
}

const CONTEXT_LOST_REASON = 'the GPU context is lost';

export function createHzbCuller(
  gl: WebGLRenderingContext | WebGL2RenderingContext | null | undefined,
  options: HzbCullerOptions = {},
): HzbCuller {
  const maxAge = options.maxAgeFrames ?? DEFAULT_HZB_MAX_AGE_FRAMES;
  if (!Number.isInteger(maxAge) || maxAge < 1) throw new RangeError(`createHzbCuller: maxAgeFrames must be an integer >= 1, got ${maxAge}`);
  let gpu: HzbGpu | null = null;
  let reason = '';
  let latest: HzbReadback | null = null;
  const setUp = (context: WebGLRenderingContext | WebGL2RenderingContext | null | undefined): boolean => {
    const made = setUpGpu(context, options);
    gpu = typeof made === 'string' ? null : made;
    reason = typeof made === 'string' ? made : '';
    return gpu !== null;
  };
  setUp(gl);
  return {
    get available() {
      return gpu !== null;
    },
    get reason() {
      return reason;
    },
    get latest() {
      return latest;
    },
    capture(depth, width, height, view, projection) {
      gpu?.capture(depth, width, height, view, projection);
    },
    update() {
      const r = gpu?.poll() ?? null;
      if (r === null) return false;
      latest = r;
      return true;
    },
    cullList(spheres, list, count, out) {
      // A pyramid too old describes a scene the camera has left: trust it no more.
      if (gpu === null || latest === null || gpu.frames - latest.frame > maxAge) return passThrough(spheres, list, count, out);
      return testSphereListAgainstHzb(latest.pyramid, latest, spheres, list, count, out);
    },
    contextLost() {
      // Its program, levels, pack buffer and fence died with the context: nothing to delete.
      gpu = null;
      latest = null;
      reason = CONTEXT_LOST_REASON;
    },
    contextRestored(context) {
      gpu?.dispose();
      latest = null;
      return setUp(context);
    },
    dispose() {
      gpu?.dispose();
      gpu = null;
      latest = null;
      reason = 'disposed';
    },
  };
}
