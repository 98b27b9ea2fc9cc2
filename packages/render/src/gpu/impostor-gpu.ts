/**
 * The impostor atlas on the GPU and the commands that fill and draw it:
 *
 *   atlas        one RGBA8 texture (linear filtering, no mips) with a 16-bit
 *                depth renderbuffer, in one framebuffer, sized to the CPU
 *                atlas's columns × rows tiles when the first bake needs it
 *                and whenever the CPU atlas is remade
 *   bake         the prim command of the 'basic' tier (sun and ambient, no
 *                local lights: their clusters are screen tiles) inside a
 *                scope that binds the atlas and per-view uniforms, drawing
 *                a job's packed instances from their own stream buffers
 *   clear        a quad that clears one tile (colour and depth)
 *   draw         the impostor quads, instanced, in the opaque pass
 *
 * Made and freed with the other GPU resources (gpu-resources.ts), so a
 * restored context gets a new, empty atlas: contextLost forgets every
 * baked tile on the CPU side (resetImpostors) before that.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import { ATLAS_TEXEL_BYTES } from '../impostors/impostor-atlas.ts';
import type { ImpostorAtlas } from '../impostors/impostor-atlas.ts';
import { IMPOSTOR_INSTANCE_FLOATS } from '../impostors/impostor-state.ts';
import type { BakeJob } from '../impostors/impostor-state.ts';
import type { RenderStats } from '../frame/render-stats.ts';
import { createFrameScope, createFrameUniforms } from './frame-uniforms.ts';
import type { FrameScope, FrameUniforms } from './frame-uniforms.ts';
import { IMPOSTOR_FRAGMENT, IMPOSTOR_VERTEX, TILE_CLEAR_FRAGMENT, TILE_CLEAR_VERTEX } from './impostor-shaders.ts';
import { createInstanceBuffers, destroyInstanceBuffers, StreamBuffer } from './stream-buffer.ts';
import type { InstanceBuffers } from './stream-buffer.ts';

/** What the bake scope's body receives: the view's uniforms and the job it bakes. */
export interface BakeProps extends FrameUniforms {
  job: BakeJob | null;
  gpu: unknown;
}

export interface ImpostorDrawProps {
  instances: number;
}

export interface ImpostorGpu {
  readonly color: REGL.Texture2D;
  readonly depth: REGL.Renderbuffer;
  readonly framebuffer: REGL.Framebuffer2D;
  /** The CPU atlas the texture is laid out for (null: not made yet), and its size. */
  atlas: ImpostorAtlas | null;
  width: number;
  height: number;
  /** The bake's instance streams (one job at a time). */
  readonly bakeBuffers: InstanceBuffers;
  readonly bakeScope: FrameScope<BakeProps>;
  readonly bakeProps: BakeProps;
  readonly clear: REGL.DrawCommand<REGL.DefaultContext, { rect: Float32Array }>;
  readonly clearProps: { rect: Float32Array };
  readonly instances: StreamBuffer<Float32Array>;
  readonly draw: REGL.DrawCommand<REGL.DefaultContext, ImpostorDrawProps>;
  readonly drawProps: ImpostorDrawProps;
  /** uImpostor: eye and frames per side; tile size in atlas UV. */
  readonly uniform: Float32Array;
}

export function createImpostorGpu(regl: Regl, quad: REGL.Buffer, dummy: REGL.Texture2D, stats: RenderStats): ImpostorGpu {
  const color = regl.texture({ width: 1, height: 1, format: 'rgba', type: 'uint8', min: 'linear', mag: 'linear' });
  const depth = regl.renderbuffer({ width: 1, height: 1, format: 'depth' });
  const framebuffer = regl.framebuffer({ color, depth });
  const uniform = new Float32Array(16);
  const instances = new StreamBuffer<Float32Array>(regl, 'float', 256 * IMPOSTOR_INSTANCE_FLOATS);
  const stride = IMPOSTOR_INSTANCE_FLOATS * 4;
  const draw = regl<REGL.Uniforms, REGL.Attributes, ImpostorDrawProps>({
    vert: IMPOSTOR_VERTEX,
    frag: IMPOSTOR_FRAGMENT,
    attributes: {
      corner: quad,
      sphere: { buffer: instances.buffer, offset: 0, stride, divisor: 1 },
      tile: { buffer: instances.buffer, offset: 16, stride, divisor: 1 },
    },
    primitive: 'triangle strip',
    count: 4,
    instances: regl.prop<ImpostorDrawProps, 'instances'>('instances'),
    // A function: regl copies a static array's values when it compiles the command.
    uniforms: { uAtlas: color, uImpostor: () => uniform },
    cull: { enable: false },
    depth: { enable: true, mask: true },
    blend: { enable: false },
  });
  const clearProps = { rect: new Float32Array(4) };
  const clear = regl<REGL.Uniforms, REGL.Attributes, { rect: Float32Array }>({
    vert: TILE_CLEAR_VERTEX,
    frag: TILE_CLEAR_FRAGMENT,
    attributes: { corner: quad },
    primitive: 'triangle strip',
    count: 4,
    uniforms: { uRect: regl.prop<{ rect: Float32Array }, 'rect'>('rect') },
    depth: { enable: true, mask: true, func: 'always' },
    cull: { enable: false },
    blend: { enable: false },
    framebuffer,
  });
  stats.shaderCompiles += 2;
  return {
    color,
    depth,
    framebuffer,
    atlas: null,
    width: 1,
    height: 1,
    bakeBuffers: createInstanceBuffers(regl),
    bakeScope: createFrameScope<BakeProps>(regl, framebuffer),
    bakeProps: { ...createFrameUniforms(dummy), job: null, gpu: null },
    clear,
    clearProps,
    instances,
    draw,
    drawProps: { instances: 0 },
    uniform,
  };
}

/** Lays the texture out for `atlas` (when it is another one): its contents start empty. */
export function fitImpostorAtlas(g: ImpostorGpu, atlas: ImpostorAtlas, stats: RenderStats): void {
  if (g.atlas === atlas) return;
  g.atlas = atlas;
  const width = Math.max(1, atlas.width);
  const height = Math.max(1, atlas.height);
  if (width !== g.width || height !== g.height) {
    g.framebuffer.resize(width, height);
    g.width = width;
    g.height = height;
  }
  stats.impostorAtlasBytes = atlas.capacity === 0 ? 0 : width * height * ATLAS_TEXEL_BYTES;
}

export function destroyImpostorGpu(g: ImpostorGpu): void {
  g.framebuffer.destroy();
  g.color.destroy();
  g.depth.destroy();
  g.instances.buffer.destroy();
  destroyInstanceBuffers(g.bakeBuffers);
  g.atlas = null;
}
