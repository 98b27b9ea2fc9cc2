#!/usr/bin/env node
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/slv.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('slv is not built yet: run `npm run build` in the repository root.\n');
  process.exit(2);
}
await import(bundle.href);
