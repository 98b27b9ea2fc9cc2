/**
 * The one shape the worker pool needs from a worker, whether a Web Worker in
 * the browser or a worker_threads Worker in Node (see createBrowserWorker and
 * `@slv/core/node`'s createNodeWorker).
 */
export interface WorkerLike {
  /** Sends a message, moving (not copying) the listed buffers. */
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  /** Sets the single listener for messages from the worker. */
  onMessage(listener: (message: unknown) => void): void;
  /**
   * Sets the single listener for the worker dying or becoming unusable (an
   * uncaught error, an unexpected exit, a message that cannot be decoded).
   * Called at most once per worker; never after terminate().
   */
  onError(listener: (error: Error) => void): void;
  terminate(): void;
}
