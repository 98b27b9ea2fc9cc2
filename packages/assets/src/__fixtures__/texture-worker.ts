/**
 * Test worker: bundled by texture-decode-job.test.ts with esbuild (worker
 * threads do not run TypeScript) and started as a real worker_threads Worker.
 */
import { serveTextureDecodeJobs } from '../node.ts';

serveTextureDecodeJobs();
