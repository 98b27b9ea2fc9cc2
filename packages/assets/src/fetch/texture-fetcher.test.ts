/**
 * The fetch client against the embedded simulator's texture service on
 * loopback: the byte counts its Range requests carry, refinement from the
 * bytes held, 404/500/slow/truncated/short answers, a server that ignores
 * Range, cancellation, the concurrency limit, priority order, the disk
 * cache across a restart, and bytes that are not a texture.
 */
import { LIBRARY_TEXTURES } from '@slv/sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileCodestreamStore } from '../cache/file-codestream-store.ts';
import { readCodestreamHeader } from '../codestream/codestream-header.ts';
import { decodeTexture } from '../decode/decode-texture.ts';
import { discardLevels, estimateDiscardBytes } from '../discard/discard-levels.ts';
import { installOpenJpegFromNodeModules } from '../node.ts';
import { indexPackets } from '../packets/packet-index.ts';
import { encodePng } from '../png/encode-png.ts';
import { TextureFetchCancelledError, TextureFetchError, TextureMissingError } from './fetch-errors.ts';
import { startTextureRegion, temporaryDir, type TextureRegion } from './sim-region.test-support.ts';
import { TextureFetcher, type TextureFetcherOptions } from './texture-fetcher.ts';

const byName = (name: string) => LIBRARY_TEXTURES.find((t) => t.name === name)!.id;
const PLYWOOD = byName('plywood');
const TILES = byName('tiles');
const GLASS = byName('glass');
const UNKNOWN = '0badbeef-0000-4000-8000-000000000000';

let sim: TextureRegion;
const whole = new Map<string, Uint8Array>();

beforeAll(async () => {
  installOpenJpegFromNodeModules();
  sim = await startTextureRegion();
  for (const t of LIBRARY_TEXTURES) whole.set(t.id, (await sim.region.textures.library.asset(t.id))!.bytes);
}, 120_000);
afterAll(() => sim.stop());
afterEach(() => {
  sim.region.textures.faults = {};
  sim.region.textures.requests.length = 0;
});

function fetcher(options: Partial<TextureFetcherOptions> = {}): TextureFetcher {
  return new TextureFetcher({ viewerAssetUrl: sim.viewerAssetUrl, getTextureUrl: sim.getTextureUrl, retryBaseMs: 10, ...options });
}

const requestsFor = (id: string) => sim.region.textures.requests.filter((r) => r.id === id);
const ranges = (id: string) => requestsFor(id).map((r) => r.range);

function levelsOf(id: string) {
  const bytes = whole.get(id)!;
  const header = readCodestreamHeader(bytes);
  return { bytes, header, levels: discardLevels(header, indexPackets(header, bytes), bytes.length) };
}

describe('byte counts', () => {
  it('asks for 600 bytes, then the SL estimate, then only what the level still needs; refinement continues from the bytes held', async () => {
    const f = fetcher({ concurrency: 1 });
    const { bytes, header, levels } = levelsOf(TILES);
    const got = await f.request(TILES, { discard: 3 });
    const estimated = header.location.start + estimateDiscardBytes(1024, 1024, 3, 3);
    const log = ranges(TILES);
    expect(log[0]).toBe('bytes=0-599');
    expect(log[1]).toBe(`bytes=600-${estimated - 1}`);
    expectContiguous(TILES);
    expect(got.bytes.length).toBeGreaterThanOrEqual(levels[3]!.exactBytes!);
    expect(got.bytes.length).toBeLessThan(bytes.length / 2);
    expect(got).toMatchObject({ discard: 3, total: bytes.length, complete: false });
    const fromPrefix = await decodeTexture(got.bytes, { discard: 3 });
    const fromWhole = await decodeTexture(bytes, { discard: 3 });
    expect(Buffer.from(fromPrefix.pixels).equals(Buffer.from(fromWhole.pixels))).toBe(true);

    const held = got.bytes.length;
    const refined = await f.request(TILES, { discard: 0 });
    expect(ranges(TILES).slice(log.length)).toEqual([`bytes=${held}-${bytes.length - 1}`]);
    expect(refined.complete).toBe(true);
    expect(Buffer.from(refined.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(f.stats.bytesReceived).toBe(bytes.length); // no byte fetched twice
  });

  it('fetches exactly the level once the packet index reaches it, and nothing beyond a level already held', async () => {
    const f = fetcher({ concurrency: 1 });
    const { levels } = levelsOf(TILES);
    for (const discard of [5, 4, 3, 2, 1]) {
      const got = await f.request(TILES, { discard });
      expect(got.bytes.length, `discard ${discard}`).toBeGreaterThanOrEqual(levels[discard]!.bytes);
    }
    expectContiguous(TILES);
    const before = requestsFor(TILES).length;
    await f.request(TILES, { discard: 3 }); // held already
    expect(requestsFor(TILES).length).toBe(before);
    if (process.env.SLV_PRINT_FETCH_BYTES) await printByteCounts();
  });

  it('never fetches finer than maxTextureSize', async () => {
    const f = fetcher({ maxTextureSize: 256 });
    const got = await f.request(TILES, { discard: 0 });
    expect(got.discard).toBe(2);
    expect(got.complete).toBe(false);
    expect(got.bytes.length).toBeLessThan(whole.get(TILES)!.length);
    expect(got.bytes.length).toBeGreaterThanOrEqual(levelsOf(TILES).levels[2]!.bytes);
  });

  it('prefers ViewerAsset and falls back to GetTexture when that is all there is', async () => {
    await fetcher().request(GLASS, { discard: 5 });
    await new TextureFetcher({ getTextureUrl: sim.getTextureUrl }).request(PLYWOOD, { discard: 5 });
    expect(new Set(requestsFor(GLASS).map((r) => r.capability))).toEqual(new Set(['ViewerAsset']));
    expect(new Set(requestsFor(PLYWOOD).map((r) => r.capability))).toEqual(new Set(['GetTexture']));
  });
});

describe('server failures', () => {
  it('404: missing, remembered, not asked again', async () => {
    const f = fetcher();
    await expect(f.request(UNKNOWN)).rejects.toBeInstanceOf(TextureMissingError);
    await expect(f.request(UNKNOWN, { discard: 4 })).rejects.toBeInstanceOf(TextureMissingError);
    expect(requestsFor(UNKNOWN).length).toBe(1);
    expect(f.isMissing(UNKNOWN)).toBe(true);
  });

  it('500: retried with backoff, then served; a server that keeps failing is given up on after maxAttempts', async () => {
    sim.region.textures.faults = { status: 500, count: 2 };
    const f = fetcher();
    expect((await f.request(GLASS, { discard: 4 })).discard).toBe(4);
    expect(f.stats.retries).toBe(2);
    sim.region.textures.faults = { status: 503 };
    const g = fetcher({ maxAttempts: 3 });
    await expect(g.request(PLYWOOD, { discard: 4 })).rejects.toThrow(/gave up after 3 attempts: HTTP 503/);
    expect(requestsFor(PLYWOOD).length).toBe(3);
  });

  it('slow: a request past the time limit is aborted and retried; within it, it is waited for', async () => {
    sim.region.textures.faults = { delayMs: 400 };
    await expect(fetcher({ requestTimeoutMs: 100, maxAttempts: 2 }).request(GLASS, { discard: 5 })).rejects.toThrow(/no answer within 100 ms/);
    sim.region.textures.faults = { delayMs: 200, count: 1 };
    expect((await fetcher({ requestTimeoutMs: 2000 }).request(GLASS, { discard: 5 })).discard).toBe(5);
  });

  it('a body cut short is retried from the bytes held; short 206s are continued', async () => {
    sim.region.textures.faults = { truncateAfterBytes: 100, count: 1 };
    const f = fetcher();
    const got = await f.request(PLYWOOD, { discard: 0 });
    expect(Buffer.from(got.bytes).equals(Buffer.from(whole.get(PLYWOOD)!))).toBe(true);
    expect(f.stats.retries).toBe(1);

    sim.region.textures.requests.length = 0;
    sim.region.textures.faults = { maxBytesPerResponse: 4096 };
    const short = await fetcher().request(GLASS, { discard: 0 });
    expect(Buffer.from(short.bytes).equals(Buffer.from(whole.get(GLASS)!))).toBe(true);
    expect(requestsFor(GLASS).length).toBe(Math.ceil((whole.get(GLASS)!.length - 600) / 4096) + 1);
    expectContiguous(GLASS);
  });

  it('a server that ignores Range: the 200 body is the whole texture, one request', async () => {
    sim.region.textures.faults = { ignoreRange: true };
    const got = await fetcher().request(PLYWOOD, { discard: 4 });
    expect(got.complete).toBe(true);
    expect(requestsFor(PLYWOOD).map((r) => r.status)).toEqual([200]);
  });

  it('a PNG or an HTML page served as a texture fails that texture only, with what it is, once', async () => {
    const png = '11111111-0000-4000-8000-00000000000a';
    const html = '11111111-0000-4000-8000-00000000000b';
    sim.region.textures.library.addRaw(png, encodePng(8, 8, 3, new Uint8Array(192)), 'image/png');
    sim.region.textures.library.addRaw(html, new TextEncoder().encode('<!DOCTYPE html><html><body>Not here</body></html>'), 'text/html');
    const f = fetcher();
    const good = f.request(GLASS, { discard: 3 });
    await expect(f.request(png)).rejects.toThrow(/not a usable texture: .*PNG/);
    await expect(f.request(html)).rejects.toThrow(/not a usable texture: .*HTML/);
    await expect(f.request(png)).rejects.toBeInstanceOf(TextureFetchError);
    expect(requestsFor(png).length).toBe(1);
    expect((await good).discard).toBe(3);
  });
});

describe('scheduling', () => {
  it('cancel() and a priority at or below the threshold stop a fetch', async () => {
    sim.region.textures.faults = { delayMs: 300 };
    const f = fetcher();
    const a = f.request(PLYWOOD, { discard: 2 });
    const b = f.request(GLASS, { discard: 2, priority: 5 });
    setTimeout(() => {
      f.cancel(PLYWOOD);
      f.setPriority(GLASS, 0);
    }, 50);
    await expect(a).rejects.toBeInstanceOf(TextureFetchCancelledError);
    await expect(b).rejects.toBeInstanceOf(TextureFetchCancelledError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(f.stats.active).toBe(0);
    await expect(f.request(PLYWOOD, { priority: 0 })).rejects.toBeInstanceOf(TextureFetchCancelledError);
  });

  it('runs at most `concurrency` fetches at once', async () => {
    sim.region.textures.faults = { delayMs: 60 };
    let inFlight = 0;
    let peak = 0;
    const counting: typeof fetch = async (input, init) => {
      peak = Math.max(peak, ++inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const f = fetcher({ concurrency: 3, fetch: counting });
    await Promise.all(LIBRARY_TEXTURES.map((t) => f.request(t.id, { discard: 2 })));
    expect(peak).toBe(3);
    expect(f.stats.peakActive).toBe(3);
  });

  it('starts waiting textures in priority order, priorities changed while they wait', async () => {
    sim.region.textures.faults = { delayMs: 40 };
    const f = fetcher({ concurrency: 1 });
    const ids = ['checker cutout', 'bricks', 'leaves cutout', 'stripes cutout', 'rings translucent'].map(byName);
    const done = [
      f.request(ids[0]!, { discard: 5, priority: 1 }), // starts at once
      f.request(ids[1]!, { discard: 5, priority: 1 }),
      f.request(ids[2]!, { discard: 5, priority: 5 }),
      f.request(ids[3]!, { discard: 5, priority: 3 }),
      f.request(ids[4]!, { discard: 5, priority: 2 }),
    ];
    f.setPriority(ids[1]!, 10);
    await Promise.all(done);
    const firstSeen = [...new Set(sim.region.textures.requests.map((r) => r.id))];
    expect(firstSeen).toEqual([ids[0], ids[1], ids[2], ids[3], ids[4]]);
  });
});

describe('disk cache', () => {
  it('a new client over the same directory reads what the last one fetched, and refines from it', async () => {
    const tmp = temporaryDir();
    try {
      const first = fetcher({ store: await FileCodestreamStore.open(tmp.dir, 8 << 20) });
      const got = await first.request(TILES, { discard: 2 });
      sim.region.textures.requests.length = 0;

      const restarted = fetcher({ store: await FileCodestreamStore.open(tmp.dir, 8 << 20) });
      const again = await restarted.request(TILES, { discard: 2 });
      expect(sim.region.textures.requests).toEqual([]);
      expect(restarted.stats.storeHits).toBe(1);
      expect(Buffer.from(again.bytes).equals(Buffer.from(got.bytes))).toBe(true);
      const full = await restarted.request(TILES, { discard: 0 });
      expect(ranges(TILES)).toEqual([`bytes=${got.bytes.length}-${whole.get(TILES)!.length - 1}`]);
      expect(full.complete).toBe(true);
    } finally {
      tmp.remove();
    }
  });
});

/** Each request starts where the bytes received so far end: no byte asked for twice, no gap. */
function expectContiguous(id: string): void {
  let next = 0;
  for (const record of requestsFor(id)) {
    const match = /^bytes=(\d+)-(\d+)$/.exec(record.range ?? '')!;
    expect(Number(match[1])).toBe(next);
    next += record.bodyBytes;
  }
}

/** For the README: bytes fetched per discard level, fresh client each time (SLV_PRINT_FETCH_BYTES=1). */
async function printByteCounts(): Promise<void> {
  {
    for (const name of ['blank', 'checker cutout', 'bricks', 'glass', 'plywood', 'tiles']) {
      const id = byName(name);
      const row: string[] = [];
      for (let d = 0; d <= 4; d++) {
        sim.region.textures.requests.length = 0;
        const got = await fetcher({ concurrency: 1 }).request(id, { discard: d }).catch(() => null);
        row.push(`d${d}: ${got?.bytes.length ?? '-'} B in ${requestsFor(id).length} (${ranges(id).join(' ')})`);
      }
      console.log(`${name} (${whole.get(id)!.length} B): ${row.join(' | ')}`);
    }
  }
}
