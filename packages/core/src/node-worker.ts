/**
 * Node adapters: WorkerLike over worker_threads, and serveJobs on a worker
 * thread's parentPort. Exported only from `@slv/core/node`, so the browser
 * build never loads node:worker_threads.
 */
import { Worker, parentPort } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import { serveJobs } from './serve-jobs.ts';
import type { JobHandlers } from './serve-jobs.ts';
import type { WorkerLike } from './worker-like.ts';

/** Starts a worker thread from a module file (or `data:` URL) and wraps it. */
export function createNodeWorker(url: string | URL, options?: WorkerOptions): WorkerLike {
  return wrapNodeWorker(new Worker(url, options));
}

export function wrapNodeWorker(worker: Worker): WorkerLike {
  let onMessage: (message: unknown) => void = () => {};
  let onError: (error: Error) => void = () => {};
  let dead = false;
  const die = (error: Error): void => {
    if (dead) return;
    dead = true;
    onError(error);
  };
  worker.on('message', (message: unknown) => {
    if (!dead) onMessage(message);
  });
  worker.on('error', (error: Error) => die(error));
  worker.on('messageerror', (error: Error) => die(new Error(`worker sent a message that could not be deserialized: ${error.message}`)));
  worker.on('exit', (code: number) => die(new Error(`worker exited with code ${code}`)));
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (listener) => {
      onMessage = listener;
    },
    onError: (listener) => {
      onError = listener;
    },
    terminate: () => {
      dead = true;
      void worker.terminate();
    },
  };
}

/** Inside a worker thread: serveJobs on parentPort. */
export function serveJobsOnParentPort(handlers: JobHandlers): void {
  if (parentPort === null) throw new Error('serveJobsOnParentPort: not running inside a worker thread');
  serveJobs(handlers, parentPort);
}
