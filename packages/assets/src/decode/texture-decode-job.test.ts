/**
 * The texture decode job through @slv/core's real Node worker pool: the
 * codestream goes in transferred, the pixels come back transferred, bad
 * input comes back as a failed job naming the error.
 */
import { createWorkerPool, JobFailedError, runJob, terminateWorkerPool } from '@slv/core';
import type { WorkerPool } from '@slv/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handMadeCodestream } from '../codestream/hand-made.test-support.ts';
import { installOpenJpegFromNodeModules, loadOpenJpegWasm } from '../node.ts';
import { decodeTexture } from './decode-texture.ts';
import { spawnNodeDecodeWorker } from './node-decode-worker.test-support.ts';
import { createTextureDecodeHandlers, TEXTURE_DECODE_JOB } from './texture-decode-job.ts';
import type { TextureDecodeResult } from './texture-decode-job.ts';

describe('texture decode handler', () => {
  it('hands the pixel buffer to transferOut', async () => {
    const handlers = createTextureDecodeHandlers(loadOpenJpegWasm);
    const transfer: ArrayBuffer[] = [];
    const result = (await handlers[TEXTURE_DECODE_JOB]!({ codestream: handMadeCodestream({ width: 32, height: 16, components: 4 }) }, transfer)) as TextureDecodeResult;
    // Empty packets decode to mid-grey: alpha 128 everywhere, so the texture has alpha.
    expect(result).toMatchObject({ width: 32, height: 16, components: 4, imageComponents: 4, discard: 0, hasAlpha: true });
    expect(transfer).toEqual([result.pixels.buffer]);
    expect(result.pixels.byteLength).toBe(result.pixels.buffer.byteLength);
  });
});

describe('texture decode jobs on worker_threads', () => {
  let pool: WorkerPool;
  beforeAll(() => {
    pool = createWorkerPool({ size: 2, maxPending: 8, spawn: spawnNodeDecodeWorker });
    installOpenJpegFromNodeModules();
  });
  afterAll(() => terminateWorkerPool(pool));

  it('decodes in a worker: input transferred in, pixels equal to a main-thread decode', async () => {
    const codestream = handMadeCodestream({ width: 96, height: 64, components: 3 });
    const expected = await decodeTexture(codestream.slice(), { discard: 1, rgba: true });
    const result = await runJob<TextureDecodeResult>(pool, TEXTURE_DECODE_JOB, { codestream, discard: 1, rgba: true }, [codestream.buffer as ArrayBuffer]);
    expect(codestream.byteLength).toBe(0); // moved to the worker, not copied
    expect(result).toMatchObject({ width: 48, height: 32, components: 4, imageComponents: 3, discard: 1, complete: true, hasAlpha: false });
    expect(result.pixels).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(result.pixels).equals(Buffer.from(expected.pixels))).toBe(true);
  }, 60_000);

  it('several jobs at once, and bad input fails its job only', async () => {
    const jobs = [0, 1, 2, 3].map((discard) => runJob<TextureDecodeResult>(pool, TEXTURE_DECODE_JOB,
      { codestream: handMadeCodestream({ width: 64, height: 64, components: 4 }), discard }));
    const bad = runJob(pool, TEXTURE_DECODE_JOB, { codestream: new TextEncoder().encode('<html>404</html>') });
    await expect(bad).rejects.toThrow(JobFailedError);
    await expect(bad).rejects.toThrow(/NotJpeg2000Error: not a JPEG2000 codestream: the data is an HTML page/);
    expect((await Promise.all(jobs)).map((r) => r.width)).toEqual([64, 32, 16, 8]);
  }, 60_000);
});
