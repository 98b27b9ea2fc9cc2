/**
 * Where the system's Chromium is ($SLV_CHROMIUM, else Debian's and the usual
 * paths). No vitest here: the frame benchmark uses it at run time too.
 */
import { accessSync, constants } from 'node:fs';

export const CHROMIUM_CANDIDATES: readonly string[] = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Flags that work headless in containers without a GPU or a network (software WebGL). */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to drive, or null with none installed. $SLV_CHROMIUM wins when set. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env['SLV_CHROMIUM'];
  if (chosen !== undefined && chosen !== '') return isExecutable(chosen) ? chosen : null;
  return CHROMIUM_CANDIDATES.find(isExecutable) ?? null;
}
