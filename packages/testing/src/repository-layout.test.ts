/**
 * The house rules that a reader relies on, checked over the whole repository:
 * packages depend only downward (the layer order below), every `@slv/...`
 * import is a declared dependency of its package (test files may also use dev
 * dependencies), and no hand-written, non-test source file grows past 450
 * lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireRepoRoot } from './paths.ts';

/**
 * Lower layers first; a package may depend only on packages of lower layers.
 * The CLI sits on top: it runs the simulator, the engine's benchmark suites
 * and the viewer's frame suite.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['@slv/testing'],
  ['@slv/protocol', '@slv/core'],
  ['@slv/config'],
  ['@slv/net'],
  ['@slv/world', '@slv/sim'],
  // Above the simulator: the texture fetch client is tested against its texture service.
  ['@slv/assets'],
  ['@slv/render'],
  ['@slv/benchmarks'],
  ['@slv/viewer'],
  ['@slv/cli'],
];

const MAX_SOURCE_LINES = 450;
const root = requireRepoRoot();

interface PackageInfo {
  readonly name: string;
  readonly dir: string;
  readonly dependencies: readonly string[];
  readonly devDependencies: readonly string[];
}

function readPackages(): PackageInfo[] {
  const dirs: string[] = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, group))) dirs.push(join(root, group, entry));
  }
  dirs.push(join(root, 'benchmarks'));
  return dirs
    .filter((dir) => statSync(join(dir, 'package.json'), { throwIfNoEntry: false })?.isFile())
    .map((dir) => {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      return {
        name: json.name,
        dir,
        dependencies: Object.keys(json.dependencies ?? {}),
        devDependencies: Object.keys(json.devDependencies ?? {}),
      };
    });
}

function layerOf(name: string): number {
  return LAYERS.findIndex((layer) => layer.includes(name));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const isTestFile = (path: string): boolean => /\.(test|e2e\.test|test-support)\.ts$/.test(path) || path.includes('/__fixtures__/');
/** Written by a generator (each says so in its first lines), or data assembled from a source file by a tool. */
const isGenerated = (path: string, text: string): boolean =>
  path.includes('/generated/') || /^\/\/ Generated|^\/\*\*?\s*\n?\s*\*?\s*Generated/m.test(text.slice(0, 400)) || path.endsWith('.wasm.ts');

const packages = readPackages();

describe('repository layout', () => {
  it('places every workspace package in a layer', () => {
    expect(packages.length).toBeGreaterThanOrEqual(10);
    for (const pkg of packages) expect(layerOf(pkg.name), `${pkg.name} has no layer in LAYERS`).toBeGreaterThanOrEqual(0);
  });

  it('lets packages depend only on lower layers', () => {
    const upward: string[] = [];
    for (const pkg of packages) {
      for (const dep of [...pkg.dependencies, ...pkg.devDependencies]) {
        if (!dep.startsWith('@slv/')) continue;
        if (layerOf(dep) >= layerOf(pkg.name)) upward.push(`${pkg.name} → ${dep}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('imports from @slv packages only what package.json declares', () => {
    const undeclared: string[] = [];
    for (const pkg of packages) {
      for (const file of sourceFiles(pkg.dir)) {
        const text = readFileSync(file, 'utf8');
        const allowed = new Set([pkg.name, ...pkg.dependencies, ...(isTestFile(file) ? pkg.devDependencies : [])]);
        for (const match of text.matchAll(/(?:from|import\()\s*'(@slv\/[\w-]+)/g)) {
          if (!allowed.has(match[1]!)) undeclared.push(`${relative(root, file)} imports ${match[1]}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });

  it(`keeps every hand-written, non-test source file within ${MAX_SOURCE_LINES} lines`, () => {
    const long: string[] = [];
    for (const pkg of packages) {
      for (const file of sourceFiles(pkg.dir)) {
        if (isTestFile(file)) continue;
        const text = readFileSync(file, 'utf8');
        if (isGenerated(file, text)) continue;
        const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
        if (lines > MAX_SOURCE_LINES) long.push(`${relative(root, file)}: ${lines} lines`);
      }
    }
    expect(long).toEqual([]);
  });
});
