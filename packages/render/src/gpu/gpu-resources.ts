/**
 * Everything the renderer keeps on the GPU for one regl instance, made
 * together and freed together: after a lost context the renderer frees
 * this set and makes another on the restored context, which uploads the
 * terrain, textures and light textures again from their CPU copies on its
 * first frame (meshes are restored by mesh-buffers.ts).
 *
 *   targets       scene colour + depth (render-targets.ts)
 *   opaque / translucent   instance stream buffers (stream-buffer.ts)
 *   textures      checker, detail, dummy and their samplers (textures.ts)
 *   terrain       terrain vertex and index buffers (terrain-upload.ts)
 *   lights        light, cluster and index textures (light-texture-upload.ts)
 *   glow          glow and blur targets, blur and composite (glow-targets.ts)
 *   commands      prim, terrain, water, glow-prim draws (draw-commands.ts)
 *   vt            the virtual texture's atlas and page table (vt-atlas.ts)
 *   impostors     the impostor atlas, its bake and draw commands (impostor-gpu.ts)
 *   frame         frame uniforms and their scope (frame-uniforms.ts)
 *   present       the fullscreen copy of the scene onto the canvas
 *
 * The passes that draw with them are in ../passes/.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { RenderStats } from '../frame/render-stats.ts';
import type { LightTextureFormat } from '../lighting/light-textures.ts';
import type { GlowQuality } from '../passes/glow-blur.ts';
import type { RenderState } from '../render-state.ts';
import { createDrawCommands } from './draw-commands.ts';
import type { DrawCommands } from './draw-commands.ts';
import { createFrameScope, createFrameUniforms } from './frame-uniforms.ts';
import type { FrameScope, FrameUniforms } from './frame-uniforms.ts';
import { createQuadBuffer, fullscreenPass } from './fullscreen.ts';
import { createGlowTargets, destroyGlowTargets } from './glow-targets.ts';
import { createImpostorGpu, destroyImpostorGpu } from './impostor-gpu.ts';
import type { ImpostorGpu } from './impostor-gpu.ts';
import type { GlowTargets } from './glow-targets.ts';
import { createGpuLightTextures, destroyGpuLightTextures } from './light-texture-upload.ts';
import type { GpuLightTextures } from './light-texture-upload.ts';
import type { GpuMesh } from './mesh-buffers.ts';
import type { MeshSlots } from '../meshes/mesh-slots.ts';
import { createRenderTargets, destroyRenderTargets } from './render-targets.ts';
import type { RenderTargets } from './render-targets.ts';
import { PRESENT_FRAGMENT } from './shaders.ts';
import { createInstanceBuffers, destroyInstanceBuffers } from './stream-buffer.ts';
import type { InstanceBuffers } from './stream-buffer.ts';
import { createTerrainBuffers, destroyTerrainBuffers } from './terrain-upload.ts';
import type { TerrainBuffers } from './terrain-upload.ts';
import { createSurfaceTextures, destroySurfaceTextures } from './textures.ts';
import type { SurfaceTextures } from './textures.ts';
import { createVtBinding, destroyVtBinding } from './vt-atlas.ts';
import type { VtBinding } from './vt-atlas.ts';

/** What the frame scope's body (the scene passes) receives: the uniforms and the frame being drawn. */
export interface ScenePassProps extends FrameUniforms {
  /** Both set for the duration of the scope, null otherwise. */
  gpu: GpuResources | null;
  renderer: RenderState | null;
  /** settings.rendering.glow this frame. */
  glow: GlowQuality;
  /** The mesh slots with their GPU meshes (the renderer's, typed for drawing). */
  readonly slots: MeshSlots<GpuMesh>;
}

export interface GpuResources {
  readonly regl: Regl;
  readonly gl2: WebGL2RenderingContext | null;
  readonly stats: RenderStats;
  readonly targets: RenderTargets;
  readonly opaque: InstanceBuffers;
  readonly translucent: InstanceBuffers;
  readonly textures: SurfaceTextures;
  readonly terrain: TerrainBuffers;
  readonly lights: GpuLightTextures;
  readonly quad: REGL.Buffer;
  readonly glow: GlowTargets;
  readonly commands: DrawCommands;
  /** The virtual texture's atlas and page table, once the textures system has a residency. */
  readonly vt: VtBinding;
  readonly impostors: ImpostorGpu;
  readonly scene: ScenePassProps;
  readonly frameScope: FrameScope<ScenePassProps>;
  readonly clearOptions: { readonly color: [number, number, number, number]; readonly depth: number; readonly framebuffer: REGL.Framebuffer2D };
  readonly present: REGL.DrawCommand<REGL.DefaultContext, object>;
  /** The present command's props: it reads none, and this object is made once. */
  readonly presentProps: object;
}

export function createGpuResources(
  regl: Regl,
  gl2: WebGL2RenderingContext | null,
  format: LightTextureFormat,
  slots: MeshSlots<GpuMesh>,
  stats: RenderStats,
): GpuResources {
  const targets = createRenderTargets(regl, gl2);
  const opaque = createInstanceBuffers(regl);
  const textures = createSurfaceTextures(regl);
  const terrain = createTerrainBuffers(regl);
  const quad = createQuadBuffer(regl);
  const vt = createVtBinding(textures.dummy);
  const commands = createDrawCommands(regl, format, opaque, terrain, textures, quad, stats, vt, gl2 !== null);
  const present = fullscreenPass<object>(regl, quad, { frag: PRESENT_FRAGMENT, uniforms: { uColor: targets.color }, framebuffer: null });
  stats.shaderCompiles++;
  return {
    regl,
    gl2,
    stats,
    targets,
    opaque,
    translucent: createInstanceBuffers(regl),
    textures,
    terrain,
    lights: createGpuLightTextures(format),
    quad,
    glow: createGlowTargets(regl, targets.depth, quad),
    commands,
    vt,
    impostors: createImpostorGpu(regl, quad, textures.dummy, stats),
    scene: { ...createFrameUniforms(textures.dummy), gpu: null, renderer: null, glow: 'off', slots },
    frameScope: createFrameScope<ScenePassProps>(regl, targets.scene),
    clearOptions: { color: [0, 0, 0, 1], depth: 1, framebuffer: targets.scene },
    present,
    presentProps: {},
  };
}

export function destroyGpuResources(gpu: GpuResources): void {
  destroyGlowTargets(gpu.glow);
  destroyImpostorGpu(gpu.impostors);
  destroyRenderTargets(gpu.targets);
  destroySurfaceTextures(gpu.textures);
  gpu.quad.destroy();
  destroyInstanceBuffers(gpu.opaque);
  destroyInstanceBuffers(gpu.translucent);
  destroyTerrainBuffers(gpu.terrain);
  destroyGpuLightTextures(gpu.lights);
  gpu.commands.prim.clear();
  gpu.commands.terrain.clear();
  gpu.commands.glowPrim.clear();
  destroyVtBinding(gpu.vt, gpu.gl2);
  gpu.commands.currentPrim = null;
  gpu.commands.currentTerrain = null;
}
