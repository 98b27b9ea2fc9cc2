/**
 * Decode throughput of the shared real textures through @slv/assets'
 * `texture.decode` job (OpenJPEG wasm in a worker thread, RGBA out, as the
 * streamer asks), against native OpenJPEG (`opj_decompress`) decoding the
 * same files in one `-ImgDir` batch run; the same job on a pool of one
 * worker per core; and a discard-2 prefix against the whole file.
 *
 * One sample is one pass over every texture. Passes alternate between the
 * sides (one worker, the pool, native; then prefix, whole), so a machine
 * that slows down slows every side alike; each side is summarised by the
 * median of its passes.
 *
 * - Worker passes submit every texture at once (the pool queues them), each
 *   codestream copied and transferred as the streamer does, and end when the
 *   last pixels are back on the main thread: the time includes the copy, the
 *   messages, the RGBA expansion and the alpha scan.
 * - A native pass is one `opj_decompress -ImgDir DIR -OutFor RAW` process
 *   (single-threaded, its default) over a temporary folder of symbolic links
 *   to the same files, timed from spawn to exit: process start, reading the
 *   files and writing the RAW images are included, nothing is subtracted.
 *   opj_decompress's own figure (its "decode time", the mean of its clock
 *   around each decode, without start-up and file output) is reported beside
 *   it as `baselineDecodeOnlyMsPerImage`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { TEXTURE_DECODE_JOB, type TextureDecodeResult } from '@slv/assets';
import { createWorkerPool, runJob, terminateWorkerPool, type WorkerLike, type WorkerPool } from '@slv/core';
import { collectGarbage, median, pairResult, passesResult, type PairResult } from '../harness.ts';
import type { SharedTexture } from './shared-textures.ts';

export interface DecodeRowOptions {
  /** Starts one texture decode worker (serveTextureDecodeJobs from @slv/assets/node). */
  readonly spawnDecodeWorker: () => WorkerLike;
  /** Passes per side (default 9). */
  readonly passes?: number;
  /** Workers of the pool (default: the cores, availableParallelism()). */
  readonly poolWorkers?: number;
  /** The native decoder (default `opj_decompress` on PATH). */
  readonly opjDecompress?: string;
  readonly log?: (line: string) => void;
}

export type DecodeRow = PairResult & Record<string, unknown>;

/** Submits every texture at once and waits for the last pixels; returns elapsed ms. */
async function workerPass(pool: WorkerPool, inputs: readonly { bytes: Uint8Array; discard: number }[]): Promise<number> {
  const start = performance.now();
  const jobs: Promise<TextureDecodeResult>[] = [];
  for (const input of inputs) {
    const codestream = input.bytes.slice();
    jobs.push(runJob<TextureDecodeResult>(pool, TEXTURE_DECODE_JOB, { codestream, discard: input.discard, rgba: true }, [codestream.buffer as ArrayBuffer]));
  }
  let check = 0;
  for (const result of await Promise.all(jobs)) check += result.width;
  const elapsed = performance.now() - start;
  if (!(check > 0)) throw new Error('textures bench: decodes returned no pixels');
  return elapsed;
}

interface NativeDecoder {
  readonly version: string;
  pass(): { wallMs: number; decodeOnlyMs: number | undefined };
  close(): void;
}

/** opj_decompress over a temporary folder of links to the textures, or the reason it cannot run. */
function nativeDecoder(textures: readonly SharedTexture[], command: string): NativeDecoder | string {
  const probe = spawnSync(command, ['-h'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${command} unavailable (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message}): install Debian's libopenjp2-tools`;
  const version = /openjp2 library v(\d+\.\d+\.\d+)/.exec(`${probe.stdout}${probe.stderr}`)?.[1] ?? 'unknown version';
  // Output goes beside the inputs: links in a folder of our own keep it out of ../shared.
  const dir = mkdtempSync(join(tmpdir(), 'slv-bench-opj-'));
  for (const t of textures) symlinkSync(t.path, join(dir, basename(t.path)));
  return {
    version,
    pass() {
      const start = performance.now();
      const run = spawnSync(command, ['-ImgDir', dir, '-OutFor', 'RAW'], { encoding: 'utf8', maxBuffer: 16 << 20 });
      const wallMs = performance.now() - start;
      if (run.status !== 0) throw new Error(`textures bench: ${command} -ImgDir exited ${run.status}: ${(run.stderr || run.stdout).slice(-400)}`);
      const decoded = (run.stdout.match(/Generated Outfile/g) ?? []).length;
      if (decoded !== textures.length) throw new Error(`textures bench: ${command} decoded ${decoded} of ${textures.length} files`);
      const reported = /decode time: (\d+(?:\.\d+)?) ms/.exec(run.stdout);
      return { wallMs, decodeOnlyMs: reported === null ? undefined : Number(reported[1]) };
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const fmt = (x: number, digits = 2): string => x.toFixed(digits);

/**
 * The decode rows: one worker vs opj_decompress (when installed), the pool
 * vs one worker (the scaling), discard-2 prefix vs whole file (in the one
 * worker). Rates: megapixels of full-size images per second; images per
 * second for the prefix row.
 */
export async function decodeRows(textures: readonly SharedTexture[], options: DecodeRowOptions): Promise<DecodeRow[]> {
  const log = options.log ?? (() => {});
  const passes = options.passes ?? 9;
  const poolWorkers = options.poolWorkers ?? availableParallelism();
  const pixels = textures.reduce((n, t) => n + t.width * t.height, 0);
  const megapixels = pixels / 1e6;
  const whole = textures.map((t) => ({ bytes: t.bytes, discard: 0 }));
  const withPrefix = textures.filter((t) => t.discard2Bytes !== undefined);
  const prefixes = withPrefix.map((t) => ({ bytes: t.bytes.subarray(0, t.discard2Bytes), discard: 2 }));
  const wholeOfPrefixed = withPrefix.map((t) => ({ bytes: t.bytes, discard: 0 }));

  const one = createWorkerPool({ size: 1, spawn: options.spawnDecodeWorker });
  const pool = createWorkerPool({ size: poolWorkers, spawn: options.spawnDecodeWorker });
  const native = nativeDecoder(textures, options.opjDecompress ?? 'opj_decompress');
  if (typeof native === 'string') log(`    ${native}: the native comparison is left out`);
  try {
    // Warm-up: every worker compiles the wasm and tiers its code up; native reads the files once.
    await workerPass(one, whole);
    await workerPass(pool, whole);
    await workerPass(pool, whole);
    await workerPass(one, prefixes);
    if (typeof native !== 'string') native.pass();

    const oneMs: number[] = [];
    const poolMs: number[] = [];
    const nativeMs: number[] = [];
    const nativeDecodeOnlyMs: number[] = [];
    const prefixMs: number[] = [];
    const wholeMs: number[] = [];
    for (let p = 0; p < passes; p++) {
      collectGarbage();
      oneMs.push(await workerPass(one, whole));
      collectGarbage();
      poolMs.push(await workerPass(pool, whole));
      if (typeof native !== 'string') {
        const n = native.pass();
        nativeMs.push(n.wallMs);
        if (n.decodeOnlyMs !== undefined) nativeDecodeOnlyMs.push(n.decodeOnlyMs);
      }
      if (prefixes.length > 0) {
        collectGarbage();
        prefixMs.push(await workerPass(one, prefixes));
        collectGarbage();
        wholeMs.push(await workerPass(one, wholeOfPrefixed));
      }
    }

    const rows: DecodeRow[] = [];
    const mps = (ms: readonly number[]): number[] => ms.map((x) => megapixels / (x / 1000));
    const perImage = (ms: readonly number[], n: number): number => median(ms) / n;
    const label = `${textures.length} shared textures, ${fmt(megapixels)} MP`;
    const oneSide = passesResult(`decode, 1 worker (texture.decode job, RGBA): ${label}`, 'MP/s', mps(oneMs));
    log(`    1 worker: ${fmt(perImage(oneMs, textures.length))} ms/image, ${fmt(oneSide.median)} MP/s`);
    if (nativeMs.length > 0 && typeof native !== 'string') {
      const nativeSide = passesResult(`opj_decompress ${native.version} -ImgDir batch (native, 1 thread, RAW files out; process wall time / image)`, 'MP/s', mps(nativeMs));
      const decodeOnly = nativeDecodeOnlyMs.length > 0 ? median(nativeDecodeOnlyMs) : undefined;
      log(`    native: ${fmt(perImage(nativeMs, textures.length))} ms/image wall (its own decode time: ${decodeOnly === undefined ? 'not reported' : `${fmt(decodeOnly, 0)} ms/image`}), ${fmt(nativeSide.median)} MP/s`);
      rows.push({
        ...pairResult(oneSide, nativeSide),
        images: textures.length,
        megapixels,
        msPerImage: perImage(oneMs, textures.length),
        baselineMsPerImage: perImage(nativeMs, textures.length),
        ...(decodeOnly === undefined ? {} : {
          baselineDecodeOnlyMsPerImage: decodeOnly,
          ratioToDecodeOnly: (decodeOnly * textures.length) / median(oneMs),
        }),
        target: 0.5,
      });
    }
    const poolSide = passesResult(`decode, pool of ${poolWorkers} workers (assets.decodeWorkers = ${poolWorkers}, the cores): ${label}`, 'MP/s', mps(poolMs));
    log(`    pool of ${poolWorkers}: ${fmt(perImage(poolMs, textures.length))} ms/image, ${fmt(poolSide.median)} MP/s, ${fmt(poolSide.median / oneSide.median)}x one worker`);
    rows.push({ ...pairResult(poolSide, { ...oneSide, name: 'decode, 1 worker (same run)' }), workers: poolWorkers, msPerImage: perImage(poolMs, textures.length), baselineMsPerImage: perImage(oneMs, textures.length) });

    if (prefixes.length > 0) {
      const n = prefixes.length;
      const prefixBytes = prefixes.reduce((s, x) => s + x.bytes.length, 0);
      const wholeBytes = wholeOfPrefixed.reduce((s, x) => s + x.bytes.length, 0);
      const images = (ms: readonly number[]): number[] => ms.map((x) => n / (x / 1000));
      const prefixSide = passesResult(`prefix decode at discard 2, 1 worker: ${n} textures, ${prefixBytes} of ${wholeBytes} bytes`, 'image/s', images(prefixMs));
      const wholeSide = passesResult('whole-file decode (discard 0), same textures, same worker', 'image/s', images(wholeMs));
      log(`    discard-2 prefix: ${fmt(perImage(prefixMs, n))} ms/image against ${fmt(perImage(wholeMs, n))} ms/image whole (${fmt(prefixSide.median / wholeSide.median, 1)}x), ${fmt((100 * prefixBytes) / wholeBytes, 1)} % of the bytes`);
      rows.push({ ...pairResult(prefixSide, wholeSide), images: n, msPerImage: perImage(prefixMs, n), baselineMsPerImage: perImage(wholeMs, n), prefixBytes, wholeBytes });
    }
    return rows;
  } finally {
    terminateWorkerPool(one);
    terminateWorkerPool(pool);
    if (typeof native !== 'string') native.close();
  }
}
