/**
 * Node store: a JSON file in the user's config directory, replaced
 * atomically (write a temp file beside it, flush, rename over) so a crash or
 * power cut mid-save leaves either the old file or the new one, never half.
 */
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, posix, win32 } from 'node:path';
import { MAX_SETTINGS_CHARS } from './settings-file.ts';
import type { SettingsStore } from './settings-store.ts';

export const SETTINGS_DIR_NAME = 'slv';
export const SETTINGS_FILE_NAME = 'settings.json';

/**
 * Where settings live by default:
 * - Windows: `%APPDATA%\slv\settings.json`
 * - macOS: `~/Library/Application Support/slv/settings.json`
 * - elsewhere: `$XDG_CONFIG_HOME/slv/settings.json`, or `~/.config/slv/settings.json`
 *   when XDG_CONFIG_HOME is unset or not absolute (as the XDG spec says).
 */
export function defaultSettingsPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: string = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    const appData = env['APPDATA'];
    const root = appData !== undefined && appData !== '' ? appData : win32.join(home, 'AppData', 'Roaming');
    return win32.join(root, SETTINGS_DIR_NAME, SETTINGS_FILE_NAME);
  }
  if (platform === 'darwin') {
    return posix.join(home, 'Library', 'Application Support', SETTINGS_DIR_NAME, SETTINGS_FILE_NAME);
  }
  const xdg = env['XDG_CONFIG_HOME'];
  const root = xdg !== undefined && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.config');
  return posix.join(root, SETTINGS_DIR_NAME, SETTINGS_FILE_NAME);
}

let tempCounter = 0;

export class FileSettingsStore implements SettingsStore {
  readonly path: string;

  constructor(path: string = defaultSettingsPath()) {
    this.path = path;
  }

  /**
   * The file's text, or null when it does not exist. Reads at most
   * MAX_SETTINGS_CHARS + 1 bytes, so a huge file costs a bounded buffer and
   * is then reported as too large by the loader.
   */
  read(): string | null {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const size = fstatSync(fd).size;
      const buffer = Buffer.alloc(Math.min(size, MAX_SETTINGS_CHARS + 1));
      let filled = 0;
      while (filled < buffer.length) {
        const n = readSync(fd, buffer, filled, buffer.length - filled, filled);
        if (n === 0) break;
        filled += n;
      }
      return buffer.toString('utf8', 0, filled);
    } finally {
      closeSync(fd);
    }
  }

  write(text: string): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.${++tempCounter}.tmp`;
    try {
      const fd = openSync(temp, 'w');
      try {
        const data = Buffer.from(text, 'utf8');
        let written = 0;
        while (written < data.length) written += writeSync(fd, data, written, data.length - written);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
    } catch (err) {
      rmSync(temp, { force: true });
      throw err;
    }
  }
}
