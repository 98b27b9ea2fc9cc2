/**
 * The glow pass (Second Life glow as a bloom; parameters in glow-blur.ts):
 * when settings.rendering.glow is on and a drawn face glows, the draw
 * list's glow entries are drawn again into the glow target (colour × glow,
 * depth-tested against the scene), blurred horizontally then vertically at
 * reduced size, and added onto the scene target.
 */
import type { RenderStats } from '../frame/render-stats.ts';
import { glowPrimCommand } from '../gpu/draw-commands.ts';
import type { GpuResources } from '../gpu/gpu-resources.ts';
import { beginGlow } from '../gpu/glow-targets.ts';
import type { GlowTargets } from '../gpu/glow-targets.ts';
import { PASS_TRANSLUCENT } from '../instancing/instance-streams.ts';
import type { RenderState } from '../render-state.ts';
import type { GlowQuality } from './glow-blur.ts';
import { bindDrawEntry, bindInstanceBuffers } from './prim-draws.ts';

export function glowPass(gpu: GpuResources, renderer: RenderState, quality: GlowQuality): void {
  const stats = gpu.stats;
  stats.glowDraws = 0;
  if (quality === 'off' || renderer.drawList.glowCount === 0) return;
  beginGlow(gpu.glow, gpu.regl, gpu.targets.width, gpu.targets.height, quality, stats);
  const draws = drawGlowEntries(gpu, renderer, stats);
  stats.glowDraws = draws;
  stats.drawCalls += draws;
  if (draws > 0) stats.drawCalls += blurAndComposite(gpu.glow, gpu);
}

/**
 * The draw list's glow entries into the glow target: opaque entries from
 * the opaque streams, translucent runs from the queue's. Returns the draws.
 */
function drawGlowEntries(gpu: GpuResources, renderer: RenderState, stats: RenderStats): number {
  const list = renderer.drawList;
  const command = glowPrimCommand(gpu.commands, gpu.regl, gpu.glow, stats);
  const p = gpu.commands.primProps;
  const slots = gpu.scene.slots;
  let bound = -1;
  let draws = 0;
  let triangles = 0;
  for (let i = 0; i < list.glowCount; i++) {
    const k = list.glowEntries[i];
    const pass = list.pass[k];
    if (pass !== bound) {
      bindInstanceBuffers(p, pass === PASS_TRANSLUCENT ? gpu.translucent : gpu.opaque);
      bound = pass;
    }
    if (!bindDrawEntry(p, list, slots, k)) continue;
    command(p);
    draws++;
    triangles += (p.count / 3) * p.instances;
  }
  stats.triangles += triangles;
  return draws;
}

/** Blurs the glow target into the reduced targets and adds the result onto the scene; returns the draw calls (3). */
function blurAndComposite(g: GlowTargets, gpu: GpuResources): number {
  const blur = g.blur;
  const composite = g.composite;
  if (blur === null || composite === null) throw new Error('glowPass: the glow commands were not compiled (beginGlow)');
  const p = g.blurProps;
  const weights = g.weights;
  p.weight0 = weights[0];
  p.weights[0] = weights[1];
  p.weights[1] = weights[2];
  p.weights[2] = weights[3];
  p.weights[3] = weights[4];
  // Horizontal: the full-size glow (bilinear, so each reduced texel averages its 2 × 2) into ping.
  p.source = g.glowColor;
  p.target = g.ping;
  p.step[0] = g.spread / g.reducedWidth;
  p.step[1] = 0;
  blur(p);
  // Vertical: ping into pong.
  p.source = g.pingColor;
  p.target = g.pong;
  p.step[0] = 0;
  p.step[1] = g.spread / g.reducedHeight;
  blur(p);
  g.compositeProps.frame = gpu.targets.scene;
  composite(g.compositeProps);
  g.compositeProps.frame = null;
  return 3;
}
