/**
 * Test-only helpers shared by every package: where the reference data in
 * `../shared` lives, and a describe() that skips conformance suites on a
 * machine without it (or fails them when CI demands the fixtures). The path
 * finding is in paths.ts (`@slv/testing/paths`) and Chromium's in chromium.ts
 * (`@slv/testing/chromium`): neither imports vitest, so run-time code uses them.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { CHROMIUM_CANDIDATES, findChromium } from './chromium.ts';
import { locateSharedDir, requireRepoRoot, sharedPath } from './paths.ts';

/** The repository root (the folder holding turbo.json); see paths.ts, which has no vitest. */
export const repoRoot: string = requireRepoRoot();

/** The read-only reference folder: `$SLV_SHARED_DIR`, else `../shared` beside the clone. */
export const sharedDir: string = locateSharedDir(repoRoot);

/** True when CI asks for conformance suites to fail rather than skip without `../shared`. */
export const fixturesRequired: boolean = process.env.SLV_REQUIRE_FIXTURES === '1';

export { findRepoRoot, locateRepoRoot, locateSharedDir, projectFixture, requireRepoRoot, sharedPath } from './paths.ts';

/**
 * A describe() that runs only when what it needs is there. With `missing`
 * null it runs; otherwise it is skipped with the printed reason, or fails in
 * CI (SLV_REQUIRE_FIXTURES=1 or CI=true), where everything must be present.
 * A skipped suite never calls `body`: vitest runs a describe.skip body while
 * collecting, and bodies read their fixtures there.
 */
export function describeWhenAvailable(name: string, missing: string | null, body: () => void): void {
  if (missing === null) {
    describe(name, body);
    return;
  }
  if (fixturesRequired || process.env.CI === 'true') {
    describe(name, () => {
      throw new Error(`${missing} (SLV_REQUIRE_FIXTURES=1 or CI makes this a failure)`);
    });
    return;
  }
  console.warn(`skipping "${name}": ${missing}`);
  describe(name, () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
}

/** A describe() over reference files in `../shared` (see describeWhenAvailable). */
export function describeWithShared(name: string, relativePaths: readonly string[], body: () => void): void {
  const missing = relativePaths.filter((p) => !existsSync(sharedPath(p)));
  describeWhenAvailable(name, missing.length === 0 ? null : `reference data missing: ${missing.map(sharedPath).join(', ')}`, body);
}

/** A describe() for suites that drive Chromium; the body gets its executable path. */
export function describeWithChromium(name: string, body: (executablePath: string) => void): void {
  const executablePath = findChromium();
  describeWhenAvailable(name,
    executablePath === null ? `no Chromium found ($SLV_CHROMIUM or ${CHROMIUM_CANDIDATES.join(', ')}); install it with "apt-get install chromium"` : null,
    () => body(executablePath ?? ''));
}

export { CHROMIUM_CANDIDATES, CHROMIUM_FLAGS, findChromium } from './chromium.ts';
