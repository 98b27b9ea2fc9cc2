/** `--open`: hands the page to the desktop's browser through xdg-open, when there is one. */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first executable `name` on PATH, or null. */
export function findOnPath(name: string, path = process.env['PATH'] ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Opens `url` with xdg-open; returns why it could not, or null when it was handed over. */
export function openBrowser(url: string): string | null {
  const opener = findOnPath('xdg-open');
  if (opener === null) return 'xdg-open is not installed; open the URL yourself';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
  return null;
}
