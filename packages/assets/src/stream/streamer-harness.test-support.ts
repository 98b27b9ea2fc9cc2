/**
 * The streamer's tests, on real parts: the embedded simulator's texture
 * service on loopback, the real fetcher, decode workers on worker_threads.
 * A harness is one streamer with what it delivered and reported, and a frame
 * loop that stands in for the renderer.
 */
import { presetSettings, type PerformanceSettings } from '@slv/config';
import { LIBRARY_TEXTURES, type TextureRequestRecord } from '@slv/sim';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { spawnNodeDecodeWorker } from '../decode/node-decode-worker.test-support.ts';
import { startTextureRegion, type TextureRegion } from '../fetch/sim-region.test-support.ts';
import { TextureFetcher, type TextureFetcherOptions } from '../fetch/texture-fetcher.ts';
import { installOpenJpegFromNodeModules } from '../node.ts';
import type { StreamedTexture } from './streamed-texture.ts';
import { TextureStreamer, type TextureStreamerOptions } from './texture-streamer.ts';

export const textureId = (name: string): string => LIBRARY_TEXTURES.find((t) => t.name === name)!.id;

export interface StreamingRegion {
  /** The simulator (inside tests: started by beforeAll). */
  readonly sim: TextureRegion;
  /** Every library texture's whole codestream, as the simulator serves it. */
  readonly whole: Map<string, Uint8Array>;
  /** A streamer on this region, closed after the test. */
  start(options?: HarnessOptions): Harness;
  requestsFor(id: string): TextureRequestRecord[];
}

/** Registers the hooks of a test file: the simulator for the file; after each test its harnesses closed, faults and the request log cleared. */
export function useStreamingRegion(): StreamingRegion {
  let sim: TextureRegion | null = null;
  const whole = new Map<string, Uint8Array>();
  const open: Harness[] = [];
  beforeAll(async () => {
    installOpenJpegFromNodeModules();
    sim = await startTextureRegion();
    for (const t of LIBRARY_TEXTURES) whole.set(t.id, (await sim.region.textures.library.asset(t.id))!.bytes);
  }, 120_000);
  afterAll(() => sim?.stop());
  afterEach(() => {
    for (const h of open.splice(0)) h.close();
    sim!.region.textures.faults = {};
    sim!.region.textures.requests.length = 0;
  });
  return {
    get sim() {
      return sim!;
    },
    whole,
    start(options = {}) {
      const h = harness(sim!, options);
      open.push(h);
      return h;
    },
    requestsFor: (id) => sim!.region.textures.requests.filter((r) => r.id === id),
  };
}

/** Balanced, with the texture fields overridden (no schema check: tests use budgets below its minimum). */
export function textureSettings(overrides: { ramMB?: number; decodeWorkers?: number; maxTextureSize?: number } = {}): PerformanceSettings {
  const base = presetSettings('Balanced');
  return {
    ...base,
    memory: { ...base.memory, textureCacheRamMB: overrides.ramMB ?? base.memory.textureCacheRamMB },
    assets: { ...base.assets, decodeWorkers: overrides.decodeWorkers ?? 1, maxTextureSize: overrides.maxTextureSize ?? base.assets.maxTextureSize },
  };
}

export interface Harness {
  readonly streamer: TextureStreamer;
  readonly fetcher: TextureFetcher;
  readonly delivered: StreamedTexture[];
  readonly missing: { id: string; error: Error }[];
  deliveredFor(id: string): StreamedTexture[];
  /** Frames (want, update, a few ms for I/O and workers) until `done`; throws naming `what` after `timeoutMs`. */
  runFrames(wants: () => void, done: () => boolean, what: string, timeoutMs?: number, afterFrame?: () => void): Promise<number>;
  close(): void;
}

export type HarnessOptions = Partial<Omit<TextureStreamerOptions, 'fetcher' | 'onDecoded' | 'onMissing'>> & { fetcher?: Partial<TextureFetcherOptions> };

export function harness(sim: TextureRegion, options: HarnessOptions = {}): Harness {
  const { fetcher: fetcherOptions, ...streamerOptions } = options;
  const fetcher = new TextureFetcher({ viewerAssetUrl: sim.viewerAssetUrl, getTextureUrl: sim.getTextureUrl, retryBaseMs: 10, ...fetcherOptions });
  const delivered: StreamedTexture[] = [];
  const missing: { id: string; error: Error }[] = [];
  const decodeChoice = streamerOptions.decodePool === undefined ? { spawnDecodeWorker: streamerOptions.spawnDecodeWorker ?? spawnNodeDecodeWorker } : {};
  const streamer = new TextureStreamer({
    settings: textureSettings(), ...streamerOptions, ...decodeChoice, fetcher,
    onDecoded: (texture) => delivered.push(texture),
    onMissing: (id, error) => missing.push({ id, error }),
  });
  return {
    streamer, fetcher, delivered, missing,
    deliveredFor: (id) => delivered.filter((t) => t.id === id),
    async runFrames(wants, done, what, timeoutMs = 30_000, afterFrame = () => {}) {
      const began = performance.now();
      let frames = 0;
      while (!done()) {
        if (performance.now() - began > timeoutMs) throw new Error(`no ${what} within ${timeoutMs} ms (${frames} frames; stats ${JSON.stringify(streamer.stats)})`);
        wants();
        streamer.update(performance.now());
        afterFrame();
        frames++;
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      return frames;
    },
    close: () => streamer.close(),
  };
}

/** Whether some alpha sample of RGBA pixels is below 255. */
export function anyAlphaBelowOpaque(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! < 255) return true;
  return false;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds; throws naming `what` after `ms` (generous: this machine is shared and loaded). */
export async function waitFor(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
