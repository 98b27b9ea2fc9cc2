/**
 * The whole viewer through a lost WebGL context: logged in to a small test
 * region in headless Chromium (software WebGL), the test loses the canvas's
 * context with WEBGL_lose_context, checks that the frame loop goes on
 * without an error and the page says the context is lost (and, past the
 * renderer's restore timeout, that it was not restored), then restores it
 * and checks that the same world is drawn again: the red test box red at
 * its projected position, draw calls in the statistics. No reload, no login.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_OBJECT_NAMES, findObjectByName } from '@slv/sim';
import { DEFAULT_RESTORE_TIMEOUT_MS } from '@slv/render';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningLauncher } from '../launcher/start-launcher.ts';
import type { ChromiumSession } from '../harness/chromium.ts';
import { startViewerSession, type ViewerSession } from '../harness/viewer-session.ts';
import { meanColor, type RgbaImage } from '../harness/png.ts';
import { screenshotCanvas, waitFrames } from '../harness/viewer-page.ts';
import { describeWithChromium } from '@slv/testing';

const isRed = (r: number, g: number, b: number): boolean => r > 100 && r > 1.8 * g && r > 1.8 * b;

declare global {
  interface Window {
    /** The canvas context's WEBGL_lose_context, kept between page.evaluate calls. */
    slvLoseContext?: WEBGL_lose_context;
  }
}

describeWithChromium('viewer in headless Chromium: a lost WebGL context', (executablePath) => {
  let launcher: RunningLauncher;
  let browser: ChromiumSession;
  let page: Page;

  const stats = () => page.evaluate(() => window.slvViewer!.stats());
  const notice = () => page.evaluate(() => {
    const element = document.getElementById('gpu-notice');
    return { text: element?.textContent ?? null, shown: element !== null && !element.classList.contains('hidden') };
  });
  let shots = 0;
  async function shot(label: string): Promise<RgbaImage> {
    const dir = process.env['SLV_E2E_SHOTS'];
    if (dir !== undefined && dir !== '') {
      mkdirSync(dir, { recursive: true });
      await page.locator('#view').screenshot({ path: join(dir, `loss-${String(++shots).padStart(2, '0')}-${label}.png`) });
    }
    return screenshotCanvas(page);
  }
  function failureContext(): string {
    return browser.problems.length === 0 ? '' : `\npage said:\n  ${browser.problems.slice(-10).join('\n  ')}`;
  }
  async function waitForNotice(what: string, pattern: RegExp, timeoutMs: number): Promise<void> {
    try {
      await page.waitForFunction(
        (source) => new RegExp(source).test(document.getElementById('gpu-notice')?.textContent ?? ''),
        pattern.source,
        { timeout: timeoutMs, polling: 100 },
      );
    } catch (error) {
      throw new Error(`waiting for ${what}: ${(error as Error).message}; notice ${JSON.stringify(await notice())}${failureContext()}`);
    }
  }

  let session: ViewerSession | undefined;
  beforeAll(async () => {
    session = await startViewerSession({ executablePath, name: 'viewer-loss-e2e', width: 480, height: 300 });
    ({ launcher, browser, page } = session);
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('keeps running while the context is lost, says so, and draws the same world again once it is restored', async () => {
    const box = findObjectByName(launcher.region!.scene, TEST_OBJECT_NAMES.redBox);
    if (!box) throw new Error('the test layout has no red box');
    const centre = box.position;
    await page.evaluate(([e, t]) => window.slvViewer!.lookAt(e, t), [[131, 126, centre[2] + 1], centre] as const);
    await waitFrames(page, 4);
    const at = await page.evaluate((p) => window.slvViewer!.project(p), centre);
    const before = await shot('before');
    expect(isRed(...meanColor(before, at.x, at.y, 3)), `red box before the loss${failureContext()}`).toBe(true);
    expect((await stats()).drawCalls).toBeGreaterThan(0);
    expect(await notice()).toEqual({ text: '', shown: false });
    const problemsBefore = browser.problems.length;

    // Lose it, as a GPU reset would.
    await page.evaluate(() => {
      const canvas = document.getElementById('view') as HTMLCanvasElement;
      // getContext hands back the context the renderer made (WebGL2, else WebGL1).
      const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
      const lose = gl?.getExtension('WEBGL_lose_context') ?? null;
      if (lose === null) throw new Error('no WEBGL_lose_context on the canvas context');
      window.slvLoseContext = lose;
      lose.loseContext();
    });
    await waitForNotice('the lost-context notice', /^GPU context lost — waiting for restore/, 10_000);
    const framesAtLoss = await page.evaluate(() => window.slvViewer!.frames);
    await waitFrames(page, 10);
    const lost = await page.evaluate(() => ({ frames: window.slvViewer!.frames, stage: window.slvViewer!.stage, error: window.slvViewer!.error }));
    // The frame loop, the session and the CPU systems go on; nothing is drawn.
    expect(lost.frames).toBeGreaterThanOrEqual(framesAtLoss + 10);
    expect(lost.stage).toBe('connected');
    expect(lost.error).toBeNull();
    const lostStats = await stats();
    expect(lostStats.drawCalls).toBe(0);
    expect(lostStats.entitiesVisible).toBeGreaterThan(0);
    expect(lostStats.culling).toBe('frustum');
    expect(lostStats.hzbReason).toMatch(/context is lost/);
    expect((await notice()).shown).toBe(true);
    // The overlay redraws on its own cadence (OVERLAY_REFRESH_MS), not every frame: ten frames
    // without drawing can pass inside one period, so wait for its next refresh.
    try {
      await page.waitForFunction(
        () => /^GPU context lost — waiting for restore/.test(document.getElementById('stats')!.textContent ?? ''),
        null,
        { timeout: 5_000, polling: 50 },
      );
    } catch (error) {
      const text = await page.evaluate(() => document.getElementById('stats')!.textContent);
      throw new Error(`waiting for the overlay to head with the lost-context line: ${(error as Error).message}; overlay ${JSON.stringify(text)}${failureContext()}`);
    }

    // Not restored within the renderer's timeout: the page says so, and the loop still runs.
    await waitForNotice('the not-restored notice', /^GPU context not restored: .*Reload the page/, DEFAULT_RESTORE_TIMEOUT_MS + 15_000);
    await waitFrames(page, 2);
    expect(await page.evaluate(() => window.slvViewer!.stage)).toBe('connected');

    // The browser gives it back: everything is rebuilt, the same world drawn with the same camera.
    await page.evaluate(() => window.slvLoseContext!.restoreContext());
    try {
      await page.waitForFunction(() => document.getElementById('gpu-notice')?.textContent === '', null, { timeout: 10_000, polling: 100 });
    } catch (error) {
      throw new Error(`waiting for the notice to clear: ${(error as Error).message}; notice ${JSON.stringify(await notice())}${failureContext()}`);
    }
    await waitFrames(page, 4);
    expect((await notice()).shown).toBe(false);
    const after = await shot('after');
    const color = meanColor(after, at.x, at.y, 3);
    expect(isRed(...color), `red box after the restore: ${color.map(Math.round)}${failureContext()}`).toBe(true);
    const s = await stats();
    expect(s.drawCalls).toBeGreaterThan(0);
    expect(s.triangles).toBeGreaterThan(1000);
    expect(await page.evaluate(() => window.slvViewer!.stage)).toBe('connected');
    expect(browser.problems.slice(problemsBefore), 'page errors and console errors or warnings').toEqual([]);
  }, 120_000);
});
