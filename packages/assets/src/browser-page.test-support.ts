/**
 * What the browser tests share: a test-support entry bundled for a page or
 * a classic Web Worker, and a headless Chromium page (a fresh profile,
 * removed after) holding a bundled script, with page errors collected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '@slv/testing';

/** `entry` (a URL relative to the caller's module) as one IIFE script. */
export async function bundleForBrowser(entry: URL): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', conditions: ['@slv/source'],
  });
  return result.outputFiles[0]!.text;
}

/** Runs `use` on a blank page with `script` added; `problems` collects the page's uncaught errors. */
export async function withChromiumPage<T>(executablePath: string, script: string, use: (page: Page, problems: string[]) => Promise<T>): Promise<T> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'slv-assets-browser-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.setContent('<!doctype html><body></body>');
    await page.addScriptTag({ content: script });
    return await use(page, problems);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
