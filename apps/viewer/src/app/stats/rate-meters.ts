/**
 * Frame rate and counter rates for the statistics overlay, over typed-array
 * rings: recording a frame or a sample allocates nothing.
 */

export interface FrameRateMeter {
  /** Timestamps of recent frames, milliseconds. */
  readonly times: Float64Array;
  /** Next slot to write. */
  head: number;
  count: number;
}

/** Frames remembered; at 240 the last second is covered down to 4 ms frames. */
export const FRAME_RING = 240;

export function createFrameRateMeter(): FrameRateMeter {
  return { times: new Float64Array(FRAME_RING), head: 0, count: 0 };
}

export function recordFrame(meter: FrameRateMeter, nowMs: number): void {
  meter.times[meter.head] = nowMs;
  meter.head = (meter.head + 1) % FRAME_RING;
  if (meter.count < FRAME_RING) meter.count++;
}

function newest(meter: FrameRateMeter, back: number): number {
  return meter.times[(meter.head - 1 - back + FRAME_RING * 2) % FRAME_RING]!;
}

/**
 * Frames per second over the frames of the last `windowMs` before the newest
 * one (0 with fewer than two frames).
 */
export function framesPerSecond(meter: FrameRateMeter, windowMs = 1000): number {
  if (meter.count < 2) return 0;
  const last = newest(meter, 0);
  let back = 1;
  while (back < meter.count - 1 && last - newest(meter, back + 1) <= windowMs) back++;
  const span = last - newest(meter, back);
  return span > 0 ? (back * 1000) / span : 0;
}

/** Mean interval between the frames of the last `windowMs`, milliseconds (0 with fewer than two). */
export function meanFrameMs(meter: FrameRateMeter, windowMs = 1000): number {
  const fps = framesPerSecond(meter, windowMs);
  return fps > 0 ? 1000 / fps : 0;
}

/** The rate of a growing counter, measured over at least `minSpanMs`. */
export interface RateMeter {
  readonly minSpanMs: number;
  startValue: number;
  startMs: number;
  /** Per second, from the last completed span; 0 before the first. */
  rate: number;
  started: boolean;
}

export function createRateMeter(minSpanMs = 1000): RateMeter {
  return { minSpanMs, startValue: 0, startMs: 0, rate: 0, started: false };
}

/** Feeds the counter's current value; returns the rate per second. A counter that went backwards restarts the span. */
export function sampleRate(meter: RateMeter, value: number, nowMs: number): number {
  if (!meter.started || value < meter.startValue || nowMs < meter.startMs) {
    meter.started = true;
    meter.startValue = value;
    meter.startMs = nowMs;
    return meter.rate;
  }
  const span = nowMs - meter.startMs;
  if (span >= meter.minSpanMs) {
    meter.rate = ((value - meter.startValue) * 1000) / span;
    meter.startValue = value;
    meter.startMs = nowMs;
  }
  return meter.rate;
}
