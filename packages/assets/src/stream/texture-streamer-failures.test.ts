/**
 * The streamer when textures fail, and what it owns: a 404 is reported once
 * and never asked again; a corrupt codestream (bad packet data, a broken
 * tile-part header) and a bad id each get one clear error naming the texture
 * while the rest keep flowing; a server that gives up is reported once and
 * asked again later; a pool passed in outlives close(), an owned one does
 * not; want and a quiet update allocate nothing.
 */
import { createWorkerPool, runJob, terminateWorkerPool, type WorkerLike } from '@slv/core';
import { LIBRARY_TEXTURES } from '@slv/sim';
import { measureAllocation } from '@slv/testing/allocation';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCodestreamHeader } from '../codestream/codestream-header.ts';
import { spawnNodeDecodeWorker } from '../decode/node-decode-worker.test-support.ts';
import { TEXTURE_DECODE_JOB, type TextureDecodeResult } from '../decode/texture-decode-job.ts';
import { TextureFetchError, TextureMissingError } from '../fetch/fetch-errors.ts';
import { TextureDecodeError } from './streamed-texture.ts';
import { sleep, textureId, useStreamingRegion, waitFor } from './streamer-harness.test-support.ts';

const PLYWOOD = textureId('plywood');
const GLASS = textureId('glass');
const BRICKS = textureId('bricks');
const UNKNOWN = '0badbeef-0000-4000-8000-000000000001';
const BAD_PACKETS = '0badbeef-0000-4000-8000-000000000002';
const BAD_TILE_HEADER = '0badbeef-0000-4000-8000-000000000003';

const env = useStreamingRegion();
const { start, requestsFor, whole } = env;

beforeAll(() => {
  // Plywood with its first packet headers overwritten (the header reader and the fetcher accept it, OpenJPEG does not),
  // and with its tile-part length cut (the header reader refuses it: not a usable texture).
  const plywood = whole.get(PLYWOOD)!;
  const header = readCodestreamHeader(plywood);
  const badPackets = plywood.slice();
  badPackets.fill(0xff, header.tileParts[0]!.bodyStart, header.tileParts[0]!.bodyStart + 64);
  env.sim.region.textures.library.addRaw(BAD_PACKETS, badPackets);
  const badTileHeader = plywood.slice();
  new DataView(badTileHeader.buffer).setUint32(header.mainHeaderEnd + 6, 20); // Psot: ends inside its own header
  env.sim.region.textures.library.addRaw(BAD_TILE_HEADER, badTileHeader);
});

describe('textures that fail', () => {
  it('404: reported missing once, never asked again, while others arrive', async () => {
    const h = start();
    let frames = 0;
    await h.runFrames(() => {
      h.streamer.want(UNKNOWN, 0, 100);
      h.streamer.want(GLASS, 2, 1);
    }, () => h.delivered.length === 1 && ++frames > 30, 'glass and 30 frames');
    expect(h.missing.map((m) => m.id)).toEqual([UNKNOWN]);
    expect(h.missing[0]!.error).toBeInstanceOf(TextureMissingError);
    expect(h.missing[0]!.error.message).toBe(`texture ${UNKNOWN} is missing on the server (404)`);
    expect(requestsFor(UNKNOWN).length).toBe(1);
    expect(h.streamer.stats).toMatchObject({ missing: 1, decoded: 1 });
  }, 30_000);

  it('a corrupt codestream or a broken tile-part header: one clear error each, naming the texture; the rest keep flowing', async () => {
    const h = start();
    const good = [PLYWOOD, GLASS, BRICKS];
    const wants = (): void => {
      h.streamer.want(BAD_PACKETS, 0, 50);
      h.streamer.want(BAD_TILE_HEADER, 3, 50);
      for (const id of good) h.streamer.want(id, 0, 1);
    };
    await h.runFrames(wants, () => h.delivered.length === good.length && h.missing.length === 2, 'the good textures and two errors');
    const asked = requestsFor(BAD_PACKETS).length + requestsFor(BAD_TILE_HEADER).length;
    let frames = 0;
    await h.runFrames(wants, () => ++frames > 20, 'more frames');
    expect(h.delivered.map((t) => t.id).sort()).toEqual([...good].sort());
    const byId = new Map(h.missing.map((m) => [m.id, m.error]));
    const decodeError = byId.get(BAD_PACKETS)!;
    expect(decodeError).toBeInstanceOf(TextureDecodeError);
    expect(decodeError.message).toMatch(new RegExp(`^texture ${BAD_PACKETS}: cannot be decoded: J2c(Decode|Format)Error: .*(packet|decode)`));
    const fetchError = byId.get(BAD_TILE_HEADER)!;
    expect(fetchError).toBeInstanceOf(TextureFetchError);
    expect(fetchError.message).toMatch(new RegExp(`^texture ${BAD_TILE_HEADER}: not a usable texture: .*tile-part header`));
    expect(h.missing.length).toBe(2);
    expect(requestsFor(BAD_PACKETS).length + requestsFor(BAD_TILE_HEADER).length).toBe(asked); // not asked again
  }, 30_000);

  it('an id that is not a texture id is reported once, and never fetched', async () => {
    const h = start();
    let frames = 0;
    await h.runFrames(() => h.streamer.want('not-a-uuid', 0, 1), () => ++frames > 5, 'frames');
    expect(h.missing.map((m) => [m.id, m.error.message])).toEqual([['not-a-uuid', 'not a texture id (lower-case UUID): "not-a-uuid"']]);
  });

  it('a server that keeps failing: reported once after the fetcher\'s retries, asked again later, then delivered', async () => {
    env.sim.region.textures.faults = { status: 503, ids: [BRICKS] };
    const h = start({ retryFailedAfterMs: 1000, fetcher: { maxAttempts: 2 } });
    await h.runFrames(() => h.streamer.want(BRICKS, 1, 1), () => h.missing.length === 1, 'the failure');
    expect(h.missing[0]!.error.message).toBe(`texture ${BRICKS}: gave up after 2 attempts: HTTP 503`);
    expect(requestsFor(BRICKS).length).toBe(2);
    await sleep(20);
    h.streamer.want(BRICKS, 1, 1);
    h.streamer.update(performance.now());
    expect(h.streamer.stats.fetching).toBe(0); // not before retryFailedAfterMs
    env.sim.region.textures.faults = {};
    await h.runFrames(() => h.streamer.want(BRICKS, 1, 1), () => h.delivered.length === 1, 'bricks');
    expect(h.missing.length).toBe(1);
    expect(h.streamer.stats.missing).toBe(0);
  }, 30_000);
});

describe('ownership and allocation', () => {
  it('close() cancels fetches and ends its own workers; a pool passed in keeps running', async () => {
    const terminated: number[] = [];
    const counting = (slot: number): WorkerLike => {
      const worker = spawnNodeDecodeWorker();
      return { ...worker, postMessage: worker.postMessage.bind(worker), onMessage: worker.onMessage.bind(worker), onError: worker.onError.bind(worker), terminate: () => { terminated.push(slot); worker.terminate(); } };
    };
    env.sim.region.textures.faults = { delayMs: 300 };
    const owned = start({ spawnDecodeWorker: counting });
    owned.streamer.want(PLYWOOD, 0, 1);
    owned.streamer.update(performance.now());
    expect(owned.streamer.stats.fetching).toBe(1);
    owned.close();
    await waitFor(() => owned.fetcher.stats.active === 0, 'the request to be aborted');
    expect(terminated).toEqual([0]);
    await sleep(400);
    expect(requestsFor(PLYWOOD)).toEqual([]); // the server never answered: the connection was gone when its delay ended

    const pool = createWorkerPool({ size: 1, spawn: spawnNodeDecodeWorker });
    try {
      env.sim.region.textures.faults = {};
      const shared = start({ decodePool: pool });
      await shared.runFrames(() => shared.streamer.want(GLASS, 3, 1), () => shared.delivered.length === 1, 'glass');
      shared.close();
      const codestream = whole.get(GLASS)!.slice();
      const after = await runJob<TextureDecodeResult>(pool, TEXTURE_DECODE_JOB, { codestream, discard: 4 }, [codestream.buffer]);
      expect(after.width).toBe(16);
    } finally {
      terminateWorkerPool(pool);
    }
  }, 30_000);

  it('want and update allocate nothing per frame once the wanted textures are delivered', async () => {
    const h = start();
    const ids = LIBRARY_TEXTURES.map((t) => t.id);
    await h.runFrames(() => {
      for (const id of ids) h.streamer.want(id, 3, 2);
    }, () => h.delivered.length === ids.length, 'every texture');
    let now = performance.now();
    let frame = 0;
    const { scavenges } = await measureAllocation(() => {
      // Priorities change every frame, as on-screen sizes do.
      for (let i = 0; i < ids.length; i++) h.streamer.want(ids[i]!, 3 + (frame & 1), 1 + ((frame + i) & 7));
      h.streamer.update((now += 16));
      frame++;
    }, 200_000, 1, 500);
    expect(scavenges).toBeLessThanOrEqual(1);
    expect(h.delivered.length).toBe(ids.length);
  }, 60_000);
});
