/**
 * The reference viewer end to end: the bundle built from source, the launcher
 * in-process on a free port with a small test region, headless Chromium with
 * software WebGL logging in through the relay, and checks made on the
 * rendered pixels. Scenes are small: SwiftShader costs ~30 µs per instance.
 *
 * Layout (region metres; the plateau around the centre is flat at 22 m):
 *   test layout     the sim's known objects: red box at (128, 140), lamp, …
 *   occlusion       a wall at y = 116 with five green boxes behind it at y = 110
 *   point light     a blue lamp 1.5 m over (108, 128)
 *   draw distance   a magenta tower at (128, 48), ~82 m from (128, 128, 50)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BLANK_TEXTURE_ID, TEST_OBJECT_NAMES, findObjectByName, type PrimSpec, type SceneObject } from '@slv/sim';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningLauncher } from '../launcher/start-launcher.ts';
import type { ChromiumSession } from '../harness/chromium.ts';
import { startViewerSession, type ViewerSession } from '../harness/viewer-session.ts';
import { meanColor, shareOfPixels, type RgbaImage } from '../harness/png.ts';
import { hidePanels, screenshotCanvas, waitForViewer, waitFrames } from '../harness/viewer-page.ts';
import { describeWithChromium } from '@slv/testing';

type Vec3 = [number, number, number];

const HIDDEN_BOXES = 5;
const WALL = 'e2e wall';
const BLUE_LAMP = 'e2e blue lamp';
const TOWER = 'e2e far tower';

const EXTRA_OBJECTS: PrimSpec[] = [
  { name: WALL, shape: 'box', position: [128, 116, 4], aboveTerrain: true, scale: [14, 0.4, 8], color: [0.55, 0.55, 0.6, 1], textureId: BLANK_TEXTURE_ID },
  ...Array.from({ length: HIDDEN_BOXES }, (_, i): PrimSpec => ({
    name: `e2e hidden ${i}`, shape: 'box', position: [125 + 1.5 * i, 110, 0.5], aboveTerrain: true, scale: [1, 1, 1], color: [0, 1, 0, 1], textureId: BLANK_TEXTURE_ID,
  })),
  {
    name: BLUE_LAMP, shape: 'sphere', position: [108, 128, 1.5], aboveTerrain: true, scale: [0.2, 0.2, 0.2],
    light: { color: [0, 0.25, 1], intensity: 1, radius: 6, cutoff: 0, falloff: 0.5 },
  },
  { name: TOWER, shape: 'box', position: [128, 48, 10], aboveTerrain: true, scale: [6, 6, 20], color: [1, 0, 1, 1], textureId: BLANK_TEXTURE_ID },
];

const isRed = (r: number, g: number, b: number): boolean => r > 100 && r > 1.8 * g && r > 1.8 * b;
const isGreen = (r: number, g: number, b: number): boolean => g > 60 && g > 1.8 * r && g > 1.8 * b;
const isMagenta = (r: number, g: number, b: number): boolean => r > g + 40 && b > g + 40;
const blueness = ([r, g, b]: readonly number[]): number => b! - (r! + g!) / 2;

describeWithChromium('viewer in headless Chromium', (executablePath) => {
  let launcher: RunningLauncher;
  let browser: ChromiumSession;
  let page: Page;
  const scene = (name: string): SceneObject => {
    const found = findObjectByName(launcher.region!.scene, name);
    if (!found) throw new Error(`scene has no "${name}"`);
    return found;
  };

  async function look(eye: Vec3, target: Vec3, frames = 4): Promise<void> {
    await page.evaluate(([e, t]) => window.slvViewer!.lookAt(e, t), [eye, target] as const);
    await waitFrames(page, frames);
  }
  const project = (p: Vec3) => page.evaluate((q) => window.slvViewer!.project(q), p);
  const stats = () => page.evaluate(() => window.slvViewer!.stats());
  let shots = 0;
  /** The canvas; with SLV_E2E_SHOTS=DIR each one is also saved there as a PNG, for looking at failures. */
  async function shot(label: string): Promise<RgbaImage> {
    const dir = process.env['SLV_E2E_SHOTS'];
    if (dir !== undefined && dir !== '') {
      mkdirSync(dir, { recursive: true });
      await page.locator('#view').screenshot({ path: join(dir, `${String(++shots).padStart(2, '0')}-${label}.png`) });
    }
    return screenshotCanvas(page);
  }
  function failureContext(): string {
    return browser.problems.length === 0 ? '' : `\npage said:\n  ${browser.problems.slice(-10).join('\n  ')}`;
  }

  let session: ViewerSession | undefined;
  beforeAll(async () => {
    session = await startViewerSession({ executablePath, name: 'viewer-e2e', width: 640, height: 400, extraObjects: EXTRA_OBJECTS });
    ({ launcher, browser, page } = session);
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('logs in through the relay and reports its state', async () => {
    const state = await page.evaluate(() => {
      const v = window.slvViewer!;
      return { stage: v.stage, region: v.region(), agent: v.agentPosition(), profile: v.profile, settings: v.settings() };
    });
    expect(state.stage).toBe('connected');
    expect(state.region?.name).toBe(launcher.region!.scene.regionName);
    expect(state.agent).not.toBeNull();
    expect(state.profile).toBe('Balanced');
    expect(state.settings.adaptive.enabled).toBe(false);
    // The AgentUpdate camera follows the viewer's camera.
    await look([120, 120, 30], [128, 128, 22]);
    await expect.poll(() => launcher.region!.agents()[0]?.cameraCenter, { timeout: 10_000 }).toEqual([120, 120, 30]);
    const s = await stats();
    expect(s.systems.map((r) => r.name)).toContain('world.transforms');
    expect(s.systems.some((r) => r.phase === 'render')).toBe(true);
    expect(s.objects).toBeGreaterThanOrEqual(launcher.region!.scene.objects.length);
    // Movers (2 Hz terse updates) and pings keep packets coming; the meter must see them.
    await expect.poll(async () => (await stats()).packetsInPerSec, { timeout: 10_000 }).toBeGreaterThan(0);
  }, 60_000);

  it('flies with WASD and looks around with a mouse drag', async () => {
    await look([128, 100, 40], [128, 128, 40]);
    const before = await page.evaluate(() => window.slvViewer!.camera());
    await page.locator('#view').focus();
    await page.keyboard.down('w');
    await page.waitForTimeout(400);
    await page.keyboard.up('w');
    await waitFrames(page, 2);
    const moved = await page.evaluate(() => window.slvViewer!.camera());
    expect(moved.mode).toBe('fly');
    expect(moved.eye[1]).toBeGreaterThan(before.eye[1] + 0.5); // forward is north here
    expect(Math.abs(moved.eye[0] - before.eye[0])).toBeLessThan(0.01);
    await page.mouse.move(320, 200);
    await page.mouse.down();
    await page.mouse.move(220, 200, { steps: 5 });
    await page.mouse.up();
    await waitFrames(page, 2);
    const turned = await page.evaluate(() => window.slvViewer!.camera());
    expect(turned.yaw).toBeGreaterThan(moved.yaw + 0.2); // dragging left turns left
    // O orbits the agent again.
    await page.keyboard.press('o');
    await waitFrames(page, 2);
    const orbit = await page.evaluate(() => ({ camera: window.slvViewer!.camera(), agent: window.slvViewer!.agentPosition()! }));
    expect(orbit.camera.mode).toBe('orbit');
    expect(orbit.camera.target[0]).toBeCloseTo(orbit.agent[0], 3);
  }, 60_000);

  it('records per-system frame times and an empty-frame baseline for the frame benchmark', async () => {
    const { frames, empty } = await page.evaluate(async () => ({
      frames: await window.slvViewer!.recordFrames(5),
      empty: await window.slvViewer!.recordEmptyFrames(5),
    }));
    expect(frames.cpuMs).toHaveLength(5);
    expect(frames.intervalMs.every((ms) => ms > 0)).toBe(true);
    expect(frames.systems.map((s) => s.name)).toEqual(expect.arrayContaining(['world.transforms', 'render.cull', 'render.draw']));
    for (const system of frames.systems) expect(system.ms).toHaveLength(5);
    expect(empty.systems).toEqual([]);
    expect(empty.cpuMs).toHaveLength(5);
    // The viewer's loop runs again afterwards.
    await waitFrames(page, 2);
  }, 60_000);

  it('draws the terrain', async () => {
    await look([128, 90, 60], [128, 128, 400]);
    const sky = await shot('sky');
    const skyColor = meanColor(sky, sky.width / 2, sky.height / 2, 40);
    await look([128, 90, 60], [128, 128, 22]);
    const ground = await shot('terrain');
    const differs = shareOfPixels(ground, 0, ground.height / 2, ground.width - 1, ground.height - 1, (r, g, b) =>
      Math.abs(r - skyColor[0]) + Math.abs(g - skyColor[1]) + Math.abs(b - skyColor[2]) > 60);
    expect(differs, `terrain should cover the lower half (sky ${skyColor.map(Math.round)})${failureContext()}`).toBeGreaterThan(0.8);
    const s = await stats();
    expect(s.drawCalls).toBeGreaterThan(0);
    expect(s.triangles).toBeGreaterThan(1000);
  }, 60_000);

  it('shows the red box red at its projected position', async () => {
    const box = scene(TEST_OBJECT_NAMES.redBox);
    const centre = box.position;
    await look([131, 126, centre[2] + 1], centre);
    const at = await project(centre);
    expect(at.inFront).toBe(true);
    const image = await shot('red-box');
    const color = meanColor(image, at.x, at.y, 3);
    expect(isRed(...color), `colour at (${at.x.toFixed(0)}, ${at.y.toFixed(0)}) is ${color.map(Math.round)}${failureContext()}`).toBe(true);
    // And not everywhere: the sky above it is not red.
    expect(isRed(...meanColor(image, at.x, 5, 3))).toBe(false);
  }, 60_000);

  it('culls boxes hidden behind a wall by occlusion, and they do not show', async () => {
    const boxes = Array.from({ length: HIDDEN_BOXES }, (_, i) => scene(`e2e hidden ${i}`));
    const ground = boxes[0]!.position[2] - 0.5;
    // From the far side the boxes stand in front of the wall: the check itself sees green when it is there.
    await look([128, 100, ground + 1.6], [128, 110, ground + 0.5], 6);
    let image = await shot('boxes-front');
    for (const box of boxes) {
      const at = await project(box.position);
      expect(isGreen(...meanColor(image, at.x, at.y, 2)), `box ${box.name} visible from the front${failureContext()}`).toBe(true);
    }
    // From behind the wall: hidden, and culled by the HZB test.
    await look([128, 126, ground + 1.6], [128, 110, ground + 0.5], 10);
    await waitForViewer(page, 'occlusion culling', (v, n) => v.stats().occlusionCulled >= n, HIDDEN_BOXES, 30_000).catch(async (error: Error) => {
      throw new Error(`${error.message}; stats ${JSON.stringify(await stats())}`);
    });
    const s = await stats();
    expect(s.culling).toBe('hzb');
    // Chromium has WebAssembly SIMD: the frustum kernel, not the scalar fallback, ran.
    expect(s.frustumSimd).toBe(true);
    expect(s.occlusionCulled).toBeGreaterThanOrEqual(HIDDEN_BOXES);
    image = await shot('boxes-behind');
    for (const box of boxes) {
      const at = await project(box.position);
      expect(isGreen(...meanColor(image, at.x, at.y, 2)), `box ${box.name} must not show`).toBe(false);
    }
    expect(shareOfPixels(image, 0, 0, image.width - 1, image.height - 1, isGreen)).toBeLessThan(0.001);
  }, 90_000);

  it('tints the ground near a coloured point light and not far away', async () => {
    const lamp = scene(BLUE_LAMP);
    const ground = lamp.position[2] - 1.5;
    const near: Vec3 = [lamp.position[0] + 0.8, lamp.position[1] - 0.8, ground];
    const far: Vec3 = [lamp.position[0], lamp.position[1] + 12, ground];
    await look([lamp.position[0], lamp.position[1] - 10, ground + 8], [lamp.position[0], lamp.position[1] + 2, ground], 6);
    const [nearAt, farAt] = [await project(near), await project(far)];
    const lit = await shot('light-on');
    const litNear = meanColor(lit, nearAt.x, nearAt.y, 3);
    const litFar = meanColor(lit, farAt.x, farAt.y, 3);
    const s = await stats();
    expect(s.lightsInView).toBeGreaterThanOrEqual(1);
    // The same view without the lamp: only the ground near it changes.
    expect(launcher.region!.killObject(lamp.localId)).toBe(true);
    await waitForViewer(page, 'the lamp to be removed', (v, id) => !v.hasObject(id), lamp.localId, 30_000);
    await waitFrames(page, 6);
    const dark = await shot('light-off');
    const darkNear = meanColor(dark, nearAt.x, nearAt.y, 3);
    const darkFar = meanColor(dark, farAt.x, farAt.y, 3);
    const detail = `near ${litNear.map(Math.round)} → ${darkNear.map(Math.round)}, far ${litFar.map(Math.round)} → ${darkFar.map(Math.round)}${failureContext()}`;
    // The ground is textured (grass and dirt reflect little blue), so a blue light tints it by a few levels, not tens.
    expect(blueness(litNear) - blueness(darkNear), detail).toBeGreaterThan(8);
    expect(blueness(litNear) - blueness(litFar), detail).toBeGreaterThan(8);
    expect(Math.abs(blueness(litFar) - blueness(darkFar)), detail).toBeLessThan(6);
  }, 90_000);

  it('switching to Low in Preferences pulls the draw distance in: an object between 64 m and 128 m disappears', async () => {
    const tower = scene(TOWER);
    const aim: Vec3 = [tower.position[0], tower.position[1], tower.position[2] + 5];
    await look([128, 128, 50], aim, 6);
    const at = await project(aim);
    const before = await shot('tower-balanced');
    expect(isMagenta(...meanColor(before, at.x, at.y, 2)), `tower at Balanced: ${meanColor(before, at.x, at.y, 2).map(Math.round)}${failureContext()}`).toBe(true);
    expect((await stats()).drawDistance).toBe(128);
    // Through the Preferences window, as a user would.
    await hidePanels(page, false);
    await page.click('#open-preferences');
    await page.selectOption('#pref-profile', 'Low');
    await page.click('#preferences button');
    await hidePanels(page);
    await waitFrames(page, 6);
    const s = await stats();
    expect(s.profile).toBe('Low');
    expect(s.drawDistance).toBe(64);
    const after = await shot('tower-low');
    expect(isMagenta(...meanColor(after, at.x, at.y, 2)), `tower at Low: ${meanColor(after, at.x, at.y, 2).map(Math.round)}`).toBe(false);
    expect(shareOfPixels(after, 0, 0, after.width - 1, after.height - 1, isMagenta)).toBeLessThan(0.001);
    // Saved for the next launch.
    const saved = await page.evaluate(() => localStorage.getItem('slv.settings'));
    expect(JSON.parse(saved!)).toMatchObject({ profile: 'Low', userChoseProfile: true });
  }, 90_000);

  // Last: it ends the session the tests above share.
  it('says why when the grid kicks the session: the status line carries the KickUser reason', async () => {
    const region = launcher.region!;
    const agent = region.agents()[0]!;
    expect(region.kickAgent(agent.agentId, 'An administrator logged you out for maintenance.')).toBe(true);
    const status = page.locator('#status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('An administrator logged you out for maintenance');
    expect(await status.getAttribute('class')).toContain('error');
    expect(await page.evaluate(() => window.slvViewer!.stage)).toBe('closed');
  }, 60_000);
});
