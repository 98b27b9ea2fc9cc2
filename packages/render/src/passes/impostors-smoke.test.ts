/**
 * Impostors on real WebGL (headless Chromium, SwiftShader): a box beyond
 * rendering.impostorDistance is baked into the atlas and then drawn from
 * its impostor (the stats say so, and no prim draw is left), and its
 * pixels match the full render of the same scene with impostors off
 * (impostorDistance beyond the draw distance) within the tolerance the
 * method allows (see the test); Low draws an impostor at a distance where
 * High draws geometry. Skipped with a reason when no Chromium is installed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '@slv/testing';
import { openBundledPage, type BundledPage } from '../chromium-page.test-support.ts';
import type { ImpostorRead, ImpostorScene } from './impostors-smoke.test-support.ts';

const SIZE: [number, number] = [320, 240];
/** A 16 m box about 90 m ahead (Balanced: impostors beyond 64 m, drawn to 128 m), turned to show two faces. */
const FAR_BOX = { position: [128, 186, 30] as [number, number, number], size: 16, yaw: 0.5 };

/** Pixels (indices) where two reads differ by more than `threshold` in some channel. */
function differing(a: number[], b: number[], threshold: number): Set<number> {
  const out = new Set<number>();
  for (let p = 0; p < a.length / 4; p++) {
    for (let k = 0; k < 3; k++) {
      if (Math.abs(a[p * 4 + k]! - b[p * 4 + k]!) > threshold) {
        out.add(p);
        break;
      }
    }
  }
  return out;
}

function bounds(pixels: Set<number>): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of pixels) {
    const x = p % SIZE[0];
    const y = Math.floor(p / SIZE[0]);
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  return [x0, y0, x1, y1];
}

function meanColor(read: number[], pixels: Set<number>): number[] {
  const sum = [0, 0, 0];
  for (const p of pixels) for (let k = 0; k < 3; k++) sum[k] += read[p * 4 + k]!;
  return sum.map((s) => s / pixels.size);
}

describeWithChromium('impostors in headless Chromium (software WebGL)', (executable) => {
  let opened: BundledPage;
  let page: Page;

  beforeAll(async () => {
    opened = await openBundledPage(executable, 'passes/impostors-smoke.test-support.ts');
    page = opened.page;
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
  });

  async function draw(scene: Omit<ImpostorScene, 'size'>): Promise<ImpostorRead> {
    const read = await page.evaluate(
      (s) => (globalThis as unknown as { slvImpostors: { draw(s: unknown): Promise<ImpostorRead> } }).slvImpostors.draw(s),
      { ...scene, size: SIZE },
    );
    if (read.error !== undefined) throw new Error(`page: ${read.error}\n${opened.problems.join('\n')}`);
    return read;
  }

  for (const webgl2 of [true, false]) {
    it(`draws a far box from its impostor, matching the full render within tolerance (${webgl2 ? 'WebGL2' : 'WebGL1'})`, async () => {
      const frames = 10;
      const empty = await draw({ webgl2, profile: 'Balanced', boxes: [], frames: 2 });
      const full = await draw({ webgl2, profile: 'Balanced', boxes: [FAR_BOX], frames, overrides: { rendering: { impostorDistance: 1024 } } });
      const impostor = await draw({ webgl2, profile: 'Balanced', boxes: [FAR_BOX], frames });
      expect(opened.problems).toEqual([]);
      expect(full.stats.impostorsDrawn).toBe(0);
      expect(full.stats.primDraws).toBeGreaterThan(0);
      // One bake (64 views at 16 a frame, after a frame for render.lod to choose the box's mesh), then drawn from it.
      expect(impostor.stats.bakesCompleted).toBe(1);
      expect(impostor.stats.impostorsDrawn).toBe(1);
      expect(impostor.stats.primDraws).toBe(0);
      expect(impostor.stats.impostorAtlasBytes).toBeGreaterThan(0);
      expect(impostor.stats.impostorAtlasBytes).toBeLessThanOrEqual(impostor.stats.impostorAtlasBudgetBytes as number);

      const box = differing(full.pixels, empty.pixels, 24);
      const boxImpostor = differing(impostor.pixels, empty.pixels, 24);
      expect(box.size).toBeGreaterThan(400);
      // Silhouette: the impostor covers the same screen rectangle within 3 px on each side. Its picture is
      // orthographic: the box's near side (up to r = 11.3 m nearer than the centre, 90 m away) loses the
      // perspective enlargement d / (d - r) = 1.14 of a real view, ~2.5 px a side on a 41 px box, plus
      // under a texel of placement error (32-texel frames drawn ~45 px wide).
      const [a, b] = [bounds(box), bounds(boxImpostor)];
      for (let k = 0; k < 4; k++) expect(Math.abs(a[k]! - b[k]!), `bounds ${a} vs ${b}`).toBeLessThanOrEqual(3);
      expect(Math.abs(boxImpostor.size - box.size) / box.size).toBeLessThan(0.2);
      // Colour: the same shading (sun and ambient baked; fog applied at draw), so the mean colour over
      // the box is within 12 levels per channel.
      const [m, mi] = [meanColor(full.pixels, box), meanColor(impostor.pixels, box)];
      for (let k = 0; k < 3; k++) expect(Math.abs(m[k]! - mi[k]!), `mean ${m} vs ${mi}`).toBeLessThan(12);
      // Per pixel: the frame whose cell holds the view direction is ~8° off it here (a cell is up to ~28°
      // across), so a sliver of the side faces moves, and the silhouette loses the rows above; 17% of the box's
      // pixels differ by more than 48 levels on SwiftShader. At most 25% may.
      const wrong = [...differing(full.pixels, impostor.pixels, 48)].filter((p) => box.has(p) || boxImpostor.has(p));
      expect(wrong.length / box.size, `${wrong.length} of ${box.size} pixels differ`).toBeLessThan(0.25);
      console.log(`impostor vs full (${webgl2 ? 'WebGL2' : 'WebGL1'}): ${box.size} box pixels, ${boxImpostor.size} impostor pixels, ${wrong.length} differ by > 48; bounds ${a} vs ${b}; mean ${m.map(Math.round)} vs ${mi.map(Math.round)}`);
    }, 120_000);
  }

  it('Low draws a box 50 m away as an impostor, High as geometry', async () => {
    const near = { position: [128, 146, 28] as [number, number, number], size: 4 };
    const low = await draw({ webgl2: true, profile: 'Low', boxes: [near], frames: 10 });
    const high = await draw({ webgl2: true, profile: 'High', boxes: [near], frames: 10 });
    expect(low.stats.impostorsDrawn).toBe(1);
    expect(low.stats.primDraws).toBe(0);
    expect(high.stats.impostorsDrawn).toBe(0);
    expect(high.stats.primDraws).toBeGreaterThan(0);
    expect(high.stats.bakesCompleted).toBe(0);
  }, 120_000);
});
