/**
 * JPEG2000 encoding for the simulator's texture library: OpenJPEG's encoder
 * from `@cornerstonejs/codec-openjpeg` (MIT, WebAssembly), run in a worker
 * thread so that encoding a 1024² texture (about a second) never stalls the
 * region's UDP tick. The worker is an eval'd CommonJS script given the
 * module's absolute path, so it works the same from TypeScript sources and
 * from the esbuild bundles of the launcher and the CLI.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What the library asks the encoder for; the codestream is RPCL so discard prefixes are resolution prefixes. */
export interface EncodeRequest {
  readonly width: number;
  readonly height: number;
  /** 3 (RGB) or 4 (RGBA), interleaved 8-bit samples. */
  readonly components: number;
  readonly pixels: Uint8Array;
  /** Wavelet decompositions (discard levels), at most log2 of the smaller side. */
  readonly decompositions: number;
  /** Compression ratio per quality layer, coarsest first (e.g. [48, 12, 4]). */
  readonly layerRatios: readonly number[];
}

/** OpenJPEG's progression order numbers (opj_prog_order). */
const RPCL = 2;
const SOC = [0xff, 0x4f, 0xff, 0x51];

// Runs in the worker; plain CommonJS because eval'd workers are scripts.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = require(workerData.modulePath)({ wasmBinary: workerData.wasm, print: () => {}, printErr: () => {} });
parentPort.on('message', async (job) => {
  try {
    const codec = await ready;
    const encoder = new codec.J2KEncoder();
    try {
      const input = encoder.getDecodedBuffer({ width: job.width, height: job.height, bitsPerSample: 8, componentCount: job.components, isSigned: false, isUsingColorTransform: true });
      input.set(job.pixels);
      encoder.setDecompositions(job.decompositions);
      encoder.setQuality(false, job.layerRatios.length);
      job.layerRatios.forEach((ratio, layer) => encoder.setCompressionRatio(layer, ratio));
      encoder.setProgressionOrder(${RPCL});
      encoder.encode();
      const bytes = encoder.getEncodedBuffer().slice();
      parentPort.postMessage({ id: job.id, bytes }, [bytes.buffer]);
    } finally {
      encoder.delete();
    }
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error && error.stack || error) });
  }
});
`;

export class J2kEncoder {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>();

  /** Encodes one image; the pixels are copied to the worker. Rejects when OpenJPEG produced no valid codestream. */
  encode(request: EncodeRequest): Promise<Uint8Array> {
    const { width, height, components, pixels, decompositions, layerRatios } = request;
    if (components !== 3 && components !== 4) throw new RangeError(`the encoder takes 3 or 4 components, got ${components}`);
    if (pixels.length !== width * height * components) throw new RangeError(`expected ${width}x${height}x${components} samples, got ${pixels.length}`);
    if (2 ** decompositions > Math.min(width, height)) throw new RangeError(`${decompositions} decompositions need a side of at least ${2 ** decompositions}`);
    const id = this.nextId++;
    const worker = this.start();
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, width, height, components, pixels, decompositions, layerRatios: [...layerRatios] });
    }).then((bytes) => {
      // The encoder reports failures on stdout only; a codestream must start with SOC SIZ and end with EOC.
      const ends = bytes.length > 6 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
      if (!SOC.every((b, i) => bytes[i] === b) || !ends) throw new Error(`OpenJPEG did not encode the ${width}x${height}x${components} image`);
      return bytes;
    });
  }

  /** Stops the worker; pending encodes reject. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker === null) return;
    for (const job of this.pending.values()) job.reject(new Error('the texture encoder was closed'));
    this.pending.clear();
    await worker.terminate();
  }

  private start(): Worker {
    if (this.worker !== null) return this.worker;
    const require = createRequire(import.meta.url);
    const modulePath = require.resolve('@cornerstonejs/codec-openjpeg/wasmjs');
    const wasm = readFileSync(require.resolve('@cornerstonejs/codec-openjpeg/wasm'));
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, wasm } });
    worker.on('message', (message: { id: number; bytes?: Uint8Array; error?: string }) => {
      const job = this.pending.get(message.id);
      if (job === undefined) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.bytes !== undefined) job.resolve(message.bytes);
      else job.reject(new Error(`texture encoder: ${message.error ?? 'no result'}`));
    });
    worker.on('error', (error) => {
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
      if (this.worker === worker) this.worker = null;
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
