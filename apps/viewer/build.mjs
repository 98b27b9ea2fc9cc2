// Builds the viewer: dist/app.js (the browser app, everything bundled),
// dist/texture-worker.js and dist/openjpeg.wasm (texture decoding),
// dist/index.html, and dist/launcher.js (Node; the workspace packages bundled
// since they ship TypeScript sources, third-party packages external and loaded
// from node_modules). `node build.mjs --outdir DIR` builds elsewhere (tests).
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = resolve(values.outdir ?? join(here, 'dist'));

const workspaceOnly = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@slv/') ? undefined : { path: args.path, external: true }));
  },
};

/** A browser bundle: everything bundled, ES modules, with a source map. */
function browserBuild(entry, outfile) {
  return build({
    entryPoints: [join(here, entry)],
    outfile: join(outdir, outfile),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    minify: false,
    logLevel: 'warning',
  });
}

await mkdir(outdir, { recursive: true });
await Promise.all([
  browserBuild('src/app/main.ts', 'app.js'),
  build({
    entryPoints: [join(here, 'src/launcher/main.ts')],
    outfile: join(outdir, 'launcher.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    plugins: [workspaceOnly],
    logLevel: 'warning',
  }),
  browserBuild('src/app/textures/texture-worker.ts', 'texture-worker.js'),
  copyFile(join(here, 'src/app/index.html'), join(outdir, 'index.html')),
  // pdf.js's OpenJPEG build, which the texture workers fetch from beside their script.
  copyFile(createRequire(import.meta.url).resolve('pdfjs-dist/wasm/openjpeg.wasm'), join(outdir, 'openjpeg.wasm')),
]);
