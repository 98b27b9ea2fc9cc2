/**
 * Fit and finish at the window sizes people use: 1280×720 and 640×400.
 * Logged in, with the statistics overlay and the toolbar shown and the
 * Preferences window open: no element of the Preferences window has content
 * wider than its box (clipped values, labels run out of their column), the
 * window lies inside the viewport and scrolls within it, clear of the status
 * line, and covers neither the statistics nor the chat (at 640×400 too: there
 * the three sit side by side); the toolbar does not cover the statistics, nor
 * the chat bar the statistics or the status line, nor the Where am I panel
 * (minimap) the chat or the status line; the minimap shows land, water and
 * the avatar, under the region's name and position. An adaptive profile switch shows a
 * notice whose Undo restores the profile and pauses the scaler.
 * SLV_E2E_SHOTS=DIR saves a picture of each size.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '@slv/testing';
import { startViewerSession, type ViewerSession } from '../harness/viewer-session.ts';
import { hidePanels, waitFrames } from '../harness/viewer-page.ts';

interface Box { left: number; top: number; right: number; bottom: number }

interface LayoutReport {
  /** Elements whose content is wider than their box: "tag#id.class 'text' scrollWidth > clientWidth". */
  overflowing: string[];
  viewport: { width: number; height: number };
  preferences: Box & { scrollHeight: number; clientHeight: number; overflowY: string };
  toolbar: Box;
  stats: Box;
  chat: Box;
  status: Box;
  whereAmI: Box;
  /** The statistics text's widest line, with the overlay's box (the overlay may clip it). */
  statsScrollWidth: number;
  statsClientWidth: number;
}

function intersect(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

describeWithChromium('viewer in headless Chromium: Preferences and panels fit the window', (executablePath) => {
  let page: Page;
  let session: ViewerSession | undefined;

  beforeAll(async () => {
    session = await startViewerSession({ executablePath, name: 'layout-e2e', width: 1280, height: 720 });
    page = session.page;
    await hidePanels(page, false);
    await page.click('#open-preferences');
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  async function layout(width: number, height: number): Promise<LayoutReport> {
    await page.setViewportSize({ width, height });
    await waitFrames(page, 6); // the overlay refreshes four times a second: at least one refresh at this size
    await page.waitForTimeout(300);
    const shots = process.env['SLV_E2E_SHOTS'];
    if (shots !== undefined && shots !== '') {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, `layout-${width}x${height}.png`) });
    }
    return page.evaluate(() => {
      const box = (id: string) => {
        const r = document.getElementById(id)!.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      const preferences = document.getElementById('preferences')!;
      const overflowing: string[] = [];
      for (const element of [preferences, ...preferences.querySelectorAll<HTMLElement>('*')]) {
        // Options live in their select's popup; an element not laid out has no box to overflow.
        if (element.tagName === 'OPTION' || element.clientWidth === 0) continue;
        if (element.scrollWidth > element.clientWidth + 1) {
          const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className ? `.${element.className}` : ''}`;
          overflowing.push(`${name} '${(element.textContent ?? '').slice(0, 30)}' ${element.scrollWidth} > ${element.clientWidth}`);
        }
      }
      const stats = document.getElementById('stats')!;
      return {
        overflowing,
        viewport: { width: innerWidth, height: innerHeight },
        preferences: { ...box('preferences'), scrollHeight: preferences.scrollHeight, clientHeight: preferences.clientHeight, overflowY: getComputedStyle(preferences).overflowY },
        toolbar: box('toolbar'),
        stats: box('stats'),
        chat: box('chat'),
        status: box('status'),
        whereAmI: box('where-am-i'),
        statsScrollWidth: stats.scrollWidth,
        statsClientWidth: stats.clientWidth,
      };
    });
  }

  function expectFits(report: LayoutReport): void {
    const { preferences: p, viewport: v } = report;
    expect(report.overflowing, 'Preferences elements whose content is wider than their box').toEqual([]);
    expect(p.left).toBeGreaterThanOrEqual(0);
    expect(p.top).toBeGreaterThanOrEqual(0);
    expect(p.right).toBeLessThanOrEqual(v.width);
    expect(p.bottom).toBeLessThanOrEqual(v.height);
    // Taller than the window: it scrolls inside itself rather than running off the page.
    if (p.scrollHeight > p.clientHeight) expect(p.overflowY).toMatch(/auto|scroll/);
    expect(intersect(report.toolbar, report.stats), `toolbar ${JSON.stringify(report.toolbar)} covers the statistics ${JSON.stringify(report.stats)}`).toBe(false);
    expect(intersect(report.toolbar, p), 'the toolbar and the Preferences window overlap').toBe(false);
    expect(intersect(p, report.status), 'the Preferences window covers the status line').toBe(false);
    expect(intersect(p, report.stats), `the Preferences window ${JSON.stringify(p)} covers the statistics ${JSON.stringify(report.stats)}`).toBe(false);
    expect(intersect(p, report.chat), `the Preferences window ${JSON.stringify(p)} covers the chat ${JSON.stringify(report.chat)}`).toBe(false);
    expect(intersect(report.whereAmI, report.chat), 'the minimap covers the chat').toBe(false);
    expect(intersect(report.whereAmI, report.status), 'the minimap covers the status line').toBe(false);
    expect(report.whereAmI.bottom - report.whereAmI.top, 'the Where am I panel is shown').toBeGreaterThan(90);
    expect(intersect(report.chat, report.status), 'the chat bar covers the status line').toBe(false);
    expect(intersect(report.stats, report.chat), 'the chat bar covers the statistics').toBe(false);
    expect(report.statsScrollWidth, 'statistics lines wider than the overlay').toBeLessThanOrEqual(report.statsClientWidth + 1);
  }

  it('fits at 1280×720', async () => {
    const report = await layout(1280, 720);
    expectFits(report);
    // Readable: the window is not squeezed into a scroll box at this size.
    expect(report.preferences.bottom - report.preferences.top).toBeGreaterThan(400);
  }, 60_000);

  it('Where am I names the region and the avatar\'s position, and its minimap shows land, water and the avatar', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await waitFrames(page, 4);
    await page.waitForTimeout(600); // the panel refreshes four times a second
    const seen = await page.evaluate(() => {
      const canvas = document.getElementById('minimap') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let water = 0;
      let land = 0;
      let arrow = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (r === 255 && g === 255 && b === 255) arrow++;
        else if (b > r + 40 && b > g) water++;
        else if (g > b) land++;
      }
      return {
        text: document.getElementById('where-am-i')!.innerText,
        region: window.slvViewer!.region()!.name,
        position: window.slvViewer!.avatar()!.position,
        water, land, arrow, pixels: data.length / 4,
      };
    });
    expect(seen.text).toContain(seen.region);
    const shown = seen.text.match(/(-?\d+), (-?\d+), (-?\d+)/)!.slice(1).map(Number);
    shown.forEach((v, k) => expect(Math.abs(v - seen.position[k]!)).toBeLessThanOrEqual(1));
    expect(seen.land / seen.pixels).toBeGreaterThan(0.2);
    expect(seen.water).toBeGreaterThan(0);
    expect(seen.arrow).toBeGreaterThan(3);
  }, 60_000);

  it('says an adaptive profile switch, and Undo puts the profile back and pauses the scaler', async () => {
    // Small, so software-rendered frames come quickly: the scaler judges 60 of them.
    await page.setViewportSize({ width: 480, height: 300 });
    const before = await page.evaluate(() => window.slvViewer!.profile);
    expect(before).not.toBe('Low');
    // A target no software-rendered frame meets: the scaler steps down once its 60-frame window is full and 2 s
    // have passed (on a loaded machine frames come a few a second, hence the long wait).
    await page.evaluate(() => window.slvViewer!.updateSettings({ adaptive: { enabled: true, targetFps: 240 } }));
    const notice = page.locator('#adaptive-notice');
    await expect.poll(() => notice.isVisible(), { timeout: 150_000, interval: 500 }).toBe(true);
    expect(await notice.innerText()).toMatch(new RegExp(`Lowered graphics from ${before} to \\w+: \\d+ frames a second, under the 240 fps target`));
    expect(await page.evaluate(() => window.slvViewer!.profile)).not.toBe(before);
    expect((await page.evaluate(() => window.slvViewer!.adaptive())).stepsDown).toBe(1);
    await page.click('#adaptive-undo');
    expect(await page.evaluate(() => window.slvViewer!.profile)).toBe(before);
    expect(await notice.innerText()).toContain(`Back to ${before}. Adaptive scaling is paused`);
    await page.locator('#adaptive-notice button[aria-label=Dismiss]').click();
    expect(await notice.isVisible()).toBe(false);
    // Paused: a window's worth of frames later the scaler has been fed none of them, and the profile stays.
    const frames = await page.evaluate(() => window.slvViewer!.frames);
    await waitFrames(page, 70);
    const after = await page.evaluate(() => window.slvViewer!.adaptive());
    expect(after.paused).toBe(true);
    expect(after.medianFrameMs).toBeNaN();
    expect(await page.evaluate(() => window.slvViewer!.frames)).toBeGreaterThan(frames + 60);
    expect(await page.evaluate(() => window.slvViewer!.profile)).toBe(before);
    await page.evaluate(() => window.slvViewer!.updateSettings({ adaptive: { enabled: false, targetFps: 30 } }));
  }, 300_000);

  it('fits and scrolls at 640×400, with the toolbar clear of the statistics', async () => {
    const report = await layout(640, 400);
    expectFits(report);
    // The bottom of the window (its Close button) can be scrolled to.
    const closeVisible = await page.evaluate(() => {
      const preferences = document.getElementById('preferences')!;
      const close = [...preferences.querySelectorAll('button')].at(-1)!;
      close.scrollIntoView({ block: 'nearest' });
      const r = close.getBoundingClientRect();
      return r.bottom <= innerHeight && r.top >= 0;
    });
    expect(closeVisible).toBe(true);
  }, 60_000);
});
