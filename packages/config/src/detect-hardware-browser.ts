import type { DetectedHardware } from './detected-hardware.ts';

// WebGL enums, spelled out so a minimal context stand-in needs no constants.
const VENDOR = 0x1f00;
const RENDERER = 0x1f01;
const MAX_TEXTURE_SIZE = 0x0d33;
const UNMASKED_VENDOR_WEBGL = 0x9245;
const UNMASKED_RENDERER_WEBGL = 0x9246;

/** The two calls detection makes on a WebGL context. */
export interface GlInfoSource {
  getParameter(pname: number): unknown;
  getExtension(name: string): unknown;
}

/** The navigator fields detection reads. */
export interface NavigatorLike {
  deviceMemory?: number;
  hardwareConcurrency?: number;
  platform?: string;
}

interface CanvasLike {
  getContext(kind: string): unknown;
}

/**
 * One-time browser probe: the GPU's unmasked renderer and vendor
 * (WEBGL_debug_renderer_info; Firefox answers RENDERER itself since it
 * deprecated the extension), MAX_TEXTURE_SIZE, navigator.deviceMemory (GB,
 * rounded and capped at 8 by the browser) and navigator.hardwareConcurrency.
 * Without `gl` it makes a throwaway canvas context and releases it.
 */
export function detectHardwareBrowser(
  gl?: WebGLRenderingContext | WebGL2RenderingContext | GlInfoSource | null,
  nav?: NavigatorLike | null,
): DetectedHardware {
  const navigator = nav ?? (globalThis as { navigator?: NavigatorLike }).navigator;
  let context: GlInfoSource | null = gl ?? null;
  let owned = false;
  if (context === null) {
    context = createProbeContext();
    owned = context !== null;
  }
  const hw: DetectedHardware = { source: context !== null ? 'webgl' : navigator !== undefined ? 'browser' : 'none' };
  if (context !== null) {
    try {
      readGl(context, hw);
    } finally {
      if (owned) releaseContext(context);
    }
  }
  if (navigator !== undefined) {
    const memory = navigator.deviceMemory;
    if (typeof memory === 'number' && Number.isFinite(memory) && memory > 0) hw.memoryMB = Math.round(memory * 1024);
    const cores = navigator.hardwareConcurrency;
    if (typeof cores === 'number' && Number.isInteger(cores) && cores > 0) hw.cpuCores = cores;
    if (typeof navigator.platform === 'string' && navigator.platform !== '') hw.platform = navigator.platform;
  }
  return hw;
}

function readGl(gl: GlInfoSource, hw: DetectedHardware): void {
  const debug = safe(() => gl.getExtension('WEBGL_debug_renderer_info'));
  const renderer = debug ? safe(() => gl.getParameter(UNMASKED_RENDERER_WEBGL)) : undefined;
  const vendor = debug ? safe(() => gl.getParameter(UNMASKED_VENDOR_WEBGL)) : undefined;
  const r = nonEmpty(renderer) ?? nonEmpty(safe(() => gl.getParameter(RENDERER)));
  const v = nonEmpty(vendor) ?? nonEmpty(safe(() => gl.getParameter(VENDOR)));
  if (r !== undefined) hw.gpuRenderer = r.slice(0, 512);
  if (v !== undefined) hw.gpuVendor = v.slice(0, 512);
  const max = safe(() => gl.getParameter(MAX_TEXTURE_SIZE));
  if (typeof max === 'number' && Number.isInteger(max) && max > 0) hw.maxTextureSize = max;
  const isWebGl2 = typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext;
  if (isWebGl2) hw.webglVersion = 2;
  else if (typeof WebGLRenderingContext !== 'undefined' && gl instanceof WebGLRenderingContext) hw.webglVersion = 1;
}

function createProbeContext(): GlInfoSource | null {
  const doc = (globalThis as { document?: { createElement(tag: string): CanvasLike } }).document;
  if (doc === undefined) return null;
  const canvas = safe(() => doc.createElement('canvas'));
  if (canvas === undefined) return null;
  const ctx = safe(() => canvas.getContext('webgl2')) ?? safe(() => canvas.getContext('webgl'));
  return isGlInfoSource(ctx) ? ctx : null;
}

function releaseContext(gl: GlInfoSource): void {
  const lose = safe(() => gl.getExtension('WEBGL_lose_context')) as { loseContext?: () => void } | undefined | null;
  if (lose && typeof lose.loseContext === 'function') safe(() => lose.loseContext!());
}

function isGlInfoSource(value: unknown): value is GlInfoSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as GlInfoSource).getParameter === 'function' &&
    typeof (value as GlInfoSource).getExtension === 'function'
  );
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

// A lost or sandboxed context may throw from any call; detection reports what it could read.
function safe<T>(f: () => T): T | undefined {
  try {
    return f() ?? undefined;
  } catch {
    return undefined;
  }
}
