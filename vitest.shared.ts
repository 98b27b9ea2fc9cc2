/**
 * Settings every package's vitest config shares. Property-based and socket
 * tests are CPU-bound; on a shared two-core machine running two packages at
 * once they can take several times their quiet-machine time, so the per-test
 * timeout is generous. Tests never assert speed.
 *
 * Workspace packages resolve through their `@slv/source` export condition
 * (their TypeScript sources), never through the built dist/ that consumers
 * install (docs/packaging.md).
 */
import { defineConfig } from 'vitest/config';

const SOURCE_CONDITION = '@slv/source';
// Vite's defaults (defaultClientConditions / defaultServerConditions), which naming any condition replaces.
const client = [SOURCE_CONDITION, 'module', 'browser', 'development|production'];
const server = [SOURCE_CONDITION, 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions: client },
  ssr: { resolve: { conditions: server, externalConditions: [SOURCE_CONDITION] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One package's test files in at most two workers: turbo already runs two packages at once.
    maxWorkers: 2,
  },
});
