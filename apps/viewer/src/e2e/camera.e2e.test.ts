/**
 * The camera never goes into the terrain: headless Chromium logged in to the
 * test region; the free camera flown down and forward into the ground, and
 * the follow camera zoomed far out and tilted up from under the avatar. Every
 * animation frame meanwhile the eye's height over the received height field
 * is sampled in the page; it never drops below the clearance. Zooming out
 * stops at half the draw distance, with the ground and the avatar still in
 * view, and Esc puts the view back behind the avatar.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '@slv/testing';
import { DEFAULT_DISTANCE, DEFAULT_PITCH, GROUND_CLEARANCE, maxCameraDistance } from '../app/camera/camera-rig.ts';
import { startViewerSession, type ViewerSession } from '../harness/viewer-session.ts';
import { screenshotCanvas, waitForViewer, waitFrames } from '../harness/viewer-page.ts';

declare global {
  interface Window {
    /** The lowest eye-over-ground seen since sampling started, and frames sampled. */
    slvClearance?: { lowest: number; frames: number; stop: boolean };
  }
}

describeWithChromium('viewer in headless Chromium: the camera stays above the terrain', (executablePath) => {
  let page: Page;
  let session: ViewerSession | undefined;
  const camera = () => page.evaluate(() => window.slvViewer!.camera());

  /** Runs `action` while the page samples the eye's height over the ground every frame; returns the lowest and the frames seen. */
  async function lowestClearanceDuring(action: () => Promise<void>): Promise<{ lowest: number; frames: number }> {
    await page.evaluate(() => {
      const sample = { lowest: Number.POSITIVE_INFINITY, frames: 0, stop: false };
      window.slvClearance = sample;
      const tick = (): void => {
        if (sample.stop) return;
        const eye = window.slvViewer!.camera().eye;
        const ground = window.slvViewer!.terrainHeight(eye[0], eye[1]);
        if (ground !== null) {
          sample.lowest = Math.min(sample.lowest, eye[2] - ground);
          sample.frames++;
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await action();
    return page.evaluate(() => {
      const sample = window.slvClearance!;
      sample.stop = true;
      return { lowest: sample.lowest, frames: sample.frames };
    });
  }

  beforeAll(async () => {
    session = await startViewerSession({ executablePath, name: 'camera-e2e', width: 480, height: 300 });
    page = session.page;
    await waitForViewer(page, 'the avatar in the world', (v) => (v.avatar()?.eid ?? -1) >= 0, null, 60_000);
    await page.locator('#view').focus();
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('flying the free camera down and forward into the ground keeps it the clearance above the terrain, and the ground in view', async () => {
    await page.evaluate(() => window.slvViewer!.lookAt([128, 100, 32], [128, 160, 20]));
    const seen = await lowestClearanceDuring(async () => {
      await page.keyboard.down('w');
      await page.keyboard.down('q');
      await page.waitForTimeout(2500);
      await page.keyboard.up('q');
      await page.keyboard.up('w');
    });
    expect(seen.frames).toBeGreaterThan(10);
    expect(seen.lowest).toBeGreaterThanOrEqual(GROUND_CLEARANCE - 0.01);
    const now = await camera();
    const ground = await page.evaluate(([x, y]) => window.slvViewer!.terrainHeight(x, y), [now.eye[0], now.eye[1]] as const);
    // It did reach the ground (Q kept pushing it down): on the clearance, not far above.
    expect(now.eye[2] - ground!).toBeLessThan(GROUND_CLEARANCE + 0.3);
    // Under the ground the screen would be one colour (the sky through back faces).
    await waitFrames(page, 3);
    const image = await screenshotCanvas(page);
    const corner = [image.data[0]!, image.data[1]!, image.data[2]!];
    let same = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      if (Math.abs(image.data[i]! - corner[0]!) + Math.abs(image.data[i + 1]! - corner[1]!) + Math.abs(image.data[i + 2]! - corner[2]!) < 12) same++;
    }
    expect(same / (image.width * image.height)).toBeLessThan(0.9);
  }, 60_000);

  it('zooming the follow camera out stops at half the draw distance with the ground and avatar in view; tilted up from under the avatar it stays above ground; Esc resets', async () => {
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.slvViewer!.setProfile('Low'));
    const drawDistance = await page.evaluate(() => window.slvViewer!.settings().rendering.drawDistance);
    await page.mouse.move(240, 150);
    const zoomed = await lowestClearanceDuring(async () => {
      for (let notch = 0; notch < 40; notch++) {
        await page.mouse.wheel(0, 120);
        await page.waitForTimeout(16);
      }
      await waitFrames(page, 5);
    });
    const out = await camera();
    expect(out.mode).toBe('follow');
    expect(out.distance).toBeCloseTo(maxCameraDistance(drawDistance), 5);
    expect(zoomed.lowest).toBeGreaterThanOrEqual(GROUND_CLEARANCE - 0.01);
    const avatar = (await page.evaluate(() => window.slvViewer!.avatar()))!;
    const onScreen = await page.evaluate((p) => window.slvViewer!.project(p), avatar.position);
    expect(onScreen.inFront).toBe(true);
    expect(onScreen.x).toBeGreaterThan(0);
    expect(onScreen.x).toBeLessThan(480);
    expect(onScreen.y).toBeGreaterThan(0);
    expect(onScreen.y).toBeLessThan(300);
    expect((await page.evaluate(() => window.slvViewer!.stats())).triangles).toBeGreaterThan(0);

    // Dragging up tilts the camera to look up at the avatar: the arm points into the ground.
    const tilted = await lowestClearanceDuring(async () => {
      await page.mouse.move(240, 250);
      await page.mouse.down();
      for (let step = 1; step <= 10; step++) await page.mouse.move(240, 250 - step * 20);
      await page.mouse.up();
      for (let notch = 0; notch < 10; notch++) await page.mouse.wheel(0, -120);
      await waitFrames(page, 5);
    });
    expect((await camera()).pitch).toBeGreaterThan(0.3);
    expect(tilted.lowest).toBeGreaterThanOrEqual(GROUND_CLEARANCE - 0.01);

    await page.locator('#view').focus();
    await page.keyboard.press('Escape');
    await waitFrames(page, 2);
    const reset = await camera();
    expect([reset.mode, reset.distance, reset.pitch]).toEqual(['follow', DEFAULT_DISTANCE, DEFAULT_PITCH]);
    await page.evaluate(() => window.slvViewer!.setProfile('Balanced'));
  }, 60_000);
});
