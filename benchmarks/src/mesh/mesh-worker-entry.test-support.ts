/** Worker entry of the mesh suite's test (bundled by mesh-worker.test-support.ts): mesh.decode and mesh.simplify. */
import { serveMeshDecodeJobs } from '@slv/assets/node';

serveMeshDecodeJobs();
