/**
 * The virtual texture on real WebGL (2 and 1): headless Chromium (SwiftShader) runs
 * textures-smoke.test-support.ts, which streams patterned images into the
 * renderer through its TextureSource, and reads pixels back. Skipped with a
 * reason when no Chromium is installed; a failure instead under CI or
 * SLV_REQUIRE_FIXTURES=1.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '@slv/testing';
import { openBundledPage, type BundledPage } from './chromium-page.test-support.ts';
import type { Pattern, VtResult, VtScene } from './textures-smoke.test-support.ts';

const RED = [230, 20, 20, 255];
const GREEN = [20, 200, 40, 255];
const BLUE = [30, 40, 220, 255];
const YELLOW = [230, 210, 20, 255];
const QUADRANTS: Pattern = [RED, GREEN, BLUE, YELLOW];

/** The front (-y) face of a 4 m box at (128, 130, 30): x 126..130, z 28..32, at y = 128. */
const FRONT = 127.95;
const TOP_LEFT: [number, number, number] = [127, FRONT, 31];
const TOP_RIGHT: [number, number, number] = [129, FRONT, 31];
const BOTTOM_LEFT: [number, number, number] = [127, FRONT, 29];
const BOTTOM_RIGHT: [number, number, number] = [129, FRONT, 29];

/** Whether two colours are within `tolerance` per channel (lighting scales them; compare hue by ratios instead where needed). */
function dominant(rgba: number[]): 'red' | 'green' | 'blue' | 'yellow' | 'other' {
  const [r, g, b] = rgba;
  if (r > 2 * b && g > 2 * b && r > 60 && g > 60) return 'yellow';
  if (r > 2 * g && r > 2 * b) return 'red';
  if (g > 2 * r && g > 2 * b) return 'green';
  if (b > 2 * r && b > 2 * g) return 'blue';
  return 'other';
}

describeWithChromium('virtual texture in headless Chromium (software WebGL)', (executable) => {
  let opened: BundledPage;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    opened = await openBundledPage(executable, 'textures-smoke.test-support.ts', { warnings: true });
    ({ page, problems } = opened);
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
  });

  async function run(scene: VtScene): Promise<VtResult> {
    const before = problems.length;
    const result = await page.evaluate((s) => (globalThis as unknown as { slvVtSmoke: { run(s: unknown): Promise<VtResult> } }).slvVtSmoke.run(s), scene);
    if (result.error !== undefined) throw new Error(`page: ${result.error}\n${problems.join('\n')}`);
    expect(problems.slice(before), 'page errors, console errors and WebGL warnings').toEqual([]);
    return result;
  }

  const box = { position: [128, 130, 30] as [number, number, number], scale: [4, 4, 4] as [number, number, number], texture: 1 };

  it('shows a face\'s texture upright on the face: each quadrant of the image where it belongs (WebGL2)', async () => {
    const result = await run({ webgl2: true, profile: 'Balanced', boxes: [box], patterns: [QUADRANTS], side: 256, maxFrames: 40, probes: [TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT] });
    expect(result.stats.virtualTexturing, String(result.stats.textureReason)).toBe(true);
    expect(result.colors.map(dominant), JSON.stringify(result.colors)).toEqual(['red', 'green', 'blue', 'yellow']);
    expect(result.stats.vtTextures).toBe(1);
    // The face covers about 13 pixels (its bounding sphere 21, the CPU estimate's level 3): the feedback asks for level 4
    // (16 texels), so only the tail slot is resident.
    expect(result.stats.vtFeedback).toBe(true);
    expect(Object.values(result.asked)[0]).toBe(4);
    expect(result.stats.vtSlotsUsed).toBe(1);
  }, 60_000);

  it('pages in the finest level for a face close up, and samples across pages', async () => {
    const near = { position: [128, 104, 30] as [number, number, number], scale: [8, 8, 8] as [number, number, number], texture: 1 };
    const result = await run({
      webgl2: true, profile: 'Balanced', boxes: [near], patterns: [QUADRANTS], side: 512, maxFrames: 60, size: [320, 240],
      // The four quadrants, then two points inside other level-0 pages (page 1,1 in red, page 3,2 in yellow).
      probes: [[127, 99.95, 31], [129, 99.95, 31], [127, 99.95, 29], [129, 99.95, 29], [126.3, 99.95, 31.7], [130.2, 99.95, 28.3]],
    });
    expect(Object.values(result.asked)[0]).toBe(0);
    // Level 0 (4 × 4 pages), level 1 (2 × 2), level 2 (1) and the tail.
    expect(result.stats.vtSlotsUsed).toBe(16 + 4 + 1 + 1);
    expect(result.colors.map(dominant), JSON.stringify(result.colors)).toEqual(['red', 'green', 'blue', 'yellow', 'red', 'yellow']);
  }, 60_000);

  it('gives back the fine pages when the face moves far away, keeping a coarser level on screen', async () => {
    const near = { position: [128, 104, 30] as [number, number, number], scale: [8, 8, 8] as [number, number, number], texture: 1 };
    const result = await run({
      webgl2: true, profile: 'Balanced', boxes: [near], patterns: [QUADRANTS], side: 512, maxFrames: 160, minFrames: 100, size: [320, 240],
      moveBy: [0, 48, 0], probes: [[127, 147.95, 31], [129, 147.95, 29]],
    });
    const before = result.stats.before as Record<string, number>;
    expect(before.vtSlotsUsed).toBe(16 + 4 + 1 + 1);
    // At 52 m the face is 32 pixels across: the feedback asks for level 4 (32 texels), in the tail; once 16 readbacks
    // have not asked for level 0 (the settle runs 100 frames), levels 0 to 2 go (the CPU estimate, from the bounding
    // sphere, would want level 3 and keep level 2 as slack).
    expect(result.stats.vtSlotsUsed).toBe(1);
    // Still textured (fogged a little at this distance): red above left, yellow below right.
    const [topLeft, bottomRight] = result.colors;
    expect(topLeft[0] - topLeft[1], JSON.stringify(result.colors)).toBeGreaterThan(40);
    expect(bottomRight[1] - topLeft[1], JSON.stringify(result.colors)).toBeGreaterThan(40);
  }, 60_000);

  it('shows a face\'s new texture when its TextureEntry changes, and keeps the face\'s colour for a texture that never arrives', async () => {
    const solid = (c: number[]): Pattern => [c, c, c, c];
    const changed = await run({
      webgl2: true, profile: 'Balanced', boxes: [box], patterns: [solid(RED), solid(BLUE)], side: 64, maxFrames: 40, probes: [[128, FRONT, 30]], retextureTo: 2,
    });
    expect(dominant(changed.colors[0]), JSON.stringify(changed.colors)).toBe('blue');
    // Texture 3 has no image (a 404, an undecodable file): the face shows its own colour, never a hole.
    const missing = await run({
      webgl2: true, profile: 'Balanced', boxes: [{ ...box, texture: 3, color: [40, 200, 40, 255] }], patterns: [solid(RED), solid(BLUE)], side: 64, maxFrames: 12,
      probes: [[128, FRONT, 30]],
    });
    expect(dominant(missing.colors[0]), JSON.stringify(missing.colors)).toBe('green');
  }, 60_000);

  it('repeats the texture by the face\'s repeats', async () => {
    const result = await run({
      webgl2: true, profile: 'Balanced', boxes: [{ ...box, repeats: 2 }], patterns: [QUADRANTS], side: 256, maxFrames: 40,
      // Repeats scale about the face's centre (as in SL): s = 2u - 0.5, so u = 0.375 and 0.625 are the image's
      // left and right halves, and u = 0.875 wraps round to the left half again.
      probes: [[127.5, FRONT, 30.5], [128.5, FRONT, 30.5], [129.5, FRONT, 30.5], [127.5, FRONT, 29.5]],
    });
    expect(result.colors.map(dominant), JSON.stringify(result.colors)).toEqual(['red', 'green', 'red', 'blue']);
  }, 60_000);

  it('maps a planar face by its position in metres, as the SL viewer\'s planar projection does', async () => {
    // On the front face (normal -y) planar u = 0.5 + 2x and v = 0.5 + 2z from the box's centre, in metres:
    // at x = -1.9, z = 0.1 that is (-3.3, 0.7), the image's top-right quadrant; the default mapping gives its top-left there.
    const probe: [number, number, number] = [126.1, FRONT, 30.1];
    const planar = await run({ webgl2: true, profile: 'Balanced', boxes: [{ ...box, planar: true }], patterns: [QUADRANTS], side: 256, maxFrames: 40, probes: [probe], size: [320, 240] });
    const plain = await run({ webgl2: true, profile: 'Balanced', boxes: [box], patterns: [QUADRANTS], side: 256, maxFrames: 40, probes: [probe], size: [320, 240] });
    expect(dominant(planar.colors[0]), JSON.stringify(planar.colors)).toBe('green');
    expect(dominant(plain.colors[0]), JSON.stringify(plain.colors)).toBe('red');
  }, 60_000);

  it('draws many textured boxes with the draws of one: textures do not split batches', async () => {
    const boxes = Array.from({ length: 40 }, (_, i) => ({
      position: [112 + (i % 10) * 3.2, 130 + Math.floor(i / 10) * 3, 30] as [number, number, number], scale: [1.5, 1.5, 1.5] as [number, number, number], texture: i + 1,
    }));
    const patterns = boxes.map((_, i): Pattern => {
      const c = [(i * 37) % 200 + 40, (i * 91) % 200 + 40, (i * 53) % 200 + 40, 255];
      return [c, c, c, c];
    });
    const result = await run({ webgl2: true, profile: 'Balanced', boxes, patterns, side: 128, maxFrames: 80, probes: [] });
    expect(result.stats.vtTextures).toBe(40);
    const untextured = await run({ webgl2: true, profile: 'Balanced', boxes: boxes.map((b) => ({ ...b, texture: 0 })), patterns, side: 128, maxFrames: 4, probes: [] });
    expect(untextured.stats.vtTextures).toBe(0);
    // The draws of the same boxes without any texture: one per (mesh, face).
    expect(result.stats.primDraws).toBe(untextured.stats.primDraws);
    expect(result.stats.primDraws).toBeLessThanOrEqual(12);
  }, 60_000);

  it('holds 500 unique textures at once, each box showing its own, with the draws of one box and no hole', async () => {
    const columns = 25;
    const boxes = Array.from({ length: 500 }, (_, i) => ({
      position: [128 - 12 * 0.64 + (i % columns) * 0.64, 110, 30 + 9.5 * 0.64 - Math.floor(i / columns) * 0.64] as [number, number, number],
      scale: [0.56, 0.56, 0.56] as [number, number, number], texture: i + 1,
    }));
    // Four hues by index, so each box's colour says which texture it shows.
    const hues = [[220, 30, 30, 255], [30, 200, 40, 255], [30, 40, 220, 255], [230, 210, 20, 255]];
    const patterns = boxes.map((_, i): Pattern => {
      const c = hues[i % 4];
      return [c, c, c, c];
    });
    const picks = [0, 37, 150, 219, 301, 388, 442, 499];
    const probes = picks.map((i) => [boxes[i].position[0], 109.68, boxes[i].position[2]] as [number, number, number]);
    const result = await run({ webgl2: true, profile: 'Balanced', boxes, patterns, side: 64, maxFrames: 160, probes, size: [400, 300] });
    expect(result.stats.vtTextures).toBe(500);
    expect(result.stats.vtSlotsUsed).toBe(500);
    expect(Number(result.stats.vtAtlasHeight)).toBeGreaterThan(7 * 130);
    // Binding a texture per draw would take at least 500 draws; the virtual texture draws the box mesh's faces once.
    expect(result.stats.primDraws).toBeLessThanOrEqual(12);
    const expected = picks.map((i) => (['red', 'green', 'blue', 'yellow'] as const)[i % 4]);
    expect(result.colors.map(dominant), JSON.stringify(result.colors)).toEqual(expected);
  }, 120_000);

  it('blends a texture with alpha over what is behind it', async () => {
    const clear: Pattern = [[255, 0, 0, 0], [255, 0, 0, 0], [255, 0, 0, 0], [255, 0, 0, 0]];
    const behind = { position: [128, 140, 30] as [number, number, number], scale: [8, 2, 8] as [number, number, number], texture: 2 };
    const result = await run({
      webgl2: true, profile: 'Balanced', boxes: [box, behind], patterns: [clear, [BLUE, BLUE, BLUE, BLUE]], side: 64, maxFrames: 40, probes: [[128, FRONT, 30]],
    });
    expect(dominant(result.colors[0]), JSON.stringify(result.colors)).toBe('blue');
    expect(result.stats.translucentFaces).toBeGreaterThan(0);
  }, 60_000);

  it('paints the terrain with its four textures by height: the lowest where the ground is below the start height, the highest above start + range', async () => {
    const solid = (c: number[]): Pattern => [c, c, c, c];
    const patterns = [solid(RED), solid(GREEN), solid(BLUE), solid(YELLOW)];
    // The ground in front of the camera (the camera is at 30 m, the ground at 22 m).
    const ground: [number, number, number] = [128, 110, 22];
    const low = await run({
      webgl2: true, profile: 'Balanced', boxes: [], patterns, side: 64, maxFrames: 40, probes: [ground],
      terrain: { height: 22, textures: [1, 2, 3, 4], start: [30, 30, 30, 30], range: [40, 40, 40, 40] },
    });
    expect(low.stats.vtTextures).toBe(4);
    expect(dominant(low.colors[0]), JSON.stringify(low.colors)).toBe('red');
    const high = await run({
      webgl2: true, profile: 'Balanced', boxes: [], patterns, side: 64, maxFrames: 40, probes: [ground],
      terrain: { height: 22, textures: [1, 2, 3, 4], start: [0, 0, 0, 0], range: [10, 10, 10, 10] },
    });
    expect(dominant(high.colors[0]), JSON.stringify(high.colors)).toBe('yellow');
    // Halfway between the second and third: (22 - 14) × 4 / 16 = 2, the third texture.
    const middle = await run({
      webgl2: true, profile: 'Balanced', boxes: [], patterns, side: 64, maxFrames: 40, probes: [ground],
      terrain: { height: 22, textures: [1, 2, 3, 4], start: [14, 14, 14, 14], range: [16, 16, 16, 16] },
    });
    expect(dominant(middle.colors[0]), JSON.stringify(middle.colors)).toBe('blue');
  }, 90_000);

  it('draws a sculpted prim from its map: a sphere map makes it round', async () => {
    const sculpt = { ...box, texture: 0, color: [230, 230, 230, 255] as [number, number, number, number], sculptMap: 1 };
    const centre: [number, number, number] = [128, 127.9, 30];
    // Inside the prim's 4 m box, outside the 2 m sphere.
    const corner: [number, number, number] = [126.4, 127.9, 31.6];
    const round = await run({ webgl2: true, profile: 'Balanced', boxes: [sculpt], patterns: [QUADRANTS], sphereMaps: [1], side: 32, maxFrames: 20, probes: [centre, corner] });
    const square = await run({ webgl2: true, profile: 'Balanced', boxes: [{ ...sculpt, sculptMap: undefined }], patterns: [QUADRANTS], side: 32, maxFrames: 6, probes: [centre, corner] });
    expect(round.stats.boxesDrawn).toBe(0);
    // The centre is the prim either way; the corner is sky past the sphere, but the box's face.
    const boxFace = square.colors[1];
    expect(round.colors[1], JSON.stringify({ round: round.colors, square: square.colors })).not.toEqual(boxFace);
    expect(Math.abs(round.colors[0][0] - square.colors[0][0])).toBeLessThan(80);
    // Sky: bluer than it is red.
    expect(round.colors[1][2]).toBeGreaterThan(round.colors[1][0]);
  }, 60_000);

  it('asks, through the GPU feedback, for a coarser level for a plane seen at a grazing angle than the CPU estimate of its size would', async () => {
    // A 512² texture on a flat slab 8 m wide and 24 m long, 20..44 m ahead and 3 m below the eye: its bounding sphere (12.6 m
    // at 32 m, 164 pixels across) makes the CPU estimate want level 1, but every pixel sees the texture squeezed along the view
    // (14 texels a pixel along it where it is nearest: level 3).
    const slab = { position: [128, 128, 27] as [number, number, number], scale: [8, 24, 0.05] as [number, number, number], texture: 1 };
    const scene = { profile: 'Balanced' as const, boxes: [slab], patterns: [QUADRANTS], side: 512, maxFrames: 120, probes: [], size: [320, 240] as [number, number] };
    const gpu = await run({ ...scene, webgl2: true });
    const cpu = await run({ ...scene, webgl2: false });
    expect(gpu.stats.vtFeedback).toBe(true);
    expect(Number(gpu.stats.vtFeedbackReadbacks)).toBeGreaterThan(1);
    expect(cpu.stats.vtFeedback).toBe(false);
    expect(Object.values(cpu.asked)[0]).toBe(1);
    expect(Object.values(gpu.asked)[0], JSON.stringify(gpu.pages)).toBeGreaterThanOrEqual(3);
    // A face far away asks for a coarser level than one filling the screen.
    const near = { position: [128, 104, 30] as [number, number, number], scale: [8, 8, 8] as [number, number, number], texture: 1 };
    const far = { ...near, position: [128, 180, 30] as [number, number, number] };
    const filling = await run({ ...scene, webgl2: true, boxes: [near] });
    const distant = await run({ ...scene, webgl2: true, boxes: [far] });
    expect(Object.values(filling.asked)[0]).toBe(0);
    expect(Object.values(distant.asked)[0]).toBeGreaterThanOrEqual(3);
  }, 90_000);

  it('pages in only the part of a texture on screen: a face half off-screen gets no finest-level page of its hidden half', async () => {
    // The near face moved 4 m right: x 128..136 at 4 m, of which x < 131.1 is in view, u < 0.39: level 0's page columns 0 and 1.
    // Until the first readback the CPU estimate pages in all of level 0; the pages no feedback asks for go after 16 readbacks.
    const near = { position: [132, 104, 30] as [number, number, number], scale: [8, 8, 8] as [number, number, number], texture: 1 };
    const result = await run({
      webgl2: true, profile: 'Balanced', boxes: [near], patterns: [QUADRANTS], side: 512, maxFrames: 160, minFrames: 110, size: [320, 240],
      probes: [[129, 99.95, 31], [129, 99.95, 29]],
    });
    expect(result.stats.vtFeedback).toBe(true);
    expect(Object.values(result.asked)[0]).toBe(0);
    const pages = Object.values(result.pages)[0];
    const finest = pages.filter(([level]) => level === 0);
    expect(finest.length, JSON.stringify(pages)).toBeGreaterThan(0);
    expect(finest.every(([, x]) => x <= 1), JSON.stringify(finest)).toBe(true);
    // What is on screen is textured at its finest: red above, blue below the middle of the visible part.
    expect(result.colors.map(dominant), JSON.stringify(result.colors)).toEqual(['red', 'blue']);
    // The CPU estimate (WebGL1) pages in all 16.
    const cpu = await run({ webgl2: false, profile: 'Balanced', boxes: [near], patterns: [QUADRANTS], side: 512, maxFrames: 120, size: [320, 240], probes: [] });
    expect(Object.values(cpu.pages)[0].filter(([level]) => level === 0)).toHaveLength(16);
  }, 90_000);

  it('runs on WebGL1 too (GLSL ES 1.00 with OES_standard_derivatives): the same quadrants, upright', async () => {
    const result = await run({ webgl2: false, profile: 'Balanced', boxes: [box], patterns: [QUADRANTS], side: 256, maxFrames: 40, probes: [TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT] });
    expect(result.stats.webgl2).toBe(false);
    expect(result.stats.virtualTexturing, String(result.stats.textureReason)).toBe(true);
    expect(result.colors.map(dominant), JSON.stringify(result.colors)).toEqual(['red', 'green', 'blue', 'yellow']);
    const solid = (c: number[]): Pattern => [c, c, c, c];
    const terrain = await run({
      webgl2: false, profile: 'Balanced', boxes: [], patterns: [solid(RED), solid(GREEN), solid(BLUE), solid(YELLOW)], side: 64, maxFrames: 40,
      probes: [[128, 110, 22]], terrain: { height: 22, textures: [1, 2, 3, 4], start: [14, 14, 14, 14], range: [16, 16, 16, 16] },
    });
    expect(dominant(terrain.colors[0]), JSON.stringify(terrain.colors)).toBe('blue');
  }, 60_000);
});
