/**
 * Page side of browser-decode.test.ts, bundled for Chromium: decodes on the
 * page's thread and through @slv/core's worker pool in a Web Worker (the
 * worker bundle's source is passed in), with the wasm given as bytes.
 */
import { createBrowserWorker, createWorkerPool, runJob, terminateWorkerPool } from '@slv/core';
import { handMadeCodestream } from '../codestream/hand-made.test-support.ts';
import { decodeTexture } from './decode-texture.ts';
import { installOpenJpeg } from './openjpeg-wasm.ts';
import { TEXTURE_DECODE_JOB } from './texture-decode-job.ts';
import type { TextureDecodeResult } from './texture-decode-job.ts';

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export interface BrowserDecodeReport {
  readonly page: { width: number; height: number; components: number; sum: number };
  readonly worker: { width: number; height: number; components: number; sum: number; inputDetached: boolean };
  readonly refusal: string;
}

const sum = (pixels: Uint8Array): number => pixels.reduce((a, b) => a + b, 0);

async function run(codestreamBase64: string, wasmBase64: string, workerSource: string): Promise<BrowserDecodeReport> {
  const wasm = fromBase64(wasmBase64);
  installOpenJpeg(wasm);
  const bytes = fromBase64(codestreamBase64);
  const page = await decodeTexture(bytes, { discard: 1 });
  let refusal = '';
  try {
    await decodeTexture(handMadeCodestream({ width: 65535, height: 65535, components: 4 }));
  } catch (error) {
    refusal = (error as Error).message;
  }
  const workerUrl = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const pool = createWorkerPool({ size: 1, spawn: () => createBrowserWorker(workerUrl, { type: 'classic' }) });
  try {
    await runJob(pool, 'texture.install', wasm);
    const input = bytes.slice();
    const result = await runJob<TextureDecodeResult>(pool, TEXTURE_DECODE_JOB, { codestream: input, discard: 1 }, [input.buffer as ArrayBuffer]);
    return {
      page: { width: page.width, height: page.height, components: page.components, sum: sum(page.pixels) },
      worker: { width: result.width, height: result.height, components: result.components, sum: sum(result.pixels), inputDetached: input.byteLength === 0 },
      refusal,
    };
  } finally {
    terminateWorkerPool(pool);
  }
}

(globalThis as unknown as { slvBrowserDecode: typeof run }).slvBrowserDecode = run;
