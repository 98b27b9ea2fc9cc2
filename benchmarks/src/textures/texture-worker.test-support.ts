/** Worker entry of the textures suite's test (bundled by decode-worker.test-support.ts): answers texture.decode jobs. */
import { serveTextureDecodeJobs } from '@slv/assets/node';

serveTextureDecodeJobs();
