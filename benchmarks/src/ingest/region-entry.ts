/**
 * A region entry as a frame sees it: 15 000 objects (the real compressed
 * blobs under fresh ids) stream in at ARRIVING_PER_FRAME objects per frame,
 * twice the Balanced profile's creation budget, into a fresh world. Each
 * timed frame is what the main thread does from one animation frame to the
 * next: runFrame (the creation system restarts the budget and spends it on
 * the queue, oldest first), then the datagrams that arrive before the next
 * frame through decoder, bus and ingestion (handlers create objects while
 * that budget lasts and queue the rest). That is the interval the creation
 * budget bounds; a window that began with the datagrams would straddle two
 * budgets (after an idle frame, the handlers' leftover and the next frame's
 * full budget). Until every object exists. Reported: the worst and the 95th-percentile frame, in ms,
 * against a 4 ms target (a quarter of a 60 Hz frame), in wall-clock time and
 * in the process's CPU time (which a busy machine's other processes do not
 * inflate).
 */
import { presetSettings } from '@slv/config';
import type { PacketDecoder } from '@slv/protocol';
import { collectGarbage, type PairResult } from '../harness.ts';
import { compressedCopies } from './derived-packets.ts';
import { blockCounts, createOurWorld } from './our-world.ts';

export const REGION_ENTRY_OBJECTS = 15_000;
/** Objects whose datagrams arrive between two frames while the region streams in. */
export const ARRIVING_PER_FRAME = 1024;
/** Per-frame ingestion + creation time the entry must stay under, ms. */
export const REGION_ENTRY_TARGET_MS = 4;

export interface RegionEntryTimes {
  /** Ingestion + creation time of each frame, ms. */
  readonly frameMs: number[];
  /** The same in the process's CPU time (every thread: the collector's and compiler's work counts), ms. */
  readonly frameCpuMs: number[];
  readonly budget: number;
}

/** Streams one region entry into a fresh world and times each frame. */
export function timeRegionEntry(decoder: PacketDecoder, template: Uint8Array, objects = REGION_ENTRY_OBJECTS): RegionEntryTimes {
  const budget = presetSettings('Balanced').world.entityCreationBudgetPerFrame;
  const perDatagram = blockCounts(decoder, [template])[0]!;
  const datagrams = compressedCopies(decoder, template, 3_000_000, Math.ceil(objects / perDatagram));
  let capacity = 1024;
  while (capacity < datagrams.length * perDatagram) capacity *= 2;
  const ours = createOurWorld(capacity, budget);
  const total = datagrams.length * perDatagram;
  const frameMs: number[] = [];
  const frameCpuMs: number[] = [];
  let next = 0;
  ours.frame();
  // The previous entry's world is garbage now; a viewer entering a region has no such heap to collect.
  // A second collection waits for the first one's concurrent sweeping, which would otherwise take a
  // core from the first frames (their process CPU time doubled, on 2 cores).
  collectGarbage();
  collectGarbage();
  while (ours.ingestion.entities.objectCount < total) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    ours.frame();
    for (let arrived = 0; next < datagrams.length && arrived < ARRIVING_PER_FRAME; next++, arrived += perDatagram) ours.dispatch(datagrams[next]!);
    const cpu = process.cpuUsage(cpuStart);
    frameMs.push(performance.now() - start);
    frameCpuMs.push((cpu.user + cpu.system) / 1000);
    if (frameMs.length > 10 * (total / budget) + 100) throw new Error('ingest bench: the region entry does not finish');
  }
  if (ours.errors.length > 0) throw new Error(`ingest bench: region entry reported ${ours.errors[0]}`);
  return { frameMs, frameCpuMs, budget };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

interface EntrySummary {
  readonly worst: number;
  readonly p95: number;
  readonly median: number;
  readonly best: number;
  readonly cpuWorst: number;
  readonly cpuP95: number;
  readonly frames: number;
  readonly budget: number;
}

function summarize(times: RegionEntryTimes): EntrySummary {
  const sorted = [...times.frameMs].sort((a, b) => a - b);
  const cpu = [...times.frameCpuMs].sort((a, b) => a - b);
  return {
    worst: sorted[sorted.length - 1]!,
    p95: percentile(sorted, 0.95),
    median: percentile(sorted, 0.5),
    best: sorted[0]!,
    cpuWorst: cpu[cpu.length - 1]!,
    cpuP95: percentile(cpu, 0.95),
    frames: sorted.length,
    budget: times.budget,
  };
}

/**
 * The region-entry row. Like the memory rows it is turned so that higher is
 * better and ratio = median / baseline: the rate the worst frame allows
 * (1000 / worst ms, frames per second) against the target's (1000 / 4 ms);
 * above 1, the worst frame is within the target. The entry runs `runs` times
 * into a fresh world each; the first only warms the JIT. Of the others, the
 * run whose worst frame is the median is reported (one other process taking
 * the core for a moment makes one run's worst frame, not every run's); the
 * name carries its worst and 95th-percentile frame in ms, wall-clock and CPU,
 * and every run's worst.
 */
export function regionEntryRow(
  decoder: PacketDecoder, template: Uint8Array, log: (line: string) => void, runs = 5,
): PairResult & { readonly worstMs: number; readonly p95Ms: number; readonly cpuWorstMs: number; readonly cpuP95Ms: number; readonly worstMsPerRun: number[] } {
  const measured: EntrySummary[] = [];
  timeRegionEntry(decoder, template);
  for (let r = 1; r < Math.max(2, runs); r++) measured.push(summarize(timeRegionEntry(decoder, template)));
  const byWorst = [...measured].sort((a, b) => a.worst - b.worst);
  const s = byWorst[(byWorst.length - 1) >> 1]!;
  const perRun = measured.map((m) => m.worst);
  const ms = (x: number): string => x.toFixed(2);
  log(`    region entry: ${s.frames} frames at ${s.budget} creations per frame; worst ${ms(s.worst)} ms, p95 ${ms(s.p95)} ms, median ${ms(s.median)} ms (CPU: worst ${ms(s.cpuWorst)} ms, p95 ${ms(s.cpuP95)} ms); worst of each run: ${perRun.map(ms).join(', ')} ms`);
  const rate = (x: number): number => 1000 / x;
  const target = rate(REGION_ENTRY_TARGET_MS);
  return {
    name: `region entry: ${REGION_ENTRY_OBJECTS} objects arriving ${ARRIVING_PER_FRAME}/frame, budget ${s.budget}/frame: worst frame ${ms(s.worst)} ms, p95 ${ms(s.p95)} ms (CPU ${ms(s.cpuWorst)}, ${ms(s.cpuP95)}; median of ${measured.length} runs)`,
    unit: 'frame/s',
    median: rate(s.worst),
    baseline: `target: ${REGION_ENTRY_TARGET_MS} ms per frame`,
    baselineMedian: target,
    ratio: rate(s.worst) / target,
    min: rate(s.worst),
    max: rate(s.best),
    baselineMin: target,
    baselineMax: target,
    samples: s.frames,
    worstMs: s.worst,
    p95Ms: s.p95,
    cpuWorstMs: s.cpuWorst,
    cpuP95Ms: s.cpuP95,
    worstMsPerRun: perRun,
  };
}
