import { createAdaptiveScaler, PerformanceSettingsResource, type AdaptiveStep } from '@slv/config';
import { describe, expect, it } from 'vitest';
import { describeAdaptiveStep, noteAdaptiveStep, undoAdaptiveStep, type AdaptiveUndo } from './adaptive-notice.ts';

const step = (over: Partial<AdaptiveStep>): AdaptiveStep => ({
  direction: -1, reason: 'frameTime', medianFrameMs: 50, memoryMB: Number.NaN, from: 'High', to: 'Balanced', atMs: 0, ...over,
});

describe('adaptive notices', () => {
  it('say what changed and why', () => {
    expect(describeAdaptiveStep(step({}), 30, 0)).toBe('Lowered graphics from High to Balanced: 20 frames a second, under the 30 fps target.');
    expect(describeAdaptiveStep(step({ reason: 'memory', memoryMB: 5000.4, medianFrameMs: 10 }), 30, 4000))
      .toBe('Lowered graphics from High to Balanced: 5000 MB of memory in use, over the 4000 MB budget.');
    expect(describeAdaptiveStep(step({ direction: 1, medianFrameMs: 12.5, from: 'Low', to: 'Balanced' }), 30, 0))
      .toBe('Raised graphics from Low to Balanced: 80 frames a second, well over the 30 fps target.');
  });

  it('undo restores the previous profile as the user\'s choice and pauses the scaler', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High' });
    const scaler = createAdaptiveScaler(resource);
    const undo: AdaptiveUndo = { paused: false, previous: null, text: '' };
    const causes: string[] = [];
    resource.subscribe((change) => {
      causes.push(change.cause);
      if (change.cause === 'adaptive') noteAdaptiveStep(undo, scaler, resource);
    });
    // Slow frames on High: the scaler steps down after the window fills and 2 s pass.
    let t = 0;
    while (resource.profile === 'High' && t < 10_000) scaler.sample(50, Number.NaN, (t += 50));
    expect(resource.profile).toBe('Balanced');
    expect(undo.previous).toBe('High');
    expect(undo.text).toContain('from High to Balanced');
    undoAdaptiveStep(undo, resource);
    expect(resource.profile).toBe('High');
    expect(causes).toEqual(['adaptive', 'user']);
    expect(undo.paused).toBe(true);
    expect(undo.previous).toBeNull();
    expect(undo.text).toContain('Back to High');
    // A second undo does nothing.
    undoAdaptiveStep(undo, resource);
    expect(causes).toEqual(['adaptive', 'user']);
  });
});
