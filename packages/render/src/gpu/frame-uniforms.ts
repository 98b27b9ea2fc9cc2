/**
 * Frame-wide uniforms of every scene shader (camera, sun, fog, the light
 * textures and cluster grid), set once per frame by a regl scope around the
 * scene passes. The props object is made once and rewritten in place; the
 * scope's body receives it, so the passes it runs need no closure.
 *
 * The float vectors travel packed in two mat4s (the shaders #define the
 * old names onto their columns, see shaders.ts): regl passes a matrix to GL
 * as the Float32Array it is, but a vecN component by component, and until
 * a draw's generated code reaches V8's top tier (thousands of calls: never
 * for a once-a-frame draw in the first minutes) every component passed is
 * a boxed number, allocated per draw.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { FrameState } from '../frame/frame-state.ts';
import type { SceneLighting } from '../frame/environment.ts';
import type { LightingState } from '../systems/lights.ts';
import type { LightTextureSet } from './light-texture-upload.ts';

export interface FrameUniforms {
  readonly view: Float32Array;
  readonly projection: Float32Array;
  /** uSun, by column: light direction + fog start, light colour + fog end, ambient, sky colour. */
  readonly sun: Float32Array;
  lightTex: REGL.Texture2D;
  clusterTex: REGL.Texture2D;
  indexTex: REGL.Texture2D;
  /**
   * uClusters, by column: light and cluster texture sizes; index texture
   * size and cluster depth (scale, bias); cluster grid + pack range;
   * viewport size.
   */
  readonly clusters: Float32Array;
}

/** A scope that binds the scene target and the uniforms of P, then runs its body with (context, P). */
export type FrameScope<P extends FrameUniforms> = REGL.DrawCommand<REGL.DefaultContext, P>;

export function createFrameUniforms(dummy: REGL.Texture2D): FrameUniforms {
  return {
    view: new Float32Array(16),
    projection: new Float32Array(16),
    sun: new Float32Array(16),
    lightTex: dummy,
    clusterTex: dummy,
    indexTex: dummy,
    clusters: new Float32Array([1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0]),
  };
}

export function createFrameScope<P extends FrameUniforms>(regl: Regl, framebuffer: REGL.Framebuffer2D): FrameScope<P> {
  const prop = <K extends keyof FrameUniforms>(key: K) => regl.prop<FrameUniforms, K>(key);
  return regl<REGL.Uniforms, REGL.Attributes, P>({
    framebuffer,
    uniforms: {
      uView: prop('view'),
      uProjection: prop('projection'),
      uSun: prop('sun'),
      uLightTex: prop('lightTex'),
      uClusterTex: prop('clusterTex'),
      uIndexTex: prop('indexTex'),
      uClusters: prop('clusters'),
    },
  });
}

/** Writes the frame's camera, sun, fog and light textures (null: none this frame) into `u`. */
export function writeFrameUniforms(
  u: FrameUniforms,
  frame: FrameState,
  scene: SceneLighting,
  lights: LightTextureSet | null,
  lighting: LightingState,
  dummy: REGL.Texture2D,
  width: number,
  height: number,
): void {
  u.view.set(frame.view);
  u.projection.set(frame.projection);
  const sun = u.sun;
  sun.set(scene.lightDirection, 0);
  sun[3] = frame.far * 0.5;
  sun.set(scene.lightColor, 4);
  sun[7] = frame.far;
  sun.set(scene.ambient, 8);
  sun.set(scene.sky, 12);
  const c = u.clusters;
  c[12] = width;
  c[13] = height;
  if (lights === null) {
    u.lightTex = dummy;
    u.clusterTex = dummy;
    u.indexTex = dummy;
    return;
  }
  const layout = lights.layout;
  const params = lighting.clusters.params;
  u.lightTex = lights.lights;
  u.clusterTex = lights.clusters;
  u.indexTex = lights.indices;
  c[0] = layout.lights.width;
  c[1] = layout.lights.height;
  c[2] = layout.clusters.width;
  c[3] = layout.clusters.height;
  c[4] = layout.indices.width;
  c[5] = layout.indices.height;
  c[6] = params[5];
  c[7] = params[6];
  c[8] = params[0];
  c[9] = params[1];
  c[10] = params[2];
  c[11] = layout.range;
}
