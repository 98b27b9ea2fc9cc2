/**
 * No recurring WebGL warnings: over 10 s of drawing on each profile (Low
 * culls by the frustum only; Balanced and High with the HZB, whose depth
 * pyramid comes back through a pixel-pack buffer and a fence, and with the
 * virtual texture's feedback readback), the console shows no "performance warning"
 * from the readback ("READ-usage buffer was written, then fenced, but written
 * again before being read back") nor any other WebGL warning.
 *
 * The cause it guards against: Chrome keeps a shadow copy of a READ-usage
 * buffer at each fence and warns when such a buffer is fenced again before
 * the shadow was consumed; the reads here take the synchronous path, so
 * each capture warned until the HZB (culling/hzb-gpu.ts) and the virtual
 * texture's feedback (gpu/vt-feedback-gpu.ts) gave their pack buffers fresh
 * storage at every readback. Chrome stops reporting after about 256 WebGL messages
 * per context, so a quiet console could be a silenced one: each profile
 * ends by provoking one harmless error on the viewer's own context (an
 * INVALID_ENUM, cleared at once) and expects to see it reported.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '@slv/testing';
import { startViewerSession, type ViewerSession } from '../harness/viewer-session.ts';
import { waitForViewer } from '../harness/viewer-page.ts';

const SECONDS = 10;

describeWithChromium('viewer in headless Chromium: no recurring WebGL warnings', (executablePath) => {
  let page: Page;
  let session: ViewerSession | undefined;
  const warnings: string[] = [];
  const onConsole = (message: ConsoleMessage): void => {
    const text = message.text();
    if (/performance warning|WebGL|GL_INVALID|GL Driver Message/i.test(text)) warnings.push(`${message.type()}: ${text}`);
  };

  beforeAll(async () => {
    session = await startViewerSession({ executablePath, name: 'webgl-warnings-e2e', width: 480, height: 300 });
    page = session.page;
    page.on('console', onConsole);
    await page.evaluate(() => window.slvViewer!.lookAt([128, 100, 30], [128, 140, 22]));
  }, 240_000);

  afterAll(async () => {
    page?.off('console', onConsole);
    await session?.close();
  });

  for (const profile of ['Low', 'Balanced', 'High'] as const) {
    it(`${profile}: ${SECONDS} s of frames${profile === 'Low' ? '' : ' with the HZB readback'} and no WebGL warning`, async () => {
      await page.evaluate((p) => window.slvViewer!.setProfile(p), profile);
      const culling = profile === 'Low' ? 'frustum' : 'hzb';
      await waitForViewer(page, `${culling} culling`, (v, c) => v.stats().culling === c, culling, 20_000);
      warnings.length = 0;
      const before = await page.evaluate(() => window.slvViewer!.frames);
      // Move the camera a little each half second, so readbacks keep differing.
      for (let step = 0; step < SECONDS * 2; step++) {
        await page.evaluate((s) => window.slvViewer!.lookAt([128 + Math.sin(s) * 4, 100, 30], [128, 140, 22]), step);
        await page.waitForTimeout(500);
      }
      const frames = (await page.evaluate(() => window.slvViewer!.frames)) - before;
      expect(frames).toBeGreaterThan(5);
      expect(warnings, `WebGL warnings over ${frames} frames`).toEqual([]);
      // Still reporting: a deliberate INVALID_ENUM on the same context shows up.
      await page.evaluate(() => {
        const canvas = document.getElementById('view') as HTMLCanvasElement;
        const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl')!;
        gl.bindBuffer(0x1234, null);
        gl.getError();
      });
      await expect.poll(() => warnings.some((w) => w.includes('INVALID_ENUM')), { timeout: 5000 }).toBe(true);
    }, 60_000);
  }
});
