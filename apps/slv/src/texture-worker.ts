/** Entry point of the texture decode worker thread (bundled to dist/texture-worker.js beside the CLI; `slv bench textures` starts it). */
import { serveTextureDecodeJobs } from '@slv/assets/node';

serveTextureDecodeJobs();
