import { describe, expect, it } from 'vitest';
import { presetSettings } from './presets.ts';
import {
  CURRENT_SETTINGS_VERSION,
  loadSettings,
  MAX_SETTINGS_CHARS,
  parseSettingsFile,
  saveSettings,
  serializeSettingsFile,
  settingsFromFile,
  type SettingsFile,
} from './settings-file.ts';
import { LocalStorageSettingsStore, MemorySettingsStore, type StorageLike } from './settings-store.ts';

class FakeStorage implements StorageLike {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const customFile: SettingsFile = {
  version: CURRENT_SETTINGS_VERSION,
  profile: 'Custom',
  base: 'High',
  overrides: { rendering: { drawDistance: 512, clusterGrid: { z: 48 } }, adaptive: { enabled: false } },
  hardware: { source: 'webgl', gpuRenderer: 'NVIDIA GeForce RTX 4080', maxTextureSize: 16384, memoryMB: 8192, cpuCores: 16 },
  detectedAt: '2025-01-02T03:04:05.000Z',
  userChoseProfile: true,
};

describe('settings round trip', () => {
  it('through a memory store', () => {
    const store = new MemorySettingsStore();
    expect(saveSettings(store, customFile)).toEqual([]);
    const loaded = loadSettings(store);
    expect(loaded.status).toBe('loaded');
    expect(loaded.problems).toEqual([]);
    expect(loaded.file).toEqual(customFile);
    expect(loaded.settings.rendering.drawDistance).toBe(512);
    expect(loaded.settings.rendering.clusterGrid).toEqual({ x: 16, y: 9, z: 48 });
    expect(loaded.settings.rendering.maxLocalLights).toBe(8192); // from High
    expect(loaded.settings.adaptive.enabled).toBe(false);
  });

  it('through a localStorage-like store', () => {
    const storage = new FakeStorage();
    const store = new LocalStorageSettingsStore('my.key', storage);
    expect(saveSettings(store, customFile)).toEqual([]);
    expect(storage.items.get('my.key')).toBe(serializeSettingsFile(customFile));
    const again = loadSettings(new LocalStorageSettingsStore('my.key', storage));
    expect(again.file).toEqual(customFile);
    expect(again.problems).toEqual([]);
  });

  it('LocalStorageSettingsStore says so when there is no storage', () => {
    expect(() => new LocalStorageSettingsStore('k')).toThrow(/no Storage given/);
  });
});

describe('loading bad files', () => {
  it('reports a missing file as missing, with Balanced defaults', () => {
    const loaded = loadSettings(new MemorySettingsStore());
    expect(loaded.status).toBe('missing');
    expect(loaded.problems).toEqual([]);
    expect(loaded.settings).toEqual(presetSettings('Balanced'));
  });

  it('reports bad JSON with line and column and falls back to defaults', () => {
    const text = '{\n  "version": 2,\n  "profile": "High"\n  "overrides": {}\n}\n';
    const loaded = loadSettings(new MemorySettingsStore(text));
    expect(loaded.status).toBe('corrupt');
    expect(loaded.settings).toEqual(presetSettings('Balanced'));
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatchObject({ path: '', line: 4, column: 3 });
    expect(loaded.problems[0]!.reason).toMatch(/^invalid JSON at line 4, column 3: expected ','/);
  });

  it('keeps the valid fields of a file with wrong types in some', () => {
    const text = JSON.stringify({
      version: 2,
      profile: 'Custom',
      base: 'Low',
      overrides: {
        rendering: { drawDistance: 'far', maxLocalLights: 32, textureFiltering: 'anisotropic', anisotropy: 99 },
        memory: 'lots',
        network: { agentUpdateHz: 20 },
      },
      hardware: { source: 'webgl', cpuCores: -2, gpuRenderer: 'Intel(R) UHD Graphics 630' },
      userChoseProfile: 'yes',
      colour: 'blue',
    });
    const loaded = loadSettings(new MemorySettingsStore(text));
    expect(loaded.status).toBe('loaded');
    expect(loaded.file.profile).toBe('Custom');
    expect(loaded.file.base).toBe('Low');
    expect(loaded.file.overrides).toEqual({
      rendering: { maxLocalLights: 32, textureFiltering: 'anisotropic' },
      network: { agentUpdateHz: 20 },
    });
    expect(loaded.settings.rendering.drawDistance).toBe(64); // Low's
    expect(loaded.settings.rendering.maxLocalLights).toBe(32);
    expect(loaded.settings.network.agentUpdateHz).toBe(20);
    expect(loaded.file.hardware).toEqual({ source: 'webgl', gpuRenderer: 'Intel(R) UHD Graphics 630' });
    expect(loaded.file.userChoseProfile).toBe(true);
    expect(loaded.problems).toEqual([
      { path: 'overrides.rendering.drawDistance', value: 'far', reason: 'must be a number between 16 and 1024' },
      { path: 'overrides.rendering.anisotropy', value: 99, reason: 'must be an integer between 1 and 16' },
      { path: 'overrides.memory', value: 'lots', reason: 'must be an object' },
      { path: 'userChoseProfile', value: 'yes', reason: 'must be true or false; assuming the user chose the profile' },
      { path: 'hardware.cpuCores', value: -2, reason: 'must be an integer between 1 and 65536' },
      { path: 'colour', value: 'blue', reason: 'unknown field (ignored)' },
    ]);
  });

  it('treats a preset with overrides as Custom on that preset', () => {
    const text = JSON.stringify({ version: 2, profile: 'High', overrides: { rendering: { drawDistance: 300 } }, userChoseProfile: true });
    const loaded = loadSettings(new MemorySettingsStore(text));
    expect(loaded.file.profile).toBe('Custom');
    expect(loaded.file.base).toBe('High');
    expect(loaded.settings.rendering.drawDistance).toBe(300);
    expect(loaded.settings.rendering.volumeLodFactor).toBe(2);
  });

  it('refuses non-object JSON, oversized files and unreadable stores without throwing', () => {
    const array = loadSettings(new MemorySettingsStore('[1,2]'));
    expect(array.status).toBe('corrupt');
    expect(array.problems[0]!.reason).toBe('settings file must hold a JSON object');

    const huge = loadSettings(new MemorySettingsStore(' '.repeat(MAX_SETTINGS_CHARS + 1)));
    expect(huge.status).toBe('corrupt');
    expect(huge.problems[0]!.reason).toMatch(/larger than/);

    const failing = {
      read(): string | null {
        throw new Error('EACCES: permission denied');
      },
      write(): void {
        throw new Error('QuotaExceededError');
      },
    };
    const unreadable = loadSettings(failing);
    expect(unreadable.status).toBe('corrupt');
    expect(unreadable.problems[0]!.reason).toBe('could not read settings: EACCES: permission denied');
    expect(unreadable.settings).toEqual(presetSettings('Balanced'));
    expect(saveSettings(failing, customFile)).toEqual([
      { path: '', value: undefined, reason: 'could not write settings: QuotaExceededError' },
    ]);
  });

  it('reads a file from a newer version field by field', () => {
    const text = JSON.stringify({ version: 9, profile: 'Low', overrides: {}, userChoseProfile: true, hologram: true });
    const loaded = loadSettings(new MemorySettingsStore(text));
    expect(loaded.status).toBe('loaded');
    expect(loaded.file.profile).toBe('Low');
    expect(loaded.problems.map((p) => p.path)).toEqual(['version', 'hologram']);
  });
});

describe('migration', () => {
  it('upgrades a v1 flat file to the current version', () => {
    const v1 = JSON.stringify({
      version: 1,
      quality: 'mid',
      drawDistance: 192,
      maxLights: 512, // the Mid value, so not an override
      textureMemoryMB: 512,
      bandwidthKbps: 3000,
      autoDetected: false,
      detectedGpu: 'AMD Radeon RX 6800 XT',
    });
    const loaded = loadSettings(new MemorySettingsStore(v1));
    expect(loaded.status).toBe('loaded');
    expect(loaded.migratedFrom).toBe(1);
    expect(loaded.problems).toEqual([]);
    expect(loaded.file).toEqual({
      version: CURRENT_SETTINGS_VERSION,
      profile: 'Custom',
      base: 'Balanced',
      overrides: { rendering: { drawDistance: 192 }, memory: { textureCacheVramMB: 512 } },
      hardware: { source: 'webgl', gpuRenderer: 'AMD Radeon RX 6800 XT' },
      userChoseProfile: true,
    });
    expect(loaded.settings.rendering.drawDistance).toBe(192);
    expect(loaded.settings.rendering.maxLocalLights).toBe(512);
  });

  it('maps an untouched v1 preset to the preset, remembering it was auto-detected', () => {
    const v1 = JSON.stringify({ quality: 'ultra', drawDistance: 256, maxLights: 8192, autoDetected: true });
    const loaded = loadSettings(new MemorySettingsStore(v1));
    expect(loaded.migratedFrom).toBe(1);
    expect(loaded.file).toMatchObject({ profile: 'High', overrides: {}, userChoseProfile: false });
    expect(loaded.file.base).toBeUndefined();
  });

  it('reports bad v1 values under their new names and keeps the rest', () => {
    const v1 = JSON.stringify({ version: 1, quality: 'low', drawDistance: -5, maxLights: 16, shadows: true });
    const loaded = loadSettings(new MemorySettingsStore(v1));
    expect(loaded.file.profile).toBe('Custom');
    expect(loaded.file.base).toBe('Low');
    expect(loaded.file.overrides).toEqual({ rendering: { maxLocalLights: 16 } });
    expect(loaded.problems).toEqual([
      { path: 'shadows', value: true, reason: 'unknown v1 setting (dropped in migration)' },
      { path: 'overrides.rendering.drawDistance', value: -5, reason: 'must be a number between 16 and 1024' },
    ]);
  });
});

describe('settings file keys named like Object.prototype members', () => {
  // "__proto__" is an own key after JSON.parse; the rest would find inherited functions through a plain lookup.
  const names = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];

  function fileWith(key: string, value: unknown): string {
    // Written as text: an object literal with a "__proto__" key would set a prototype instead.
    const record = (fields: string) => `{${fields},${JSON.stringify(key)}:${JSON.stringify(value)}}`;
    return `{"version":2,"profile":"Balanced","userChoseProfile":true,${JSON.stringify(key)}:${JSON.stringify(value)},`
      + `"overrides":${record(`"rendering":${record('"drawDistance":96')}`)},`
      + `"hardware":${record('"source":"node","cpuCores":4')}}`;
  }

  for (const name of names) {
    it(`reads a file with "${name}" in every record without throwing, and reports it`, () => {
      for (const value of ['x', 1, { a: 1 }, null]) {
        const text = fileWith(name, value);
        const loaded = parseSettingsFile(text);
        expect(loaded.status).toBe('loaded');
        for (const problem of loaded.problems) expect(typeof problem.reason).toBe('string');
        expect(loaded.problems.some((p) => p.path === `hardware.${name}`)).toBe(true);
        expect(loaded.problems.some((p) => p.path === name)).toBe(true);
        expect(loaded.file.hardware?.cpuCores).toBe(4);
        expect(loaded.file.overrides.rendering?.drawDistance).toBe(96);
        expect(Object.getPrototypeOf(loaded.file.overrides)).toBe(Object.prototype);
        const settings = settingsFromFile(loaded.file);
        expect(settings.rendering.drawDistance).toBe(96);
      }
    });
  }

  it('reads a v1 file whose quality names a prototype member', () => {
    for (const name of names) {
      const loaded = parseSettingsFile(JSON.stringify({ version: 1, quality: name }));
      expect(loaded.status).toBe('loaded');
      expect(loaded.problems.some((p) => p.path === 'quality')).toBe(true);
    }
  });
});
