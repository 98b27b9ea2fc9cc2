/**
 * The published shape of the engine packages (docs/packaging.md), checked
 * from the files alone: each export is `@slv/source` (the TypeScript source
 * the monorepo runs) then `types` and `import` (or `node`) into dist/; the
 * source paths in tsconfig.base.json (which esbuild reads) say the same; the
 * tarball holds dist, README and LICENSE; siblings are real version ranges.
 * docs/api holds each package's API report, regenerated with every change to a
 * public export. The tarballs themselves are built, installed and run by
 * apps/slv/src/packaging/packed-packages.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireRepoRoot } from './paths.ts';

const root = requireRepoRoot();

/** Repository-only packages under packages/: test helpers that find this checkout's root and ../shared, so they are never published. */
const UNPUBLISHED = new Set(['@slv/testing']);

interface ExportEntry { readonly [condition: string]: string }
interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  files?: string[];
  sideEffects?: boolean;
  exports: Record<string, ExportEntry | string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const manifests = readdirSync(join(root, 'packages'))
  .filter((entry) => existsSync(join(root, 'packages', entry, 'package.json')))
  .map((entry) => ({ dir: join(root, 'packages', entry), json: JSON.parse(readFileSync(join(root, 'packages', entry, 'package.json'), 'utf8')) as Manifest }));
const published = manifests.filter((m) => !UNPUBLISHED.has(m.json.name));
const versions = new Map(manifests.map((m) => [m.json.name, m.json.version]));

/** `@slv/core/node` for the `./node` export of @slv/core. */
const specifier = (name: string, subpath: string): string => (subpath === '.' ? name : `${name}${subpath.slice(1)}`);

describe('packaging layout', () => {
  it('publishes every package under packages/ but the repository-only ones', () => {
    expect(published.length).toBeGreaterThanOrEqual(8);
    for (const { json } of manifests) expect(json.private === true, `${json.name}: private`).toBe(UNPUBLISHED.has(json.name));
  });

  it('points each export at its source (@slv/source) first, then at its declarations and JavaScript in dist/', () => {
    const wrong: string[] = [];
    for (const { dir, json } of published) {
      for (const [subpath, entry] of Object.entries(json.exports)) {
        const where = `${json.name} "${subpath}"`;
        if (typeof entry === 'string') { wrong.push(`${where} is a bare path`); continue; }
        const conditions = Object.keys(entry);
        const source = entry['@slv/source'] ?? '';
        const base = source.replace(/^\.\/src\//, '').replace(/\.ts$/, '');
        const runtime = conditions[2] ?? '';
        if (conditions[0] !== '@slv/source' || conditions[1] !== 'types' || conditions.length !== 3 || !['import', 'node'].includes(runtime)) {
          wrong.push(`${where}: conditions ${conditions.join(', ')} (want @slv/source, types, import|node)`);
        }
        if (!source.startsWith('./src/') || !existsSync(join(dir, source))) wrong.push(`${where}: source ${source} missing`);
        if (entry.types !== `./dist/${base}.d.ts` || entry[runtime] !== `./dist/${base}.js`) wrong.push(`${where}: dist paths do not mirror ${source}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives tsconfig.base.json (and so tsc and esbuild) the same source paths as the exports', () => {
    const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
    const expected: Record<string, string[]> = {};
    for (const { dir, json } of published) {
      for (const [subpath, entry] of Object.entries(json.exports)) {
        if (typeof entry === 'string') continue;
        expected[specifier(json.name, subpath)] = [`./${join(dir.slice(root.length + 1), entry['@slv/source']!)}`];
      }
    }
    expect(base.compilerOptions.paths).toEqual(expected);
  });

  it('packs dist, a README (install, example, allocation, tests) and LICENSE under the MIT licence, with a build script and real sibling ranges', () => {
    const licence = readFileSync(join(root, 'LICENSE'), 'utf8');
    const wrong: string[] = [];
    for (const { dir, json } of published) {
      if (json.license !== 'MIT') wrong.push(`${json.name}: license ${json.license}`);
      if (JSON.stringify(json.files) !== JSON.stringify(['dist', 'README.md', 'LICENSE'])) wrong.push(`${json.name}: files ${JSON.stringify(json.files)}`);
      if (json.sideEffects !== false) wrong.push(`${json.name}: sideEffects is not false`);
      if (!existsSync(join(dir, 'LICENSE')) || readFileSync(join(dir, 'LICENSE'), 'utf8') !== licence) wrong.push(`${json.name}: LICENSE differs from the root's`);
      if (!existsSync(join(dir, 'tsconfig.build.json')) || !json.scripts?.['build:package']) wrong.push(`${json.name}: no build:package`);
      const readme = existsSync(join(dir, 'README.md')) ? readFileSync(join(dir, 'README.md'), 'utf8') : '';
      // What a user reads first: how to install it, an example, what it allocates, how it is tested.
      for (const part of [`npm install ${json.name}`, '```js', '## Allocation', '## Tests', '## Licence']) {
        if (!readme.includes(part)) wrong.push(`${json.name}: README.md lacks "${part}"`);
      }
      for (const [dep, range] of Object.entries({ ...json.dependencies, ...json.devDependencies })) {
        const version = versions.get(dep);
        if (version !== undefined && range !== `^${version}`) wrong.push(`${json.name} → ${dep}: "${range}" (want "^${version}")`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the API reports in docs/api in step with the public exports (node scripts/api-report.mjs regenerates them)', () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts/api-report.mjs'), '--check'], { cwd: root, encoding: 'utf8', timeout: 180_000 });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 200_000);
});
