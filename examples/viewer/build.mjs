// Bundles main.mjs and the packages it imports into dist/main.js for the browser.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('main.mjs', import.meta.url).pathname],
  outfile: new URL('dist/main.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
  // No tsconfig: inside the slv repository the packages' own tsconfig would send
  // esbuild from their dist/ back to their sources; a project of yours has none.
  tsconfigRaw: '{}',
});
