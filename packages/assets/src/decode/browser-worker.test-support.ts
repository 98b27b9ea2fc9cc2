/**
 * Worker side of browser-decode.test.ts: serveJobs in a Web Worker with the
 * texture decode job; the wasm arrives in a first "texture.install" job.
 */
import { serveJobs } from '@slv/core';
import { createTextureDecodeHandlers } from './texture-decode-job.ts';

let provide: (bytes: Uint8Array) => void = () => {};
const wasm = new Promise<Uint8Array>((resolve) => (provide = resolve));
serveJobs({
  ...createTextureDecodeHandlers(() => wasm),
  'texture.install': (bytes: Uint8Array) => {
    provide(bytes);
    return true;
  },
});
