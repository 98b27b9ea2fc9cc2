/// <reference path="./pdfjs-image-decoders.d.ts" />
/**
 * OpenJPEG compiled to WebAssembly, as pdf.js ships it (`pdfjs-dist`,
 * Apache-2.0; `JpxImage`, OpenJPEG 2.5 in wasm/openjpeg.wasm). Strict: it
 * refuses a codestream cut inside a packet, which is why prefixes are cut at
 * packet boundaries first (prefix-codestream.ts). Its wasm is given as bytes,
 * never fetched by URL, so the same code runs in Node, a browser and a worker.
 */
import { JpxImage, setVerbosityLevel, VerbosityLevel } from 'pdfjs-dist/legacy/image_decoders/pdf.image_decoders.mjs';
import { J2cDecodeError } from '../errors.ts';

let installed = false;

/** pdf.js uses Promise.withResolvers, which Node 20 lacks. */
function polyfillPromiseWithResolvers(): void {
  const promise = Promise as unknown as { withResolvers?: unknown };
  if (typeof promise.withResolvers === 'function') return;
  promise.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const settled = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: settled, resolve, reject };
  };
}

/** Gives the decoder its wasm bytes (once per thread; later calls are ignored). */
export function installOpenJpeg(wasm: Uint8Array): void {
  if (installed) return;
  if (!(wasm instanceof Uint8Array) || wasm.length < 8 || wasm[0] !== 0x00 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) {
    throw new TypeError('installOpenJpeg: the bytes given are not a WebAssembly module');
  }
  polyfillPromiseWithResolvers();
  setVerbosityLevel(VerbosityLevel.ERRORS);
  // With no URL and no fallback script, a wasm that fails to load is an error, not a silent switch to the slow JS build.
  JpxImage.setOptions({ useWasm: true, useWorkerFetch: false, wasmUrl: '', getHandler: () => ({ sendWithPromise: async () => wasm }) });
  installed = true;
}

export function openJpegInstalled(): boolean {
  return installed;
}

/** Decodes a whole codestream (or JP2 file) at 1/2^reduce size: interleaved 8-bit samples, the image's own components. */
export async function decodeWithOpenJpeg(codestream: Uint8Array, reduce: number): Promise<Uint8Array> {
  if (!installed) throw new Error('decodeWithOpenJpeg: call installOpenJpeg(wasmBytes) first');
  let pixels: Uint8ClampedArray | null;
  try {
    pixels = await JpxImage.instance.decode(codestream, { reducePower: reduce });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    throw new J2cDecodeError(`OpenJPEG could not decode the codestream: ${message}`);
  }
  if (pixels === null || pixels === undefined) throw new J2cDecodeError('OpenJPEG returned no pixels');
  return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
}
