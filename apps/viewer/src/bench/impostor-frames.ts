/**
 * `slv bench frame-impostors`: the frame suite's viewer on a 10,000-object
 * demo region, each profile measured twice from the same viewpoint:
 * impostors off (rendering.impostorDistance 1024 m, beyond any draw
 * distance) and on (the profile's own distance, once nothing is being
 * baked: the bake budget is raised to 256 views a frame while warming up,
 * then put back to the renderer's 16). Rows: CPU time per frame of
 * runFrame and of the systems impostors change (median of windows, as the
 * frame suite's), and the last frame's draw calls, triangles and
 * impostors; each "on" row against its "off" baseline (ratio above 1: on
 * is cheaper). Before "off" the profile's textures (sculpt maps among them)
 * and its draw calls and triangles are left to settle (a new draw distance
 * brings volumes, LODs and textures over many frames), so that "on" does
 * not see more of the scene arrived than "off" did; the
 * draws with impostors off again after "on" are logged beside, to show the
 * two were measured on the same scene.
 */
import { presetSettings, type PresetName } from '@slv/config';
import { suiteReport, type SuiteCaseResult, type SuiteReport } from '@slv/benchmarks';
import type { FrameRecording } from '../app/frame-recorder.ts';
import type { ImpostorCounters } from '../app/viewer-api.ts';
import { waitForImpostors, waitForTextures, waitFrames } from '../harness/viewer-page.ts';
import { DEMO_SCENE } from '../launcher/launcher-args.ts';
import { startFrameViewer, windowTimes } from './frame-suite.ts';

export interface ImpostorFrameOptions {
  /** Demo region objects (default 10,000; quick 500). */
  objects?: number;
  profiles?: readonly PresetName[];
  /** Frames recorded per case (default 60; quick 20), per sample window (default 10; quick 5). */
  frames?: number;
  framesPerSample?: number;
  /** Frames run before recording (default 20; quick 5). */
  warmupFrames?: number;
  /** Longest wait for the bakes, ms (default 900 000: High bakes about 600 linksets at 4 a frame, and a SwiftShader frame baking 256 views takes over a second). */
  bakeTimeoutMs?: number;
  /** Longest wait for the textures to settle before "off", ms (default 240 000; quick 30 000). */
  settleTimeoutMs?: number;
  quick?: boolean;
  log?: (line: string) => void;
}

/** impostorDistance that turns impostors off: the schema's largest, beyond every profile's draw distance. */
const OFF_DISTANCE = 1024;
const WARM_BAKE_VIEWS = 256;
const BAKE_VIEWS = 16;
/** Systems whose time impostors change. */
const SYSTEMS = ['render.impostors', 'render.lod', 'render.draw-list', 'render.draw'];

interface Case {
  recording: FrameRecording;
  counters: ImpostorCounters;
}

function timeRow(name: string, on: number[], off: number[], framesPerSample: number): SuiteCaseResult {
  const a = windowTimes(on, framesPerSample);
  const b = windowTimes(off, framesPerSample);
  return {
    name, unit: 'ms', median: a.median, baseline: 'impostors off', baselineMedian: b.median,
    ratio: Math.max(0.001, b.median) / Math.max(0.001, a.median), min: a.min, max: a.max, baselineMin: b.min, baselineMax: b.max, samples: a.samples.length,
  };
}

function countRow(name: string, unit: string, on: number, off: number): SuiteCaseResult {
  return { name, unit, median: on, baseline: 'impostors off', baselineMedian: off, ratio: Math.max(1, off) / Math.max(1, on), min: on, max: on, baselineMin: off, baselineMax: off, samples: 1 };
}

/** A per-frame count's mean over the recorded frames against the baseline's (frames with a feedback capture or a bake draw more). */
function meanRow(name: string, unit: string, on: number[], off: number[]): SuiteCaseResult {
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const a = mean(on);
  const b = mean(off);
  return {
    name, unit, median: a, baseline: 'impostors off', baselineMedian: b, ratio: Math.max(1, b) / Math.max(1, a),
    min: Math.min(...on), max: Math.max(...on), baselineMin: Math.min(...off), baselineMax: Math.max(...off), samples: on.length,
  };
}

/**
 * Rows of one profile: runFrame and the systems, then per frame (means over
 * the recorded frames) every draw call and triangle — the scene's, the HZB's,
 * the virtual texture's feedback capture every 4th frame and impostor bakes
 * included — the scene's instanced prim draws alone, impostor views baked,
 * and the impostors drawn in the last frame.
 */
export function impostorRows(profile: string, on: Case, off: Case, framesPerSample: number): SuiteCaseResult[] {
  const rows = [timeRow(`${profile} runFrame, impostors on`, on.recording.cpuMs, off.recording.cpuMs, framesPerSample)];
  for (const name of SYSTEMS) {
    const a = on.recording.systems.find((s) => s.name === name);
    const b = off.recording.systems.find((s) => s.name === name);
    if (a !== undefined && b !== undefined) rows.push(timeRow(`${profile} ${name}, impostors on`, a.ms, b.ms, framesPerSample));
  }
  rows.push(meanRow(`${profile} draw calls a frame (all passes), impostors on`, 'draws', on.recording.drawCalls, off.recording.drawCalls));
  rows.push(meanRow(`${profile} scene prim draws a frame, impostors on`, 'draws', on.recording.primDraws, off.recording.primDraws));
  rows.push(meanRow(`${profile} triangles a frame (all passes), impostors on`, 'triangles', on.recording.triangles, off.recording.triangles));
  rows.push(meanRow(`${profile} impostor views baked a frame, impostors on`, 'views', on.recording.impostorBakeViews, off.recording.impostorBakeViews));
  rows.push(countRow(`${profile} impostors drawn`, 'impostors', on.counters.drawn, off.counters.drawn));
  return rows;
}

/** The scene's prim draws and visible objects within 1 % of the previous check for 3 checks in a row (false: not by `deadline`). */
async function untilSteady(read: () => Promise<ImpostorCounters>, wait: () => Promise<void>, deadline: number): Promise<boolean> {
  const near = (a: number, b: number) => Math.abs(a - b) <= 0.01 * Math.max(a, b);
  let last = await read();
  let steady = 0;
  while (steady < 3) {
    if (Date.now() > deadline) return false;
    await wait();
    const now = await read();
    steady = near(now.primDraws, last.primDraws) && near(now.visible, last.visible) ? steady + 1 : 0;
    last = now;
  }
  return true;
}

export async function runImpostorFrameSuite(options: ImpostorFrameOptions = {}): Promise<SuiteReport> {
  const quick = options.quick === true;
  const log = options.log ?? (() => {});
  const objects = options.objects ?? (quick ? 500 : 10_000);
  const frames = options.frames ?? (quick ? 20 : 60);
  const framesPerSample = options.framesPerSample ?? (quick ? 5 : 10);
  const warmupFrames = options.warmupFrames ?? (quick ? 5 : 20);
  const bakeTimeoutMs = options.bakeTimeoutMs ?? 900_000;
  const settleTimeoutMs = options.settleTimeoutMs ?? (quick ? 30_000 : 240_000);
  const profiles = options.profiles ?? ['Low', 'Balanced', 'High'];
  const scene = { objects, lights: DEMO_SCENE.lights, movers: DEMO_SCENE.movers, seed: DEMO_SCENE.seed };
  const viewer = await startFrameViewer(scene, { width: 960, height: 540 }, log, 600_000);
  try {
    const { browser } = viewer;
    const page = browser.page;
    const counters = (views?: number) => page.evaluate((v) => window.slvViewer!.impostors(v ?? undefined), views ?? null);
    const record = async (): Promise<Case> => {
      await waitFrames(page, warmupFrames);
      const recording = await page.evaluate((n) => window.slvViewer!.recordFrames(n), frames);
      return { recording, counters: await counters() };
    };
    const cases: SuiteCaseResult[] = [];
    for (const profile of profiles) {
      await page.evaluate((p) => window.slvViewer!.setProfile(p), profile);
      await page.evaluate((d) => window.slvViewer!.updateSettings({ rendering: { impostorDistance: d } }), OFF_DISTANCE);
      const settleStarted = Date.now();
      const settled = await waitForTextures(page, settleTimeoutMs).then(() => 'settled', (error: Error) => `not settled (${error.message})`);
      // Then the geometry: a new draw distance brings volumes and LODs that render.lod makes over several frames.
      const steady = await untilSteady(() => counters(), () => waitFrames(page, 10), settleStarted + 2 * settleTimeoutMs);
      log(`${profile}: textures ${settled}, draws ${steady ? 'steady' : 'still changing'} after ${((Date.now() - settleStarted) / 1000).toFixed(0)} s`);
      const off = await record();
      const distance = presetSettings(profile).rendering.impostorDistance;
      await page.evaluate((d) => window.slvViewer!.updateSettings({ rendering: { impostorDistance: d } }), distance);
      const started = Date.now();
      let checks = 0;
      const progress = (line: string): void => {
        if (++checks % 6 === 0) log(line);
      };
      // Until nothing is being baked (no job, waiting for textures included, and no view baked for 3 checks
      // of 5 frames): the impostors recorded are the ones the view settles on, with no backlog of bakes.
      const baked = await waitForImpostors(page, { timeoutMs: bakeTimeoutMs, viewsPerFrame: WARM_BAKE_VIEWS, restoreViewsPerFrame: BAKE_VIEWS, log: progress })
        .then(() => 'done', (error: Error) => `not done (${error.message})`);
      log(`${profile}: bakes ${baked} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
      const staleBefore = await counters();
      const on = await record();
      const bakeSeconds = (Date.now() - started) / 1000;
      await page.evaluate((d) => window.slvViewer!.updateSettings({ rendering: { impostorDistance: d } }), OFF_DISTANCE);
      await waitFrames(page, warmupFrames);
      const offAgain = await counters();
      const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)).toFixed(0);
      log(`${profile}: a frame, off ${mean(off.recording.drawCalls)} draws (${mean(off.recording.primDraws)} scene), ${mean(off.recording.triangles)} triangles; ` +
        `on ${mean(on.recording.drawCalls)} draws (${mean(on.recording.primDraws)} scene), ${mean(on.recording.triangles)} triangles, ` +
        `${mean(on.recording.impostorBakeViews)} views baked; ${on.counters.drawn} impostors (${on.counters.tiles} tiles, ${(on.counters.atlasBytes / 2 ** 20).toFixed(0)} MiB) ` +
        `after ${bakeSeconds.toFixed(0)} s of bakes; found stale while recorded: ${on.counters.staleByKey - staleBefore.staleByKey} by key, ` +
        `${on.counters.staleByTextures - staleBefore.staleByTextures} by textures; off again (last frame) ${offAgain.primDraws} scene draws, ${offAgain.triangles} triangles`);
      cases.push(...impostorRows(profile, on, off, framesPerSample));
    }
    if (browser.problems.length > 0) log(`page reported:\n  ${browser.problems.slice(0, 10).join('\n  ')}`);
    return suiteReport('frame-impostors', cases);
  } finally {
    await viewer.close();
  }
}
