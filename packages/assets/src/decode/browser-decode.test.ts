/**
 * The decoder in headless Chromium: the same ES modules, the wasm given as
 * bytes (no fetch by URL), on the page and in a Web Worker through @slv/core's
 * pool, with the input transferred. Pixels must equal the Node decode.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, describeWithChromium, describeWithShared, sharedPath } from '@slv/testing';
import { expect, it } from 'vitest';
import { installOpenJpegFromNodeModules, loadOpenJpegWasm } from '../node.ts';
import { decodeTexture } from './decode-texture.ts';
import type { BrowserDecodeReport } from './browser-decode.test-support.ts';

const TEXTURE = 'fixtures/textures/0187babf-6c0d-5891-ebed-4ecab1426683.j2c';

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describeWithShared('decoder in a browser', [TEXTURE], () => {
  describeWithChromium('headless Chromium', (executablePath) => {
    it('decodes an RGBA texture on the page and in a Web Worker like Node does', async () => {
      const [pageScript, workerScript] = await Promise.all([bundle('./browser-decode.test-support.ts'), bundle('./browser-worker.test-support.ts')]);
      const bytes = new Uint8Array(readFileSync(sharedPath(TEXTURE)));
      installOpenJpegFromNodeModules();
      const expected = await decodeTexture(bytes, { discard: 1 });
      const expectedSum = expected.pixels.reduce((a, b) => a + b, 0);
      const userDataDir = mkdtempSync(join(tmpdir(), 'slv-assets-browser-'));
      const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const problems: string[] = [];
        page.on('pageerror', (e) => problems.push(e.message));
        await page.setContent('<!doctype html><body></body>');
        await page.addScriptTag({ content: pageScript });
        const report = await page.evaluate(
          ([texture, wasm, worker]) => (globalThis as unknown as { slvBrowserDecode: (a: string, b: string, c: string) => Promise<BrowserDecodeReport> }).slvBrowserDecode(texture!, wasm!, worker!),
          [Buffer.from(bytes).toString('base64'), Buffer.from(loadOpenJpegWasm()).toString('base64'), workerScript],
        );
        expect(problems).toEqual([]);
        expect(report.page).toEqual({ width: 256, height: 256, components: 4, sum: expectedSum });
        expect(report.worker).toEqual({ width: 256, height: 256, components: 4, sum: expectedSum, inputDetached: true });
        expect(report.refusal).toMatch(/65535x65535 is larger than 16384x16384/);
      } finally {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      }
    }, 120_000);
  });
});
