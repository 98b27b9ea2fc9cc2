/**
 * The GL context the renderer draws with: a regl instance (WebGL1 API) and,
 * when the context is WebGL2, the same context raw for the HZB passes. Given
 * a canvas it asks for WebGL2 first and patches it for regl
 * (webgl2-compat.ts), else takes WebGL1; given a context or a regl instance
 * it uses that. Capabilities are detected here once per context: after a
 * lost context is restored the renderer calls createGlSetup again, with the
 * same context (a new regl instance on it) or the caller's regl instance.
 */
import createREGL from 'regl';
import type { Regl } from 'regl';
import type { RenderCaps } from './render-caps.ts';
import { patchWebGL2ForRegl } from './webgl2-compat.ts';

/** Extensions the renderer cannot draw without: instancing. */
export const REQUIRED_REGL_EXTENSIONS: readonly string[] = ['ANGLE_instanced_arrays'];
/** Extensions it uses when present. */
export const OPTIONAL_REGL_EXTENSIONS: readonly string[] = [
  'OES_texture_float',
  'OES_element_index_uint',
  'EXT_texture_filter_anisotropic',
  'WEBGL_depth_texture',
  // Screen derivatives: the virtual texture picks its level from them (core in WebGL2).
  'OES_standard_derivatives',
];

export interface GlTarget {
  /** A regl instance made with REQUIRED_REGL_EXTENSIONS (and ideally OPTIONAL_REGL_EXTENSIONS). */
  readonly regl?: Regl;
  /** A WebGL1 or WebGL2 context. */
  readonly gl?: WebGLRenderingContext | WebGL2RenderingContext;
  readonly canvas?: HTMLCanvasElement | OffscreenCanvas;
  /** Context attributes when the renderer creates the context (default: antialias off, depth on). */
  readonly contextAttributes?: WebGLContextAttributes;
  /** Ask for WebGL2 (default true); false forces WebGL1. */
  readonly webgl2?: boolean;
}

export interface GlSetup {
  readonly regl: Regl;
  readonly gl: WebGLRenderingContext | WebGL2RenderingContext;
  /** The context as WebGL2, or null. */
  readonly gl2: WebGL2RenderingContext | null;
  readonly caps: RenderCaps;
  /** The renderer made the regl instance and destroys it with itself. */
  readonly ownsRegl: boolean;
}

/** WebGL2 by its methods rather than instanceof, which fails across realms. */
export function asWebGL2(gl: unknown): WebGL2RenderingContext | null {
  const g = gl as Partial<WebGL2RenderingContext> | null | undefined;
  return g != null && typeof g.texStorage2D === 'function' && typeof g.fenceSync === 'function' ? (g as WebGL2RenderingContext) : null;
}

/**
 * The canvas a context draws into, as the target of its
 * `webglcontextlost` / `webglcontextrestored` events; null when the context
 * has none that dispatches events (a stand-in context in tests).
 */
export function contextEventTarget(gl: WebGLRenderingContext | WebGL2RenderingContext): EventTarget | null {
  const canvas = (gl as { canvas?: unknown }).canvas as Partial<EventTarget> | null | undefined;
  return canvas != null && typeof canvas.addEventListener === 'function' && typeof canvas.removeEventListener === 'function'
    ? (canvas as EventTarget)
    : null;
}

function makeRegl(gl: WebGLRenderingContext | WebGL2RenderingContext): Regl {
  const gl2 = asWebGL2(gl);
  if (gl2 !== null) patchWebGL2ForRegl(gl2);
  return createREGL({
    gl: gl as WebGLRenderingContext,
    extensions: [...REQUIRED_REGL_EXTENSIONS],
    optionalExtensions: [...OPTIONAL_REGL_EXTENSIONS],
  });
}

export function createGlSetup(target: GlTarget): GlSetup {
  let regl: Regl;
  let ownsRegl = false;
  if (target.regl !== undefined) {
    regl = target.regl;
    for (const name of REQUIRED_REGL_EXTENSIONS) {
      if (!regl.hasExtension(name)) {
        throw new Error(`createRenderer: the regl instance was made without ${name}; pass extensions: REQUIRED_REGL_EXTENSIONS to createREGL`);
      }
    }
  } else {
    let gl = target.gl ?? null;
    if (gl === null) {
      const canvas = target.canvas;
      if (canvas === undefined) throw new TypeError('createRenderer: pass one of regl, gl or canvas');
      const attributes: WebGLContextAttributes = { antialias: false, depth: true, alpha: false, ...target.contextAttributes };
      if (target.webgl2 !== false) gl = canvas.getContext('webgl2', attributes) as WebGL2RenderingContext | null;
      gl ??= canvas.getContext('webgl', attributes) as WebGLRenderingContext | null;
      if (gl === null) throw new Error('createRenderer: the canvas gave neither a WebGL2 nor a WebGL1 context');
    }
    try {
      regl = makeRegl(gl);
    } catch (error) {
      throw new Error(`createRenderer: regl could not start on this context: ${(error as Error).message}`, { cause: error });
    }
    ownsRegl = true;
  }
  const gl = regl._gl as WebGLRenderingContext | WebGL2RenderingContext;
  const gl2 = asWebGL2(gl);
  const caps: RenderCaps = {
    webgl2: gl2 !== null,
    floatTextures: regl.hasExtension('OES_texture_float'),
    maxAnisotropy: regl.hasExtension('EXT_texture_filter_anisotropic') ? regl.limits.maxAnisotropic : 1,
    uintIndices: regl.hasExtension('OES_element_index_uint'),
    maxTextureSize: regl.limits.maxTextureSize,
  };
  return { regl, gl, gl2, caps, ownsRegl };
}
