/**
 * Test worker for streamed-source.test.ts: bundled with esbuild (worker
 * threads do not run TypeScript) and started as a real worker_threads Worker.
 */
import { serveTextureDecodeJobs } from '@slv/assets/node';

serveTextureDecodeJobs();
