/**
 * Texture decode worker threads for the textures suite's test: the worker
 * entry bundled once with esbuild (worker threads do not run TypeScript),
 * started from a data: URL and handed the OpenJPEG wasm in workerData. The
 * `slv` CLI starts its own bundled dist/texture-worker.js instead.
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { loadOpenJpegWasm } from '@slv/assets/node';
import type { WorkerLike } from '@slv/core';
import { createNodeWorker } from '@slv/core/node';

let url: URL | undefined;

export function spawnTestDecodeWorker(): WorkerLike {
  if (url === undefined) {
    const out = buildSync({
      entryPoints: [fileURLToPath(new URL('./texture-worker.test-support.ts', import.meta.url))],
      bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent', conditions: ['@slv/source'],
    });
    url = new URL(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.contents).toString('base64')}`);
  }
  return createNodeWorker(url, { workerData: { openJpegWasm: loadOpenJpegWasm() } });
}
