/**
 * Occlusion culling as the renderer sees it: one object that builds the depth
 * pyramid on the GPU when it can (WebGL2 with float render targets, and
 * `rendering.hzbOcclusion` on) and otherwise says it is unavailable and lets
 * every sphere through, so the renderer falls back to frustum culling alone.
 *
 *   capture(depth, w, h, view, proj)   after the depth pass
 *   update()                           once a frame: picks up a finished readback
 *   cullList(spheres, ids, n, out)     after frustum culling
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

function unavailable(reason: string): HzbCuller {
  return {
    available: false,
    reason,
    latest: null,
    capture() {},
    update: () => false,
    cullList: passThrough,
    dispose() {},
  };
}

export function createHzbCuller(
  gl: WebGLRenderingContext | WebGL2RenderingContext | null | undefined,
  options: HzbCullerOptions = {},
): HzbCuller {
  const maxAge = options.maxAgeFrames ?? DEFAULT_HZB_MAX_AGE_FRAMES;
  if (!Number.isInteger(maxAge) || maxAge < 1) throw new RangeError(`createHzbCuller: maxAgeFrames must be an integer >= 1, got ${maxAge}`);
  if (options.enabled === false) return unavailable('occlusion culling is off (rendering.hzbOcclusion)');
  const gl2 = asWebGl2(gl);
  if (gl2 === null) return unavailable('needs WebGL2 (fences and pixel-pack buffers)');
  if (gl2.getExtension('EXT_color_buffer_float') === null) return unavailable('needs EXT_color_buffer_float to render R32F levels');
  let gpu: HzbGpu;
  try {
    gpu = createHzbGpu(gl2, options.maxReadbackSize === undefined ? {} : { maxReadbackSize: options.maxReadbackSize });
  } catch (e) {
    return unavailable(`the pyramid shaders could not be set up: ${(e as Error).message}`);
  }
  let latest: HzbReadback | null = null;
  return {
    available: true,
    reason: '',
    get latest() {
      return latest;
    },
    capture(depth, width, height, view, projection) {
      gpu.capture(depth, width, height, view, projection);
    },
    update() {
      const r = gpu.poll();
      if (r === null) return false;
      latest = r;
      return true;
    },
    cullList(spheres, list, count, out) {
      // A pyramid too old describes a scene the camera has left: trust it no more.
      if (latest === null || gpu.frames - latest.frame > maxAge) return passThrough(spheres, list, count, out);
      return testSphereListAgainstHzb(latest.pyramid, latest, spheres, list, count, out);
    },
    dispose() {
      gpu.dispose();
      latest = null;
    },
  };
}
