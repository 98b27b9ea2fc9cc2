/**
 * Bytes a page allocates while `run` runs, by Chromium's sampling heap
 * profiler over the DevTools protocol (HeapProfiler.startSampling, young
 * and old garbage included), counted under some functions (e.g. the render
 * systems) and attributed to the stacks that allocated, so a failing
 * allocation test names the culprits. The profiler samples on average once
 * per `samplingInterval` bytes and scales each sample, so the total is an
 * estimate: measure enough work that it holds many samples. A function
 * reads as `name:line:column` of its start (the profiler knows no finer).
 */
import type { Page } from 'playwright-core';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: ProfileNode[];
}

export interface AllocationSite {
  /** The allocating function first, then its callers up to the root function (`name:line:column`). */
  readonly stack: string;
  readonly bytes: number;
}

export interface SampledAllocation {
  /** Estimated bytes allocated under the root functions. */
  readonly bytes: number;
  /** Estimated bytes allocated anywhere in the page meanwhile (the harness's included). */
  readonly pageBytes: number;
  /** Allocation sites under the root functions, most bytes first. */
  readonly sites: readonly AllocationSite[];
}

/** A sampling heap profile (the protocol's SamplingHeapProfile.head). */
export interface HeapProfile {
  readonly head: unknown;
}

function frameName(f: CallFrame): string {
  return `${f.functionName || '(anonymous)'}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
}

/** Sums the profile's bytes under any function named in `roots`, by stack (up to `depth` frames, innermost first). */
export function allocationsUnder(profile: HeapProfile, roots: readonly string[], depth = 6): SampledAllocation {
  const rootSet = new Set(roots);
  const head = profile.head as ProfileNode;
  const sites = new Map<string, number>();
  let bytes = 0;
  let pageBytes = 0;
  const path: string[] = [];
  const walk = (node: ProfileNode, inside: number): void => {
    const under = inside >= 0 ? inside : rootSet.has(node.callFrame.functionName) ? path.length : -1;
    path.push(frameName(node.callFrame));
    pageBytes += node.selfSize;
    if (under >= 0 && node.selfSize > 0) {
      bytes += node.selfSize;
      const stack = path.slice(Math.max(under, path.length - depth)).reverse().join(' ← ');
      sites.set(stack, (sites.get(stack) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, under);
    path.pop();
  };
  walk(head, -1);
  return { bytes, pageBytes, sites: [...sites].map(([stack, b]) => ({ stack, bytes: b })).sort((a, b) => b.bytes - a.bytes) };
}

/** The page's allocations while `run` runs, sampled on average every `samplingInterval` bytes. */
export async function sampleHeapProfile(page: Page, run: () => Promise<unknown>, samplingInterval = 64): Promise<HeapProfile> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.startSampling', {
      samplingInterval,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    await run();
    const { profile } = await cdp.send('HeapProfiler.stopSampling');
    return profile;
  } finally {
    await cdp.send('HeapProfiler.disable').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
}

/** The top sites as lines for a failure message, in bytes per `per` (e.g. per frame). */
export function describeSites(sample: SampledAllocation, per: number, most = 8): string {
  return sample.sites.slice(0, most).map((s) => `${(s.bytes / per).toFixed(1)} B  ${s.stack}`).join('\n');
}
