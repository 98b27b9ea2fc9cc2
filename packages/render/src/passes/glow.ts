/**
 * The glow pass (Second Life glow as a bloom; parameters in glow-blur.ts):
 * when settings.rendering.glow is on and a drawn face glows, the draw
 * list's glow entries are drawn again into the glow target (colour × glow,
 * depth-tested against the scene), blurred horizontally then vertically at
 * reduced size, and added onto the scene target.
 */
import { glowPrimCommand } from '../gpu/draw-commands.ts';
import type { GpuResources } from '../gpu/gpu-resources.ts';
import { beginGlow } from '../gpu/glow-targets.ts';
import type { GlowTargets } from '../gpu/glow-targets.ts';
import type { RenderState } from '../render-state.ts';
import type { GlowQuality } from './glow-blur.ts';
import { drawEntries } from './prim-draws.ts';

export function glowPass(gpu: GpuResources, renderer: RenderState, quality: GlowQuality): void {
  const stats = gpu.stats;
  stats.glowDraws = 0;
  if (quality === 'off' || renderer.drawList.glowCount === 0) return;
  beginGlow(gpu.glow, gpu.regl, gpu.targets.width, gpu.targets.height, quality, stats);
  // The draw list's glow entries again, into the glow target.
  const list = renderer.drawList;
  const draws = drawEntries(gpu, glowPrimCommand(gpu.commands, gpu.regl, gpu.glow, stats), list, list.glowEntries, 0, list.glowCount);
  stats.glowDraws = draws;
  stats.drawCalls += draws;
  if (draws > 0) stats.drawCalls += blurAndComposite(gpu.glow, gpu);
}

/** Blurs the glow target into the reduced targets and adds the result onto the scene; returns the draw calls (3). */
function blurAndComposite(g: GlowTargets, gpu: GpuResources): number {
  const blur = g.blur;
  const composite = g.composite;
  if (blur === null || composite === null) throw new Error('glowPass: the glow commands were not compiled (beginGlow)');
  const p = g.blurProps;
  const params = p.blur;
  params.set(g.weights); // GLOW_TAPS + 1 = 5 weights, centre first
  // Horizontal: the full-size glow (bilinear, so each reduced texel averages its 2 × 2) into ping.
  p.source = g.glowColor;
  p.target = g.ping;
  params[6] = g.spread / g.reducedWidth;
  params[7] = 0;
  blur(p);
  // Vertical: ping into pong.
  p.source = g.pingColor;
  p.target = g.pong;
  params[6] = 0;
  params[7] = g.spread / g.reducedHeight;
  blur(p);
  g.compositeProps.frame = gpu.targets.scene;
  composite(g.compositeProps);
  g.compositeProps.frame = null;
  return 3;
}
