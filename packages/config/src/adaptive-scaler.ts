/**
 * Moves the profile one preset at a time when the frame rate or memory says
 * the current one does not fit the machine.
 *
 * - Down: the median frame time over the window stays above
 *   target × (1 + downMargin) for downSustainMs, or memory stays above the
 *   budget that long, and the profile is above `adaptive.minProfile`.
 * - Up: the median stays below target × upHeadroom (and memory below
 *   budget × memoryHeadroom) for the longer upSustainMs.
 *
 * Hysteresis against oscillation, three ways: the gap between the down and
 * up thresholds; a cooldown after every step, with the window emptied so the
 * new profile is judged on its own frames; and a back-off on any preset the
 * scaler had to leave: it may not step back up into it for retryBackoffMs,
 * doubling on each further failure (up to maxRetryBackoffMs). A machine that
 * cannot hold High therefore retries it ever more rarely instead of flapping.
 *
 * It never acts when `adaptive.enabled` is false, and it leaves a Custom
 * profile alone (that is the user's own tuning). A change made by the user or
 * by loading a file resets it, back-off included. `sample` allocates
 * nothing: frame times go into a ring buffer and the median is read from a
 * sorted, preallocated scratch copy (core's sortFloat64).
 */
import { sortFloat64 } from '@slv/core';
import type { PerformanceSettingsResource, SettingsChange } from './performance-settings-resource.ts';
import { PRESET_NAMES, presetLevel, type PresetName } from './settings-types.ts';

export interface AdaptiveScalerOptions {
  /** Frames in the median window. */
  windowSize?: number;
  /** Step down when the median exceeds the target frame time by this fraction. */
  downMargin?: number;
  /** Step up when the median is below this fraction of the target frame time. */
  upHeadroom?: number;
  downSustainMs?: number;
  upSustainMs?: number;
  /** No further step for this long after any step. */
  cooldownMs?: number;
  /** First lock-out of a preset the scaler had to step down from. */
  retryBackoffMs?: number;
  maxRetryBackoffMs?: number;
  /** Step up only while memory is below this fraction of the budget. */
  memoryHeadroom?: number;
}

export const ADAPTIVE_SCALER_DEFAULTS: Readonly<Required<AdaptiveScalerOptions>> = Object.freeze({
  windowSize: 60,
  downMargin: 0.25,
  upHeadroom: 0.6,
  downSustainMs: 2000,
  upSustainMs: 10000,
  cooldownMs: 5000,
  retryBackoffMs: 60000,
  maxRetryBackoffMs: 30 * 60000,
  memoryHeadroom: 0.8,
});

/** Why the scaler stepped, and what it saw: for a notice that tells the user. */
export interface AdaptiveStep {
  /** -1 down, +1 up. */
  direction: number;
  /** 'memory' when memory over the budget forced a step down (whatever the frame time); otherwise 'frameTime'. */
  reason: 'frameTime' | 'memory';
  /** The window's median frame time when it stepped. */
  medianFrameMs: number;
  /** Memory in use then (NaN when unknown). */
  memoryMB: number;
  from: PresetName;
  to: PresetName;
  atMs: number;
}

export interface AdaptiveScaler {
  /**
   * Feeds one frame. `memoryMB` may be NaN when unknown. Returns the step
   * taken: -1 (down), +1 (up) or 0.
   */
  sample(frameMs: number, memoryMB: number, nowMs: number): number;
  /** Median frame time of the current window, or NaN until the window is full. */
  medianFrameMs(): number;
  readonly stepsDown: number;
  readonly stepsUp: number;
  /** The last step taken (overwritten in place at each step), or null before any. */
  readonly lastStep: Readonly<AdaptiveStep> | null;
  /** Forgets the window, timers and back-off. */
  reset(): void;
  /** Stops listening to the resource. */
  dispose(): void;
}

export function createAdaptiveScaler(
  resource: PerformanceSettingsResource,
  options: AdaptiveScalerOptions = {},
): AdaptiveScaler {
  return new Scaler(resource, { ...ADAPTIVE_SCALER_DEFAULTS, ...definedOnly(options) });
}

function definedOnly(options: AdaptiveScalerOptions): AdaptiveScalerOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`adaptive scaler option ${key} must be a non-negative finite number, got ${String(value)}`);
    }
    out[key] = value;
  }
  if (out['windowSize'] !== undefined && (!Number.isInteger(out['windowSize']) || (out['windowSize'] as number) < 1)) {
    throw new RangeError(`adaptive scaler option windowSize must be a positive integer, got ${String(out['windowSize'])}`);
  }
  return out as AdaptiveScalerOptions;
}

const LEVELS = PRESET_NAMES.length;

class Scaler implements AdaptiveScaler {
  readonly #resource: PerformanceSettingsResource;
  readonly #o: Required<AdaptiveScalerOptions>;
  readonly #ring: Float64Array;
  readonly #scratch: Float64Array;
  #head = 0;
  #count = 0;
  #slowSince = -1;
  #fastSince = -1;
  #cooldownUntil = -Infinity;
  readonly #lockedUntil = new Float64Array(LEVELS);
  readonly #backoff = new Float64Array(LEVELS);
  readonly #unsubscribe: () => void;
  stepsDown = 0;
  stepsUp = 0;
  lastStep: AdaptiveStep | null = null;

  constructor(resource: PerformanceSettingsResource, options: Required<AdaptiveScalerOptions>) {
    this.#resource = resource;
    this.#o = options;
    this.#ring = new Float64Array(options.windowSize);
    this.#scratch = new Float64Array(options.windowSize);
    this.reset();
    this.#unsubscribe = resource.subscribe((change: SettingsChange) => {
      if (change.cause !== 'adaptive') this.reset();
    });
  }

  reset(): void {
    this.#clearWindow();
    this.#cooldownUntil = -Infinity;
    this.#lockedUntil.fill(-Infinity);
    this.#backoff.fill(this.#o.retryBackoffMs);
  }

  dispose(): void {
    this.#unsubscribe();
  }

  medianFrameMs(): number {
    if (this.#count < this.#ring.length) return Number.NaN;
    return this.#median();
  }

  sample(frameMs: number, memoryMB: number, nowMs: number): number {
    const adaptive = this.#resource.settings.adaptive;
    const profile = this.#resource.profile;
    if (!adaptive.enabled || profile === 'Custom') {
      this.#clearWindow();
      return 0;
    }
    if (!(frameMs > 0) || !Number.isFinite(frameMs) || !Number.isFinite(nowMs)) return 0;
    const ring = this.#ring;
    ring[this.#head] = frameMs;
    this.#head = (this.#head + 1) % ring.length;
    if (this.#count < ring.length) this.#count++;
    if (this.#count < ring.length || nowMs < this.#cooldownUntil) return 0;

    const o = this.#o;
    const targetMs = 1000 / adaptive.targetFps;
    const median = this.#median();
    const budget = adaptive.memoryBudgetMB;
    const memoryKnown = budget > 0 && Number.isFinite(memoryMB);
    const overMemory = memoryKnown && memoryMB > budget;
    const slow = median > targetMs * (1 + o.downMargin) || overMemory;
    const fast = median < targetMs * o.upHeadroom && (!memoryKnown || memoryMB < budget * o.memoryHeadroom);

    if (slow) {
      if (this.#slowSince < 0) this.#slowSince = nowMs;
      this.#fastSince = -1;
    } else if (fast) {
      if (this.#fastSince < 0) this.#fastSince = nowMs;
      this.#slowSince = -1;
    } else {
      this.#slowSince = this.#fastSince = -1;
    }

    const level = presetLevel(profile);
    if (slow && nowMs - this.#slowSince >= o.downSustainMs && level > presetLevel(adaptive.minProfile)) {
      this.#lockedUntil[level] = nowMs + this.#backoff[level]!;
      this.#backoff[level] = Math.min(this.#backoff[level]! * 2, o.maxRetryBackoffMs);
      this.#record(-1, overMemory ? 'memory' : 'frameTime', median, memoryMB, level, nowMs);
      this.#step(PRESET_NAMES[level - 1]!, nowMs);
      this.stepsDown++;
      return -1;
    }
    if (fast && nowMs - this.#fastSince >= o.upSustainMs && level < LEVELS - 1 && nowMs >= this.#lockedUntil[level + 1]!) {
      this.#record(1, 'frameTime', median, memoryMB, level, nowMs);
      this.#step(PRESET_NAMES[level + 1]!, nowMs);
      this.stepsUp++;
      return 1;
    }
    return 0;
  }

  // One object, overwritten: a step allocates nothing.
  #record(direction: number, reason: AdaptiveStep['reason'], median: number, memoryMB: number, level: number, nowMs: number): void {
    const step = (this.lastStep ??= { direction: 0, reason: 'frameTime', medianFrameMs: 0, memoryMB: 0, from: 'Low', to: 'Low', atMs: 0 });
    step.direction = direction;
    step.reason = reason;
    step.medianFrameMs = median;
    step.memoryMB = memoryMB;
    step.from = PRESET_NAMES[level]!;
    step.to = PRESET_NAMES[level + direction]!;
    step.atMs = nowMs;
  }

  #step(to: PresetName, nowMs: number): void {
    this.#clearWindow();
    this.#cooldownUntil = nowMs + this.#o.cooldownMs;
    this.#resource.setProfile(to, 'adaptive');
  }

  #clearWindow(): void {
    this.#head = 0;
    this.#count = 0;
    this.#slowSince = -1;
    this.#fastSince = -1;
  }

  // The middle of a sorted copy of the full ring (the window holds a few dozen frames).
  #median(): number {
    const a = this.#scratch;
    const n = this.#count;
    a.set(this.#ring);
    sortFloat64(a, n);
    return a[n >> 1]!;
  }
}
