import { describe, expect, it } from 'vitest';
import { PerformanceSettingsResource, type SettingsChange } from './performance-settings-resource.ts';
import { PRESETS } from './presets.ts';
import type { PerformanceSettings } from './settings-types.ts';

/** A system that, like a real one, caches references once and reads them per frame. */
function fakeCullingSystem(resource: PerformanceSettingsResource) {
  const rendering = resource.settings.rendering;
  const grid = rendering.clusterGrid;
  let builtFor = resource.revision;
  let rebuilds = 0;
  return {
    frame(): { drawDistance: number; gridZ: number; rebuilt: boolean } {
      const rebuilt = resource.revision !== builtFor;
      if (rebuilt) {
        builtFor = resource.revision;
        rebuilds++;
      }
      return { drawDistance: rendering.drawDistance, gridZ: grid.z, rebuilt };
    },
    rebuilds: () => rebuilds,
  };
}

describe('PerformanceSettingsResource', () => {
  it('delivers a profile switch to a caching system on its next frame', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Low' });
    const settingsRef: PerformanceSettings = resource.settings;
    const system = fakeCullingSystem(resource);
    expect(system.frame()).toEqual({ drawDistance: 64, gridZ: 8, rebuilt: false });

    const before = resource.revision;
    resource.setProfile('High');
    expect(resource.revision).toBeGreaterThan(before);
    expect(system.frame()).toEqual({ drawDistance: 256, gridZ: 32, rebuilt: true });
    expect(system.frame().rebuilt).toBe(false);
    expect(resource.settings).toBe(settingsRef);
    expect(resource.settings).toEqual(PRESETS.High);
  });

  it('bumps the revision only on real changes', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Balanced' });
    const r0 = resource.revision;
    resource.setProfile('Balanced');
    expect(resource.revision).toBe(r0);
    resource.update({ rendering: { drawDistance: 200 } });
    const r1 = resource.revision;
    expect(r1).toBe(r0 + 1);
    resource.update({ rendering: { drawDistance: 200 } });
    expect(resource.revision).toBe(r1);
  });

  it('update switches to Custom based on the current preset, keeps valid fields, reports bad ones', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High' });
    const problems = resource.update({ rendering: { drawDistance: 400, anisotropy: 0 }, memory: { meshCacheMB: 1024 } });
    expect(problems).toEqual([{ path: 'rendering.anisotropy', value: 0, reason: 'must be an integer between 1 and 16' }]);
    expect(resource.profile).toBe('Custom');
    expect(resource.base).toBe('High');
    expect(resource.settings.rendering.drawDistance).toBe(400);
    expect(resource.settings.rendering.anisotropy).toBe(16);
    expect(resource.settings.memory.meshCacheMB).toBe(1024);
    expect(resource.settings.rendering.maxLocalLights).toBe(8192);
    expect(resource.overrides()).toEqual({ rendering: { drawDistance: 400 }, memory: { meshCacheMB: 1024 } });
  });

  it('remembers the custom values across a switch to a preset and back', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High' });
    resource.update({ rendering: { drawDistance: 400 } });
    resource.setProfile('Low');
    expect(resource.settings.rendering.drawDistance).toBe(64);
    resource.setProfile('Custom');
    expect(resource.base).toBe('High');
    expect(resource.settings.rendering.drawDistance).toBe(400);
    expect(resource.settings.rendering.volumeLodFactor).toBe(2);
  });

  it('keeps the adaptive policy across profiles without making them Custom', () => {
    const resource = new PerformanceSettingsResource({ profile: 'Balanced' });
    resource.update({ adaptive: { enabled: false, targetFps: 60 } });
    expect(resource.profile).toBe('Balanced');
    resource.setProfile('Low');
    expect(resource.settings.adaptive).toMatchObject({ enabled: false, targetFps: 60 });
    expect(resource.toFile()).toMatchObject({ profile: 'Low', overrides: { adaptive: { enabled: false, targetFps: 60 } } });
  });

  it('notifies listeners with the cause, and unsubscribes', () => {
    const resource = new PerformanceSettingsResource();
    const seen: SettingsChange[] = [];
    const off = resource.subscribe((c) => seen.push(c));
    resource.setProfile('High');
    resource.setProfile('Low', 'adaptive');
    off();
    resource.setProfile('Balanced');
    expect(seen).toEqual([
      { revision: 1, profile: 'High', previousProfile: 'Balanced', cause: 'user' },
      { revision: 2, profile: 'Low', previousProfile: 'High', cause: 'adaptive' },
    ]);
  });

  it('records the user choice, not adaptive steps, in the file', () => {
    const resource = new PerformanceSettingsResource({ profile: 'High', userChoseProfile: false });
    resource.setProfile('Balanced', 'adaptive');
    expect(resource.toFile()).toMatchObject({ profile: 'High', userChoseProfile: false });
    resource.setProfile('Low');
    expect(resource.toFile()).toMatchObject({ profile: 'Low', userChoseProfile: true });
  });

  it('round-trips through toFile and the constructor', () => {
    const a = new PerformanceSettingsResource({ profile: 'Low' });
    a.update({ network: { throttleKbps: 1500 }, adaptive: { memoryBudgetMB: 3000 } });
    const file = a.toFile({ hardware: { source: 'node' }, detectedAt: '2025-01-01T00:00:00.000Z' });
    expect(file).toMatchObject({ profile: 'Custom', base: 'Low', hardware: { source: 'node' } });
    const b = new PerformanceSettingsResource(file);
    expect(b.settings).toEqual(a.settings);
    expect(b.profile).toBe('Custom');
    expect(b.problems).toEqual([]);
  });

  it('refuses bad init values and keeps running on defaults', () => {
    const r = new PerformanceSettingsResource({ profile: 'Ultra' as never, overrides: { rendering: { drawDistance: -1 } } });
    expect(r.profile).toBe('Balanced');
    expect(r.problems.map((p) => p.path)).toEqual(['profile', 'overrides.rendering.drawDistance']);
    expect(() => r.setProfile('Ultra' as never)).toThrow(/unknown performance profile Ultra/);
  });

  it('runs every listener even when one throws, then rethrows', () => {
    const resource = new PerformanceSettingsResource();
    let reached = false;
    resource.subscribe(() => {
      throw new Error('listener broke');
    });
    resource.subscribe(() => {
      reached = true;
    });
    expect(() => resource.setProfile('High')).toThrow('listener broke');
    expect(reached).toBe(true);
    expect(resource.settings.rendering.drawDistance).toBe(256);
  });
});
