// Bundles the CLI with the workspace packages it uses (they ship TypeScript
// sources); third-party packages stay external and load from node_modules.
import { build } from 'esbuild';

const workspaceOnly = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@slv/') ? undefined : { path: args.path, external: true }));
  },
};

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/slv.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [workspaceOnly],
  logLevel: 'warning',
});
