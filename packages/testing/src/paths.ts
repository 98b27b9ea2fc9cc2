/**
 * Where the repository is (the folder holding turbo.json) and the reference
 * data beside it. No vitest, and nothing thrown or looked up at import: the
 * benchmarks and the viewer's harness use it at run time too, bundled into
 * the `slv` CLI (apps/slv/dist), where a missing repository must be reported
 * by whoever asks, not crash the bundle as it loads.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `start` that holds turbo.json, or undefined. */
export function findRepoRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'turbo.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** This module's folder, or the folder of the bundle holding it; undefined where import.meta.url is not a file. */
function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

/**
 * The repository root: `explicit` when given, else above this module (or the
 * bundle holding it), else above the working directory; undefined when none is.
 */
export function locateRepoRoot(explicit?: string): string | undefined {
  if (explicit !== undefined) return resolve(explicit);
  const here = moduleDir();
  return (here === undefined ? undefined : findRepoRoot(here)) ?? findRepoRoot(process.cwd());
}

let found: string | undefined;

/** The repository root as locateRepoRoot finds it, or an error saying where it looked. */
export function requireRepoRoot(): string {
  found ??= locateRepoRoot();
  if (found === undefined) {
    throw new Error(`no turbo.json above ${moduleDir() ?? 'this module'} or the working directory ${process.cwd()}; run from inside the repository`);
  }
  return found;
}

/**
 * The read-only reference folder: `explicit` when given, else `$SLV_SHARED_DIR`
 * when set, else `../shared` beside the repository root; undefined without a root.
 */
export function locateSharedDir(root: string, explicit?: string): string;
export function locateSharedDir(root: string | undefined, explicit?: string): string | undefined;
export function locateSharedDir(root: string | undefined, explicit?: string): string | undefined {
  if (explicit !== undefined) return resolve(explicit);
  const fromEnv = process.env['SLV_SHARED_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return root === undefined ? undefined : resolve(root, '../shared');
}

/** A path inside the reference folder (see locateSharedDir). */
export function sharedPath(relative: string): string {
  return join(locateSharedDir(requireRepoRoot()), relative);
}

/** A path inside the project's own copied test data (`fixtures/` at the repository root). */
export function projectFixture(relative: string): string {
  return join(requireRepoRoot(), 'fixtures', relative);
}
