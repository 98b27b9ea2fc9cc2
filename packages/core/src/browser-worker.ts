/**
 * WorkerLike over a browser Web Worker (module worker by default).
 */
import type { WorkerLike } from './worker-like.ts';

export function createBrowserWorker(url: string | URL, options: WorkerOptions = { type: 'module' }): WorkerLike {
  if (typeof Worker !== 'function') {
    throw new Error('createBrowserWorker: Web Workers are not available here (in Node use createNodeWorker from @slv/core/node)');
  }
  return wrapWebWorker(new Worker(url, options));
}

/** Wraps an existing Web Worker (or anything with the same event surface). */
export function wrapWebWorker(worker: Worker): WorkerLike {
  let onMessage: (message: unknown) => void = () => {};
  let onError: (error: Error) => void = () => {};
  let dead = false;
  const die = (error: Error): void => {
    if (dead) return;
    dead = true;
    onError(error);
  };
  worker.onmessage = (event: MessageEvent) => {
    if (!dead) onMessage(event.data);
  };
  worker.onerror = (event: ErrorEvent) => {
    // Keep the error from also surfacing as an uncaught page error: the pool reports it.
    event.preventDefault();
    die(new Error(`worker error: ${event.message || 'script failed to load or threw'}`));
  };
  worker.onmessageerror = () => die(new Error('worker sent a message that could not be deserialized'));
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
      worker.terminate();
    },
  };
}
