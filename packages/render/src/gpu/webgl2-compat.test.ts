import { describe, expect, it } from 'vitest';
import { EMULATED_EXTENSIONS, patchWebGL2ForRegl, sizedInternalFormat } from './webgl2-compat.ts';

const RGBA = 0x1908;
const FLOAT = 0x1406;
const UNSIGNED_BYTE = 0x1401;

/** Just enough of a WebGL2 context to watch what the patch forwards. */
function fakeGl2() {
  const calls: unknown[][] = [];
  const gl = {
    calls,
    getExtension: (name: string) => (name === 'EXT_color_buffer_float' ? { native: true } : null),
    getSupportedExtensions: () => ['EXT_color_buffer_float'],
    texImage2D: (...args: unknown[]) => calls.push(['texImage2D', ...args]),
    drawArraysInstanced: (...args: unknown[]) => calls.push(['drawArraysInstanced', ...args]),
    drawElementsInstanced: (...args: unknown[]) => calls.push(['drawElementsInstanced', ...args]),
    vertexAttribDivisor: (...args: unknown[]) => calls.push(['vertexAttribDivisor', ...args]),
  };
  return gl;
}

describe('sizedInternalFormat', () => {
  it('maps WebGL1 unsized float, half-float and depth uploads to WebGL2 sized formats', () => {
    expect(sizedInternalFormat(RGBA, FLOAT)).toBe(0x8814); // RGBA32F
    expect(sizedInternalFormat(0x1907, FLOAT)).toBe(0x8815); // RGB32F
    expect(sizedInternalFormat(RGBA, 0x8d61)).toBe(0x881a); // RGBA16F from HALF_FLOAT_OES
    expect(sizedInternalFormat(0x1902, 0x1405)).toBe(0x81a6); // DEPTH_COMPONENT24
    expect(sizedInternalFormat(0x1902, 0x1403)).toBe(0x81a5); // DEPTH_COMPONENT16
    expect(sizedInternalFormat(0x84f9, 0x84fa)).toBe(0x88f0); // DEPTH24_STENCIL8
    expect(sizedInternalFormat(RGBA, UNSIGNED_BYTE)).toBe(RGBA);
  });
});

describe('patchWebGL2ForRegl', () => {
  it('answers WebGL1 extensions from core and forwards instancing', () => {
    const gl = fakeGl2();
    patchWebGL2ForRegl(gl as unknown as WebGL2RenderingContext);
    const instancing = gl.getExtension('angle_instanced_arrays') as unknown as {
      drawElementsInstancedANGLE(...a: number[]): void;
      vertexAttribDivisorANGLE(...a: number[]): void;
    };
    instancing.drawElementsInstancedANGLE(4, 36, 0x1403, 0, 10);
    instancing.vertexAttribDivisorANGLE(3, 1);
    expect(gl.calls).toEqual([['drawElementsInstanced', 4, 36, 0x1403, 0, 10], ['vertexAttribDivisor', 3, 1]]);
    expect(gl.getExtension('OES_texture_float')).not.toBeNull();
    expect(gl.getExtension('WEBGL_depth_texture')).not.toBeNull();
    expect(gl.getExtension('EXT_color_buffer_float')).toEqual({ native: true });
    expect(gl.getExtension('WEBGL_draw_buffers')).toBeNull();
    expect(gl.getSupportedExtensions()).toEqual(['EXT_color_buffer_float', ...EMULATED_EXTENSIONS]);
  });

  it('rewrites the internal format of float uploads and is applied once only', () => {
    const gl = fakeGl2();
    patchWebGL2ForRegl(gl as unknown as WebGL2RenderingContext);
    const patched = gl.texImage2D;
    patchWebGL2ForRegl(gl as unknown as WebGL2RenderingContext);
    expect(gl.texImage2D).toBe(patched);
    gl.texImage2D(0x0de1, 0, RGBA, 4, 4, 0, RGBA, FLOAT, null);
    gl.texImage2D(0x0de1, 0, RGBA, 4, 4, 0, RGBA, 0x8d61, null);
    gl.texImage2D(0x0de1, 0, RGBA, RGBA, UNSIGNED_BYTE, 'image');
    expect(gl.calls).toEqual([
      ['texImage2D', 0x0de1, 0, 0x8814, 4, 4, 0, RGBA, FLOAT, null],
      ['texImage2D', 0x0de1, 0, 0x881a, 4, 4, 0, RGBA, 0x140b, null],
      ['texImage2D', 0x0de1, 0, RGBA, RGBA, UNSIGNED_BYTE, 'image'],
    ]);
  });
});
