/**
 * Test support: the reference viewer logged in to a small test region, as
 * the Chromium end-to-end suites need it. Builds the bundle into a temporary
 * folder, starts the launcher (embedded simulator, static server, relay)
 * with the `test` layout (or the given `scene`) plus `extraObjects`, logs in
 * through the form, fixes the settings (Balanced, adaptive scaling off) and
 * waits until every scene object and the whole terrain have arrived.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrimSpec, SceneOptions } from '@slv/sim';
import type { Page } from 'playwright-core';
import { startLauncher, type RunningLauncher } from '../launcher/start-launcher.ts';
import { buildViewerBundle } from './build-bundle.ts';
import { launchChromium, type ChromiumSession } from './chromium.ts';
import { hidePanels, loginThroughForm, openViewer, waitForViewer } from './viewer-page.ts';

export interface ViewerSessionOptions {
  readonly executablePath: string;
  /** Prefix of the temporary bundle folder. */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly extraObjects?: PrimSpec[];
  /** The embedded simulator's scene; default the small test region (`test` layout, no random objects). */
  readonly scene?: Partial<SceneOptions>;
}

const TEST_REGION: Partial<SceneOptions> = { seed: 1, objects: 0, lights: 0, movers: 0, layout: 'test' };

export interface ViewerSession {
  readonly outdir: string;
  readonly launcher: RunningLauncher;
  readonly browser: ChromiumSession;
  readonly page: Page;
  close(): Promise<void>;
}

export async function startViewerSession(options: ViewerSessionOptions): Promise<ViewerSession> {
  const outdir = mkdtempSync(join(tmpdir(), `slv-${options.name}-`));
  let launcher: RunningLauncher | undefined;
  let browser: ChromiumSession | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await launcher?.close();
    rmSync(outdir, { recursive: true, force: true });
  };
  try {
    await buildViewerBundle(outdir);
    launcher = await startLauncher({
      staticDir: outdir,
      port: 0,
      scene: { ...(options.scene ?? TEST_REGION), ...(options.extraObjects ? { extraObjects: options.extraObjects } : {}) },
      region: { moverHz: 2 },
      log: () => {},
    });
    browser = await launchChromium({ executablePath: options.executablePath, width: options.width, height: options.height });
    const page = browser.page;
    await openViewer(page, launcher.url);
    await loginThroughForm(page);
    await hidePanels(page);
    // Fixed settings for every check: Balanced (clustered lights, HZB on, 128 m), no adaptive steps.
    await page.evaluate(() => {
      window.slvViewer!.updateSettings({ adaptive: { enabled: false } });
      window.slvViewer!.setProfile('Balanced');
    });
    const count = launcher.region!.scene.objects.length;
    await waitForViewer(page, `all ${count} scene objects`, (v, n) => v.stats().objects >= n, count, 120_000);
    await waitForViewer(page, 'the whole terrain', (v) => v.terrainPatches() === 256, null, 120_000);
    return { outdir, launcher, browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
