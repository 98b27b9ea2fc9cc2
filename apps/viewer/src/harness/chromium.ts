/**
 * Headless Chromium for the end-to-end tests and the frame benchmark: the
 * system's Chromium (Debian's /usr/bin/chromium, or $SLV_CHROMIUM) driven by
 * playwright-core, WebGL in software (SwiftShader), a throwaway profile so
 * localStorage starts empty every time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { CHROMIUM_CANDIDATES, CHROMIUM_FLAGS as BASE_CHROMIUM_FLAGS, findChromium } from '@slv/testing/chromium';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The shared headless flags, plus full frame rates for a page behind others or unfocused. */
export const CHROMIUM_FLAGS: readonly string[] = [
  ...BASE_CHROMIUM_FLAGS,
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export { CHROMIUM_CANDIDATES, findChromium } from '@slv/testing/chromium';

export interface ChromiumSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Page errors and console errors, for failure messages. */
  readonly problems: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  executablePath?: string;
  width?: number;
  height?: number;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<ChromiumSession> {
  const executablePath = options.executablePath ?? findChromium();
  if (executablePath === null) throw new Error(`no Chromium found (looked for $SLV_CHROMIUM and ${CHROMIUM_CANDIDATES.join(', ')}); install it with "apt-get install chromium"`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'slv-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS],
      viewport: { width: options.width ?? 640, height: options.height ?? 400 },
      deviceScaleFactor: 1,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const type = message.type();
    const text = message.text();
    // GPU driver performance notes (readback stalls and hints) are not the page's problems.
    if ((type === 'error' || type === 'warning') && !/^performance warning:|GL Driver Message \([^)]*Performance/.test(text)) problems.push(`console ${type}: ${text}`);
  });
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
