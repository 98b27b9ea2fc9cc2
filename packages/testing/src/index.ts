/**
 * Test-only helpers shared by every package: where the reference data in
 * `../shared` lives, and a describe() that skips conformance suites on a
 * machine without it (or fails them when CI demands the fixtures).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'turbo.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no turbo.json above ${start}`);
    dir = parent;
  }
}

export const repoRoot: string = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/** The read-only reference folder: `$SLV_SHARED_DIR`, else `../shared` beside the clone. */
export const sharedDir: string = process.env.SLV_SHARED_DIR ?? resolve(repoRoot, '../shared');

/** True when CI asks for conformance suites to fail rather than skip without `../shared`. */
export const fixturesRequired: boolean = process.env.SLV_REQUIRE_FIXTURES === '1';

export function sharedPath(relative: string): string {
  return join(sharedDir, relative);
}

/** A path inside the project's own copied test data (`fixtures/` at the repository root). */
export function projectFixture(relative: string): string {
  return join(repoRoot, 'fixtures', relative);
}

/**
 * A describe() over reference files in `../shared`: skipped with a printed reason
 * when they are absent, failing instead when SLV_REQUIRE_FIXTURES=1.
 */
export function describeWithShared(name: string, relativePaths: readonly string[], body: () => void): void {
  const missing = relativePaths.filter((p) => !existsSync(sharedPath(p)));
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const reason = `reference data missing: ${missing.map(sharedPath).join(', ')}`;
  if (fixturesRequired) {
    describe(name, () => {
      throw new Error(`${reason} (SLV_REQUIRE_FIXTURES=1 makes this a failure)`);
    });
    return;
  }
  console.warn(`skipping "${name}": ${reason}`);
  describe.skip(name, body);
}
