/**
 * Frame-wide uniforms of every scene shader (camera, sun, fog, the light
 * textures and cluster grid), set once per frame by a regl scope around the
 * scene passes. The props object is made once and rewritten in place; the
 * scope's body receives it, so the passes it runs need no closure.
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
  readonly lightDir: Float32Array;
  readonly lightColor: Float32Array;
  readonly ambient: Float32Array;
  readonly sky: Float32Array;
  readonly fog: Float32Array;
  lightTex: REGL.Texture2D;
  readonly lightTexSize: Float32Array;
  clusterTex: REGL.Texture2D;
  readonly clusterTexSize: Float32Array;
  indexTex: REGL.Texture2D;
  readonly indexTexSize: Float32Array;
  readonly clusterGrid: Float32Array;
  readonly clusterDepth: Float32Array;
  readonly viewportSize: Float32Array;
  packRange: number;
}

/** A scope that binds the scene target and the uniforms of P, then runs its body with (context, P). */
export type FrameScope<P extends FrameUniforms> = REGL.DrawCommand<REGL.DefaultContext, P>;

export function createFrameUniforms(dummy: REGL.Texture2D): FrameUniforms {
  return {
    view: new Float32Array(16),
    projection: new Float32Array(16),
    lightDir: new Float32Array(3),
    lightColor: new Float32Array(3),
    ambient: new Float32Array(3),
    sky: new Float32Array(3),
    fog: new Float32Array(2),
    lightTex: dummy,
    lightTexSize: new Float32Array([1, 1]),
    clusterTex: dummy,
    clusterTexSize: new Float32Array([1, 1]),
    indexTex: dummy,
    indexTexSize: new Float32Array([1, 1]),
    clusterGrid: new Float32Array([1, 1, 1]),
    clusterDepth: new Float32Array(2),
    viewportSize: new Float32Array([1, 1]),
    packRange: 1,
  };
}

export function createFrameScope<P extends FrameUniforms>(regl: Regl, framebuffer: REGL.Framebuffer2D): FrameScope<P> {
  const prop = <K extends keyof FrameUniforms>(key: K) => regl.prop<FrameUniforms, K>(key);
  return regl<REGL.Uniforms, REGL.Attributes, P>({
    framebuffer,
    uniforms: {
      uView: prop('view'),
      uProjection: prop('projection'),
      uLightDir: prop('lightDir'),
      uLightColor: prop('lightColor'),
      uAmbient: prop('ambient'),
      uSkyColor: prop('sky'),
      uFogRange: prop('fog'),
      uLightTex: prop('lightTex'),
      uLightTexSize: prop('lightTexSize'),
      uClusterTex: prop('clusterTex'),
      uClusterTexSize: prop('clusterTexSize'),
      uIndexTex: prop('indexTex'),
      uIndexTexSize: prop('indexTexSize'),
      uClusterGrid: prop('clusterGrid'),
      uClusterDepth: prop('clusterDepth'),
      uViewportSize: prop('viewportSize'),
      uPackRange: prop('packRange'),
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
  u.lightDir.set(scene.lightDirection);
  u.lightColor.set(scene.lightColor);
  u.ambient.set(scene.ambient);
  u.sky.set(scene.sky);
  u.fog[0] = frame.far * 0.5;
  u.fog[1] = frame.far;
  u.viewportSize[0] = width;
  u.viewportSize[1] = height;
  if (lights === null) {
    u.lightTex = dummy;
    u.clusterTex = dummy;
    u.indexTex = dummy;
    return;
  }
  const layout = lights.layout;
  const params = lighting.clusters.params;
  u.lightTex = lights.lights;
  u.lightTexSize[0] = layout.lights.width;
  u.lightTexSize[1] = layout.lights.height;
  u.clusterTex = lights.clusters;
  u.clusterTexSize[0] = layout.clusters.width;
  u.clusterTexSize[1] = layout.clusters.height;
  u.indexTex = lights.indices;
  u.indexTexSize[0] = layout.indices.width;
  u.indexTexSize[1] = layout.indices.height;
  u.clusterGrid[0] = params[0];
  u.clusterGrid[1] = params[1];
  u.clusterGrid[2] = params[2];
  u.clusterDepth[0] = params[5];
  u.clusterDepth[1] = params[6];
  u.packRange = layout.range;
}
