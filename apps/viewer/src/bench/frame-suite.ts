/**
 * `slv bench frame` (exported as `@slv/viewer/bench`; it lives with the viewer
 * it measures, so the benchmarks package never depends on an app): the CPU time per frame of every system of the reference
 * viewer, under each profile (Low, Balanced, High), in headless Chromium.
 *
 * The viewer is built from source into a temporary folder, its launcher
 * starts the embedded simulator with the demo region, Chromium logs in
 * through the relay, and once every object has arrived the camera is put at
 * a fixed viewpoint over the region. The page then records frames: each
 * system's time from the scheduler's timings, the whole runFrame, and the
 * interval between animation frames. The baseline, in the same page, is an
 * empty frame: the viewer's loop paused and a bare requestAnimationFrame loop
 * running runFrame on a scheduler with no systems.
 *
 * Rows are times, unlike the other suites' rates: milliseconds of CPU time
 * per frame, the mean over a window of frames (each window is one sample;
 * the row reports their median, min and max). Windows, not single frames,
 * because performance.now() is quantised (5 µs in the cross-origin-isolated
 * page) and cheap systems take less than that. The ratio keeps the suites'
 * sense, above 1 means ours is faster: the baseline's time over ours.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PresetName } from '@slv/config';
import { median, suiteReport, type SuiteCaseResult, type SuiteReport } from '@slv/benchmarks';
import type { FrameRecording } from '../app/frame-recorder.ts';
import { buildViewerBundle } from '../harness/build-bundle.ts';
import { launchChromium, type ChromiumSession } from '../harness/chromium.ts';
import { loginThroughForm, openViewer, waitForViewer, waitFrames } from '../harness/viewer-page.ts';
import { DEMO_SCENE } from '../launcher/launcher-args.ts';
import { startLauncher, type RunningLauncher } from '../launcher/start-launcher.ts';

export interface FrameSuiteOptions {
  /** Small scene, few frames: a smoke run (CI). */
  quick?: boolean;
  /** Demo region size (defaults: the launcher's demo region; quick: 200 objects, 20 lights, 4 movers). */
  objects?: number;
  lights?: number;
  movers?: number;
  /** Profiles to measure, in order (default Low, Balanced, High). */
  profiles?: readonly PresetName[];
  /** Frames recorded per profile and for the baseline (default 240; quick 40). */
  frames?: number;
  /** Frames per sample window (default 20; quick 8). */
  framesPerSample?: number;
  /** Frames run after a profile switch before recording (default 60; quick 10). */
  warmupFrames?: number;
  /** Canvas size in CSS pixels (default 960 × 540). */
  width?: number;
  height?: number;
  log?: (line: string) => void;
}

const UNIT = 'ms';
/** Floor on a time divided by: a system below the timer's resolution still gets a finite ratio. */
const MIN_MEAN_MS = 0.001;

interface WindowTimes {
  samples: number[];
  median: number;
  min: number;
  max: number;
}

/** Splits per-frame milliseconds into windows; each window's mean time is one sample. */
export function windowTimes(ms: readonly number[], framesPerSample: number): WindowTimes {
  if (ms.length === 0) throw new Error('bench frame: no frames recorded');
  const size = Math.max(1, Math.min(framesPerSample, ms.length));
  const samples: number[] = [];
  for (let start = 0; start + size <= ms.length; start += size) {
    let sum = 0;
    for (let i = start; i < start + size; i++) sum += ms[i]!;
    samples.push(sum / size);
  }
  return { samples, median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

function row(name: string, ours: WindowTimes, baselineName: string, base: WindowTimes): SuiteCaseResult {
  return {
    name,
    unit: UNIT,
    median: ours.median,
    baseline: baselineName,
    baselineMedian: base.median,
    ratio: Math.max(MIN_MEAN_MS, base.median) / Math.max(MIN_MEAN_MS, ours.median),
    min: ours.min,
    max: ours.max,
    baselineMin: base.min,
    baselineMax: base.max,
    samples: ours.samples.length,
  };
}

/** Suite rows of one profile's recording against the empty-frame baseline. */
export function frameRows(profile: string, recording: FrameRecording, baseline: FrameRecording, framesPerSample: number): SuiteCaseResult[] {
  const emptyCpu = windowTimes(baseline.cpuMs, framesPerSample);
  const emptyInterval = windowTimes(baseline.intervalMs, framesPerSample);
  const rows = [
    row(`${profile} frame interval`, windowTimes(recording.intervalMs, framesPerSample), 'empty rAF loop interval', emptyInterval),
    row(`${profile} runFrame (all systems)`, windowTimes(recording.cpuMs, framesPerSample), 'empty runFrame', emptyCpu),
  ];
  for (const system of recording.systems) {
    rows.push(row(`${profile} ${system.name}`, windowTimes(system.ms, framesPerSample), 'empty runFrame', emptyCpu));
  }
  return rows;
}

/** The viewer built into a temporary folder, on a demo region, logged in and holding every object, camera over the region. */
export interface FrameViewer {
  readonly launcher: RunningLauncher;
  readonly browser: ChromiumSession;
  close(): Promise<void>;
}

/**
 * Builds the viewer, starts the launcher on `scene`, logs Chromium in,
 * turns the adaptive scaler off, puts the camera at the suite's viewpoint
 * and waits for every object of the region. Closing frees it all.
 */
export async function startFrameViewer(
  scene: { objects: number; lights: number; movers: number; seed: number },
  size: { width: number; height: number },
  log: (line: string) => void,
  objectsTimeoutMs = 300_000,
): Promise<FrameViewer> {
  const outdir = mkdtempSync(join(tmpdir(), 'slv-bench-frame-'));
  let launcher: RunningLauncher | undefined;
  let browser: ChromiumSession | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await launcher?.close();
    rmSync(outdir, { recursive: true, force: true });
  };
  try {
    log(`building the viewer into ${outdir}`);
    await buildViewerBundle(outdir);
    launcher = await startLauncher({ staticDir: outdir, port: 0, scene, log: () => {} });
    const sceneObjects = launcher.region!.scene.objects.length;
    log(`demo region: ${sceneObjects} objects (${scene.lights} lights, ${scene.movers} movers) at ${launcher.url}`);
    browser = await launchChromium(size);
    const page = browser.page;
    await openViewer(page, launcher.url);
    await loginThroughForm(page);
    await page.evaluate(() => {
      window.slvViewer!.updateSettings({ adaptive: { enabled: false } });
      window.slvViewer!.lookAt([128, 20, 70], [128, 128, 22]);
    });
    await waitForViewer(page, `all ${sceneObjects} objects`, (v, n) => v.stats().objects >= n, sceneObjects, objectsTimeoutMs);
    return { launcher, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function runFrameSuite(options: FrameSuiteOptions = {}): Promise<SuiteReport> {
  const quick = options.quick === true;
  const log = options.log ?? (() => {});
  const scene = {
    objects: options.objects ?? (quick ? 200 : DEMO_SCENE.objects),
    lights: options.lights ?? (quick ? 20 : DEMO_SCENE.lights),
    movers: options.movers ?? (quick ? 4 : DEMO_SCENE.movers),
    seed: DEMO_SCENE.seed,
  };
  const frames = options.frames ?? (quick ? 40 : 240);
  const framesPerSample = options.framesPerSample ?? (quick ? 8 : 20);
  const warmupFrames = options.warmupFrames ?? (quick ? 10 : 60);
  const profiles = options.profiles ?? ['Low', 'Balanced', 'High'];

  const viewer = await startFrameViewer(scene, { width: options.width ?? 960, height: options.height ?? 540 }, log);
  try {
    const { browser } = viewer;
    const page = browser.page;
    log(`baseline: ${frames} empty frames`);
    const baseline = await page.evaluate((n) => window.slvViewer!.recordEmptyFrames(n), frames);
    const cases: SuiteCaseResult[] = [];
    for (const profile of profiles) {
      await page.evaluate((p) => window.slvViewer!.setProfile(p), profile);
      await waitFrames(page, warmupFrames);
      log(`${profile}: ${frames} frames`);
      const recording = await page.evaluate((n) => window.slvViewer!.recordFrames(n), frames);
      cases.push(...frameRows(profile, recording, baseline, framesPerSample));
    }
    if (browser.problems.length > 0) log(`page reported:\n  ${browser.problems.slice(0, 10).join('\n  ')}`);
    return suiteReport('frame', cases);
  } finally {
    await viewer.close();
  }
}

export { impostorRows, runImpostorFrameSuite } from './impostor-frames.ts';
export type { ImpostorFrameOptions } from './impostor-frames.ts';
