/**
 * Golden image: the demo region (the launcher's default scene, seed 1, 3000
 * prims, 200 lamps) drawn by the reference viewer in headless Chromium
 * (SwiftShader) from a fixed camera, compared pixel by pixel with
 * golden/demo-region.png. It guards refactors of the renderer and the world
 * systems: what is drawn must not change.
 *
 *   SLV_UPDATE_GOLDEN=1 npx vitest run src/e2e/golden-image.e2e.test.ts   rewrites the golden instead
 *   SLV_GOLDEN_OUT=DIR                                                   where a failure leaves its images
 *                                                                        (default: a new folder in the temp dir)
 *
 * Determinism: the scene is generated from a fixed seed, without the 40 movers
 * (they are generated last, so every other object is the demo's own); the
 * simulator's sun is a constant (sim-time.ts: 60° up in the east, no angular
 * velocity), sent at arrival and repeated every 2.5 s; the settings are
 * Balanced with adaptive scaling off, the canvas 320×240 at device scale 1.
 * The picture is taken once every object and the whole terrain have arrived,
 * the frames after the camera was placed have let HZB (which tests against
 * the previous frame's depth pyramid), LOD and lighting settle, and the
 * textures in view are in, streamed again from empty caches with the camera
 * in place (the streamer idle, no page written for a few polls); a second
 * picture a few frames later must match the first. Impostors are on (the
 * profile's 64 m): the picture waits until no linkset is being baked (with a
 * raised bake budget), and each impostor's last bake has its textures at the
 * level a bake needs, whatever order they came in (an impostor is baked again
 * when its textures sharpen), so which far linksets are impostors, and how
 * they look, does not depend on timing.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeWithChromium } from '@slv/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compareImages, diffImage, encodePng, type ImageComparison } from '../harness/image-compare.ts';
import { decodePng, type RgbaImage } from '../harness/png.ts';
import { screenshotCanvas, waitForImpostors, waitForTextures, waitFrames } from '../harness/viewer-page.ts';
import { startViewerSession, type ViewerSession } from '../harness/viewer-session.ts';
import { DEMO_SCENE } from '../launcher/launcher-args.ts';

const GOLDEN_PATH = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'demo-region.png');
const UPDATE_GOLDEN = process.env['SLV_UPDATE_GOLDEN'] === '1';

/** Small and cheap under SwiftShader (~0.2 s a frame for this view on 2 cores). */
const WIDTH = 320;
const HEIGHT = 240;
/** The login form needs a larger window (at 320×240 the status bar covers the Log in button). */
const LOGIN_WIDTH = 640;
const LOGIN_HEIGHT = 400;
/** Over the south-west hills toward the centre: near and far prims (every LOD), lamps, terrain, water, sky and fog. */
const EYE: [number, number, number] = [40, 40, 55];
const TARGET: [number, number, number] = [128, 128, 20];
/** Frames after placing the camera before the first picture, and between the two pictures. */
const SETTLE_FRAMES = 10;
const STABILITY_FRAMES = 5;
/** The simulator's SimulatorViewerTimeMessage period: by then a lost first sun message has been repeated. */
const SUN_REPEAT_MS = 2500;
/**
 * A pixel differs when some RGB channel is off by more than CHANNEL_TOLERANCE
 * levels; at most MAX_DIFFERING_SHARE of the pixels (38 of 76 800) may.
 * Measured on this view: frames are bit-identical, and five runs with
 * impostors differed from each other on at most 2 pixels by 1 level (since
 * the virtual texture's feedback, that needs a texture's first decodes held
 * until the feedback settles, FEEDBACK_SETTLE_DECODES); moving the eye
 * 0.1 mm (the scale of float rounding in a reordered matrix product) makes 4
 * pixels differ, 1 cm makes 248, and taking away one prim 33–59 m from the eye
 * makes 53–78. The levels absorb shading rounding on another CPU's
 * SwiftShader; the share catches any prim near the camera moving, missing or
 * changing colour, but not one far, few-pixel prim.
 */
const CHANNEL_TOLERANCE = 3;
const MAX_DIFFERING_SHARE = 0.0005;

function describeComparison(c: ImageComparison): string {
  if (!c.sameSize) return 'the sizes differ';
  const share = (100 * c.pixelsOverTolerance) / c.totalPixels;
  return `${c.pixelsOverTolerance} of ${c.totalPixels} pixels (${share.toFixed(3)}%) differ by more than ${CHANNEL_TOLERANCE} levels, `
    + `${c.differingPixels} differ at all, the largest channel difference is ${c.maxChannelDiff}`;
}

function withinTolerance(c: ImageComparison): boolean {
  return c.sameSize && c.pixelsOverTolerance <= MAX_DIFFERING_SHARE * c.totalPixels;
}

/** Writes expected, actual and (same size) diff PNGs into a fresh folder and returns it. */
function writeFailureImages(label: string, expected: RgbaImage, actual: RgbaImage): string {
  const base = process.env['SLV_GOLDEN_OUT'];
  let dir: string;
  if (base !== undefined && base !== '') {
    dir = join(base, label);
    mkdirSync(dir, { recursive: true });
  } else {
    dir = mkdtempSync(join(tmpdir(), `slv-golden-${label}-`));
  }
  writeFileSync(join(dir, 'expected.png'), encodePng(expected));
  writeFileSync(join(dir, 'actual.png'), encodePng(actual));
  if (expected.width === actual.width && expected.height === actual.height) {
    writeFileSync(join(dir, 'diff.png'), encodePng(diffImage(expected, actual, CHANNEL_TOLERANCE)));
  }
  return dir;
}

describeWithChromium('golden image: the demo region', (executablePath) => {
  let session: ViewerSession | undefined;
  let arrivedAtMs = 0;

  beforeAll(async () => {
    session = await startViewerSession({
      executablePath,
      name: 'golden-image-e2e',
      width: LOGIN_WIDTH,
      height: LOGIN_HEIGHT,
      scene: { ...DEMO_SCENE, movers: 0, layout: 'demo' },
    });
    arrivedAtMs = Date.now();
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('draws the demo region from a fixed camera as the golden image shows it', async () => {
    const { page, browser } = session!;
    const pageSaid = (): string => (browser.problems.length === 0 ? '' : `\npage said:\n  ${browser.problems.slice(-10).join('\n  ')}`);
    await page.setViewportSize({ width: WIDTH, height: HEIGHT });
    await page.evaluate(([eye, target]) => window.slvViewer!.lookAt(eye, target), [EYE, TARGET] as const);
    await waitFrames(page, SETTLE_FRAMES);
    // A texture's pages depend on the finest level it was decoded at (levels box-filtered from a finer decode
    // differ a little from a coarser decode), which depends on where the camera was while it streamed:
    // stream again from empty caches with the camera in place.
    expect(await page.evaluate(() => window.slvViewer!.restartTextures()), 'texture streaming restarted').toBe(true);
    await waitForTextures(page);
    // Bakes ask for their textures at the bake's level: the textures settle once more after them.
    await waitForImpostors(page);
    await waitForTextures(page);
    const impostors = await waitForImpostors(page);
    expect(impostors.drawn, 'far linksets drawn as impostors').toBeGreaterThan(0);
    const sinceArrival = Date.now() - arrivedAtMs;
    if (sinceArrival < SUN_REPEAT_MS) {
      await page.waitForTimeout(SUN_REPEAT_MS - sinceArrival);
      await waitFrames(page, 2);
    }
    const first = await screenshotCanvas(page);
    await waitFrames(page, STABILITY_FRAMES);
    const second = await screenshotCanvas(page);
    const stats = await page.evaluate(() => window.slvViewer!.stats());
    const drawn = `${stats.drawCalls} draw calls, ${stats.entitiesVisible} visible, ${impostors.drawn} impostors, ${stats.frustumCulled} frustum-culled, `
      + `${stats.occlusionCulled} occlusion-culled, ${stats.lightsInView} lights in view, culling ${stats.culling}`;
    expect([second.width, second.height], 'canvas size').toEqual([WIDTH, HEIGHT]);
    expect(stats.culling, `HZB should be active (${stats.hzbReason})`).toBe('hzb');

    // Stable within the run: a picture that still changes cannot be compared with a golden.
    const stability = compareImages(first, second, CHANNEL_TOLERANCE);
    console.log(`golden image: ${STABILITY_FRAMES} frames apart in one run: ${describeComparison(stability)}; ${drawn}`);
    if (!withinTolerance(stability)) {
      const dir = writeFailureImages('unstable', first, second);
      expect.fail(`the picture changed between two frames ${STABILITY_FRAMES} apart: ${describeComparison(stability)}; images in ${dir}${pageSaid()}`);
    }

    if (UPDATE_GOLDEN) {
      mkdirSync(dirname(GOLDEN_PATH), { recursive: true });
      writeFileSync(GOLDEN_PATH, encodePng(second));
      console.log(`golden image: wrote ${GOLDEN_PATH} (${drawn})`);
      return;
    }
    if (!existsSync(GOLDEN_PATH)) expect.fail(`no golden image at ${GOLDEN_PATH}; make it with SLV_UPDATE_GOLDEN=1`);
    const golden = decodePng(new Uint8Array(readFileSync(GOLDEN_PATH)));
    const comparison = compareImages(golden, second, CHANNEL_TOLERANCE);
    console.log(`golden image: against ${GOLDEN_PATH}: ${describeComparison(comparison)}`);
    if (!withinTolerance(comparison)) {
      const dir = writeFailureImages('demo-region', golden, second);
      const size = comparison.sameSize ? '' : ` (golden ${golden.width}x${golden.height}, canvas ${second.width}x${second.height})`;
      expect.fail(`the demo region is drawn differently from the golden image${size}: ${describeComparison(comparison)} `
        + `(at most ${(100 * MAX_DIFFERING_SHARE).toFixed(2)}% may); expected.png, actual.png and diff.png (red: over the tolerance) `
        + `in ${dir}; ${drawn}${pageSaid()}`);
    }
  }, 240_000);
});
