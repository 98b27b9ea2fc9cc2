/**
 * The skip-or-fail contract of describeWhenAvailable, run in child vitest
 * processes: a suite whose data is missing must skip without running its
 * body (bodies read fixtures while vitest collects), and must fail when CI
 * requires the data.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireRepoRoot } from './paths.ts';

const root = requireRepoRoot();
const dir = mkdtempSync(join(root, 'packages/testing/.tmp-describe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SUITE = `
import { readFileSync } from 'node:fs';
import { it, expect } from 'vitest';
import { describeWithShared } from '../src/index.ts';
describeWithShared('needs a missing file', ['no/such/fixture.bin'], () => {
  // Read while collecting, as the conformance suites do.
  const bytes = readFileSync('/no/such/fixture.bin');
  it('uses it', () => expect(bytes.length).toBeGreaterThan(0));
});
`;

function runVitest(env: Record<string, string>): { status: number | null; output: string } {
  const file = join(dir, 'missing.test.ts');
  writeFileSync(file, SUITE);
  const result = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', file, '--root', join(root, 'packages/testing')], {
    env: { ...process.env, CI: '', SLV_REQUIRE_FIXTURES: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('describeWhenAvailable without the data', () => {
  it('skips with the reason and never runs the body', () => {
    const { status, output } = runVitest({});
    expect(output).not.toContain('ENOENT');
    expect(output).toMatch(/skipped/);
    expect(status).toBe(0);
  });

  it('fails under SLV_REQUIRE_FIXTURES=1', () => {
    const { status, output } = runVitest({ SLV_REQUIRE_FIXTURES: '1' });
    expect(output).toMatch(/reference data missing/);
    expect(status).not.toBe(0);
  });
});
