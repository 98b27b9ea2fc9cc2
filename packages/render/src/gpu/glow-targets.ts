/**
 * The glow pass's GPU objects (see passes/glow.ts): a full-size glow target
 * sharing the scene's depth attachment, two reduced-size blur targets, and
 * the blur and composite fullscreen commands. Sized, and the commands
 * compiled, on the frames that glow only (1 × 1 until then), so a scene
 * without glow costs nothing. Made with the rest of the GPU resources, so a
 * restored context rebuilds them.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import type { RenderStats } from '../frame/render-stats.ts';
import { gaussianWeights, glowBlur, glowTargetSize } from '../passes/glow-blur.ts';
import type { GlowQuality } from '../passes/glow-blur.ts';
import { fullscreenPass } from './fullscreen.ts';
import { GLOW_BLUR_FRAGMENT, GLOW_COMPOSITE_FRAGMENT } from './shaders.ts';

/** Scale of the blurred glow added onto the frame. */
export const GLOW_STRENGTH = 1.5;

export interface BlurProps {
  source: REGL.Texture2D;
  target: REGL.Framebuffer2D;
  /**
   * uBlur, a mat3 (no boxed number per component, see shaders.ts): the
   * five Gaussian weights (centre first) in [0..4], the step (UV units) in [6..7].
   */
  readonly blur: Float32Array;
}

export interface CompositeProps {
  frame: REGL.Framebuffer2D | null;
}

export interface GlowTargets {
  readonly glowColor: REGL.Texture2D;
  /** Where the glow draws go: colour × glow at full size, depth-tested against the scene. */
  readonly target: REGL.Framebuffer2D;
  readonly pingColor: REGL.Texture2D;
  readonly pongColor: REGL.Texture2D;
  readonly ping: REGL.Framebuffer2D;
  readonly pong: REGL.Framebuffer2D;
  readonly quad: REGL.Buffer;
  /** Compiled on the first frame that glows. */
  blur: REGL.DrawCommand<REGL.DefaultContext, BlurProps> | null;
  composite: REGL.DrawCommand<REGL.DefaultContext, CompositeProps> | null;
  readonly blurProps: BlurProps;
  readonly compositeProps: CompositeProps;
  readonly clearOptions: { readonly color: [number, number, number, number]; readonly framebuffer: REGL.Framebuffer2D };
  /** Weights by sigma, made once per quality. */
  readonly weightsBySigma: Map<number, Float32Array>;
  reducedWidth: number;
  reducedHeight: number;
  spread: number;
  weights: Float32Array;
}

function colorTexture(regl: Regl): REGL.Texture2D {
  return regl.texture({ width: 1, height: 1, format: 'rgba', type: 'uint8', min: 'linear', mag: 'linear', wrap: 'clamp' });
}

export function createGlowTargets(regl: Regl, depth: REGL.Texture2D | REGL.Renderbuffer, quad: REGL.Buffer): GlowTargets {
  const glowColor = colorTexture(regl);
  const target = regl.framebuffer({ color: glowColor, depth });
  const pingColor = colorTexture(regl);
  const pongColor = colorTexture(regl);
  const ping = regl.framebuffer({ color: pingColor, depth: false, stencil: false });
  return {
    glowColor,
    target,
    pingColor,
    pongColor,
    ping,
    pong: regl.framebuffer({ color: pongColor, depth: false, stencil: false }),
    quad,
    blur: null,
    composite: null,
    blurProps: { source: glowColor, target: ping, blur: new Float32Array(9) },
    compositeProps: { frame: null },
    clearOptions: { color: [0, 0, 0, 0], framebuffer: target },
    weightsBySigma: new Map(),
    reducedWidth: 1,
    reducedHeight: 1,
    spread: 1,
    weights: gaussianWeights(1),
  };
}

function compileGlowCommands(g: GlowTargets, regl: Regl, stats: RenderStats): void {
  g.blur = fullscreenPass<BlurProps>(regl, g.quad, {
    frag: GLOW_BLUR_FRAGMENT,
    uniforms: {
      uSource: regl.prop<BlurProps, 'source'>('source'),
      uBlur: regl.prop<BlurProps, 'blur'>('blur'),
    },
    framebuffer: regl.prop<BlurProps, 'target'>('target'),
  });
  g.composite = fullscreenPass<CompositeProps>(regl, g.quad, {
    frag: GLOW_COMPOSITE_FRAGMENT,
    uniforms: { uGlow: g.pongColor, uStrength: GLOW_STRENGTH },
    blend: { enable: true, func: { src: 'one', dst: 'one' } },
    framebuffer: regl.prop<CompositeProps, 'frame'>('frame'),
  });
  stats.shaderCompiles += 2;
}

/**
 * Sizes the targets for a `width` × `height` frame at `quality` and clears
 * the glow target's colour (not the shared depth). Call before the glow draws.
 */
export function beginGlow(g: GlowTargets, regl: Regl, width: number, height: number, quality: Exclude<GlowQuality, 'off'>, stats: RenderStats): void {
  if (g.blur === null || g.composite === null) compileGlowCommands(g, regl, stats);
  const b = glowBlur(quality);
  g.target.resize(width, height);
  g.reducedWidth = glowTargetSize(width, b.downscale);
  g.reducedHeight = glowTargetSize(height, b.downscale);
  g.ping.resize(g.reducedWidth, g.reducedHeight);
  g.pong.resize(g.reducedWidth, g.reducedHeight);
  g.spread = b.spread;
  let w = g.weightsBySigma.get(b.sigma);
  if (w === undefined) {
    w = gaussianWeights(b.sigma);
    g.weightsBySigma.set(b.sigma, w);
  }
  g.weights = w;
  regl.clear(g.clearOptions);
}

export function destroyGlowTargets(g: GlowTargets): void {
  g.target.destroy();
  g.ping.destroy();
  g.pong.destroy();
  g.glowColor.destroy();
  g.pingColor.destroy();
  g.pongColor.destroy();
}
