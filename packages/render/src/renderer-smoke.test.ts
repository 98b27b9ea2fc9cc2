/**
 * The renderer on real WebGL: headless Chromium (software WebGL through
 * SwiftShader) runs a page bundled from renderer-smoke.test-support.ts that
 * draws a few prims, terrain, water and lights, and reads pixels back.
 * Skipped with a reason when no Chromium is installed; a failure instead
 * under CI or SLV_REQUIRE_FIXTURES=1.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '@slv/testing';
import { openBundledPage, type BundledPage } from './chromium-page.test-support.ts';
import { allocationsUnder, describeSites, sampleHeapProfile } from './heap-sampling.test-support.ts';
import type { ContextLossResult, ContextLossScene, DepthAttachmentResult, SmokeObject, SmokeRead, SmokeScene } from './renderer-smoke.test-support.ts';

const RED = [255, 0, 0, 255];
const WHITE = [255, 255, 255, 255];
/** A 4 m red box straight ahead of the camera, its front face at y = 128. */
const RED_BOX = { position: [128, 130, 27] as [number, number, number], scale: [4, 4, 4] as [number, number, number], color: RED };
const FRONT_OF_RED_BOX: [number, number, number] = [128, 128, 27];
/** Bottom-middle pixel (ground in front of the camera) and top-middle pixel (sky). */
const GROUND_PIXEL: [number, number] = [80, 4];
const SKY_PIXEL: [number, number] = [80, 116];

const isRed = ([r, g, b]: number[]) => r > 60 && r > 2 * g && r > 2 * b;
const brightness = ([r, g, b]: number[]) => r + g + b;

describeWithChromium('renderer in headless Chromium (software WebGL)', (executable) => {
  let opened: BundledPage;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    opened = await openBundledPage(executable, 'renderer-smoke.test-support.ts');
    ({ page, problems } = opened);
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
  });

  async function run(scene: SmokeScene): Promise<SmokeRead[]> {
    const result = await page.evaluate((s) => (globalThis as unknown as { slvSmoke: { run(s: unknown): Promise<{ reads: SmokeRead[]; error?: string }> } }).slvSmoke.run(s), scene);
    if (result.error !== undefined) throw new Error(`page: ${result.error}\n${problems.join('\n')}`);
    return result.reads;
  }

  async function runContextLoss(scene: ContextLossScene): Promise<ContextLossResult> {
    const before = problems.length;
    const result = await page.evaluate(
      (s) => (globalThis as unknown as { slvSmoke: { runContextLoss(s: unknown): Promise<ContextLossResult> } }).slvSmoke.runContextLoss(s),
      scene,
    );
    if (result.error !== undefined) throw new Error(`page: ${result.error}\n${problems.join('\n')}`);
    expect(problems.slice(before), 'page errors and console errors').toEqual([]);
    return result;
  }

  /** A green cylinder left of the red box: a shape first needed while the context is lost. */
  const GREEN_CYLINDER = { position: [120, 130, 27] as [number, number, number], scale: [3, 3, 3] as [number, number, number], color: [0, 255, 0, 255], shape: { profileCurve: 0 } };
  const isGreen = ([r, g, b]: number[]) => g > 60 && g > 2 * r && g > 2 * b;

  it('survives a lost WebGL2 context: CPU systems run, nothing draws, and a restore draws the same world again', async () => {
    // The box glows: the glow pass's targets (sharing the depth texture) are rebuilt too.
    const { reads, lostNotice, events } = await runContextLoss({
      webgl2: true, profile: 'Balanced', objects: [{ ...RED_BOX, glow: 1 }], probes: [FRONT_OF_RED_BOX], frames: 4, addedWhileLost: GREEN_CYLINDER, lostFrames: 4,
    });
    const [before, lost, after] = reads;
    expect(isRed(before.colors[0]), `box pixel before ${before.colors[0]}`).toBe(true);
    expect(before.stats.gpuContext).toMatchObject({ state: 'ready', losses: 0 });
    expect(events).toEqual(['lost (default prevented)', 'restored']);
    // Lost: no draws, but culling and LOD saw the object added meanwhile (its mesh recorded, not uploaded).
    expect(lost.stats.gpuContext).toMatchObject({ state: 'lost', losses: 1, restores: 0 });
    expect(lostNotice).toMatch(/^GPU context lost — waiting for restore \(\d+ s\)$/);
    expect(lost.stats.drawCalls).toBe(0);
    expect(lost.stats.frames).toBe(before.stats.frames);
    expect(lost.stats.entitiesVisible).toBe(2);
    expect(lost.stats.residentMeshes).toBe((before.stats.residentMeshes as number) + 1);
    expect(lost.stats.hzbReason).toMatch(/context is lost/);
    expect(lost.stats.hzbUsable).toBe(false);
    // Restored: the same world drawn on a new regl instance, the new shape too; HZB set up again.
    expect(after.stats.gpuContext).toMatchObject({ state: 'ready', losses: 1, restores: 1 });
    expect(isRed(after.colors[0]), `box pixel after ${after.colors[0]}`).toBe(true);
    expect(isGreen(after.colors[1]), `cylinder pixel after ${after.colors[1]}`).toBe(true);
    expect(after.stats.drawCalls).toBeGreaterThan(before.stats.drawCalls as number);
    expect(after.stats.frames).toBeGreaterThan(before.stats.frames as number);
    expect(after.stats.hzbUsable).toBe(true);
    expect(before.stats.glowDraws).toBe(6);
    expect(after.stats.glowDraws).toBe(6);
  });

  it('survives a lost context with a regl instance the app made (regl restores it, the renderer rebuilds its own objects)', async () => {
    const { reads, events } = await runContextLoss({
      webgl2: true, profile: 'Balanced', objects: [RED_BOX], probes: [FRONT_OF_RED_BOX], addedWhileLost: GREEN_CYLINDER, lostFrames: 2, callerRegl: true,
    });
    const [before, lost, after] = reads;
    expect(isRed(before.colors[0])).toBe(true);
    expect(events).toEqual(['lost (default prevented)', 'restored']);
    expect(lost.stats.drawCalls).toBe(0);
    expect(after.stats.gpuContext).toMatchObject({ state: 'ready', restores: 1 });
    expect(isRed(after.colors[0]), `box pixel after ${after.colors[0]}`).toBe(true);
    expect(isGreen(after.colors[1]), `cylinder pixel after ${after.colors[1]}`).toBe(true);
  });

  it('says so when a lost context is not restored in time, and still recovers when it comes back (WebGL1)', async () => {
    const { reads, lostNotice } = await runContextLoss({
      webgl2: false, profile: 'Balanced', objects: [RED_BOX], probes: [FRONT_OF_RED_BOX], addedWhileLost: GREEN_CYLINDER, lostFrames: 20, restoreTimeoutMs: 200,
    });
    const [, lost, after] = reads;
    expect(lost.stats.gpuContext).toMatchObject({ state: 'failed', error: expect.stringMatching(/did not restore the GPU context within 200 ms/) });
    expect(lostNotice).toMatch(/^GPU context not restored: .*Reload the page/);
    expect(lost.stats.drawCalls).toBe(0);
    expect(after.stats.gpuContext).toMatchObject({ state: 'ready', restores: 1 });
    expect(isRed(after.colors[0]), `box pixel after ${after.colors[0]}`).toBe(true);
    expect(isGreen(after.colors[1]), `cylinder pixel after ${after.colors[1]}`).toBe(true);
  });

  it('finds the scene depth texture through GL, not regl internals (a regl upgrade that binds differently fails here)', async () => {
    const depth = (webgl2: boolean) =>
      page.evaluate((w) => (globalThis as unknown as { slvSmoke: { depthAttachment(w: boolean): DepthAttachmentResult } }).slvSmoke.depthAttachment(w), webgl2);
    const two = await depth(true);
    expect(two.error).toBeUndefined();
    expect(two.kinds).toEqual(['texture', 'texture']);
    expect(two.sameAsPass).toBe(true);
    // WebGL1 keeps depth in a renderbuffer: there is no texture, and no HZB pass.
    const one = await depth(false);
    expect(one.error).toBeUndefined();
    expect(one.kinds).toEqual(['null', 'null']);
  });

  for (const webgl2 of [true, false]) {
    it(`draws a red box, terrain and sky (${webgl2 ? 'WebGL2' : 'WebGL1'})`, async () => {
      const [read] = await run({ webgl2, profile: 'High', objects: [RED_BOX], probes: [FRONT_OF_RED_BOX], pixels: [GROUND_PIXEL, SKY_PIXEL] });
      const [box, ground, sky] = read.colors;
      expect(isRed(box), `box pixel ${box}`).toBe(true);
      expect(ground[1], `ground pixel ${ground} should be grass`).toBeGreaterThan(ground[2]);
      expect(sky[2], `sky pixel ${sky}`).toBeGreaterThan(sky[0]);
      expect(read.stats.entitiesVisible).toBe(1);
      expect(read.stats.webgl2).toBe(webgl2);
      expect(read.stats.activeShaderTier).toBe('clustered');
      // Terrain, 6 box faces, water, present.
      expect(read.stats.drawCalls).toBe(1 + 6 + 1 + 1);
      expect(read.stats.hzbReason).toMatch(webgl2 ? /waiting for the first depth pyramid/ : /WebGL2/);
    });
  }

  it('colours each face from its own TextureEntry face', async () => {
    const faces = [[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255], [255, 255, 0, 255], [255, 0, 255, 255], [0, 255, 255, 255]];
    const [read] = await run({ webgl2: true, profile: 'Balanced', objects: [{ ...RED_BOX, color: faces }], probes: [FRONT_OF_RED_BOX] });
    const expected = faces[read.stats.faceTowardCamera as number];
    const got = read.colors[0];
    for (let c = 0; c < 3; c++) {
      if (expected[c] === 255) expect(got[c], `face pixel ${got}, expected the pattern of ${expected}`).toBeGreaterThan(40);
      else expect(got[c], `face pixel ${got}, expected the pattern of ${expected}`).toBeLessThan(25);
    }
  });

  it('instances share draws: ten boxes of one shape cost the draws of one', async () => {
    const objects = Array.from({ length: 10 }, (_, i) => ({ position: [118 + i * 2, 140, 24] as [number, number, number], scale: [1, 1, 1] as [number, number, number], color: WHITE }));
    const [read] = await run({ webgl2: true, profile: 'Balanced', objects, probes: [] });
    expect(read.stats.entitiesVisible).toBe(10);
    expect(read.stats.primDraws).toBe(6);
    expect(read.stats.distinctMeshes).toBe(1);
  });

  it('grows the instance buffers past their first size (1100 boxes, 6 draws)', async () => {
    const objects = [];
    for (let i = 0; i < 1100; i++) {
      objects.push({ position: [113 + (i % 55) * 0.55, 150, 22 + Math.floor(i / 55) * 0.55] as [number, number, number], scale: [0.4, 0.4, 0.4] as [number, number, number], color: RED });
    }
    const [read] = await run({ webgl2: false, profile: 'Balanced', objects, probes: [objects[1099].position] });
    expect(read.stats.entitiesVisible).toBe(1100);
    expect(read.stats.primDraws).toBe(6);
    expect(isRed(read.colors[0]), `last box pixel ${read.colors[0]}`).toBe(true);
  });

  it('draws sculpts and meshes as their bounding box', async () => {
    const [read] = await run({ webgl2: true, profile: 'Balanced', objects: [{ ...RED_BOX, sculpt: true }], probes: [FRONT_OF_RED_BOX] });
    expect(isRed(read.colors[0])).toBe(true);
    expect(read.stats.boxesDrawn).toBe(1);
  });

  for (const [label, webgl2, format] of [['float textures', true, undefined], ['packed RGBA8 textures, WebGL1', false, 'packed']] as const) {
    it(`lights a surface with a point light on the clustered tier only, switching tier on the next frame (${label})`, async () => {
      const lamp = { position: [128, 125, 27] as [number, number, number], scale: [0.1, 0.1, 0.1] as [number, number, number], color: [0, 0, 0, 0], light: { color: [1, 1, 1] as [number, number, number], intensity: 1, radius: 8, falloff: 0 } };
      const reads = await run({
        webgl2,
        profile: 'High',
        sun: [0, 0.2, -1],
        objects: [{ ...RED_BOX, color: WHITE }, lamp],
        probes: [FRONT_OF_RED_BOX],
        switches: ['Low', 'High'],
        ...(format === undefined ? {} : { lightTextureFormat: format }),
      });
      const [clustered, basic, again] = reads;
      expect(clustered.stats.lightsInView).toBe(1);
      expect(clustered.stats.clusterMaxLights).toBeGreaterThanOrEqual(1);
      expect(basic.stats.activeShaderTier).toBe('basic');
      expect(basic.stats.textureFiltering).toBe('bilinear');
      expect(basic.stats.anisotropy).toBe(1);
      expect(clustered.stats.textureFiltering).toBe('anisotropic');
      expect(clustered.stats.anisotropy).toBeGreaterThan(1);
      expect(brightness(clustered.colors[0])).toBeGreaterThan(brightness(basic.colors[0]) + 120);
      expect(again.stats.activeShaderTier).toBe('clustered');
      expect(Math.abs(brightness(again.colors[0]) - brightness(clustered.colors[0]))).toBeLessThan(6);
      // Switching back compiled nothing new: variants are kept.
      expect(again.stats.shaderCompiles).toBe(basic.stats.shaderCompiles);
    });
  }

  // Two half-transparent panes straight ahead, 6 m apart: blended back to front, the nearer colour dominates
  // (0.5 near + 0.25 far); unsorted, the one created last would, whichever is nearer.
  const pane = (y: number, color: number[]) => ({ position: [128, y, 27] as [number, number, number], scale: [10, 0.2, 10] as [number, number, number], color });
  const HALF_RED = [255, 0, 0, 128];
  const HALF_BLUE = [0, 0, 255, 128];
  const FRONT_PANE: [number, number, number] = [128, 119.8, 27];
  for (const [label, webgl2, objects, nearIsRed] of [
    ['red in front, created first', true, [pane(120, HALF_RED), pane(126, HALF_BLUE)], true],
    ['red in front, created last', true, [pane(126, HALF_BLUE), pane(120, HALF_RED)], true],
    ['blue in front, created first, WebGL1', false, [pane(120, HALF_BLUE), pane(126, HALF_RED)], false],
  ] as const) {
    it(`blends overlapping translucent panes back to front (${label})`, async () => {
      const [read] = await run({ webgl2, profile: 'Balanced', objects: [...objects], probes: [FRONT_PANE] });
      const [r, , b] = read.colors[0];
      const [near, far] = nearIsRed ? [r, b] : [b, r];
      expect(near, `pane pixel ${read.colors[0]}: the nearer pane's colour should dominate`).toBeGreaterThan(far + 15);
      expect(far, `pane pixel ${read.colors[0]}: the farther pane should show through`).toBeGreaterThan(8);
      // Twelve translucent faces, each its own run (the far pane's six, then the near pane's); no opaque draws.
      expect(read.stats.translucentFaces).toBe(12);
      expect(read.stats.translucentDraws).toBe(12);
      expect(read.stats.primDraws).toBe(12);
      // Terrain, water, the twelve runs, present.
      expect(read.stats.drawCalls).toBe(1 + 1 + 12 + 1);
    });
  }

  // A red box at night (dark ground and sky): with glow 1 its blurred colour spills past its right edge.
  const NIGHT: [number, number, number] = [0, 0.2, -1];
  const RIGHT_OF_RED_BOX: [number, number, number] = [130.6, 128, 27];
  const ABOVE_RED_BOX: [number, number, number] = [128, 128, 29.6];
  for (const webgl2 of [false, true]) {
    it(`draws glow as a halo on Balanced, none on Low (${webgl2 ? 'WebGL2' : 'WebGL1'})`, async () => {
      const scene = { webgl2, sun: NIGHT, probes: [FRONT_OF_RED_BOX, RIGHT_OF_RED_BOX, ABOVE_RED_BOX] };
      const [plain] = await run({ ...scene, profile: 'Balanced', objects: [RED_BOX] });
      const [glowing] = await run({ ...scene, profile: 'Balanced', objects: [{ ...RED_BOX, glow: 1 }] });
      const [lowPlain] = await run({ ...scene, profile: 'Low', objects: [RED_BOX] });
      const [lowGlowing] = await run({ ...scene, profile: 'Low', objects: [{ ...RED_BOX, glow: 1 }] });
      expect(isRed(glowing.colors[0]), `box pixel ${glowing.colors[0]}`).toBe(true);
      for (const i of [1, 2]) {
        expect(glowing.colors[i][0], `halo pixel ${glowing.colors[i]} vs ${plain.colors[i]} without glow`).toBeGreaterThan(plain.colors[i][0] + 20);
        expect(Math.abs(lowGlowing.colors[i][0] - lowPlain.colors[i][0]), `Low: ${lowGlowing.colors[i]} vs ${lowPlain.colors[i]}`).toBeLessThanOrEqual(2);
      }
      // Terrain, 6 box faces, water, present; then 6 glow draws, two blur passes and the composite.
      expect(plain.stats.glowDraws).toBe(0);
      expect(plain.stats.drawCalls).toBe(1 + 6 + 1 + 1);
      expect(glowing.stats.glowDraws).toBe(6);
      expect(glowing.stats.drawCalls).toBe(1 + 6 + 1 + 1 + 6 + 3);
      expect(lowGlowing.stats.glowDraws).toBe(0);
      expect(lowGlowing.stats.drawCalls).toBe(lowPlain.stats.drawCalls);
    });
  }

  it('hides glow behind an opaque wall (the glow pass tests the scene depth)', async () => {
    const wall = { position: [128, 120, 27] as [number, number, number], scale: [20, 1, 20] as [number, number, number], color: [40, 40, 40, 255] };
    const scene = { webgl2: false, sun: NIGHT, profile: 'Balanced' as const, probes: [RIGHT_OF_RED_BOX, FRONT_OF_RED_BOX] };
    const [plain] = await run({ ...scene, objects: [wall, RED_BOX] });
    const [glowing] = await run({ ...scene, objects: [wall, { ...RED_BOX, glow: 1 }] });
    expect(glowing.stats.glowDraws).toBeGreaterThan(0);
    for (const i of [0, 1]) {
      for (let c = 0; c < 3; c++) {
        expect(Math.abs(glowing.colors[i][c] - plain.colors[i][c]), `wall pixel ${glowing.colors[i]} vs ${plain.colors[i]} without glow`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('culls a box hidden behind a wall with the previous frames\' depth pyramid (WebGL2)', async () => {
    const wall = { position: [128, 115, 30] as [number, number, number], scale: [60, 1, 40] as [number, number, number], color: WHITE };
    const hidden = { position: [128, 150, 27] as [number, number, number], scale: [2, 2, 2] as [number, number, number], color: RED };
    // The pyramid comes back through a fenced readback, a frame or more late (several on a loaded machine).
    const reads = await run({ webgl2: true, profile: 'High', objects: [wall, hidden], probes: [], frames: 40 });
    const last = reads[reads.length - 1];
    expect(last.stats.hzbAvailable, String(last.stats.hzbReason)).toBe(true);
    expect(last.stats.entitiesOcclusionCulled).toBe(1);
    expect(last.stats.entitiesVisible).toBe(1);
    // With the wall moved aside the same box stays.
    const [open] = await run({ webgl2: true, profile: 'High', objects: [{ ...wall, position: [60, 115, 30] }, hidden], probes: [], frames: 12 });
    expect(open.stats.hzbAvailable).toBe(true);
    expect(open.stats.entitiesOcclusionCulled).toBe(0);
  });
  // 60 prims in front of the camera: boxes, cylinders, spheres and tori; every third translucent,
  // every fifth glowing, every tenth a point light; terrain and water behind them.
  const ALLOCATION_WARM_UP = Number(process.env['SLV_ALLOCATION_WARM_UP'] ?? 800);
  const ALLOCATION_FRAMES = Number(process.env['SLV_ALLOCATION_FRAMES'] ?? 200);
  const ALLOCATION_SHAPES: Record<string, number>[] = [{}, { profileCurve: 0 }, { profileCurve: 5, pathCurve: 32 }, { profileCurve: 0, pathCurve: 32, pathScaleY: 0.5 }];
  const ALLOCATION_SCENE: SmokeObject[] = Array.from({ length: 60 }, (_, i) => ({
    position: [116 + (i % 10) * 2.6, 126 + Math.floor(i / 10) * 4, 23 + (i % 4) * 1.5] as [number, number, number],
    scale: [1 + (i % 3) * 0.5, 1, 1 + (i % 2)] as [number, number, number],
    color: [60 + ((i * 37) % 190), 60 + ((i * 91) % 190), 60 + ((i * 53) % 190), i % 3 === 0 ? 128 : 255],
    glow: i % 5 === 0 ? 0.6 : 0,
    shape: ALLOCATION_SHAPES[i % 4],
    ...(i % 10 === 0 ? { light: { color: [1, 0.8, 0.6] as [number, number, number], intensity: 1, radius: 6, falloff: 0.5 } } : {}),
  }));

  it('allocates under 256 bytes a frame with opaque, translucent and glowing prims, lights and terrain (sampling heap profiler)', async () => {
    type Frames = {
      prepareFrames(s: unknown): Promise<string | null>;
      runFrames(n: number): Promise<[string, unknown][]>;
      disposeFrames(): void;
      renderSystemFunctions(): string[];
    };
    // Warm-up long enough for the once-a-frame code to leave V8's baseline tier (where every
    // number read is boxed); then enough measured frames that the sampling holds many samples.
    const error = await page.evaluate(
      (s) => (globalThis as unknown as { slvSmoke: Frames }).slvSmoke.prepareFrames(s),
      { webgl2: true, profile: 'Balanced', objects: ALLOCATION_SCENE, probes: [], size: [16, 16], sun: [0, 0.2, -1], frames: ALLOCATION_WARM_UP } satisfies SmokeScene,
    );
    expect(error).toBeNull();
    try {
      const systems = await page.evaluate(() => (globalThis as unknown as { slvSmoke: Frames }).slvSmoke.renderSystemFunctions());
      let stats: Record<string, unknown> = {};
      let ms = 0;
      const profile = await sampleHeapProfile(page, async () => {
        const began = performance.now();
        stats = Object.fromEntries(await page.evaluate((n) => (globalThis as unknown as { slvSmoke: Frames }).slvSmoke.runFrames(n), ALLOCATION_FRAMES));
        ms = performance.now() - began;
      });
      const render = allocationsUnder(profile, systems);
      // The scheduler around them reads the clock per system (performance.now boxes its result): reported, not counted.
      const frame = allocationsUnder(profile, ['runFrame']);
      const perFrame = render.bytes / ALLOCATION_FRAMES;
      expect(stats.frames).toBe(ALLOCATION_WARM_UP + ALLOCATION_FRAMES);
      expect(stats.translucentDraws).toBeGreaterThan(0);
      expect(stats.glowDraws).toBeGreaterThan(0);
      expect(stats.lightsInView).toBeGreaterThan(0);
      expect(render.pageBytes, 'the profiler sampled nothing at all').toBeGreaterThan(0);
      const report = `render systems allocate ${perFrame.toFixed(1)} B/frame (the whole frame with the scheduler ${(frame.bytes / ALLOCATION_FRAMES).toFixed(1)} B) over ${ALLOCATION_FRAMES} frames (${(ms / ALLOCATION_FRAMES).toFixed(1)} ms each) after ${ALLOCATION_WARM_UP}; top sites per frame:\n${describeSites(render, ALLOCATION_FRAMES)}`;
      if (process.env['SLV_ALLOCATION_REPORT'] === '1') console.log(`${report}\nwith the scheduler:\n${describeSites(frame, ALLOCATION_FRAMES)}`);
      expect(perFrame, report).toBeLessThan(256);
    } finally {
      await page.evaluate(() => (globalThis as unknown as { slvSmoke: Frames }).slvSmoke.disposeFrames());
    }
  }, 60_000);
});
