/**
 * `slv bench frame-impostors`: the frame suite's viewer on a 10,000-object
 * demo region, each profile measured twice from the same viewpoint:
 * impostors off (rendering.impostorDistance 1024 m, beyond any draw
 * distance) and on (the profile's own distance, once the impostors drawn
 * stop growing: the bake budget is raised to 256 views a frame while
 * warming up, then put back to the renderer's 16). Rows: CPU time per frame of
 * runFrame and of the systems impostors change (median of windows, as the
 * frame suite's), and the last frame's draw calls, triangles and
 * impostors; each "on" row against its "off" baseline (ratio above 1: on
 * is cheaper).
 */
import { presetSettings, type PresetName } from '@slv/config';
import { suiteReport, type SuiteCaseResult, type SuiteReport } from '@slv/benchmarks';
import type { FrameRecording } from '../app/frame-recorder.ts';
import type { ImpostorCounters } from '../app/viewer-api.ts';
import { waitFrames } from '../harness/viewer-page.ts';
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
  /** Longest wait for the bakes, ms (default 300 000). */
  bakeTimeoutMs?: number;
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

/** Rows of one profile: runFrame and the systems, then draws, triangles and impostors. */
export function impostorRows(profile: string, on: Case, off: Case, framesPerSample: number): SuiteCaseResult[] {
  const rows = [timeRow(`${profile} runFrame, impostors on`, on.recording.cpuMs, off.recording.cpuMs, framesPerSample)];
  for (const name of SYSTEMS) {
    const a = on.recording.systems.find((s) => s.name === name);
    const b = off.recording.systems.find((s) => s.name === name);
    if (a !== undefined && b !== undefined) rows.push(timeRow(`${profile} ${name}, impostors on`, a.ms, b.ms, framesPerSample));
  }
  rows.push(countRow(`${profile} draw calls, impostors on`, 'draws', on.counters.drawCalls, off.counters.drawCalls));
  rows.push(countRow(`${profile} triangles, impostors on`, 'triangles', on.counters.triangles, off.counters.triangles));
  rows.push(countRow(`${profile} impostors drawn`, 'impostors', on.counters.drawn, off.counters.drawn));
  return rows;
}

export async function runImpostorFrameSuite(options: ImpostorFrameOptions = {}): Promise<SuiteReport> {
  const quick = options.quick === true;
  const log = options.log ?? (() => {});
  const objects = options.objects ?? (quick ? 500 : 10_000);
  const frames = options.frames ?? (quick ? 20 : 60);
  const framesPerSample = options.framesPerSample ?? (quick ? 5 : 10);
  const warmupFrames = options.warmupFrames ?? (quick ? 5 : 20);
  const bakeTimeoutMs = options.bakeTimeoutMs ?? 300_000;
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
      const off = await record();
      const distance = presetSettings(profile).rendering.impostorDistance;
      await page.evaluate((d) => window.slvViewer!.updateSettings({ rendering: { impostorDistance: d } }), distance);
      await counters(WARM_BAKE_VIEWS);
      const started = Date.now();
      // Until the impostors drawn stop growing for 3 checks of 5 frames (or nothing is baking): re-bakes of
      // linksets that keep changing (textures arriving, movers turning) need not run out.
      let idle = 0;
      let drawn = -1;
      while (idle < 3 && Date.now() - started < bakeTimeoutMs) {
        await waitFrames(page, 5);
        const now = await counters();
        idle = now.bakeViews === 0 || now.drawn <= drawn ? idle + 1 : 0;
        drawn = Math.max(drawn, now.drawn);
      }
      await counters(BAKE_VIEWS);
      const on = await record();
      log(`${profile}: off ${off.counters.drawCalls} draws, ${off.counters.triangles} triangles; on ${on.counters.drawCalls} draws, ` +
        `${on.counters.triangles} triangles, ${on.counters.drawn} impostors (${on.counters.tiles} tiles, ${(on.counters.atlasBytes / 2 ** 20).toFixed(0)} MiB) ` +
        `after ${((Date.now() - started) / 1000).toFixed(0)} s of bakes`);
      cases.push(...impostorRows(profile, on, off, framesPerSample));
    }
    if (browser.problems.length > 0) log(`page reported:\n  ${browser.problems.slice(0, 10).join('\n  ')}`);
    return suiteReport('frame-impostors', cases);
  } finally {
    await viewer.close();
  }
}
