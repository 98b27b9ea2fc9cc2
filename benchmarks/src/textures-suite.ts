/**
 * `slv bench textures`: the texture path's costs, each against a baseline
 * measured in the same run.
 *
 * - Decode throughput (megapixels/s) of the real textures in
 *   `../shared/fixtures/textures` through @slv/assets' `texture.decode` job
 *   in one worker thread, against native OpenJPEG (`opj_decompress`, one
 *   `-ImgDir` batch process over the same files); the same job on a pool of
 *   one worker per core against one worker (the scaling); a discard-2 prefix
 *   against the whole file (textures/decode-rows.ts). Without the shared
 *   folder these rows are left out, and the log says where it looked.
 * - The main thread's cost of streaming 1,000 unique textures into the
 *   virtual texture: `render.textures` per frame while they arrive, median
 *   and 95th percentile, against the same scene with every texture resident,
 *   frames interleaved (textures/streaming-frames.ts). Target: ≤ 2 ms at the
 *   95th percentile.
 */
import type { WorkerLike } from '@slv/core';
import type { PairResult, SuiteCaseResult, SuiteReport } from './harness.ts';
import { suiteReport } from './harness.ts';
import { decodeRows } from './textures/decode-rows.ts';
import { loadSharedTextures, type SharedTextureOptions } from './textures/shared-textures.ts';
import {
  prepareStreaming, STREAMING_TARGET_P95_MS, timeArrival, type ArrivalRun, type StreamingOptions,
} from './textures/streaming-frames.ts';

export interface TexturesSuiteOptions extends SharedTextureOptions {
  readonly quick?: boolean;
  /** Starts one texture decode worker thread; without it the decode rows are left out. */
  readonly spawnDecodeWorker?: () => WorkerLike;
  /** Passes over the textures per decode side (default 9; 3 with quick). */
  readonly decodePasses?: number;
  /** Workers of the all-cores pool (default availableParallelism()). */
  readonly poolWorkers?: number;
  readonly opjDecompress?: string;
  /** Textures arriving, images handed over per frame (default 1,000 and 4). */
  readonly streaming?: StreamingOptions;
  /** Arrivals timed, after one that warms the JIT (default 5; 2 with quick). */
  readonly streamingRuns?: number;
  readonly log?: (line: string) => void;
}

const ms = (x: number): string => x.toFixed(2);

/** The streaming rows: median frame and 95th-percentile frame, each against the resident scene's; higher rates are better. */
function streamingRows(runs: readonly ArrivalRun[], textures: number, perFrame: number): SuiteCaseResult[] {
  // The run whose p95 is the median of the runs' (one run's frames hit by another process do not make the row).
  const byP95 = [...runs].sort((a, b) => a.arriving.p95Ms - b.arriving.p95Ms);
  const r = byP95[(byP95.length - 1) >> 1]!;
  const rate = (x: number): number => 1000 / x;
  const scene = `${textures.toLocaleString('en-US')} unique textures (128²–512²) arriving ${perFrame} images a frame, ${r.visible} objects in view`;
  const extra = {
    arrivingMedianMs: r.arriving.medianMs, arrivingP95Ms: r.arriving.p95Ms, arrivingWorstMs: r.arriving.worstMs,
    residentMedianMs: r.resident.medianMs, residentP95Ms: r.resident.p95Ms, residentWorstMs: r.resident.worstMs,
    cpuArrivingMedianMs: r.arrivingCpu.medianMs, cpuArrivingP95Ms: r.arrivingCpu.p95Ms,
    cpuResidentMedianMs: r.residentCpu.medianMs, cpuResidentP95Ms: r.residentCpu.p95Ms,
    targetP95Ms: STREAMING_TARGET_P95_MS, images: r.images, pagesWritten: r.pages, runs: runs.length,
    arrivingP95MsPerRun: runs.map((x) => x.arriving.p95Ms),
  };
  const withinTarget = { ...extra, withinTarget: r.arriving.p95Ms <= STREAMING_TARGET_P95_MS };
  const row = (what: string, ours: number, base: number): PairResult => ({
    name: `render.textures, ${what} frame during arrival: ${scene}: ${ms(ours)} ms (median of ${runs.length} runs)`,
    unit: 'frame/s',
    median: rate(ours),
    baseline: `render.textures, ${what} frame, same scene with every texture resident (frames interleaved): ${ms(base)} ms`,
    baselineMedian: rate(base),
    ratio: rate(ours) / rate(base),
    min: rate(r.arriving.worstMs),
    max: rate(r.arriving.bestMs),
    baselineMin: rate(r.resident.worstMs),
    baselineMax: rate(r.resident.bestMs),
    samples: r.arriving.frames,
  });
  return [
    { ...row('median', r.arriving.medianMs, r.resident.medianMs), ...extra },
    { ...row('95th-percentile', r.arriving.p95Ms, r.resident.p95Ms), ...withinTarget },
  ];
}

export async function runTexturesSuite(options: TexturesSuiteOptions = {}): Promise<SuiteReport> {
  const log = options.log ?? (() => {});
  const quick = options.quick === true;
  const results: SuiteCaseResult[] = [];

  const shared = loadSharedTextures(options);
  if (shared.unavailable !== '') log(`  ${shared.unavailable}: the decode rows are left out`);
  else if (options.spawnDecodeWorker === undefined) log('  no decode worker to start (spawnDecodeWorker): the decode rows are left out');
  else {
    log(`  decode: ${shared.textures.length} textures from ${shared.dir}…`);
    results.push(...await decodeRows(shared.textures, {
      spawnDecodeWorker: options.spawnDecodeWorker,
      passes: options.decodePasses ?? (quick ? 3 : 9),
      ...(options.poolWorkers === undefined ? {} : { poolWorkers: options.poolWorkers }),
      ...(options.opjDecompress === undefined ? {} : { opjDecompress: options.opjDecompress }),
      log,
    }));
  }

  const s = prepareStreaming(options.streaming);
  log(`  streaming: ${s.textures} textures arriving ${s.perFrame} a frame…`);
  timeArrival(s.arriving, s.resident, s.images, s.perFrame);
  const runs: ArrivalRun[] = [];
  for (let k = 0; k < (options.streamingRuns ?? (quick ? 2 : 5)); k++) {
    const run = timeArrival(s.arriving, s.resident, s.images, s.perFrame);
    runs.push(run);
    log(`    run ${k + 1}: ${run.arriving.frames} frames, ${run.images} images, ${run.pages} pages, ${run.visible} visible; render.textures median ${ms(run.arriving.medianMs)} ms, p95 ${ms(run.arriving.p95Ms)} ms, worst ${ms(run.arriving.worstMs)} ms; resident median ${ms(run.resident.medianMs)} ms, p95 ${ms(run.resident.p95Ms)} ms (CPU time: arriving median ${ms(run.arrivingCpu.medianMs)}, p95 ${ms(run.arrivingCpu.p95Ms)}; resident ${ms(run.residentCpu.medianMs)}, ${ms(run.residentCpu.p95Ms)})`);
  }
  results.push(...streamingRows(runs, s.textures, s.perFrame));
  return suiteReport('textures', results);
}

