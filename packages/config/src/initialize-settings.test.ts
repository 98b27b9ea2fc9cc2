import { describe, expect, it } from 'vitest';
import type { DetectedHardware } from './detected-hardware.ts';
import { initializeSettings } from './initialize-settings.ts';
import { PerformanceSettingsResource } from './performance-settings-resource.ts';
import { loadSettings, saveSettings } from './settings-file.ts';
import { MemorySettingsStore } from './settings-store.ts';

const RTX: DetectedHardware = {
  source: 'webgl',
  gpuRenderer: 'NVIDIA GeForce RTX 4080',
  maxTextureSize: 16384,
  memoryMB: 8192,
  cpuCores: 16,
};
const SWIFTSHADER: DetectedHardware = { source: 'webgl', gpuRenderer: 'SwiftShader Device', maxTextureSize: 8192, memoryMB: 8192, cpuCores: 8 };
const now = (): Date => new Date('2025-03-04T05:06:07.000Z');

function countingDetect(hw: DetectedHardware): { detect: () => DetectedHardware; calls: () => number } {
  let calls = 0;
  return {
    detect: () => {
      calls++;
      return hw;
    },
    calls: () => calls,
  };
}

describe('initializeSettings', () => {
  it('detects on first launch and saves the choice as not user-chosen', () => {
    const store = new MemorySettingsStore();
    const probe = countingDetect(RTX);
    const first = initializeSettings(store, probe.detect, { now });
    expect(probe.calls()).toBe(1);
    expect(first).toMatchObject({ status: 'missing', detected: true, problems: [] });
    expect(first.choice?.profile).toBe('High');
    expect(first.settings.rendering.drawDistance).toBe(256);
    const saved = loadSettings(store);
    expect(saved.file).toEqual({
      version: 2,
      profile: 'High',
      overrides: { adaptive: { memoryBudgetMB: 4096 } },
      hardware: RTX,
      detectedAt: '2025-03-04T05:06:07.000Z',
      userChoseProfile: false,
    });
  });

  it('never re-detects later, and keeps a profile the user chose on different hardware', () => {
    const store = new MemorySettingsStore();
    initializeSettings(store, countingDetect(RTX).detect, { now });

    // The user picks Low in the preferences window; the app saves.
    const resource = new PerformanceSettingsResource(loadSettings(store).file);
    resource.setProfile('Low');
    saveSettings(store, resource.toFile(loadSettings(store).file));

    // Next launch: hardware that detection would put on High. The file wins.
    const probe = countingDetect(RTX);
    const second = initializeSettings(store, probe.detect, { now });
    expect(probe.calls()).toBe(0);
    expect(second.detected).toBe(false);
    expect(second.file.profile).toBe('Low');
    expect(second.file.userChoseProfile).toBe(true);
    expect(second.settings.rendering.drawDistance).toBe(64);

    // And the user's High survives a launch on a software renderer.
    resource.setProfile('High');
    saveSettings(store, resource.toFile());
    const third = initializeSettings(store, countingDetect(SWIFTSHADER).detect, { now });
    expect(third.file.profile).toBe('High');
    expect(third.settings.rendering.drawDistance).toBe(256);
  });

  it('does not overwrite a corrupt file, and chooses for this session only', () => {
    const store = new MemorySettingsStore('{"profile": "High",');
    const probe = countingDetect(SWIFTSHADER);
    const result = initializeSettings(store, probe.detect, { now });
    expect(result.status).toBe('corrupt');
    expect(result.detected).toBe(true);
    expect(result.file.profile).toBe('Low');
    expect(result.problems[0]!.reason).toMatch(/^invalid JSON at line 1, column 20/);
    expect(store.text).toBe('{"profile": "High",');
  });

  it('reports a detector that throws and falls back to Balanced', () => {
    const store = new MemorySettingsStore();
    const result = initializeSettings(store, () => {
      throw new Error('no GPU access');
    });
    expect(result.file.profile).toBe('Balanced');
    expect(result.problems).toEqual([{ path: 'hardware', value: undefined, reason: 'hardware detection failed: no GPU access' }]);
    expect(loadSettings(store).status).toBe('loaded');
  });

  it('writes a cleanly migrated v1 file back in the current format', () => {
    const store = new MemorySettingsStore(JSON.stringify({ version: 1, quality: 'low', drawDistance: 64, autoDetected: true }));
    const result = initializeSettings(store, countingDetect(RTX).detect);
    expect(result.detected).toBe(false);
    expect(result.file.profile).toBe('Low');
    expect(JSON.parse(store.text!)).toMatchObject({ version: 2, profile: 'Low', userChoseProfile: false });
  });
});
