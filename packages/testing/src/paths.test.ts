import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, sharedDir } from './index.ts';
import { findRepoRoot, locateRepoRoot, locateSharedDir, projectFixture, requireRepoRoot, sharedPath } from './paths.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('repository paths', () => {
  const savedShared = process.env['SLV_SHARED_DIR'];
  afterEach(() => {
    if (savedShared === undefined) delete process.env['SLV_SHARED_DIR'];
    else process.env['SLV_SHARED_DIR'] = savedShared;
  });

  it('finds the folder holding turbo.json from anywhere inside it, and nothing outside', () => {
    const root = resolve(here, '../../..');
    expect(existsSync(join(root, 'turbo.json'))).toBe(true);
    expect(findRepoRoot(here)).toBe(root);
    expect(findRepoRoot(root)).toBe(root);
    const outside = mkdtempSync(join(tmpdir(), 'slv-paths-'));
    try {
      expect(findRepoRoot(outside)).toBeUndefined();
    } finally {
      rmSync(outside, { recursive: true });
    }
  });

  it('locates the root from this module, or takes the one given', () => {
    expect(locateRepoRoot()).toBe(findRepoRoot(here));
    expect(requireRepoRoot()).toBe(locateRepoRoot());
    expect(repoRoot).toBe(requireRepoRoot());
    expect(locateRepoRoot('relative/elsewhere')).toBe(resolve('relative/elsewhere'));
  });

  it('puts the reference folder beside the root unless $SLV_SHARED_DIR or the caller names one', () => {
    delete process.env['SLV_SHARED_DIR'];
    expect(locateSharedDir('/r/repo')).toBe(resolve('/r/shared'));
    expect(locateSharedDir(undefined)).toBeUndefined();
    expect(locateSharedDir('/r/repo', 'given')).toBe(resolve('given'));
    process.env['SLV_SHARED_DIR'] = '/elsewhere/shared';
    expect(locateSharedDir('/r/repo')).toBe('/elsewhere/shared');
    expect(locateSharedDir(undefined)).toBe('/elsewhere/shared');
    process.env['SLV_SHARED_DIR'] = '';
    expect(locateSharedDir('/r/repo')).toBe(resolve('/r/shared'));
  });

  it('builds reference and project fixture paths from the root', () => {
    expect(sharedPath('fixtures/a.packet')).toBe(join(locateSharedDir(requireRepoRoot()), 'fixtures/a.packet'));
    expect(sharedPath('x')).toBe(join(sharedDir, 'x'));
    expect(projectFixture('opensim-0.9.2.2')).toBe(join(requireRepoRoot(), 'fixtures', 'opensim-0.9.2.2'));
    expect(existsSync(projectFixture('opensim-0.9.2.2'))).toBe(true);
  });

  it('imports nothing but Node built-ins, so run-time code and bundles can use it', () => {
    const source = readFileSync(join(here, 'paths.ts'), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((from) => !from!.startsWith('node:'))).toEqual([]);
  });
});
