/**
 * Driving the viewer page from Node: open it, log in through its form, wait
 * for what window.slvViewer reports, and read the canvas back as pixels.
 */
import type { Page } from 'playwright-core';
import type { ImpostorCounters, SlvViewerApi, ViewerStage } from '../app/viewer-api.ts';
import { decodePng, type RgbaImage } from './png.ts';

/** Waits for `stage` (or a failure, reported with the viewer's error). */
export async function waitForStage(page: Page, stage: ViewerStage, timeoutMs = 60_000): Promise<void> {
  try {
    await page.waitForFunction(
      (wanted) => {
        const v = window.slvViewer;
        return v !== undefined && (v.stage === wanted || v.stage === 'failed' || (wanted === 'connected' && v.error !== null && v.stage === 'login'));
      },
      stage,
      { timeout: timeoutMs, polling: 100 },
    );
  } catch (error) {
    const state = await page.evaluate(() => ({ stage: window.slvViewer?.stage, error: window.slvViewer?.error })).catch(() => null);
    throw new Error(`viewer did not reach "${stage}" within ${timeoutMs} ms (now ${JSON.stringify(state)}): ${(error as Error).message}`);
  }
  const { current, error } = await page.evaluate(() => ({ current: window.slvViewer!.stage, error: window.slvViewer!.error }));
  if (current !== stage) throw new Error(`viewer reached "${current}" instead of "${stage}": ${error ?? 'no error recorded'}`);
}

/** Loads the page and waits for the login form. */
export async function openViewer(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForStage(page, 'login');
}

/** Submits the (prefilled) login form and waits until the session is connected. */
export async function loginThroughForm(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.click('#login-button');
  await waitForStage(page, 'connected', timeoutMs);
}

/** Polls `check` in the page (it gets window.slvViewer and `arg`) until it returns true. */
export async function waitForViewer<A>(page: Page, what: string, check: (viewer: SlvViewerApi, arg: A) => boolean, arg: A, timeoutMs = 60_000): Promise<void> {
  try {
    await page.waitForFunction(
      ({ source, value }) => {
        const v = window.slvViewer;
        if (v === undefined) return false;
        if (v.stage === 'failed') return true;
        // The check crosses into the page as source text.
        return (new Function('v', 'arg', `return (${source})(v, arg);`) as (v: SlvViewerApi, a: unknown) => boolean)(v, value);
      },
      { source: check.toString(), value: arg as unknown },
      { timeout: timeoutMs, polling: 100 },
    );
  } catch (error) {
    throw new Error(`waiting for ${what}: ${(error as Error).message}`);
  }
  const failed = await page.evaluate(() => (window.slvViewer!.stage === 'failed' ? window.slvViewer!.error ?? 'unknown error' : null));
  if (failed !== null) throw new Error(`waiting for ${what}: the viewer failed: ${failed}`);
}

/** Waits for `count` more frames to be drawn. */
export async function waitFrames(page: Page, count: number): Promise<void> {
  await page.evaluate((n) => window.slvViewer!.waitFrames(n), count);
}

/** The canvas as RGBA pixels (CSS pixels at device scale 1). */
export async function screenshotCanvas(page: Page): Promise<RgbaImage> {
  const png = await page.locator('#view').screenshot({ type: 'png', animations: 'allow' });
  return decodePng(new Uint8Array(png.buffer, png.byteOffset, png.byteLength));
}

/** Hides (or shows again) the overlay panels (statistics, toolbar, status) and the name tags so screenshots show only the scene. */
export async function hidePanels(page: Page, hidden = true): Promise<void> {
  await page.evaluate((hide) => {
    if (document.getElementById('slv-hide-panels') === null) {
      const style = document.createElement('style');
      style.id = 'slv-hide-panels';
      style.textContent = 'body.slv-no-panels .panel, body.slv-no-panels #name-tags { visibility: hidden !important; }';
      document.head.append(style);
    }
    document.body.classList.toggle('slv-no-panels', hide);
  }, hidden);
}

/**
 * Readbacks of the virtual texture's GPU feedback a quiet spell must span
 * when the feedback steers: its 16 jitter positions (a page only some of
 * them see comes late) and render's FEEDBACK_KEEP_DECODES (16: pages no
 * readback asks for go after that many), and two more.
 */
const QUIET_FEEDBACK_READBACKS = 18;

/**
 * Bakes the impostors the view wants and waits until none is being baked:
 * the bake budget is raised to `viewsPerFrame` meanwhile (a SwiftShader frame
 * is slow), and "done" is `quietChecks` checks of 5 frames in a row with no
 * bake job and no view baked (a job waiting for its textures counts as
 * baking). Returns the counters at the end. The budget is then set to
 * `restoreViewsPerFrame` (the renderer's own BAKE_VIEWS_PER_FRAME, 16).
 */
export async function waitForImpostors(
  page: Page,
  options: { timeoutMs?: number; viewsPerFrame?: number; quietChecks?: number; restoreViewsPerFrame?: number; log?: (line: string) => void } = {},
): Promise<ImpostorCounters> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const restore = options.restoreViewsPerFrame ?? 16;
  const before = await page.evaluate((n) => window.slvViewer!.impostors(n), options.viewsPerFrame ?? 256);
  const started = Date.now();
  let quiet = 0;
  let now = before;
  try {
    while (quiet < (options.quietChecks ?? 3)) {
      if (Date.now() - started > timeoutMs) {
        throw new Error(`waitForImpostors: still baking after ${timeoutMs} ms: ${now.bakeJobs} jobs, ${now.bakeViews} views last frame, ${now.drawn} drawn`);
      }
      await waitFrames(page, 5);
      now = await page.evaluate(() => window.slvViewer!.impostors());
      quiet = now.bakeJobs === 0 && now.bakeViews === 0 ? quiet + 1 : 0;
      options.log?.(`  impostors after ${((Date.now() - started) / 1000).toFixed(0)} s: ${now.drawn} drawn, ${now.tiles} tiles, ${now.bakeJobs} jobs, `
        + `${now.bakeViews} views last frame, stale so far ${now.staleByKey} by key and ${now.staleByTextures} by textures`);
    }
  } finally {
    await page.evaluate((n) => window.slvViewer!.impostors(n), restore);
  }
  return now;
}

/**
 * Waits until the textures in view have settled: the streamer fetches and
 * decodes nothing and the virtual texture has written no page and given
 * none back for `quietPolls` polls in a row (a frame or more apart), and
 * where the GPU feedback steers, for QUIET_FEEDBACK_READBACKS readbacks.
 */
export async function waitForTextures(page: Page, timeoutMs = 60_000, quietPolls = 4): Promise<void> {
  await page.waitForFunction(([needed, readbacks]) => {
    const w = window as unknown as { slvQuietTexturePolls?: number; slvQuietSlots?: number; slvQuietFromReadback?: number };
    const s = window.slvViewer!.stats();
    const t = s.streamer;
    const quiet = t !== null && t.fetching === 0 && t.waitingForDecode === 0 && t.decoding === 0 && s.vtPageUploads === 0 && s.vtSlotsUsed === w.slvQuietSlots;
    w.slvQuietSlots = s.vtSlotsUsed;
    w.slvQuietTexturePolls = quiet ? (w.slvQuietTexturePolls ?? 0) + 1 : 0;
    if (!quiet) w.slvQuietFromReadback = s.vtFeedbackReadbacks;
    const spanned = s.vtFeedbackReadbacks - (w.slvQuietFromReadback ?? 0);
    return w.slvQuietTexturePolls >= needed && (!s.vtFeedback || spanned >= readbacks);
  }, [quietPolls, QUIET_FEEDBACK_READBACKS] as const, { timeout: timeoutMs, polling: 100 }).catch(async (error: unknown) => {
    const s = await page.evaluate(() => {
      const t = window.slvViewer!.stats();
      return { streamer: t.streamer, vtPageUploads: t.vtPageUploads, vtSlotsUsed: t.vtSlotsUsed, vtFeedback: t.vtFeedback, vtFeedbackReadbacks: t.vtFeedbackReadbacks };
    });
    throw new Error(`waitForTextures: not settled in ${timeoutMs} ms: ${JSON.stringify(s)}`, { cause: error });
  });
}
