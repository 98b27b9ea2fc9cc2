/**
 * `@slv/core/node`: the parts of the core that need Node built-ins.
 */
export { createNodeWorker, serveJobsOnParentPort, wrapNodeWorker } from './node-worker.ts';
