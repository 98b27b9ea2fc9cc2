// `npm run build:package` in an engine package (turbo runs it in layer order
// from the root's `npm run build:packages`): empties dist/, then compiles src/
// with the package's tsconfig.build.json. Nothing in the monorepo reads dist/;
// it is what `npm pack` ships (docs/packaging.md). With --check (the packages'
// prepack) it only refuses to pack a package whose dist/ was never built.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

if (process.argv.includes('--check')) {
  const { name } = JSON.parse(readFileSync('package.json', 'utf8'));
  if (!existsSync('dist/index.js')) {
    process.stderr.write(`${name}: dist/ is not built; run \`npm run build:packages\` in the repository root first\n`);
    process.exit(1);
  }
  process.exit(0);
}
rmSync('dist', { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
