/** Entry point of the mesh worker thread (bundled to dist/mesh-worker.js beside the CLI; `slv bench mesh` starts it): mesh.decode and mesh.simplify. */
import { serveMeshDecodeJobs } from '@slv/assets/node';

serveMeshDecodeJobs();
