import { parseSettingsFile, type DetectedHardware, type StorageLike } from '@slv/config';
import { describe, expect, it } from 'vitest';
import { createViewerSettings } from './viewer-settings.ts';

function memoryStorage(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

const swiftShader: DetectedHardware = { source: 'webgl', gpuRenderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', cpuCores: 8, memoryMB: 8192 };

describe('viewer settings', () => {
  it('detects once on the first launch and keeps the choice afterwards', () => {
    const storage = memoryStorage();
    let detections = 0;
    const detect = (): DetectedHardware => { detections++; return swiftShader; };
    const first = createViewerSettings({ storage, detect });
    expect(first.initialized.detected).toBe(true);
    expect(first.resource.profile).toBe('Low'); // a software rasteriser
    expect(storage.items.size).toBe(1);
    first.dispose();
    const second = createViewerSettings({ storage, detect });
    expect(second.initialized.detected).toBe(false);
    expect(second.resource.profile).toBe('Low');
    expect(detections).toBe(1);
    second.dispose();
  });

  it('saves what the user changes, in place, and restores it on the next launch', () => {
    const storage = memoryStorage();
    const s = createViewerSettings({ storage, detect: () => swiftShader });
    const rendering = s.resource.settings.rendering;
    s.resource.setProfile('High');
    expect(rendering.drawDistance).toBe(256);
    s.resource.update({ rendering: { drawDistance: 300 } });
    const file = parseSettingsFile(storage.items.values().next().value!).file;
    expect(file).toMatchObject({ profile: 'Custom', base: 'High', userChoseProfile: true, overrides: { rendering: { drawDistance: 300 } } });
    s.dispose();
    const again = createViewerSettings({ storage, detect: () => { throw new Error('must not detect again'); } });
    expect(again.resource.profile).toBe('Custom');
    expect(again.resource.settings.rendering.drawDistance).toBe(300);
    again.dispose();
  });

  it('does not save adaptive steps', () => {
    const storage = memoryStorage();
    const s = createViewerSettings({ storage, detect: () => ({ source: 'none' }) });
    s.resource.setProfile('High');
    const saved = storage.items.values().next().value;
    s.resource.setProfile('Balanced', 'adaptive');
    expect(storage.items.values().next().value).toBe(saved);
    s.dispose();
  });

  it('reports a storage that refuses writes instead of throwing', () => {
    const storage: StorageLike = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    const s = createViewerSettings({ storage, detect: () => ({ source: 'none' }) });
    expect(s.problems.map((p) => p.reason).join()).toMatch(/QuotaExceededError/);
    s.resource.setProfile('Low');
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0]!.reason).toMatch(/could not write settings/);
    s.dispose();
  });
});
