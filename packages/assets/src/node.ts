/**
 * `@slv/assets/node`: the parts that need Node built-ins: the OpenJPEG wasm
 * bytes read from the installed pdfjs-dist package, worker-thread entries
 * for texture and mesh decode jobs, the PNG writer, and the filesystem codestream cache.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { workerData } from 'node:worker_threads';
import { serveJobsOnParentPort } from '@slv/core/node';
import { installOpenJpeg } from './decode/openjpeg-wasm.ts';
import { createTextureDecodeHandlers } from './decode/texture-decode-job.ts';
import { createMeshJobHandlers } from './mesh/simplify/mesh-simplify-job.ts';
import { InflateError, useSyncInflate } from './mesh/inflate-bounded.ts';

let wasm: Uint8Array | null = null;

/** pdf.js's OpenJPEG build, from node_modules (read once). */
export function loadOpenJpegWasm(): Uint8Array {
  wasm ??= new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('pdfjs-dist/wasm/openjpeg.wasm')));
  return wasm;
}

/** installOpenJpeg with the bytes from node_modules. */
export function installOpenJpegFromNodeModules(): void {
  installOpenJpeg(loadOpenJpegWasm());
}

/**
 * Inside a worker thread: answer texture decode jobs. The wasm comes from
 * `workerData.openJpegWasm` when the parent passed it (a bundled worker
 * started from a data: URL cannot resolve node_modules), else node_modules.
 */
export function serveTextureDecodeJobs(): void {
  const given = (workerData as { openJpegWasm?: Uint8Array } | null)?.openJpegWasm;
  serveJobsOnParentPort(createTextureDecodeHandlers(() => given ?? loadOpenJpegWasm()));
}

/**
 * Mesh segments inflate through node:zlib (about 20× faster than Node's
 * DecompressionStream on small segments), bounded by maxOutputLength, with
 * the same InflateError messages as the stream path.
 */
export function installNodeInflate(): void {
  useSyncInflate((compressed, maxBytes) => {
    try {
      return inflateSync(compressed, { maxOutputLength: maxBytes });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new InflateError(`inflates past the ${maxBytes}-byte bound`);
      throw new InflateError(`is not a whole zlib stream (${(error as Error).message})`);
    }
  });
}

/** Inside a worker thread: answer mesh jobs (`mesh.decode`, `mesh.simplify`), inflating with node:zlib. */
export function serveMeshDecodeJobs(): void {
  installNodeInflate();
  serveJobsOnParentPort(createMeshJobHandlers());
}

export { encodePng } from './png/encode-png.ts';
export { FileCodestreamStore } from './cache/file-codestream-store.ts';
