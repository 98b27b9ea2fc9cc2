/**
 * Textures end to end: the viewer logged in to the test region in headless
 * Chromium fetches the region's textures through the launcher's relay
 * (GetTexture, Range requests), decodes them in texture-worker.js workers
 * and draws them from the virtual texture. The test texture board carries
 * the library's quadrants texture (red, green / blue, yellow): each quadrant
 * must show on its part of the board's front face, upright. The sculpted
 * sphere's map comes the same way and must make it round.
 */
import { TEST_OBJECT_NAMES, findObjectByName } from '@slv/sim';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '@slv/testing';
import type { RunningLauncher } from '../launcher/start-launcher.ts';
import type { ChromiumSession } from '../harness/chromium.ts';
import { meanColor } from '../harness/png.ts';
import { startViewerSession, type ViewerSession } from '../harness/viewer-session.ts';
import { screenshotCanvas, waitForTextures, waitFrames } from '../harness/viewer-page.ts';

type Hue = 'red' | 'green' | 'blue' | 'yellow' | 'other';

function hue(r: number, g: number, b: number): Hue {
  if (r > 1.8 * b && g > 1.8 * b && r > 60 && g > 60) return 'yellow';
  if (r > 1.8 * g && r > 1.8 * b) return 'red';
  if (g > 1.8 * r && g > 1.8 * b) return 'green';
  if (b > 1.8 * r && b > 1.8 * g) return 'blue';
  return 'other';
}

describeWithChromium('viewer in headless Chromium: textures', (executablePath) => {
  let launcher: RunningLauncher;
  let browser: ChromiumSession;
  let page: Page;
  let session: ViewerSession | undefined;

  beforeAll(async () => {
    session = await startViewerSession({ executablePath, name: 'viewer-textures-e2e', width: 480, height: 300 });
    ({ launcher, browser, page } = session);
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  const stats = () => page.evaluate(() => window.slvViewer!.stats());
  const failureContext = () => (browser.problems.length === 0 ? '' : `\npage said:\n  ${browser.problems.slice(-10).join('\n  ')}`);

  it('streams the region\'s textures and shows the board\'s quadrants where they belong', async () => {
    const board = findObjectByName(launcher.region!.scene, TEST_OBJECT_NAMES.textureBoard);
    if (!board) throw new Error('the test layout has no texture board');
    const [x, y, z] = board.position;
    // From 3 m south, level with the board's centre: its front (-y) face fills the middle of the view.
    await page.evaluate(([e, t]) => {
      window.slvViewer!.setCameraMode('orbit');
      window.slvViewer!.lookAt(e, t);
    }, [[x, y - 3, z], [x, y, z]] as const);
    // The board's texture is asked for on the frames after the camera moved; then until the streamer is idle
    // and the virtual texture writes no more pages.
    await waitFrames(page, 4);
    try {
      await waitForTextures(page);
    } catch (error) {
      throw new Error(`waiting for the textures: ${(error as Error).message}; stats ${JSON.stringify(await stats())}${failureContext()}`);
    }
    const settled = await stats();
    expect(settled.virtualTexturing, settled.textureReason).toBe(true);
    // The board's texture and the terrain's four (RegionHandshake's TerrainDetail0..3) at least.
    expect(settled.vtTextures).toBeGreaterThanOrEqual(5);
    await waitFrames(page, 10);
    const s = await stats();
    expect(s.streamer!.missing, JSON.stringify(s.streamer)).toBe(0);
    expect(s.streamer!.bytesFetched).toBeGreaterThan(0);
    const front = y - 0.11;
    const points: [number, number, number][] = [[x - 0.5, front, z + 0.5], [x + 0.5, front, z + 0.5], [x - 0.5, front, z - 0.5], [x + 0.5, front, z - 0.5]];
    const image = await screenshotCanvas(page);
    const hues: Hue[] = [];
    for (const p of points) {
      const at = await page.evaluate((q) => window.slvViewer!.project(q), p);
      hues.push(hue(...meanColor(image, at.x, at.y, 2)));
    }
    expect(hues, `board quadrants (top-left, top-right, bottom-left, bottom-right)${failureContext()}`).toEqual(['red', 'green', 'blue', 'yellow']);
    expect(browser.problems, 'page errors and console errors').toEqual([]);
  }, 120_000);

  it('draws the sculpted sphere from its sculpt map: round, not its box', async () => {
    const sphere = findObjectByName(launcher.region!.scene, TEST_OBJECT_NAMES.sculptSphere);
    if (!sphere) throw new Error('the test layout has no sculpt sphere');
    const [x, y, z] = sphere.position;
    await page.evaluate(([e, t]) => {
      window.slvViewer!.setCameraMode('orbit');
      window.slvViewer!.lookAt(e, t);
    }, [[x, y - 5, z], [x, y, z]] as const);
    await waitFrames(page, 4);
    await waitForTextures(page);
    await waitFrames(page, 4);
    const image = await screenshotCanvas(page);
    const isMagenta = (r: number, g: number, b: number): boolean => r > g + 40 && b > g + 40;
    const colourAt = async (p: [number, number, number]) => {
      const at = await page.evaluate((q) => window.slvViewer!.project(q), p);
      return meanColor(image, at.x, at.y, 1);
    };
    // The sphere's middle is the prim's colour; a corner of its 2 m box, 0.85 m off both axes, is past the sphere.
    const middle = await colourAt([x, y - 1.01, z]);
    const corner = await colourAt([x - 0.85, y - 1.01, z + 0.85]);
    expect(isMagenta(...middle), `middle ${middle.map(Math.round)}${failureContext()}`).toBe(true);
    expect(isMagenta(...corner), `corner ${corner.map(Math.round)}${failureContext()}`).toBe(false);
  }, 120_000);
});
