/**
 * Where the viewer package lives: under the repository root, which
 * @slv/testing/paths finds (no vitest there) from its own location, so it
 * holds both for the TypeScript sources and for a bundle of them elsewhere in
 * the repository (apps/slv/dist). The launcher (`npm start`) never needs it.
 */
import { join } from 'node:path';
import { requireRepoRoot } from '@slv/testing/paths';

/** The repository root (the folder holding turbo.json); throws, saying where it looked, outside a repository. */
export function repositoryRoot(): string {
  return requireRepoRoot();
}

export function viewerPackageDir(): string {
  return join(requireRepoRoot(), 'apps', 'viewer');
}
