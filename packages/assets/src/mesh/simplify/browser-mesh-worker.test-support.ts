/** Worker side of browser-mesh.test.ts: serveJobs in a Web Worker with mesh.decode and mesh.simplify (the browser's DecompressionStream inflates). */
import { serveJobs } from '@slv/core';
import { createMeshJobHandlers } from './mesh-simplify-job.ts';

serveJobs(createMeshJobHandlers());
