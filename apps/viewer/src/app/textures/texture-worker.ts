/**
 * The asset worker (dist/texture-worker.js): @slv/core's job server with
 * @slv/assets' JPEG2000 decode job and the mesh decode and simplify jobs
 * (meshoptimizer's wasm is embedded in its module). OpenJPEG's wasm is
 * fetched once from beside this script (the launcher serves dist/openjpeg.wasm).
 */
import { createMeshJobHandlers, createTextureDecodeHandlers } from '@slv/assets';
import { serveJobs } from '@slv/core';

let wasm: Promise<Uint8Array> | null = null;

function loadWasm(): Promise<Uint8Array> {
  wasm ??= fetch(new URL('openjpeg.wasm', self.location.href)).then(async (response) => {
    if (!response.ok) throw new Error(`texture worker: openjpeg.wasm answered HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  });
  return wasm;
}

serveJobs({ ...createTextureDecodeHandlers(loadWasm), ...createMeshJobHandlers() });
