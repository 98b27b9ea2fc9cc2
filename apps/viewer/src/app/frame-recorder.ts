/**
 * Per-frame measurements for the frame benchmark (`slv bench frame`), taken
 * inside the page: the CPU time of every system in every frame (the
 * scheduler's timings), of the whole runFrame, and the interval between
 * animation frames. The baseline is the same measurement of an empty frame:
 * the viewer's loop paused, a bare requestAnimationFrame loop running
 * runFrame on a scheduler with no systems, in the same page.
 */
import { createResources, createScheduler, runFrame } from '@slv/core';
import type { ViewerEngine } from './viewer-engine.ts';

export interface SystemRecording {
  name: string;
  phase: string;
  /** Milliseconds, one per recorded frame. */
  ms: number[];
}

export interface FrameRecording {
  /** Interval since the previous animation frame, ms, one per recorded frame. */
  intervalMs: number[];
  /** CPU time of runFrame, ms, one per recorded frame. */
  cpuMs: number[];
  systems: SystemRecording[];
  /**
   * The renderer's counts, one per recorded frame: every draw call and
   * triangle (scene, HZB, feedback and impostor bakes alike), the scene's
   * instanced prim draws alone, and impostor views baked. Empty for empty frames.
   */
  drawCalls: number[];
  triangles: number[];
  primDraws: number[];
  impostorBakeViews: number[];
}

export const MAX_RECORDED_FRAMES = 10_000;

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_RECORDED_FRAMES) {
    throw new RangeError(`frame recording: count must be an integer in 1..${MAX_RECORDED_FRAMES}, got ${count}`);
  }
}

/** Records the next `count` frames of the running viewer. */
export function recordFrames(engine: ViewerEngine, onFrame: (callback: () => void) => () => void, count: number): Promise<FrameRecording> {
  checkCount(count);
  const timings = engine.scheduler.timings;
  const recording: FrameRecording = {
    intervalMs: [],
    cpuMs: [],
    systems: timings.names.map((name, i) => ({ name, phase: timings.phases[i]!, ms: [] })),
    drawCalls: [], triangles: [], primDraws: [], impostorBakeViews: [],
  };
  const stats = engine.resources.renderer.stats;
  let previous = -1;
  return new Promise((resolve, reject) => {
    const off = onFrame(() => {
      if (engine.failure !== null) {
        off();
        reject(new Error(`the frame loop stopped: ${engine.failure.message}`));
        return;
      }
      const now = engine.resources.time.nowMs;
      if (previous >= 0) {
        recording.intervalMs.push(now - previous);
        recording.cpuMs.push(engine.resources.stats.frameMs);
        for (let i = 0; i < recording.systems.length; i++) recording.systems[i]!.ms.push(timings.last[i]!);
        recording.drawCalls.push(stats.drawCalls);
        recording.triangles.push(stats.triangles);
        recording.primDraws.push(stats.primDraws);
        recording.impostorBakeViews.push(stats.impostorBakeViews);
      }
      previous = now;
      if (recording.cpuMs.length >= count) {
        off();
        resolve(recording);
      }
    });
  });
}

/** Pauses the viewer, records `count` empty frames in a bare animation-frame loop, and resumes. */
export function recordEmptyFrames(engine: ViewerEngine, count: number): Promise<FrameRecording> {
  checkCount(count);
  const scheduler = createScheduler({}, createResources({ settings: null, bus: null }));
  const recording: FrameRecording = { intervalMs: [], cpuMs: [], systems: [], drawCalls: [], triangles: [], primDraws: [], impostorBakeViews: [] };
  engine.stop();
  let previous = -1;
  return new Promise((resolve) => {
    const frame = (now: number): void => {
      const start = performance.now();
      runFrame(scheduler, now);
      const cpu = performance.now() - start;
      if (previous >= 0) {
        recording.intervalMs.push(now - previous);
        recording.cpuMs.push(cpu);
      }
      previous = now;
      if (recording.cpuMs.length >= count) {
        engine.start();
        resolve(recording);
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}
