/**
 * A fuzz worker with test targets: one that hangs on its 300th input (each
 * worker counts from its own start), throws an undocumented TypeError on
 * every 100th and a documented RangeError otherwise; and one that runs out
 * of stack on its 50th. Bundled by fuzz-runner.test.ts.
 */
import { serveFuzzWorker } from './fuzz-worker-host.ts';
import { BYTE_MUTATORS } from './mutators.ts';

let count = 0;

await serveFuzzWorker([
  {
    name: 'test-hang-and-crash',
    description: 'hangs on input 300 of each worker, crashes on every 100th',
    maxInputBytes: 64,
    mutators: BYTE_MUTATORS,
    isDocumentedError: (error) => error instanceof RangeError,
    corpus: () => ({ seeds: [Uint8Array.of(1, 2, 3)], sources: ['test'] }),
    prepare: () => () => {
      count++;
      if (count === 300) for (;;); // the hang the watchdog must catch
      if (count % 100 === 50) throw new TypeError('undocumented');
      throw new RangeError('documented refusal');
    },
  },
  {
    name: 'test-worker-dies',
    description: 'exits the worker on input 50',
    maxInputBytes: 64,
    mutators: BYTE_MUTATORS,
    isDocumentedError: () => false,
    corpus: () => ({ seeds: [Uint8Array.of(1)], sources: ['test'] }),
    prepare: () => () => {
      if (++count === 50) process.exit(3);
    },
  },
]);
