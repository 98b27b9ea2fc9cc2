/**
 * The one fullscreen pass: a quad over the viewport (PRESENT_VERTEX maps
 * the unit square's corners to clip space and hands the fragment shader
 * vUv), no depth test. The present pass and the glow pass's blur and
 * composite are each a fragment shader, its uniforms, a blend and a target
 * drawn this way. The quad buffer is shared with the water surface, which
 * places the same corners in the world.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import { PRESENT_VERTEX } from './shaders.ts';

/** Corners of the unit square, as a triangle strip. */
export function createQuadBuffer(regl: Regl): REGL.Buffer {
  return regl.buffer(new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]));
}

export interface FullscreenPassConfig<P extends object> {
  readonly frag: string;
  readonly uniforms: REGL.MaybeDynamicUniforms<REGL.Uniforms, REGL.DefaultContext, P>;
  /** Default: no blending. */
  readonly blend?: REGL.BlendingOptions;
  /** Where it draws (null: the canvas), or a prop naming it. */
  readonly framebuffer: REGL.MaybeDynamic<REGL.Framebuffer | null, REGL.DefaultContext, P>;
}

/** A command that draws `config.frag` over the whole target. */
export function fullscreenPass<P extends object>(regl: Regl, quad: REGL.Buffer, config: FullscreenPassConfig<P>): REGL.DrawCommand<REGL.DefaultContext, P> {
  return regl<REGL.Uniforms, REGL.Attributes, P>({
    vert: PRESENT_VERTEX,
    frag: config.frag,
    attributes: { corner: quad },
    primitive: 'triangle strip',
    count: 4,
    uniforms: config.uniforms,
    depth: { enable: false, mask: false },
    blend: config.blend ?? { enable: false },
    framebuffer: config.framebuffer,
  });
}
