/**
 * For packed-packages.test.ts: build the engine packages' dist/ (each
 * package's build:package, a layer at a time, as turbo's build:packages
 * would), `npm pack` them, and install the tarballs into a fresh project.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@slv/testing';

const run = promisify(execFile);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
}

export interface PackedPackage {
  readonly name: string;
  /** The package's folder in the repository (what was packed). */
  readonly dir: string;
  readonly tarball: string;
  /** Paths inside the tarball, relative to the package root. */
  readonly files: string[];
  /** The export map's subpaths ('.', './node', …). */
  readonly exports: string[];
}

/** The environment for npm and node run as a user would: none of the npm script variables this test runs under, no NODE_OPTIONS. */
export function consumerEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !keep.has(key.toLowerCase())) continue;
    if (['INIT_CWD', 'NODE_OPTIONS', 'NODE_PATH'].includes(key)) continue;
    env[key] = value;
  }
  return env;
}

function publishedPackages(): { dir: string; json: Manifest }[] {
  return readdirSync(join(repoRoot, 'packages'))
    .map((entry) => join(repoRoot, 'packages', entry))
    .map((dir) => {
      try {
        return { dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest };
      } catch {
        return null;
      }
    })
    .filter((p): p is { dir: string; json: Manifest } => p !== null && p.json.private !== true);
}

/** Builds every published package's dist/, each after the siblings it depends on (those in one layer side by side). */
export async function builtPackages(): Promise<void> {
  const pending = publishedPackages();
  const done = new Set<string>();
  while (pending.length > 0) {
    const ready = pending.filter((p) => Object.keys(p.json.dependencies ?? {}).every((d) => !d.startsWith('@slv/') || done.has(d)));
    if (ready.length === 0) throw new Error(`dependency cycle among ${pending.map((p) => p.json.name).join(', ')}`);
    await Promise.all(ready.map(async (p) => {
      try {
        await run(process.execPath, [join(repoRoot, 'scripts/build-package.mjs')], { cwd: p.dir, timeout: 300_000 });
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(`building ${p.json.name} failed: ${e.stdout ?? ''}${e.stderr ?? e.message}`);
      }
    }));
    for (const p of ready) {
      done.add(p.json.name);
      pending.splice(pending.indexOf(p), 1);
    }
  }
}

/** `npm pack` of every published package into `dest`. */
export async function packPackages(dest: string): Promise<PackedPackage[]> {
  mkdirSync(dest, { recursive: true });
  const packages = publishedPackages();
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dest, ...packages.flatMap((p) => ['-w', p.json.name])], {
    cwd: repoRoot, env: consumerEnv(), timeout: 120_000, maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(stdout) as { name: string; filename: string; files: { path: string }[] }[];
  return report.map((entry) => {
    const pkg = packages.find((p) => p.json.name === entry.name)!;
    return { name: entry.name, dir: pkg.dir, tarball: join(dest, entry.filename), files: entry.files.map((f) => f.path), exports: Object.keys(pkg.json.exports) };
  });
}

/**
 * A fresh project in `dir` that depends on the tarballs (and @types/node and
 * esbuild), installed with `npm install --prefer-offline`. Returns
 * null once installed, or why npm could not install it.
 */
export async function installProject(dir: string, packed: readonly PackedPackage[]): Promise<string | null> {
  mkdirSync(dir, { recursive: true });
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const dependencies: Record<string, string> = {};
  const overrides: Record<string, string> = {};
  for (const pkg of packed) {
    dependencies[pkg.name] = `file:${relative(dir, pkg.tarball)}`;
    // The siblings' own "^0.1.0" on each other resolve to these tarballs too, never to the registry.
    overrides[pkg.name] = `$${pkg.name}`;
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'slv-consumer', private: true, type: 'module', dependencies, overrides,
    // @types/node for the type check, esbuild for examples/viewer's build.mjs.
    devDependencies: { '@types/node': root.devDependencies['@types/node'], esbuild: root.devDependencies.esbuild },
  }, null, 2));
  try {
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env: consumerEnv(), timeout: 300_000 });
    return null;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return (e.stderr || e.message).trim().split('\n').slice(-6).join(' | ');
  }
}
