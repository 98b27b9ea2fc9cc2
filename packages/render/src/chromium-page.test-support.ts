/**
 * Test support: a page in headless Chromium (software WebGL) with one of
 * this package's *.test-support.ts entries bundled into it, and what the page
 * reported (page errors, console errors, and WebGL warnings when asked for;
 * GPU driver performance notes never count).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '@slv/testing';

export interface BundledPage {
  readonly page: Page;
  /** Page errors and console errors (and warnings, with `warnings`) so far. */
  readonly problems: string[];
  close(): Promise<void>;
}

const PERFORMANCE_NOTE = /^performance warning:|GL Driver Message \([^)]*Performance/;

export async function openBundledPage(executablePath: string, entry: string, options: { warnings?: boolean } = {}): Promise<BundledPage> {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundle = await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const userDataDir = mkdtempSync(join(tmpdir(), 'slv-render-page-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    const kept = m.type() === 'error' || (options.warnings === true && m.type() === 'warning');
    if (kept && !PERFORMANCE_NOTE.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.setContent('<!doctype html><body></body>');
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  return {
    page,
    problems,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
