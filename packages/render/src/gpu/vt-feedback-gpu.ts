/**
 * The virtual texture's feedback pass on the GPU (WebGL2; see
 * textures/vt-feedback.ts for what the pixels say and passes/vt-feedback.ts
 * for when it runs): an RGBA8 target with its own depth, the scene's size
 * divided by FEEDBACK_DIVISOR; the prim draw again with a fragment shader
 * that writes the page-table row, level and page each fragment samples
 * (the level from its derivatives scaled back to the scene's pixels, as the
 * sampler takes it); the terrain drawn for its depth alone (it hides faces
 * behind hills, and asks for nothing: its textures are wanted whole). Each
 * capture shifts the projection by a sub-pixel offset of the feedback
 * target, cycling through FEEDBACK_JITTER (4 × 4 positions), so over
 * FEEDBACK_KEEP_DECODES captures a face narrower than a feedback pixel is
 * sampled too. Read
 * back as the HZB is: readPixels into a PIXEL_PACK_BUFFER, a fence, and a
 * zero-timeout poll on later frames, so the frame never waits for the GPU.
 * The commands are compiled on the first capture; the raw GL framebuffer
 * is asked of GL once per size.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { RenderStats } from '../frame/render-stats.ts';
import { FEEDBACK_DIVISOR, FEEDBACK_VALID, type VtFeedback } from '../textures/vt-feedback.ts';
import { vtFragmentSource, VT_FRAGMENT_FUNCTIONS } from '../textures/vt-shader.ts';
import type { DrawCommands, PrimDrawProps } from './draw-commands.ts';
import { FACE_VARYINGS, PASS_DISCARD, PRECISION, primVertex } from './shaders.ts';
import type { TerrainBuffers } from './terrain-upload.ts';

type Command<P extends object> = REGL.DrawCommand<REGL.DefaultContext, P>;

/**
 * Per fragment: the level the sampler takes (vtLod, the derivatives scaled
 * from feedback pixels to scene pixels by uFeedbackScale), the page under
 * the coordinates at that level, packed as the file comment of
 * vt-feedback.ts says. Blended faces write every other pixel, in a
 * checkerboard that flips each capture, so what is behind them asks too.
 */
export const FEEDBACK_FRAGMENT = `${PRECISION}${FACE_VARYINGS}${VT_FRAGMENT_FUNCTIONS}
uniform mat4 uFeedback;
#define uFeedbackScale uFeedback[0].xy
#define uFeedbackParity uFeedback[0].z

void main() {
  vec2 dx = dFdx(vTexUv) * uFeedbackScale.x;
  vec2 dy = dFdy(vTexUv) * uFeedbackScale.y;
${PASS_DISCARD}
  if (vBlend > 0.5 && mod(floor(gl_FragCoord.x) + floor(gl_FragCoord.y) + uFeedbackParity, 2.0) < 0.5) discard;
  gl_FragColor = vec4(0.0);
  float row = floor(vTexRow + 0.5) - 1.0;
  if (row < 0.0) return;
  vec4 info = vtTableTexel(row, uVtRowWidth - 1.0);
  if (info.a < 0.5) return;
  float lod = vtLod(dx, dy, info.rg);
  float level = uVtTrilinear < 0.5 ? floor(lod + 0.5) : floor(lod);
  vec2 pages = max(vtLevelSides(info.rg, level) / VT_PAGE, vec2(1.0));
  vec2 page = min(floor(fract(vTexUv) * pages), pages - 1.0);
  float high = floor(row / 256.0);
  gl_FragColor = vec4(row - high * 256.0, high + level * 16.0, page.x, ${FEEDBACK_VALID.toFixed(1)} + page.y) / 255.0;
}
`;

const DEPTH_ONLY_VERTEX = `#version 300 es
in vec3 position;
uniform mat4 uView;
uniform mat4 uProjection;
void main() {
  gl_Position = uProjection * (uView * vec4(position, 1.0));
}
`;

const DEPTH_ONLY_FRAGMENT = `#version 300 es
precision mediump float;
out vec4 color;
void main() {
  color = vec4(0.0);
}
`;

export interface VtFeedbackGpu {
  readonly color: REGL.Texture2D;
  readonly target: REGL.Framebuffer2D;
  width: number;
  height: number;
  /** The target's WebGL framebuffer, for the raw readback; asked of GL after each resize. */
  handle: WebGLFramebuffer | null;
  prim: Command<PrimDrawProps> | null;
  terrain: Command<{ count: number }> | null;
  readonly clearOptions: { readonly color: [number, number, number, number]; readonly depth: number; readonly framebuffer: REGL.Framebuffer2D };
  /** uFeedback: scale x, y (feedback pixels per scene pixel), checkerboard parity. */
  readonly uniforms: Float32Array;
  /** The frame's projection shifted by this capture's jitter. */
  readonly projection: Float32Array;
  packBuffer: WebGLBuffer | null;
  packBytes: number;
  fence: WebGLSync | null;
  /** A capture was drawn this frame and waits for its readback to start. */
  pending: boolean;
  readWidth: number;
  readHeight: number;
  /** The frame of the last capture (-Infinity: none yet). */
  lastCapture: number;
  captures: number;
}

export function createVtFeedbackGpu(regl: Regl): VtFeedbackGpu {
  const color = regl.texture({ width: 1, height: 1, format: 'rgba', type: 'uint8', min: 'nearest', mag: 'nearest' });
  const target = regl.framebuffer({ color, depth: true, stencil: false });
  return {
    color, target, width: 1, height: 1, handle: null, prim: null, terrain: null,
    clearOptions: { color: [0, 0, 0, 0], depth: 1, framebuffer: target },
    uniforms: new Float32Array(16), projection: new Float32Array(16), packBuffer: null, packBytes: 0, fence: null, pending: false, readWidth: 0, readHeight: 0, lastCapture: -Infinity, captures: 0,
  };
}

/** The feedback target's side for a scene side. */
export function feedbackSide(sceneSide: number): number {
  return Math.max(1, Math.ceil(sceneSide / FEEDBACK_DIVISOR));
}

function compile(f: VtFeedbackGpu, regl: Regl, commands: DrawCommands, terrain: TerrainBuffers, stats: RenderStats): void {
  const variant = { ...commands.variant, virtualTexture: true, glsl300: true };
  f.prim = regl<REGL.Uniforms, REGL.Attributes, PrimDrawProps>({
    vert: primVertex(variant),
    frag: vtFragmentSource(FEEDBACK_FRAGMENT, true),
    ...commands.primInputs,
    // The command's uProjection overrides the frame scope's.
    uniforms: { ...commands.primInputs.uniforms, uFeedback: () => f.uniforms, uProjection: () => f.projection },
    depth: { enable: true, mask: true },
    blend: { enable: false },
    framebuffer: f.target,
  });
  f.terrain = regl<REGL.Uniforms, REGL.Attributes, { count: number }>({
    vert: DEPTH_ONLY_VERTEX,
    frag: DEPTH_ONLY_FRAGMENT,
    attributes: { position: terrain.positions },
    elements: terrain.elements,
    count: regl.prop<{ count: number }, 'count'>('count'),
    uniforms: { uProjection: () => f.projection },
    cull: { enable: true, face: 'back' },
    depth: { enable: true, mask: true },
    framebuffer: f.target,
  });
  stats.shaderCompiles += 2;
}

/**
 * Sub-pixel offsets of the feedback target, in sixteenths of a feedback
 * pixel from its centre, x then y, in an order that moves both each time.
 */
export const FEEDBACK_JITTER = new Int8Array([
  -6, -6, 2, 2, -2, 6, 6, -2, -6, 2, 2, -6, -2, -2, 6, 6, -2, 2, 6, -6, -6, -2, 2, 6, 2, -2, -6, 6, 6, 2, -2, -6,
]);

/** `out` = `projection` shifted in clip space by (dx, dy) pixels of a `width` × `height` target. */
export function jitterProjection(out: Float32Array, projection: Float32Array, dx: number, dy: number, width: number, height: number): void {
  const ox = (2 * dx) / width;
  const oy = (2 * dy) / height;
  for (let c = 0; c < 4; c++) {
    const w = projection[c * 4 + 3];
    out[c * 4] = projection[c * 4] + ox * w;
    out[c * 4 + 1] = projection[c * 4 + 1] + oy * w;
    out[c * 4 + 2] = projection[c * 4 + 2];
    out[c * 4 + 3] = w;
  }
}

/**
 * Sizes the target for a `sceneWidth` × `sceneHeight` scene, compiles the
 * commands on first use, writes the uniforms (the frame's `projection`
 * jittered) and clears the target. Call inside the frame uniforms' scope,
 * before the feedback draws.
 */
export function beginVtFeedback(
  f: VtFeedbackGpu, regl: Regl, commands: DrawCommands, terrain: TerrainBuffers, sceneWidth: number, sceneHeight: number, projection: Float32Array,
  stats: RenderStats,
): void {
  if (f.prim === null) compile(f, regl, commands, terrain, stats);
  const w = feedbackSide(sceneWidth);
  const h = feedbackSide(sceneHeight);
  if (w !== f.width || h !== f.height) {
    f.target.resize(w, h);
    f.width = w;
    f.height = h;
    f.handle = null;
  }
  f.uniforms[0] = w / sceneWidth;
  f.uniforms[1] = h / sceneHeight;
  f.uniforms[2] = f.captures & 1;
  const j = (f.captures % (FEEDBACK_JITTER.length / 2)) * 2;
  jitterProjection(f.projection, projection, FEEDBACK_JITTER[j] / 16, FEEDBACK_JITTER[j + 1] / 16, w, h);
  regl.clear(f.clearOptions);
}

/** The target's framebuffer as GL names it (regl binds a framebuffer lazily: poll binds it now). */
function framebufferHandle(f: VtFeedbackGpu, regl: Regl): WebGLFramebuffer | null {
  if (f.handle === null) {
    const gl = regl._gl;
    f.target.use(() => {
      regl.poll();
      f.handle = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    });
  }
  return f.handle;
}

/**
 * After the feedback draws, outside any regl scope: starts reading the
 * target into the pack buffer and fences it. The caller refreshes regl's
 * state afterwards (regl._refresh()).
 */
export function startVtFeedbackReadback(f: VtFeedbackGpu, regl: Regl, gl: WebGL2RenderingContext, frame: number): void {
  const handle = framebufferHandle(f, regl);
  if (handle === null) return;
  const bytes = f.width * f.height * 4;
  if (f.packBuffer === null) f.packBuffer = gl.createBuffer();
  gl.bindBuffer(gl.PIXEL_PACK_BUFFER, f.packBuffer);
  // Fresh storage at every readback, as the HZB's (culling/hzb-gpu.ts): Chrome otherwise warns that the last
  // readback's unread shadow copy of this READ-usage buffer was discarded.
  gl.bufferData(gl.PIXEL_PACK_BUFFER, bytes, gl.STREAM_READ);
  f.packBytes = bytes;
  gl.bindFramebuffer(gl.READ_FRAMEBUFFER, handle);
  gl.readPixels(0, 0, f.width, f.height, gl.RGBA, gl.UNSIGNED_BYTE, 0);
  gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
  gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
  f.fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
  // Without a flush the fence may never reach the GPU and never signal.
  gl.flush();
  f.readWidth = f.width;
  f.readHeight = f.height;
  f.lastCapture = frame;
  f.captures++;
}

/**
 * Never blocks: when the readback's fence has signalled, copies the pixels
 * into `out` (its buffer resized only when the target was) and marks it
 * ready; true then.
 */
export function pollVtFeedback(f: VtFeedbackGpu, gl: WebGL2RenderingContext, out: VtFeedback): boolean {
  if (f.fence === null) return false;
  const status = gl.clientWaitSync(f.fence, 0, 0);
  if (status === gl.TIMEOUT_EXPIRED) return false;
  gl.deleteSync(f.fence);
  f.fence = null;
  // WAIT_FAILED: this readback is lost; the next capture starts another.
  if (status !== gl.ALREADY_SIGNALED && status !== gl.CONDITION_SATISFIED) return false;
  const bytes = f.readWidth * f.readHeight * 4;
  if (out.pixels.length !== bytes) out.pixels = new Uint8Array(bytes);
  gl.bindBuffer(gl.PIXEL_PACK_BUFFER, f.packBuffer);
  gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, out.pixels);
  gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
  out.width = f.readWidth;
  out.height = f.readHeight;
  out.ready = true;
  return true;
}

export function destroyVtFeedbackGpu(f: VtFeedbackGpu, gl: WebGL2RenderingContext | null): void {
  f.target.destroy();
  f.color.destroy();
  if (gl !== null) {
    if (f.fence !== null) gl.deleteSync(f.fence);
    if (f.packBuffer !== null) gl.deleteBuffer(f.packBuffer);
  }
  f.fence = null;
  f.packBuffer = null;
  f.prim = null;
  f.terrain = null;
}
