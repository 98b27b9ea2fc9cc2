/**
 * Where the viewer package lives, found from this file by walking up to the
 * repository root (turbo.json), so it holds both for the TypeScript sources
 * and for a bundle of them elsewhere in the repository (apps/slv/dist).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function repositoryRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'turbo.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`viewer: no turbo.json above ${from}; run from inside the repository`);
    dir = parent;
  }
}

export function viewerPackageDir(): string {
  return join(repositoryRoot(), 'apps', 'viewer');
}
