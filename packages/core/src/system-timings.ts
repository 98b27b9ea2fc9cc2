/**
 * Per-system frame timings: a Float64Array ring of the last N durations per
 * system plus last / average / max over that window, updated every frame
 * without allocating. Readers get the live structure and must not write it.
 */
import type { Phase } from './phases.ts';

export interface SystemTimings {
  /** Window length N. */
  readonly historyLength: number;
  /** Systems recorded, in the order they were added. */
  count: number;
  names: string[];
  phases: Phase[];
  /** Ring slot the most recent frame wrote; -1 before the first frame. */
  cursor: number;
  /** Frames recorded in total. */
  frames: number;
  /** Milliseconds, indexed by system. */
  last: Float64Array;
  avg: Float64Array;
  max: Float64Array;
  /** Samples in each system's window (< N for systems added late or early frames). */
  samples: Uint32Array;
  /** Row per system: `history[system * historyLength + slot]`. */
  history: Float64Array;
  /** Running window sums behind `avg`. */
  sums: Float64Array;
}

export const DEFAULT_HISTORY_LENGTH = 120;

export function createSystemTimings(historyLength: number = DEFAULT_HISTORY_LENGTH): SystemTimings {
  if (!Number.isInteger(historyLength) || historyLength < 1 || historyLength > 100_000) {
    throw new RangeError(`createSystemTimings: historyLength must be an integer in 1..100000, got ${historyLength}`);
  }
  return {
    historyLength,
    count: 0,
    names: [],
    phases: [],
    cursor: -1,
    frames: 0,
    last: new Float64Array(0),
    avg: new Float64Array(0),
    max: new Float64Array(0),
    samples: new Uint32Array(0),
    history: new Float64Array(0),
    sums: new Float64Array(0),
  };
}

function grow<T extends Float64Array | Uint32Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}

/** Adds a row for a new system (setup time, may allocate); returns its index. */
export function addTimingRow(t: SystemTimings, name: string, phase: Phase): number {
  const index = t.count++;
  t.names.push(name);
  t.phases.push(phase);
  t.last = grow(t.last, t.count);
  t.avg = grow(t.avg, t.count);
  t.max = grow(t.max, t.count);
  t.samples = grow(t.samples, t.count);
  t.sums = grow(t.sums, t.count);
  t.history = grow(t.history, t.count * t.historyLength);
  return index;
}

/** Moves the ring to the next slot; call once per frame before recording. */
export function beginTimingFrame(t: SystemTimings): void {
  t.cursor = t.cursor + 1 === t.historyLength ? 0 : t.cursor + 1;
  t.frames++;
}

export function recordSystemTime(t: SystemTimings, system: number, ms: number): void {
  const n = t.historyLength;
  const row = system * n;
  const slot = row + t.cursor;
  const evicted = t.history[slot];
  t.history[slot] = ms;
  t.last[system] = ms;
  const full = t.samples[system] === n;
  if (!full) t.samples[system]++;
  if (full && t.cursor === 0) {
    // Recompute the sum once per lap so floating-point drift cannot build up.
    let sum = 0;
    for (let i = row; i < row + n; i++) sum += t.history[i];
    t.sums[system] = sum;
  } else {
    t.sums[system] += full ? ms - evicted : ms;
  }
  t.avg[system] = t.sums[system] / t.samples[system];
  if (ms >= t.max[system]) {
    t.max[system] = ms;
  } else if (full && evicted === t.max[system]) {
    let max = 0;
    for (let i = row; i < row + n; i++) if (t.history[i] > max) max = t.history[i];
    t.max[system] = max;
  }
}
