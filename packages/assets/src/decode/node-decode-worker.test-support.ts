/**
 * Real worker_threads decode workers for tests: the texture worker fixture is
 * bundled with esbuild (worker threads do not run TypeScript) once, started
 * from a data: URL, and handed the OpenJPEG wasm in workerData.
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { WorkerLike } from '@slv/core';
import { createNodeWorker } from '@slv/core/node';
import { loadOpenJpegWasm } from '../node.ts';

let bundled: URL | null = null;

/** A `spawn` for @slv/core's worker pool: each call starts one texture decode worker thread. */
export function spawnNodeDecodeWorker(): WorkerLike {
  if (bundled === null) {
    const out = buildSync({
      entryPoints: [fileURLToPath(new URL('../__fixtures__/texture-worker.ts', import.meta.url))],
      bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent',
    });
    bundled = new URL(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.contents).toString('base64')}`);
  }
  return createNodeWorker(bundled, { workerData: { openJpegWasm: loadOpenJpegWasm() } });
}
