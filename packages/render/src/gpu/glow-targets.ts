/**
 * The GPU half of the glow pass (see glow-pass.ts): a full-size glow target
 * sharing the scene's depth attachment, two reduced-size blur targets, and
 * the blur and composite commands. Made by createGpuRenderer with the rest
 * of its objects, so a restored context rebuilds it; sized, and its
 * programs compiled, on the frames that glow only (1 × 1 until then), so a
 * scene without glow costs nothing.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';
import { gaussianWeights, glowBlur, glowTargetSize } from './glow-pass.ts';
import type { GlowQuality } from './glow-pass.ts';
import { GLOW_BLUR_FRAGMENT, GLOW_COMPOSITE_FRAGMENT, PRESENT_VERTEX } from './shaders.ts';

type Command = (props: object) => void;

/** Scale of the blurred glow added onto the frame. */
export const GLOW_STRENGTH = 1.5;

export interface GpuGlow {
  /** Where the glow pass draws: colour × glow at full size, depth-tested against the scene. */
  readonly target: REGL.Framebuffer2D;
  /**
   * Sizes the targets for a `width` × `height` frame at `quality` and clears
   * the glow target's colour (not the shared depth). Call before the glow draws.
   */
  begin(width: number, height: number, quality: Exclude<GlowQuality, 'off'>): void;
  /** Blurs the glow target and adds it onto `frame`; returns the draw calls issued. */
  finish(frame: REGL.Framebuffer2D): number;
  dispose(): void;
}

function colorTexture(regl: Regl): REGL.Texture2D {
  return regl.texture({ width: 1, height: 1, format: 'rgba', type: 'uint8', min: 'linear', mag: 'linear', wrap: 'clamp' });
}

export function createGpuGlow(
  regl: Regl,
  depth: REGL.Texture2D | REGL.Renderbuffer,
  quad: REGL.Buffer,
  onCompile: () => void,
): GpuGlow {
  const glowColor = colorTexture(regl);
  const target = regl.framebuffer({ color: glowColor, depth });
  const pingColor = colorTexture(regl);
  const pongColor = colorTexture(regl);
  const ping = regl.framebuffer({ color: pingColor, depth: false, stencil: false });
  const pong = regl.framebuffer({ color: pongColor, depth: false, stencil: false });

  const blurProps = {
    source: glowColor as REGL.Texture2D,
    target: ping as REGL.Framebuffer2D,
    step: new Float32Array(2),
    weight0: 1,
    weights: new Float32Array(4),
  };
  // Compiled on the first frame that glows.
  let blur: Command | null = null;
  let composite: Command | null = null;
  const blurConfig = {
    vert: PRESENT_VERTEX,
    frag: GLOW_BLUR_FRAGMENT,
    attributes: { corner: quad },
    primitive: 'triangle strip',
    count: 4,
    uniforms: {
      uSource: regl.prop<typeof blurProps, 'source'>('source'),
      uStep: regl.prop<typeof blurProps, 'step'>('step'),
      uWeight0: regl.prop<typeof blurProps, 'weight0'>('weight0'),
      uWeights: regl.prop<typeof blurProps, 'weights'>('weights'),
    },
    depth: { enable: false, mask: false },
    blend: { enable: false },
    framebuffer: regl.prop<typeof blurProps, 'target'>('target'),
  };

  const compositeProps = { frame: null as REGL.Framebuffer2D | null };
  const compositeConfig = {
    vert: PRESENT_VERTEX,
    frag: GLOW_COMPOSITE_FRAGMENT,
    attributes: { corner: quad },
    primitive: 'triangle strip',
    count: 4,
    uniforms: { uGlow: pongColor, uStrength: GLOW_STRENGTH },
    depth: { enable: false, mask: false },
    blend: { enable: true, func: { src: 'one', dst: 'one' } },
    framebuffer: regl.prop<typeof compositeProps, 'frame'>('frame'),
  };

  const clearOptions = { color: [0, 0, 0, 0] as [number, number, number, number], framebuffer: target };
  // Weights by sigma, made once per quality.
  const weightsBySigma = new Map<number, Float32Array>();
  let reducedWidth = 1;
  let reducedHeight = 1;
  let spread = 1;
  let weights = gaussianWeights(1);

  return {
    target,
    begin(width, height, quality) {
      if (blur === null || composite === null) {
        blur = regl(blurConfig as unknown as REGL.DrawConfig) as unknown as Command;
        composite = regl(compositeConfig as unknown as REGL.DrawConfig) as unknown as Command;
        onCompile();
        onCompile();
      }
      const b = glowBlur(quality);
      target.resize(width, height);
      reducedWidth = glowTargetSize(width, b.downscale);
      reducedHeight = glowTargetSize(height, b.downscale);
      ping.resize(reducedWidth, reducedHeight);
      pong.resize(reducedWidth, reducedHeight);
      spread = b.spread;
      let w = weightsBySigma.get(b.sigma);
      if (w === undefined) {
        w = gaussianWeights(b.sigma);
        weightsBySigma.set(b.sigma, w);
      }
      weights = w;
      regl.clear(clearOptions);
    },
    finish(frame) {
      if (blur === null || composite === null) throw new Error('GpuGlow.finish: begin was not called this frame');
      const p = blurProps;
      p.weight0 = weights[0];
      p.weights[0] = weights[1];
      p.weights[1] = weights[2];
      p.weights[2] = weights[3];
      p.weights[3] = weights[4];
      // Horizontal: the full-size glow (bilinear, so each reduced texel averages its 2 × 2) into ping.
      p.source = glowColor;
      p.target = ping;
      p.step[0] = spread / reducedWidth;
      p.step[1] = 0;
      blur(p);
      // Vertical: ping into pong.
      p.source = pingColor;
      p.target = pong;
      p.step[0] = 0;
      p.step[1] = spread / reducedHeight;
      blur(p);
      compositeProps.frame = frame;
      composite(compositeProps);
      compositeProps.frame = null;
      return 3;
    },
    dispose() {
      for (const r of [target, ping, pong]) r.destroy();
      for (const r of [glowColor, pingColor, pongColor]) r.destroy();
    },
  };
}
