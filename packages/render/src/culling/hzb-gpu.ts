/**
 * Hierarchical-Z pyramid on the GPU (WebGL2, raw: regl targets WebGL1), read
 * back without ever stalling.
 *
 * Build: one fragment pass per level, each texel the max of the 2×2 texels
 * below it (3 wide or tall where the finer level is odd), exactly as
 * `reduceHzbPyramid` does on the CPU; the first pass reads the depth
 * texture. Readback: the coarser levels (from the first whose larger edge is
 * at most `maxReadbackSize`) go into a PIXEL_PACK_BUFFER, a fence follows,
 * and `poll` asks the fence with a zero timeout each frame; when it has
 * signalled, a frame or more later, the data is copied into an `HzbPyramid`
 * and handed out with the matrices of the frame it was rendered with, ready
 * for `testSphereListAgainstHzb`. Each readback starts by giving the pack
 * buffer fresh storage (bufferData): Chrome keeps a shadow copy of a
 * READ-usage buffer at every fence and warns ("READ-usage buffer was
 * written, then fenced, but written again before being read back") when a
 * buffer whose shadow was never consumed is fenced again, which it does on
 * every capture here (its read takes the synchronous path even after the
 * fence signalled); new storage lets the old shadow go.
 *
 * GL state: `capture` leaves the framebuffer, program, vertex array, texture
 * unit 0, the pixel-pack buffer and the viewport bound to its own objects or
 * null, and DEPTH_TEST, STENCIL_TEST, BLEND, SCISSOR_TEST and CULL_FACE
 * disabled. A regl user calls `regl._refresh()` afterwards.
 */
import type { ReadonlyMat4 } from 'gl-matrix';
import { createHzbPyramid, type HzbFrame, type HzbPyramid } from './hzb.ts';

export const DEFAULT_HZB_READBACK_SIZE = 512;

/** A pyramid that came back from the GPU, with the matrices it was rendered with. Reused by the next successful poll. */
export interface HzbReadback extends HzbFrame {
  readonly pyramid: HzbPyramid;
  readonly view: Float32Array;
  readonly projection: Float32Array;
  /** The `capture` serial it came from (1 for the first capture). */
  readonly frame: number;
}

export interface HzbGpu {
  /**
   * After the depth pass: encodes the pyramid build and the readback of this
   * frame's depth. Returns false, encoding nothing, while an earlier readback
   * is still in flight. Every call counts as a frame.
   */
  capture(depth: WebGLTexture, width: number, height: number, view: ReadonlyMat4, projection: ReadonlyMat4): boolean;
  /** Never blocks: the readback whose fence has signalled, else null. */
  poll(): HzbReadback | null;
  /** Capture calls so far. */
  readonly frames: number;
  dispose(): void;
}

export interface HzbGpuOptions {
  /** Largest edge of the finest level read back (default 512): finer levels stay on the GPU. */
  readonly maxReadbackSize?: number;
}

const VERTEX_SHADER = `#version 300 es
// One triangle covering the viewport, from the vertex id alone.
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
`;

const REDUCE_SHADER = `#version 300 es
precision highp float;
precision highp int;
uniform highp sampler2D uSource; // the depth texture, or the previous level
uniform ivec2 uSourceSize;
out vec4 outDepth;

float at(ivec2 p) { return texelFetch(uSource, min(p, uSourceSize - 1), 0).r; }

void main() {
  ivec2 p = ivec2(gl_FragCoord.xy) * 2;
  float d = max(max(at(p), at(p + ivec2(1, 0))), max(at(p + ivec2(0, 1)), at(p + ivec2(1, 1))));
  // Odd sizes: take the third column (row) too, so no source texel is left out.
  bool oddX = (uSourceSize.x & 1) == 1;
  bool oddY = (uSourceSize.y & 1) == 1;
  if (oddX) d = max(d, max(at(p + ivec2(2, 0)), at(p + ivec2(2, 1))));
  if (oddY) d = max(d, max(at(p + ivec2(0, 2)), at(p + ivec2(1, 2))));
  if (oddX && oddY) d = max(d, at(p + ivec2(2, 2)));
  outDepth = vec4(d, 0.0, 0.0, 1.0);
}
`;

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (shader === null) throw new Error('createHzbGpu: createShader failed (context lost?)');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (gl.getShaderParameter(shader, gl.COMPILE_STATUS) !== true) {
    const log = gl.getShaderInfoLog(shader);
    gl.deleteShader(shader);
    throw new Error(`createHzbGpu: shader did not compile: ${log}`);
  }
  return shader;
}

function link(gl: WebGL2RenderingContext): WebGLProgram {
  const vs = compile(gl, gl.VERTEX_SHADER, VERTEX_SHADER);
  const fs = compile(gl, gl.FRAGMENT_SHADER, REDUCE_SHADER);
  const program = gl.createProgram();
  if (program === null) throw new Error('createHzbGpu: createProgram failed (context lost?)');
  gl.attachShader(program, vs);
  gl.attachShader(program, fs);
  gl.linkProgram(program);
  gl.deleteShader(vs);
  gl.deleteShader(fs);
  if (gl.getProgramParameter(program, gl.LINK_STATUS) !== true) {
    throw new Error(`createHzbGpu: program did not link: ${gl.getProgramInfoLog(program)}`);
  }
  return program;
}

/** GPU levels and the buffers that depend on the depth size, rebuilt only when it changes. */
interface Levels {
  readonly depthWidth: number;
  readonly depthHeight: number;
  readonly widths: number[];
  readonly heights: number[];
  readonly textures: WebGLTexture[];
  readonly framebuffers: WebGLFramebuffer[];
  /** First GPU level read back: level 0 of `pyramid`. */
  readonly firstRead: number;
  readonly pyramid: HzbPyramid;
  /** Channels per texel readPixels returns: 1 (RED) where the implementation allows it, else 4 (RGBA). */
  readonly channels: number;
  readonly packBuffer: WebGLBuffer;
  readonly packBytes: number;
  /** Where RGBA readbacks land before their red channel is kept. */
  readonly rgba: Float32Array | null;
}

/** Builds and reads back depth pyramids on a WebGL2 context that has EXT_color_buffer_float. */
export function createHzbGpu(gl: WebGL2RenderingContext, options: HzbGpuOptions = {}): HzbGpu {
  const maxReadbackSize = options.maxReadbackSize ?? DEFAULT_HZB_READBACK_SIZE;
  if (!Number.isInteger(maxReadbackSize) || maxReadbackSize < 1) {
    throw new RangeError(`createHzbGpu: maxReadbackSize must be an integer >= 1, got ${maxReadbackSize}`);
  }
  if (gl.getExtension('EXT_color_buffer_float') === null) throw new Error('createHzbGpu: EXT_color_buffer_float is missing: R32F levels cannot be rendered');
  const program = link(gl);
  const sourceLocation = gl.getUniformLocation(program, 'uSource');
  const sizeLocation = gl.getUniformLocation(program, 'uSourceSize');
  const vertexArray = gl.createVertexArray();
  let levels: Levels | null = null;
  let fence: WebGLSync | null = null;
  let frames = 0;
  let inFlightFrame = 0;
  const inFlightView = new Float32Array(16);
  const inFlightProjection = new Float32Array(16);
  const readback = { pyramid: null as unknown as HzbPyramid, view: new Float32Array(16), projection: new Float32Array(16), frame: 0 };

  function freeLevels(): void {
    if (levels === null) return;
    for (const t of levels.textures) gl.deleteTexture(t);
    for (const f of levels.framebuffers) gl.deleteFramebuffer(f);
    gl.deleteBuffer(levels.packBuffer);
    levels = null;
  }

  function allocateLevels(depthWidth: number, depthHeight: number): Levels {
    const widths: number[] = [];
    const heights: number[] = [];
    const textures: WebGLTexture[] = [];
    const framebuffers: WebGLFramebuffer[] = [];
    let firstRead = -1;
    for (let w = depthWidth, h = depthHeight; w > 1 || h > 1; ) {
      w = Math.max(1, w >> 1);
      h = Math.max(1, h >> 1);
      if (firstRead < 0 && Math.max(w, h) <= maxReadbackSize) firstRead = widths.length;
      const texture = gl.createTexture()!;
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.texStorage2D(gl.TEXTURE_2D, 1, gl.R32F, w, h);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      const framebuffer = gl.createFramebuffer()!;
      gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
      const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
      if (status !== gl.FRAMEBUFFER_COMPLETE) throw new Error(`createHzbGpu: an R32F ${w}×${h} level is not renderable (status 0x${status.toString(16)})`);
      widths.push(w);
      heights.push(h);
      textures.push(texture);
      framebuffers.push(framebuffer);
    }
    if (firstRead < 0) throw new RangeError(`createHzbGpu: a ${depthWidth}×${depthHeight} depth buffer leaves no level to read back`);
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffers[firstRead]!);
    const red = gl.getParameter(gl.IMPLEMENTATION_COLOR_READ_FORMAT) === gl.RED && gl.getParameter(gl.IMPLEMENTATION_COLOR_READ_TYPE) === gl.FLOAT;
    const channels = red ? 1 : 4;
    const pyramid = createHzbPyramid(widths[firstRead]!, heights[firstRead]!);
    // Its storage is given at each readback (startReadback).
    const packBuffer = gl.createBuffer()!;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    return {
      depthWidth, depthHeight, widths, heights, textures, framebuffers, firstRead, pyramid, channels, packBuffer,
      packBytes: pyramid.data.byteLength * channels,
      rgba: red ? null : new Float32Array(pyramid.data.length * 4),
    };
  }

  function buildPyramid(l: Levels, depth: WebGLTexture): void {
    gl.disable(gl.DEPTH_TEST);
    gl.disable(gl.STENCIL_TEST);
    gl.disable(gl.BLEND);
    gl.disable(gl.SCISSOR_TEST);
    gl.disable(gl.CULL_FACE);
    gl.useProgram(program);
    gl.bindVertexArray(vertexArray);
    gl.activeTexture(gl.TEXTURE0);
    gl.uniform1i(sourceLocation, 0);
    let sourceWidth = l.depthWidth;
    let sourceHeight = l.depthHeight;
    let source = depth;
    for (let i = 0; i < l.textures.length; i++) {
      gl.bindFramebuffer(gl.FRAMEBUFFER, l.framebuffers[i]!);
      gl.viewport(0, 0, l.widths[i]!, l.heights[i]!);
      gl.bindTexture(gl.TEXTURE_2D, source);
      gl.uniform2i(sizeLocation, sourceWidth, sourceHeight);
      gl.drawArrays(gl.TRIANGLES, 0, 3);
      source = l.textures[i]!;
      sourceWidth = l.widths[i]!;
      sourceHeight = l.heights[i]!;
    }
    gl.bindTexture(gl.TEXTURE_2D, null);
    gl.bindVertexArray(null);
    gl.useProgram(null);
  }

  function startReadback(l: Levels): void {
    const p = l.pyramid;
    const format = l.channels === 1 ? gl.RED : gl.RGBA;
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, l.packBuffer);
    // Fresh storage each time, so Chrome drops the last readback's unread shadow copy instead of warning (file comment).
    gl.bufferData(gl.PIXEL_PACK_BUFFER, l.packBytes, gl.STREAM_READ);
    for (let level = 0; level < p.levelCount; level++) {
      gl.bindFramebuffer(gl.FRAMEBUFFER, l.framebuffers[l.firstRead + level]!);
      gl.readPixels(0, 0, p.widths[level]!, p.heights[level]!, format, gl.FLOAT, p.offsets[level]! * 4 * l.channels);
    }
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    // Without a flush the fence may never reach the GPU and never signal.
    gl.flush();
  }

  return {
    get frames() {
      return frames;
    },
    capture(depth, width, height, view, projection) {
      frames++;
      if (fence !== null) return false;
      if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
        throw new RangeError(`HzbGpu.capture: depth size must be positive integers, got ${width}×${height}`);
      }
      if (view.length < 16 || projection.length < 16) throw new RangeError('HzbGpu.capture: view and projection must hold 16 numbers');
      if (width === 1 && height === 1) return false;
      if (levels === null || levels.depthWidth !== width || levels.depthHeight !== height) {
        freeLevels();
        levels = allocateLevels(width, height);
      }
      buildPyramid(levels, depth);
      startReadback(levels);
      inFlightFrame = frames;
      for (let i = 0; i < 16; i++) {
        inFlightView[i] = view[i]!;
        inFlightProjection[i] = projection[i]!;
      }
      return true;
    },
    poll() {
      if (fence === null || levels === null) return null;
      const status = gl.clientWaitSync(fence, 0, 0);
      if (status === gl.TIMEOUT_EXPIRED) return null;
      gl.deleteSync(fence);
      fence = null;
      // WAIT_FAILED: the readback is lost; the next capture starts another.
      if (status !== gl.ALREADY_SIGNALED && status !== gl.CONDITION_SATISFIED) return null;
      const p = levels.pyramid;
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, levels.packBuffer);
      if (levels.rgba === null) gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, p.data);
      else {
        const rgba = levels.rgba;
        gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, rgba);
        for (let i = 0; i < p.data.length; i++) p.data[i] = rgba[i * 4]!;
      }
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
      readback.pyramid = p;
      readback.view.set(inFlightView);
      readback.projection.set(inFlightProjection);
      readback.frame = inFlightFrame;
      return readback;
    },
    dispose() {
      if (fence !== null) gl.deleteSync(fence);
      fence = null;
      freeLevels();
      gl.deleteVertexArray(vertexArray);
      gl.deleteProgram(program);
    },
  };
}
