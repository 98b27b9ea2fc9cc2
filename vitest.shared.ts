/**
 * Settings every package's vitest config shares. Property-based and socket
 * tests are CPU-bound; on a shared two-core machine running two packages at
 * once they can take several times their quiet-machine time, so the per-test
 * timeout is generous. Tests never assert speed.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One package's test files in at most two workers: turbo already runs two packages at once.
    maxWorkers: 2,
  },
});
