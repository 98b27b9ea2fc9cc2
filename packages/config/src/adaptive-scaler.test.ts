import { describe, expect, it } from 'vitest';
import { createAdaptiveScaler, type AdaptiveScaler } from './adaptive-scaler.ts';
import { PerformanceSettingsResource } from './performance-settings-resource.ts';
import type { PerformanceProfile } from './settings-types.ts';

interface Step {
  t: number;
  step: number;
  profile: PerformanceProfile;
}

/** Feeds frames whose time depends on the current profile, for `durationMs` of simulated time. */
function simulate(
  resource: PerformanceSettingsResource,
  scaler: AdaptiveScaler,
  frameMs: (p: PerformanceProfile) => number,
  durationMs: number,
  memoryMB: (p: PerformanceProfile) => number = () => Number.NaN,
  startMs = 0,
): Step[] {
  const steps: Step[] = [];
  let t = startMs;
  while (t < startMs + durationMs) {
    const f = frameMs(resource.profile);
    t += f;
    const step = scaler.sample(f, memoryMB(resource.profile), t);
    if (step !== 0) steps.push({ t, step, profile: resource.profile });
  }
  return steps;
}

// target 30 fps = 33.3 ms: down above 41.7 ms, up below 20 ms (defaults).
const highIsTooSlow = (p: PerformanceProfile): number => (p === 'High' ? 50 : p === 'Balanced' ? 12 : 8);

describe('adaptive scaler', () => {
  it('steps down after sustained slow frames, and retries the level ever more rarely', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High' });
    const scaler = createAdaptiveScaler(resource);
    const steps = simulate(resource, scaler, highIsTooSlow, 10 * 60_000);

    expect(steps[0]).toMatchObject({ step: -1, profile: 'Balanced' });
    // 60 frames of 50 ms fill the window (3 s), then 2 s sustained.
    expect(steps[0]!.t).toBeGreaterThanOrEqual(5000);
    expect(steps[0]!.t).toBeLessThan(5200);
    // Headroom on Balanced, but High is locked out for 60 s after failing.
    expect(steps[1]).toMatchObject({ step: 1, profile: 'High' });
    expect(steps[1]!.t - steps[0]!.t).toBeGreaterThanOrEqual(60_000);

    const ups = steps.filter((s) => s.step === 1).map((s) => s.t);
    const gaps = ups.slice(1).map((t, i) => t - ups[i]!);
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]! * 1.5);
    expect(steps.length).toBeLessThanOrEqual(8);
    expect(steps.every((s) => s.profile !== 'Low')).toBe(true);
    expect(scaler.stepsDown + scaler.stepsUp).toBe(steps.length);
  });

  it('steps up after sustained headroom and then stays', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Low' });
    const scaler = createAdaptiveScaler(resource);
    const steps = simulate(resource, scaler, () => 10, 120_000);
    expect(steps.map((s) => s.profile)).toEqual(['Balanced', 'High']);
    // Window (0.6 s) + 10 s sustained; then cooldown 5 s + window + 10 s.
    expect(steps[0]!.t).toBeGreaterThanOrEqual(10_600);
    expect(steps[1]!.t - steps[0]!.t).toBeGreaterThanOrEqual(15_000);
  });

  it('does nothing inside the dead band between the thresholds', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Balanced' });
    const scaler = createAdaptiveScaler(resource);
    expect(simulate(resource, scaler, () => 30, 10 * 60_000)).toEqual([]);
    expect(scaler.medianFrameMs()).toBe(30);
  });

  it('ignores a short stall', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High' });
    const scaler = createAdaptiveScaler(resource);
    let n = 0;
    // 1.5 s of 100 ms frames inside a long run of 20 ms frames.
    const steps = simulate(resource, scaler, () => (n++ >= 200 && n < 215 ? 100 : 25), 60_000);
    expect(steps).toEqual([]);
  });

  it('never acts when adaptive is disabled', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High', overrides: { adaptive: { enabled: false } } });
    const scaler = createAdaptiveScaler(resource);
    const revision = resource.revision;
    expect(simulate(resource, scaler, () => 200, 10 * 60_000, () => 1e6)).toEqual([]);
    const low = new PerformanceSettingsResource({ profile: 'Low', overrides: { adaptive: { enabled: false } } });
    const lowScaler = createAdaptiveScaler(low);
    expect(simulate(low, lowScaler, () => 5, 10 * 60_000)).toEqual([]);
    expect(resource.revision).toBe(revision);
    expect(scaler.stepsDown + scaler.stepsUp + lowScaler.stepsDown + lowScaler.stepsUp).toBe(0);
  });

  it('leaves a Custom profile alone', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High' });
    resource.update({ rendering: { drawDistance: 900 } });
    const scaler = createAdaptiveScaler(resource);
    expect(simulate(resource, scaler, () => 200, 60_000)).toEqual([]);
    expect(resource.profile).toBe('Custom');
  });

  it('steps down over the memory budget and not back up near it', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High', overrides: { adaptive: { memoryBudgetMB: 4000 } } });
    const scaler = createAdaptiveScaler(resource);
    const memory = (p: PerformanceProfile): number => (p === 'High' ? 5000 : 3500); // 3500 > 0.8 × budget
    const steps = simulate(resource, scaler, () => 10, 5 * 60_000, memory);
    expect(steps.map((s) => s.profile)).toEqual(['Balanced']);
    expect(scaler.lastStep).toMatchObject({ direction: -1, reason: 'memory', memoryMB: 5000, medianFrameMs: 10, from: 'High', to: 'Balanced' });
  });

  it('says why it stepped: the frame time, down and up', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High' });
    const scaler = createAdaptiveScaler(resource);
    expect(scaler.lastStep).toBeNull();
    const steps = simulate(resource, scaler, highIsTooSlow, 70_000);
    expect(steps.length).toBe(2);
    // The object is overwritten in place at each step: this is the step up.
    expect(scaler.lastStep).toMatchObject({ direction: 1, reason: 'frameTime', medianFrameMs: 12, from: 'Balanced', to: 'High', atMs: steps[1]!.t });
    const slowResource = new PerformanceSettingsResource({ profile: 'High' });
    const slow = createAdaptiveScaler(slowResource);
    simulate(slowResource, slow, () => 50, 6000);
    expect(slow.lastStep).toMatchObject({ direction: -1, reason: 'frameTime', medianFrameMs: 50, from: 'High', to: 'Balanced' });
  });

  it('respects minProfile', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Balanced', overrides: { adaptive: { minProfile: 'Balanced' } } });
    const scaler = createAdaptiveScaler(resource);
    expect(simulate(resource, scaler, () => 100, 60_000)).toEqual([]);
  });

  it('is reset by a user change, which clears the back-off', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High' });
    const scaler = createAdaptiveScaler(resource);
    const first = simulate(resource, scaler, highIsTooSlow, 10_000);
    expect(first.map((s) => s.profile)).toEqual(['Balanced']);
    resource.setProfile('High'); // the user insists
    // Slow again on High: the scaler needs a fresh window and sustain before acting.
    const again = simulate(resource, scaler, highIsTooSlow, 10_000, undefined, 10_000);
    expect(again[0]).toMatchObject({ step: -1, profile: 'Balanced' });
    expect(again[0]!.t - 10_000).toBeGreaterThanOrEqual(5000);
    scaler.dispose();
  });

  it('rejects nonsensical options', () => {
    const resource = new PerformanceSettingsResource();
    expect(() => createAdaptiveScaler(resource, { windowSize: 0 })).toThrow(/windowSize/);
    expect(() => createAdaptiveScaler(resource, { cooldownMs: Number.NaN })).toThrow(/cooldownMs/);
  });

  it('ignores invalid frame samples', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High' });
    const scaler = createAdaptiveScaler(resource, { windowSize: 4 });
    for (const bad of [Number.NaN, -1, 0, Number.POSITIVE_INFINITY]) expect(scaler.sample(bad, 0, 1)).toBe(0);
    expect(scaler.medianFrameMs()).toBeNaN();
  });
});
