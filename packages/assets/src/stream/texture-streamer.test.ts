/**
 * The texture streamer against the embedded simulator on loopback, with real
 * decode workers: priority order, Range for just the wanted level then only
 * the rest on refinement, one delivery per improvement with the pixels of a
 * direct decode of the same bytes, cancellation of what is no longer wanted,
 * the RAM budget, maxTextureSize and decodeWorkers from the settings.
 */
import { LIBRARY_TEXTURES } from '@slv/sim';
import { describe, expect, it } from 'vitest';
import { decodeTexture } from '../decode/decode-texture.ts';
import { anyAlphaBelowOpaque, sleep, textureId, textureSettings, useStreamingRegion, waitFor } from './streamer-harness.test-support.ts';

const TILES = textureId('tiles');
const PLYWOOD = textureId('plywood');
const MIB = 1 << 20;

const env = useStreamingRegion();
const { start, requestsFor, whole } = env;

describe('order and pixels', () => {
  it('fetches wanted textures highest priority first; each arrives once, with the pixels decodeTexture gives for the same bytes', async () => {
    const h = start({ maxFetches: 1 });
    // Priorities in an order unrelated to the library's.
    const wanted = LIBRARY_TEXTURES.map((t, i) => ({ id: t.id, priority: 1 + ((i * 7) % LIBRARY_TEXTURES.length) }));
    await h.runFrames(() => {
      for (const w of wanted) h.streamer.want(w.id, 2, w.priority);
    }, () => h.delivered.length === wanted.length, 'all textures');

    const firstSeen = [...new Set(env.sim.region.textures.requests.map((r) => r.id))];
    expect(firstSeen).toEqual([...wanted].sort((a, b) => b.priority - a.priority).map((w) => w.id));
    expect(new Set(h.delivered.map((t) => t.id)).size).toBe(wanted.length);
    for (const texture of h.delivered) {
      const bytes = whole.get(texture.id)!;
      const library = LIBRARY_TEXTURES.find((t) => t.id === texture.id)!;
      const expected = await decodeTexture(texture.complete ? bytes : bytes.subarray(0, texture.bytesUsed), { discard: texture.discard, rgba: true });
      expect([texture.width, texture.height, texture.components, texture.imageComponents]).toEqual([expected.width, expected.height, 4, library.components]);
      expect(texture.discard).toBe(Math.min(2, Math.log2(library.size)));
      expect(Buffer.from(texture.pixels).equals(Buffer.from(expected.pixels)), library.name).toBe(true);
      expect(texture.hasAlpha, library.name).toBe(anyAlphaBelowOpaque(expected.pixels));
      if (library.components === 3) expect(texture.hasAlpha).toBe(false);
    }
    expect(h.delivered.some((t) => t.hasAlpha)).toBe(true);
    expect(h.streamer.stats).toMatchObject({ wanted: wanted.length, fetching: 0, decoding: 0, decoded: wanted.length, missing: 0, delivered: wanted.length });
  }, 60_000);
});

describe('byte ranges', () => {
  it('discard 3 asks only for its bytes; discard 0 later fetches only the rest; one delivery per improvement', async () => {
    const h = start();
    const bytes = whole.get(TILES)!;
    await h.runFrames(() => h.streamer.want(TILES, 3, 10), () => h.delivered.length === 1, 'discard 3');
    const coarse = requestsFor(TILES);
    expect(coarse[0]!.range).toBe('bytes=0-599');
    const held = coarse.reduce((sum, r) => sum + r.bodyBytes, 0);
    expect(held).toBeLessThan(bytes.length / 2);
    expect(h.delivered[0]).toMatchObject({ id: TILES, discard: 3, width: 128, height: 128, complete: false });

    // Wanting the level it has, or a coarser one, costs nothing.
    const before = env.sim.region.textures.requests.length;
    for (let frame = 0; frame < 10; frame++) {
      h.streamer.want(TILES, frame % 2 === 0 ? 3 : 5, 10);
      h.streamer.update(performance.now());
      await sleep(2);
    }
    expect(env.sim.region.textures.requests.length).toBe(before);

    await h.runFrames(() => h.streamer.want(TILES, 0, 10), () => h.delivered.length === 2, 'discard 0');
    expect(requestsFor(TILES).slice(coarse.length).map((r) => r.range)).toEqual([`bytes=${held}-${bytes.length - 1}`]);
    expect(h.delivered.map((t) => [t.discard, t.width])).toEqual([[3, 128], [0, 1024]]);
    expect(h.delivered[1]!.complete).toBe(true);
    expect(h.streamer.stats.bytesFetched).toBe(bytes.length); // no byte twice
    const full = await decodeTexture(bytes, { rgba: true });
    expect(Buffer.from(h.delivered[1]!.pixels).equals(Buffer.from(full.pixels))).toBe(true);
    await h.runFrames(() => h.streamer.want(TILES, 0, 10), (() => { let n = 0; return () => ++n > 10; })(), 'quiet frames');
    expect(h.delivered.length).toBe(2);
  }, 60_000);

  it('decodes an image over maxTextureSize at the discard that fits, never asks for finer, and follows a new maxTextureSize', async () => {
    const h = start({ settings: textureSettings({ maxTextureSize: 256 }) });
    await h.runFrames(() => h.streamer.want(TILES, 0, 5), () => h.delivered.length === 1, 'a 256² texture');
    expect(h.delivered[0]).toMatchObject({ discard: 2, width: 256, height: 256 });
    const asked = requestsFor(TILES).length;
    let frames = 0;
    await h.runFrames(() => h.streamer.want(TILES, 0, 5), () => ++frames > 15, 'quiet frames');
    expect(requestsFor(TILES).length).toBe(asked);

    h.streamer.applySettings(textureSettings({ maxTextureSize: 512 }));
    await h.runFrames(() => h.streamer.want(TILES, 0, 5), () => h.delivered.length === 2, 'a 512² texture');
    expect(h.delivered[1]).toMatchObject({ discard: 1, width: 512 });
  }, 60_000);
});

describe('wanting less', () => {
  it('cancels the fetch of a texture not wanted for the grace period, and fetches it again when wanted', async () => {
    env.sim.region.textures.faults = { delayMs: 400, ids: [PLYWOOD] };
    const h = start({ graceMs: 60 });
    await h.runFrames(() => h.streamer.want(PLYWOOD, 1, 3), () => h.streamer.stats.fetching === 1, 'a fetch');
    await h.runFrames(() => {}, () => h.streamer.stats.fetching === 0, 'the cancel', 5000);
    await waitFor(() => h.fetcher.stats.active === 0, 'the request to be aborted');
    await sleep(500);
    h.streamer.update(performance.now());
    expect(h.delivered).toEqual([]);
    expect(requestsFor(PLYWOOD)).toEqual([]); // the server never answered: the connection was gone when its delay ended

    env.sim.region.textures.faults = {};
    await h.runFrames(() => h.streamer.want(PLYWOOD, 1, 3), () => h.delivered.length === 1, 'plywood');
    expect(h.delivered[0]).toMatchObject({ id: PLYWOOD, discard: 1 });
  }, 30_000);

  it('keeps the RAM cache within memory.textureCacheRamMB at every frame, applies a smaller budget next frame, and redelivers from RAM after release', async () => {
    const h = start({ settings: textureSettings({ ramMB: 2 }) });
    let peak = 0;
    await h.runFrames(() => {
      for (const t of LIBRARY_TEXTURES) h.streamer.want(t.id, 0, t.size);
    }, () => h.delivered.length === LIBRARY_TEXTURES.length, 'every texture at discard 0', 60_000, () => {
      peak = Math.max(peak, h.streamer.cache.bytes);
      expect(h.streamer.stats.ramBytes).toBeLessThanOrEqual(2 * MIB);
    });
    expect(peak).toBeGreaterThan(MIB);
    expect(h.streamer.cache.peek(TILES)).toBeUndefined(); // 4 MiB of RGBA: delivered, never kept
    h.streamer.applySettings(textureSettings({ ramMB: 0.5 }));
    expect(h.streamer.cache.budgetBytes).toBe(2 * MIB);
    h.streamer.update(performance.now());
    expect(h.streamer.stats).toMatchObject({ ramBudgetBytes: MIB / 2 });
    expect(h.streamer.stats.ramBytes).toBeLessThanOrEqual(MIB / 2);

    // Released by the renderer (say, its VRAM budget): the next want delivers it again from RAM, with no fetch or decode.
    // Which textures are still held depends on the order their decodes finished: take one that is.
    const kept = LIBRARY_TEXTURES.map((t) => t.id).find((id) => h.streamer.cache.peek(id) !== undefined);
    expect(kept, 'some texture is still in RAM under 0.5 MiB').toBeDefined();
    const held = h.streamer.cache.peek(kept!)!;
    const asked = env.sim.region.textures.requests.length;
    h.streamer.release(kept!);
    h.streamer.want(kept!, 0, 1);
    h.streamer.update(performance.now());
    expect(h.delivered.at(-1)).toBe(held);
    expect(env.sim.region.textures.requests.length).toBe(asked);
  }, 90_000);
});

describe('decode workers', () => {
  it('has at most assets.decodeWorkers decodes in flight, and a new count takes effect next frame', async () => {
    const h = start({ settings: textureSettings({ decodeWorkers: 1 }) });
    let peak = 0;
    const names = LIBRARY_TEXTURES.slice(0, 6);
    await h.runFrames(() => {
      for (const t of names) h.streamer.want(t.id, 0, 1);
    }, () => h.delivered.length === names.length, 'six textures', 60_000, () => {
      peak = Math.max(peak, h.streamer.stats.decoding);
    });
    expect(peak).toBe(1);
    h.streamer.applySettings(textureSettings({ decodeWorkers: 3 }));
    const rest = LIBRARY_TEXTURES.slice(6);
    peak = 0;
    await h.runFrames(() => {
      for (const t of rest) h.streamer.want(t.id, 0, 1);
    }, () => h.delivered.length === LIBRARY_TEXTURES.length, 'the rest', 60_000, () => {
      peak = Math.max(peak, h.streamer.stats.decoding);
    });
    expect(peak).toBeLessThanOrEqual(3);
  }, 90_000);
});
