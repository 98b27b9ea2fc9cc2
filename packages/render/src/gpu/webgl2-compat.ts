/**
 * regl speaks WebGL1. Given a WebGL2 context (which the HZB passes need),
 * this makes that context answer regl's WebGL1 extension requests with the
 * WebGL2 core features that replaced them (instancing, 32-bit indices, float
 * and depth textures) and maps the WebGL1 unsized float and depth texture
 * formats regl uploads to the sized formats WebGL2 requires. It patches the
 * one context object, never a prototype, and only once.
 */

const RGBA = 0x1908;
const RGB = 0x1907;
const FLOAT = 0x1406;
const HALF_FLOAT_OES = 0x8d61;
const HALF_FLOAT = 0x140b;
const RGBA32F = 0x8814;
const RGB32F = 0x8815;
const RGBA16F = 0x881a;
const RGB16F = 0x881b;
const DEPTH_COMPONENT = 0x1902;
const DEPTH_STENCIL = 0x84f9;
const UNSIGNED_SHORT = 0x1403;
const UNSIGNED_INT = 0x1405;
const UNSIGNED_INT_24_8 = 0x84fa;
const DEPTH_COMPONENT16 = 0x81a5;
const DEPTH_COMPONENT24 = 0x81a6;
const DEPTH24_STENCIL8 = 0x88f0;

const PATCHED = Symbol.for('slv.render.webgl2-compat');

/** Extensions the shim answers from WebGL2 core, by lower-case name. */
export const EMULATED_EXTENSIONS: readonly string[] = [
  'angle_instanced_arrays',
  'oes_element_index_uint',
  'oes_texture_float',
  'oes_texture_half_float',
  'webgl_depth_texture',
  'oes_standard_derivatives',
  'ext_blend_minmax',
];

/** WebGL2's sized internal format for a WebGL1-style (internalformat, type) upload, or the format unchanged. */
export function sizedInternalFormat(internalFormat: number, type: number): number {
  if (type === FLOAT) return internalFormat === RGBA ? RGBA32F : internalFormat === RGB ? RGB32F : internalFormat;
  if (type === HALF_FLOAT_OES || type === HALF_FLOAT) {
    return internalFormat === RGBA ? RGBA16F : internalFormat === RGB ? RGB16F : internalFormat;
  }
  if (internalFormat === DEPTH_COMPONENT) return type === UNSIGNED_SHORT ? DEPTH_COMPONENT16 : type === UNSIGNED_INT ? DEPTH_COMPONENT24 : internalFormat;
  if (internalFormat === DEPTH_STENCIL && type === UNSIGNED_INT_24_8) return DEPTH24_STENCIL8;
  return internalFormat;
}

function emulated(gl: WebGL2RenderingContext, name: string): object | null {
  switch (name) {
    case 'angle_instanced_arrays':
      return {
        VERTEX_ATTRIB_ARRAY_DIVISOR_ANGLE: 0x88fe,
        drawArraysInstancedANGLE: (mode: number, first: number, count: number, instances: number) => gl.drawArraysInstanced(mode, first, count, instances),
        drawElementsInstancedANGLE: (mode: number, count: number, type: number, offset: number, instances: number) =>
          gl.drawElementsInstanced(mode, count, type, offset, instances),
        vertexAttribDivisorANGLE: (index: number, divisor: number) => gl.vertexAttribDivisor(index, divisor),
      };
    case 'oes_texture_half_float':
      return { HALF_FLOAT_OES };
    case 'webgl_depth_texture':
      return { UNSIGNED_INT_24_8_WEBGL: UNSIGNED_INT_24_8 };
    case 'ext_blend_minmax':
      return { MIN_EXT: 0x8007, MAX_EXT: 0x8008 };
    case 'oes_element_index_uint':
    case 'oes_texture_float':
    case 'oes_standard_derivatives':
      return {};
    default:
      return null;
  }
}

type TexImage2D = WebGL2RenderingContext['texImage2D'];

/** Patches `gl` for regl (idempotent); returns it. */
export function patchWebGL2ForRegl(gl: WebGL2RenderingContext): WebGL2RenderingContext {
  const target = gl as WebGL2RenderingContext & { [PATCHED]?: true };
  if (target[PATCHED]) return gl;
  const getExtension = gl.getExtension.bind(gl);
  const getSupportedExtensions = gl.getSupportedExtensions.bind(gl);
  const texImage2D = gl.texImage2D.bind(gl) as (...args: unknown[]) => void;
  Object.defineProperty(target, PATCHED, { value: true });
  (target as { getExtension: (name: string) => unknown }).getExtension = (name: string) => {
    const lower = name.toLowerCase();
    return emulated(gl, lower) ?? getExtension(name);
  };
  (target as { getSupportedExtensions: () => string[] | null }).getSupportedExtensions = () => {
    const native = getSupportedExtensions() ?? [];
    return [...native, ...EMULATED_EXTENSIONS.filter((n) => !native.some((m) => m.toLowerCase() === n))];
  };
  // texImage2D(target, level, internalformat, width, height, border, format, type, pixels): only that form carries a type.
  (target as { texImage2D: TexImage2D }).texImage2D = ((...args: unknown[]) => {
    if (args.length >= 9) {
      const type = args[7] as number;
      args[2] = sizedInternalFormat(args[2] as number, type);
      if (type === HALF_FLOAT_OES) args[7] = HALF_FLOAT;
    }
    texImage2D(...args);
  }) as TexImage2D;
  return gl;
}
