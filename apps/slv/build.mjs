// Bundles the CLI with the workspace packages it uses (they ship TypeScript
// sources); third-party packages stay external and load from node_modules.
import { build } from 'esbuild';

const workspaceOnly = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@slv/') ? undefined : { path: args.path, external: true }));
  },
};

// The fuzz, texture decode and mesh workers are entries of their own: a worker thread needs a file.
await build({
  entryPoints: { slv: 'src/main.ts', 'fuzz-worker': 'src/fuzz/fuzz-worker.ts', 'texture-worker': 'src/texture-worker.ts', 'mesh-worker': 'src/mesh-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [workspaceOnly],
  logLevel: 'warning',
});
