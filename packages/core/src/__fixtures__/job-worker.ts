/**
 * Test worker: bundled by node-worker.test.ts with esbuild (worker threads do
 * not run TypeScript) and started as a real worker_threads Worker.
 */
import { serveJobsOnParentPort } from '../node-worker.ts';

serveJobsOnParentPort({
  sum: (payload: { data: Float32Array }) => {
    let total = 0;
    for (let i = 0; i < payload.data.length; i++) total += payload.data[i];
    return total;
  },
  scale: (payload: { data: Float32Array; factor: number }, transferOut: ArrayBuffer[]) => {
    for (let i = 0; i < payload.data.length; i++) payload.data[i] *= payload.factor;
    transferOut.push(payload.data.buffer as ArrayBuffer);
    return payload.data;
  },
  fail: (payload: string) => {
    throw new RangeError(`bad input: ${payload}`);
  },
  crash: () => {
    setTimeout(() => {
      throw new Error('worker blew up');
    }, 0);
    return new Promise(() => {});
  },
  exit: () => {
    process.exit(7);
  },
  sleep: (ms: number) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)),
  unsendable: () => () => 'functions cannot be cloned',
});
