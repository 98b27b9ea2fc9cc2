/**
 * The frame scheduler: systems grouped into the ordered phases of PHASES,
 * run in that order every frame; boundary hooks (worker results, other
 * queued work) run between phases, never inside a system. A system is one
 * function `(world, resources) => void`: whatever state it keeps lives in
 * the world or a resource (allocated once, when that resource is made), and
 * it reads settings from resources every frame rather than capturing them.
 */
import { PHASES, phaseIndex } from './phases.ts';
import type { Phase } from './phases.ts';
import type { Resources } from './resources.ts';
import { addTimingRow, beginTimingFrame, createSystemTimings, recordSystemTime } from './system-timings.ts';
import type { SystemTimings } from './system-timings.ts';

/** A scheduled system: runs once per frame in its phase. */
export type System<W, R> = (world: W, resources: R) => void;

export interface SystemDef<W, R> {
  /** Unique within a scheduler; timings and errors name the system by it. */
  readonly name: string;
  readonly phase: Phase;
  readonly run: System<W, R>;
}

/** Runs after each phase with the phase that just ended. */
export type BoundaryHook<W, R> = (world: W, resources: R, phaseEnded: Phase) => void;

export interface SchedulerOptions {
  /** Millisecond clock for timings (default performance.now). */
  readonly clock?: () => number;
  /** Frames kept per system in the timing ring (default 120). */
  readonly historyLength?: number;
}

export interface Scheduler<W, R extends Resources> {
  readonly world: W;
  readonly resources: R;
  readonly timings: SystemTimings;
  readonly clock: () => number;
  /** Systems in execution order. */
  readonly fns: System<W, R>[];
  /** Timing row of each entry of `fns`. */
  readonly rows: number[];
  /** Exclusive end in `fns` of each phase. */
  readonly phaseEnd: Int32Array;
  readonly hooks: BoundaryHook<W, R>[];
  readonly hookNames: string[];
  frames: number;
  lastNowMs: number;
  running: boolean;
}

const defaultClock = (): number => performance.now();

export function createScheduler<W, R extends Resources>(world: W, resources: R, options: SchedulerOptions = {}): Scheduler<W, R> {
  return {
    world,
    resources,
    timings: createSystemTimings(options.historyLength),
    clock: options.clock ?? defaultClock,
    fns: [],
    rows: [],
    phaseEnd: new Int32Array(PHASES.length),
    hooks: [],
    hookNames: [],
    frames: 0,
    lastNowMs: 0,
    running: false,
  };
}

/** Adds a system at the end of its phase; returns its row in the timings. */
export function addSystem<W, R extends Resources>(scheduler: Scheduler<W, R>, def: SystemDef<W, R>): number {
  const p = phaseIndex(def.phase);
  if (p < 0) throw new RangeError(`addSystem: "${def.phase}" is not a phase (one of ${PHASES.join(', ')})`);
  if (typeof def.run !== 'function') throw new TypeError(`addSystem: system "${def.name}" has no run function`);
  if (scheduler.running) throw new Error(`addSystem: cannot add "${def.name}" while a frame is running`);
  if (scheduler.timings.names.includes(def.name)) throw new Error(`addSystem: a system named "${def.name}" already exists`);
  const row = addTimingRow(scheduler.timings, def.name, def.phase);
  const at = scheduler.phaseEnd[p];
  scheduler.fns.splice(at, 0, def.run);
  scheduler.rows.splice(at, 0, row);
  for (let i = p; i < PHASES.length; i++) scheduler.phaseEnd[i]++;
  return row;
}

/** Adds systems in order, each at the end of its phase. */
export function addSystems<W, R extends Resources>(scheduler: Scheduler<W, R>, defs: readonly SystemDef<W, R>[]): void {
  for (const def of defs) addSystem(scheduler, def);
}

/** Adds a hook run at every phase boundary, in the order hooks were added. */
export function addBoundaryHook<W, R extends Resources>(scheduler: Scheduler<W, R>, name: string, hook: BoundaryHook<W, R>): void {
  if (scheduler.running) throw new Error(`addBoundaryHook: cannot add "${name}" while a frame is running`);
  scheduler.hooks.push(hook);
  scheduler.hookNames.push(name);
}

function failure(what: string, cause: unknown): Error {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new Error(`${what} failed: ${message}`, { cause });
}

/**
 * Runs one frame at `nowMs`: updates resources.time, runs every phase's
 * systems in order with boundary hooks after each phase, records timings and
 * resources.stats.frameMs. An exception from a system aborts the frame and is
 * rethrown naming the system.
 */
export function runFrame<W, R extends Resources>(scheduler: Scheduler<W, R>, nowMs: number): void {
  if (!Number.isFinite(nowMs)) throw new RangeError(`runFrame: nowMs must be a finite number, got ${nowMs}`);
  if (scheduler.running) throw new Error('runFrame: called while a frame is already running');
  const { world, resources, fns, rows, phaseEnd, hooks, timings, clock } = scheduler;
  const time = resources.time;
  time.deltaMs = scheduler.frames === 0 ? 0 : nowMs - scheduler.lastNowMs;
  time.nowMs = nowMs;
  time.frame = scheduler.frames;
  scheduler.running = true;
  try {
    beginTimingFrame(timings);
    // One clock reading per system boundary: each reading ends one system and
    // starts the next (a platform clock read can allocate, so read no more than needed).
    const frameStart = clock();
    let mark = frameStart;
    let s = 0;
    for (let p = 0; p < PHASES.length; p++) {
      for (const end = phaseEnd[p]; s < end; s++) {
        try {
          fns[s](world, resources);
        } catch (error) {
          throw failure(`system "${timings.names[rows[s]]}" (${PHASES[p]})`, error);
        }
        const now = clock();
        recordSystemTime(timings, rows[s], now - mark);
        mark = now;
      }
      if (hooks.length > 0) {
        for (let h = 0; h < hooks.length; h++) {
          try {
            hooks[h](world, resources, PHASES[p]);
          } catch (error) {
            throw failure(`boundary hook "${scheduler.hookNames[h]}" after ${PHASES[p]}`, error);
          }
        }
        mark = clock();
      }
    }
    resources.stats.frameMs = mark - frameStart;
  } finally {
    scheduler.running = false;
    scheduler.frames++;
    scheduler.lastNowMs = nowMs;
  }
}

/**
 * The live timing structure: the same object every call, updated in place
 * each frame. Do not write to it; its arrays are replaced when a system is
 * added, so read them through the structure rather than keeping them.
 */
export function getSystemTimings<W, R extends Resources>(scheduler: Scheduler<W, R>): SystemTimings {
  return scheduler.timings;
}

/** Timing row of the named system, or -1. */
export function findSystem<W, R extends Resources>(scheduler: Scheduler<W, R>, name: string): number {
  return scheduler.timings.names.indexOf(name);
}
