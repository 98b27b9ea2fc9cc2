/**
 * Mesh objects end to end: the viewer logged in to the test region in
 * headless Chromium fetches the region's mesh assets through the launcher's
 * relay (ViewerAsset: the header by Range, then the wanted LOD's segment),
 * decodes them in the asset workers and draws them. Until a mesh arrives it
 * is its bounding box; once it has, the object's colour fills only the part
 * of that box its shape covers. The torus knot has all four LODs; the vase
 * has only high_lod (the others are stand-ins, then generated).
 */
import { TEST_OBJECT_NAMES, findObjectByName } from '@slv/sim';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '@slv/testing';
import type { RunningLauncher } from '../launcher/start-launcher.ts';
import type { ChromiumSession } from '../harness/chromium.ts';
import { shareOfPixels } from '../harness/png.ts';
import { startViewerSession, type ViewerSession } from '../harness/viewer-session.ts';
import { screenshotCanvas, waitFrames } from '../harness/viewer-page.ts';

type ColourTest = (r: number, g: number, b: number) => boolean;

describeWithChromium('viewer in headless Chromium: meshes', (executablePath) => {
  let launcher: RunningLauncher;
  let browser: ChromiumSession;
  let page: Page;
  let session: ViewerSession | undefined;

  beforeAll(async () => {
    session = await startViewerSession({ executablePath, name: 'viewer-meshes-e2e', width: 480, height: 300 });
    ({ launcher, browser, page } = session);
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  const failureContext = () => (browser.problems.length === 0 ? '' : `\npage said:\n  ${browser.problems.slice(-10).join('\n  ')}`);

  /**
   * Looks at `name` from 6 m south and returns, once it holds (or at the deadline), the share of the
   * pixels inside its box's front face that have the object's colour.
   */
  async function coverageOnceShaped(name: string, isColour: ColourTest, shaped: (share: number) => boolean): Promise<number> {
    const object = findObjectByName(launcher.region!.scene, name);
    if (!object) throw new Error(`the test layout has no ${name}`);
    const [x, y, z] = object.position;
    const [sx, sy, sz] = object.scale;
    await page.evaluate(([e, t]) => {
      window.slvViewer!.setCameraMode('orbit');
      window.slvViewer!.lookAt(e, t);
    }, [[x, y - 6, z], [x, y, z]] as const);
    await waitFrames(page, 4);
    const front = y - sy / 2;
    const a = await page.evaluate((p) => window.slvViewer!.project(p), [x - sx / 2, front, z + sz / 2] as [number, number, number]);
    const b = await page.evaluate((p) => window.slvViewer!.project(p), [x + sx / 2, front, z - sz / 2] as [number, number, number]);
    const deadline = Date.now() + 90_000;
    let share = 0;
    for (;;) {
      const image = await screenshotCanvas(page);
      share = shareOfPixels(image, Math.round(Math.min(a.x, b.x)), Math.round(Math.min(a.y, b.y)), Math.round(Math.max(a.x, b.x)), Math.round(Math.max(a.y, b.y)), isColour);
      if (shaped(share) || Date.now() > deadline) return share;
      await page.waitForTimeout(500);
    }
  }

  it('draws the torus knot from its mesh asset: its colour fills a part of its box, not the box', async () => {
    const isOrange: ColourTest = (r, g, b) => r > 60 && r > 1.25 * g && g > 1.4 * b;
    const share = await coverageOnceShaped(TEST_OBJECT_NAMES.meshKnot, isOrange, (s) => s > 0.05 && s < 0.6);
    // A box would cover its own front face (share near 1); the knot's tube covers a part of it.
    expect(share, `orange share of the knot's box face${failureContext()}`).toBeGreaterThan(0.05);
    expect(share, `orange share of the knot's box face${failureContext()}`).toBeLessThan(0.6);
  }, 150_000);

  it('draws the vase, which has only high_lod, round: its colour does not reach the corners of its box', async () => {
    const isCyan: ColourTest = (r, g, b) => g > 50 && b > 50 && g > 1.6 * r && b > 1.6 * r;
    const share = await coverageOnceShaped(TEST_OBJECT_NAMES.meshVase, isCyan, (s) => s > 0.2 && s < 0.85);
    expect(share, `cyan share of the vase's box face${failureContext()}`).toBeGreaterThan(0.2);
    expect(share, `cyan share of the vase's box face${failureContext()}`).toBeLessThan(0.85);
    expect(browser.problems, 'page errors and console errors').toEqual([]);
  }, 150_000);
});
