/**
 * The decoder in headless Chromium: the same ES modules, the wasm given as
 * bytes (no fetch by URL), on the page and in a Web Worker through @slv/core's
 * pool, with the input transferred. Pixels must equal the Node decode.
 */
import { readFileSync } from 'node:fs';
import { describeWithChromium, describeWithShared, sharedPath } from '@slv/testing';
import { expect, it } from 'vitest';
import { bundleForBrowser, withChromiumPage } from '../browser-page.test-support.ts';
import { installOpenJpegFromNodeModules, loadOpenJpegWasm } from '../node.ts';
import { decodeTexture } from './decode-texture.ts';
import type { BrowserDecodeReport } from './browser-decode.test-support.ts';

const TEXTURE = 'fixtures/textures/0187babf-6c0d-5891-ebed-4ecab1426683.j2c';

describeWithShared('decoder in a browser', [TEXTURE], () => {
  describeWithChromium('headless Chromium', (executablePath) => {
    it('decodes an RGBA texture on the page and in a Web Worker like Node does', async () => {
      const [pageScript, workerScript] = await Promise.all([
        bundleForBrowser(new URL('./browser-decode.test-support.ts', import.meta.url)), bundleForBrowser(new URL('./browser-worker.test-support.ts', import.meta.url)),
      ]);
      const bytes = new Uint8Array(readFileSync(sharedPath(TEXTURE)));
      installOpenJpegFromNodeModules();
      const expected = await decodeTexture(bytes, { discard: 1 });
      const expectedSum = expected.pixels.reduce((a, b) => a + b, 0);
      const [report, problems] = await withChromiumPage(executablePath, pageScript, async (page, problems) => [await page.evaluate(
        ([texture, wasm, worker]) => (globalThis as unknown as { slvBrowserDecode: (a: string, b: string, c: string) => Promise<BrowserDecodeReport> }).slvBrowserDecode(texture!, wasm!, worker!),
        [Buffer.from(bytes).toString('base64'), Buffer.from(loadOpenJpegWasm()).toString('base64'), workerScript],
      ), problems] as const);
      expect(problems).toEqual([]);
      expect(report.page).toEqual({ width: 256, height: 256, components: 4, sum: expectedSum });
      expect(report.worker).toEqual({ width: 256, height: 256, components: 4, sum: expectedSum, inputDetached: true });
      expect(report.refusal).toMatch(/65535x65535 is larger than 16384x16384/);
    }, 120_000);
  });
});
