import { describe, expect, it } from 'vitest';
import { FRAME_RING, createFrameRateMeter, createRateMeter, framesPerSecond, meanFrameMs, recordFrame, sampleRate } from './rate-meters.ts';

describe('frame rate meter', () => {
  it('is 0 until two frames', () => {
    const m = createFrameRateMeter();
    expect(framesPerSecond(m)).toBe(0);
    recordFrame(m, 5);
    expect(framesPerSecond(m)).toBe(0);
    expect(meanFrameMs(m)).toBe(0);
  });

  it('measures a steady 60 Hz over the last second', () => {
    const m = createFrameRateMeter();
    for (let i = 0; i < 600; i++) recordFrame(m, i * (1000 / 60));
    expect(framesPerSecond(m)).toBeCloseTo(60, 6);
    expect(meanFrameMs(m)).toBeCloseTo(1000 / 60, 6);
  });

  it('follows a slowdown once the window has passed', () => {
    const m = createFrameRateMeter();
    let t = 0;
    for (let i = 0; i < 120; i++) recordFrame(m, (t += 10));
    for (let i = 0; i < 20; i++) recordFrame(m, (t += 100));
    expect(framesPerSecond(m)).toBeCloseTo(10, 6);
  });

  it('is bounded by its ring at very high rates', () => {
    const m = createFrameRateMeter();
    for (let i = 0; i < 1000; i++) recordFrame(m, i);
    // 240 frames 1 ms apart: the ring spans 239 ms of them.
    expect(framesPerSecond(m)).toBeCloseTo(1000, 6);
    expect(m.count).toBe(FRAME_RING);
  });
});

describe('rate meter', () => {
  it('reports per second over spans of at least the minimum', () => {
    const m = createRateMeter(1000);
    expect(sampleRate(m, 100, 0)).toBe(0);
    expect(sampleRate(m, 150, 500)).toBe(0);
    expect(sampleRate(m, 300, 1000)).toBe(200);
    expect(sampleRate(m, 310, 1500)).toBe(200);
    expect(sampleRate(m, 800, 3000)).toBe(250);
  });

  it('restarts when the counter goes backwards (a new session)', () => {
    const m = createRateMeter(1000);
    sampleRate(m, 100, 0);
    sampleRate(m, 300, 1000);
    sampleRate(m, 5, 1500);
    expect(sampleRate(m, 505, 2500)).toBe(500);
  });
});
