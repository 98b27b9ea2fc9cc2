/**
 * The per-frame uploads (instance streams, light textures) go around regl,
 * into regl's own buffers and textures: regl's buffer.subdata (its debug
 * build, the one `regl` resolves to) builds its bounds-check message on
 * every call, and texture.subimage names its data's class through
 * Object.prototype.toString, which builds a string; both allocate on every
 * upload. The WebGL objects behind them are found without regl internals:
 * regl leaves a buffer bound to ARRAY_BUFFER when it (re)initialises it,
 * and a texture's is caught as regl creates it. regl binds a buffer before
 * every use of it and keeps no ARRAY_BUFFER cache; the texture upload puts
 * back the unit-0 binding regl believes in.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';

/** The WebGL buffer regl left bound to ARRAY_BUFFER: call right after making or re-initialising a regl buffer. */
export function boundArrayBuffer(gl: WebGLRenderingContext): WebGLBuffer {
  const handle = gl.getParameter(gl.ARRAY_BUFFER_BINDING) as WebGLBuffer | null;
  if (handle === null || !gl.isBuffer(handle)) throw new Error('boundArrayBuffer: regl left no buffer bound (a regl upgrade that binds differently?)');
  return handle;
}

/** Writes `data` at the start of the array buffer `handle` (leaves it bound to ARRAY_BUFFER). */
export function uploadArrayBuffer(gl: WebGLRenderingContext, handle: WebGLBuffer, data: ArrayBufferView): void {
  gl.bindBuffer(gl.ARRAY_BUFFER, handle);
  gl.bufferSubData(gl.ARRAY_BUFFER, 0, data);
}

/** regl.texture(options), and the WebGL texture it made. */
export function createTextureWithHandle(regl: Regl, options: REGL.Texture2DOptions): { texture: REGL.Texture2D; handle: WebGLTexture } {
  const gl = regl._gl;
  const own = Object.getOwnPropertyDescriptor(gl, 'createTexture');
  const create = gl.createTexture;
  const made: WebGLTexture[] = [];
  gl.createTexture = function createTexture(this: WebGLRenderingContext): WebGLTexture {
    const t = create.call(this);
    made.push(t);
    return t;
  };
  let texture: REGL.Texture2D;
  try {
    texture = regl.texture(options);
  } finally {
    if (own === undefined) delete (gl as { createTexture?: unknown }).createTexture;
    else Object.defineProperty(gl, 'createTexture', own);
  }
  if (made.length !== 1 || !gl.isTexture(made[0])) {
    texture.destroy();
    throw new Error(`createTextureWithHandle: regl made ${made.length} WebGL textures for one (a regl upgrade that creates differently?)`);
  }
  return { texture, handle: made[0] };
}

/**
 * Writes `rows` rows of `width` RGBA texels from `data` (FLOAT or
 * UNSIGNED_BYTE, as the texture was made) at the top of texture `handle`,
 * through texture unit 0, then binds unit 0's texture back.
 */
export function uploadTextureRows(gl: WebGLRenderingContext, handle: WebGLTexture, width: number, rows: number, data: Float32Array | Uint8Array): void {
  gl.activeTexture(gl.TEXTURE0);
  const previous = gl.getParameter(gl.TEXTURE_BINDING_2D) as WebGLTexture | null;
  gl.bindTexture(gl.TEXTURE_2D, handle);
  // regl sets the unpack state before each of its own uploads; these are the ones a typed array reads.
  gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
  gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, rows, gl.RGBA, data instanceof Float32Array ? gl.FLOAT : gl.UNSIGNED_BYTE, data);
  gl.bindTexture(gl.TEXTURE_2D, previous);
}
