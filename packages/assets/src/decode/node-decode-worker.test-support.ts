/**
 * Real worker_threads decode workers for tests: the texture and mesh worker fixtures are
 * bundled with esbuild (worker threads do not run TypeScript) once, started
 * from a data: URL, and handed the OpenJPEG wasm in workerData.
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { WorkerLike } from '@slv/core';
import { createNodeWorker } from '@slv/core/node';
import { loadOpenJpegWasm } from '../node.ts';

const bundled = new Map<string, URL>();

/** A fixture bundled once (esbuild) into a data: URL that a worker thread can start from. */
export function bundledWorkerUrl(fixture: string): URL {
  let url = bundled.get(fixture);
  if (url === undefined) {
    const out = buildSync({
      entryPoints: [fileURLToPath(new URL(`../__fixtures__/${fixture}`, import.meta.url))],
      bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent',
    });
    url = new URL(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.contents).toString('base64')}`);
    bundled.set(fixture, url);
  }
  return url;
}

/** A `spawn` for @slv/core's worker pool: each call starts one texture decode worker thread. */
export function spawnNodeDecodeWorker(): WorkerLike {
  return createNodeWorker(bundledWorkerUrl('texture-worker.ts'), { workerData: { openJpegWasm: loadOpenJpegWasm() } });
}

/** Likewise for mesh decode workers. */
export function spawnNodeMeshWorker(): WorkerLike {
  return createNodeWorker(bundledWorkerUrl('mesh-worker.ts'));
}
