/** Entry point of the fuzz worker thread (bundled to dist/fuzz-worker.js beside the CLI). */
import { serveFuzzWorker } from './fuzz-worker-host.ts';
import { FUZZ_TARGETS } from './targets.ts';

await serveFuzzWorker(FUZZ_TARGETS);
