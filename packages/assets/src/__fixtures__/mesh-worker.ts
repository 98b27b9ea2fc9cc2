/**
 * Test worker: bundled by mesh-decode-job.test.ts with esbuild (worker
 * threads do not run TypeScript) and started as a real worker_threads Worker.
 */
import { serveMeshDecodeJobs } from '../node.ts';

serveMeshDecodeJobs();
