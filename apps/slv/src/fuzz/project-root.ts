/** Where the fuzzer finds the project's fixtures when it runs inside the repository. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OPENSIM_FIXTURES = 'fixtures/opensim-0.9.2.2';

/** The repository holding fixtures/, searched up from the working directory and from this module. */
export function findProjectRoot(): string | undefined {
  const starts = [process.cwd()];
  try {
    starts.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // not a file URL (bundled into something else): the working directory is enough
  }
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (existsSync(join(dir, OPENSIM_FIXTURES))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

