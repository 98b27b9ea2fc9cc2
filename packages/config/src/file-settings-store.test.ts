import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettingsPath, FileSettingsStore } from './file-settings-store.ts';
import { CURRENT_SETTINGS_VERSION, loadSettings, MAX_SETTINGS_CHARS, saveSettings, type SettingsFile } from './settings-file.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slv-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const file: SettingsFile = {
  version: CURRENT_SETTINGS_VERSION,
  profile: 'Low',
  overrides: { adaptive: { memoryBudgetMB: 2048 } },
  hardware: { source: 'node', cpuCores: 8, memoryMB: 4096, platform: 'linux' },
  detectedAt: '2025-06-01T00:00:00.000Z',
  userChoseProfile: false,
};

describe('FileSettingsStore', () => {
  it('round-trips a settings file, creating the directory', () => {
    const path = join(dir, 'nested', 'slv', 'settings.json');
    const store = new FileSettingsStore(path);
    expect(store.read()).toBeNull();
    expect(saveSettings(store, file)).toEqual([]);
    const loaded = loadSettings(new FileSettingsStore(path));
    expect(loaded.status).toBe('loaded');
    expect(loaded.problems).toEqual([]);
    expect(loaded.file).toEqual(file);
    expect(loaded.settings.adaptive.memoryBudgetMB).toBe(2048);
  });

  it('replaces the file atomically and leaves no temp files behind', () => {
    const path = join(dir, 'settings.json');
    const store = new FileSettingsStore(path);
    store.write('first');
    store.write('second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('cleans up its temp file when the rename fails', () => {
    const path = join(dir, 'settings.json');
    mkdirSync(path); // a directory where the file should go: rename cannot replace it
    expect(() => new FileSettingsStore(path).write('x')).toThrow();
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('reports a corrupt file with its position and never throws', () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{\n  "version": 2,\n  "profile": "High",,\n}\n');
    const loaded = loadSettings(new FileSettingsStore(path));
    expect(loaded.status).toBe('corrupt');
    expect(loaded.problems[0]).toMatchObject({ line: 3, column: 21 });
  });

  it('reads a bounded prefix of a huge file and reports it too large', () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, Buffer.alloc(MAX_SETTINGS_CHARS * 2, 0x20));
    const text = new FileSettingsStore(path).read();
    expect(text!.length).toBe(MAX_SETTINGS_CHARS + 1);
    const loaded = loadSettings(new FileSettingsStore(path));
    expect(loaded.status).toBe('corrupt');
    expect(loaded.problems[0]!.reason).toMatch(/larger than/);
  });

  it('reports I/O errors other than a missing file through loadSettings', () => {
    const loaded = loadSettings(new FileSettingsStore(dir)); // a directory
    expect(loaded.status).toBe('corrupt');
    expect(loaded.problems[0]!.reason).toMatch(/^could not read settings: /);
  });
});

describe('defaultSettingsPath', () => {
  it('follows each platform convention', () => {
    expect(defaultSettingsPath({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ann')).toBe('/xdg/slv/settings.json');
    expect(defaultSettingsPath({}, 'linux', '/home/ann')).toBe('/home/ann/.config/slv/settings.json');
    expect(defaultSettingsPath({ XDG_CONFIG_HOME: 'relative' }, 'freebsd', '/home/ann')).toBe('/home/ann/.config/slv/settings.json');
    expect(defaultSettingsPath({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/slv/settings.json');
    expect(defaultSettingsPath({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\slv\\settings.json',
    );
    expect(defaultSettingsPath({}, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\slv\\settings.json');
  });

  it('is what the store uses by default', () => {
    expect(new FileSettingsStore().path).toBe(defaultSettingsPath());
  });
});
