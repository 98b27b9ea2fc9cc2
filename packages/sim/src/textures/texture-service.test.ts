/**
 * The region's texture capabilities on loopback: granted by the seed, Range
 * semantics (206 + Content-Range, suffix and open ranges, 416 past the end,
 * other forms ignored), 400/404, the injected faults, and the library's disk
 * cache. That the codestreams decode at every discard is checked by
 * @slv/assets' tests, which sit above this package.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchCapabilities, login } from '@slv/net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TERRAIN_TEXTURES } from '../region/handshake.ts';
import type { RunningRegion } from '../region/region-options.ts';
import { startRegion } from '../region/region-server.ts';
import { SCENE_TEXTURES, generateScene } from '../scene/generate-scene.ts';
import { resolveRange } from './byte-range.ts';
import { LIBRARY_TEXTURES } from './procedural-textures.ts';
import { TextureLibrary } from './texture-library.ts';

const PLYWOOD = '89556747-24cb-43ed-920b-47caed15465f';
const SMALL = LIBRARY_TEXTURES.find((t) => t.name === 'stripes cutout')!.id;

describe('resolveRange', () => {
  it('answers the one-range forms and ignores the rest', () => {
    expect(resolveRange(undefined, 100)).toEqual({ kind: 'whole' });
    expect(resolveRange('bytes=0-9', 100)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(resolveRange('bytes=90-', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(resolveRange('bytes=50-500', 100)).toEqual({ kind: 'partial', start: 50, end: 99 });
    expect(resolveRange('bytes=-30', 100)).toEqual({ kind: 'partial', start: 70, end: 99 });
    expect(resolveRange('bytes=-300', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(resolveRange('bytes=100-200', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    for (const ignored of ['bytes=0-1,5-6', 'items=0-5', 'bytes=9-3', 'bytes=-', 'nonsense']) expect(resolveRange(ignored, 100)).toEqual({ kind: 'whole' });
  });
});

describe('texture library', () => {
  it('covers 32² to 1024², RGB and RGBA, and every id the scenes and the handshake name', () => {
    const sizes = new Set(LIBRARY_TEXTURES.map((t) => t.size));
    expect([...sizes].sort((a, b) => a - b)).toEqual([32, 64, 128, 256, 512, 1024]);
    expect(new Set(LIBRARY_TEXTURES.map((t) => t.components))).toEqual(new Set([3, 4]));
    const ids = new Set(LIBRARY_TEXTURES.map((t) => t.id));
    expect(ids.size).toBe(LIBRARY_TEXTURES.length);
    for (const id of [...SCENE_TEXTURES, ...TERRAIN_TEXTURES]) expect(ids.has(id), id).toBe(true);
    const scene = generateScene({ seed: 3, objects: 300, lights: 4, movers: 4 });
    const used = new Set(scene.objects.flatMap((o) => o.faces.map((f) => f.textureId)));
    for (const id of used) expect(ids.has(id), id).toBe(true);
    expect(used.size).toBeGreaterThan(8); // faces use the library, not one texture
  });

  it('encodes on first use, and a second library over the same directory reads the encode back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slv-textures-'));
    const texture = LIBRARY_TEXTURES.filter((t) => t.size <= 64);
    try {
      const first = new TextureLibrary({ cacheDir: dir, textures: texture });
      expect(first.counters.encoded).toBe(0); // nothing at construction
      const a = await first.asset(texture[0]!.id);
      expect(first.counters).toMatchObject({ encoded: 1, readFromDisk: 0 });
      await first.close();
      const second = new TextureLibrary({ cacheDir: dir, textures: texture });
      const b = await second.asset(texture[0]!.id);
      expect(second.counters).toMatchObject({ encoded: 0, readFromDisk: 1 });
      expect(Buffer.from(b!.bytes).equals(Buffer.from(a!.bytes))).toBe(true);
      expect(await second.asset('00000000-0000-0000-0000-000000000001')).toBeNull();
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('GetTexture and ViewerAsset', () => {
  let region: RunningRegion;
  let caps: Map<string, string>;
  let plywood: Uint8Array;
  const cacheDir = mkdtempSync(join(tmpdir(), 'slv-textures-'));
  const get = (id: string, range?: string, cap = 'ViewerAsset') =>
    fetch(`${caps.get(cap)}?texture_id=${id}`, range === undefined ? {} : { headers: { range } });

  beforeAll(async () => {
    region = await startRegion({ moverHz: 0, sceneOptions: { objects: 10, lights: 0, movers: 0 }, textures: { cacheDir } });
    const answer = await login(region.loginUri, { first: 'Tex', last: 'Tester', password: 'x' });
    caps = await fetchCapabilities(answer.seedCapability, ['GetTexture', 'ViewerAsset', 'EventQueueGet']);
    plywood = (await region.textures.library.asset(PLYWOOD))!.bytes;
  }, 60_000);
  afterAll(async () => {
    await region.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('are granted by the seed, per session', () => {
    expect(caps.get('GetTexture')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/CAPS\/GT\/[0-9a-f-]+\/$/);
    expect(caps.get('ViewerAsset')).toMatch(/\/CAPS\/VA\//);
  });

  it('serve the whole codestream with 200, through either capability', async () => {
    for (const cap of ['GetTexture', 'ViewerAsset']) {
      const response = await get(PLYWOOD, undefined, cap);
      expect(response.status).toBe(200);
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('content-type')).toBe('image/x-j2c');
      const body = new Uint8Array(await response.arrayBuffer());
      expect(Buffer.from(body).equals(Buffer.from(plywood))).toBe(true);
      expect([...body.subarray(0, 4)]).toEqual([0xff, 0x4f, 0xff, 0x51]);
    }
  });

  it('answer ranges with 206 and Content-Range, and 416 past the end', async () => {
    const size = plywood.length;
    const head = await get(PLYWOOD, 'bytes=0-599');
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-599/${size}`);
    expect(Buffer.from(await head.arrayBuffer()).equals(Buffer.from(plywood.subarray(0, 600)))).toBe(true);
    const rest = await get(PLYWOOD, 'bytes=600-');
    expect(rest.headers.get('content-range')).toBe(`bytes 600-${size - 1}/${size}`);
    expect((await rest.arrayBuffer()).byteLength).toBe(size - 600);
    const tail = await get(PLYWOOD, 'bytes=-2');
    expect([...new Uint8Array(await tail.arrayBuffer())]).toEqual([0xff, 0xd9]);
    const past = await get(PLYWOOD, `bytes=${size}-${size + 10}`);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`);
    expect((await get(PLYWOOD, 'bytes=0-1,4-5')).status).toBe(200);
  });

  it('404 an unknown id or capability, 400 without an id', async () => {
    expect((await get('11111111-2222-3333-4444-555555555555')).status).toBe(404);
    expect((await fetch(caps.get('ViewerAsset')!)).status).toBe(400);
    expect((await get('not-a-uuid')).status).toBe(400);
    const otherSession = caps.get('ViewerAsset')!.replace(/\/VA\/[0-9a-f-]+\//, '/VA/00000000-0000-0000-0000-000000000000/');
    expect((await fetch(`${otherSession}?texture_id=${PLYWOOD}`)).status).toBe(404);
  });

  it('play faults: a status for the next N requests, a delay, a short range, a cut body, Range ignored', async () => {
    try {
      region.textures.faults = { status: 500, count: 2 };
      expect((await get(SMALL)).status).toBe(500);
      expect((await get(SMALL)).status).toBe(500);
      expect((await get(SMALL)).status).toBe(200);

      region.textures.faults = { delayMs: 300, ids: [SMALL] };
      let started = performance.now();
      expect((await get(SMALL)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      started = performance.now();
      await (await get(PLYWOOD, 'bytes=0-9')).arrayBuffer(); // not in `ids`
      expect(performance.now() - started).toBeLessThan(290);

      region.textures.faults = { maxBytesPerResponse: 100 };
      const short = await get(PLYWOOD, 'bytes=0-599');
      expect(short.status).toBe(206);
      expect(short.headers.get('content-range')).toBe(`bytes 0-99/${plywood.length}`);
      expect((await short.arrayBuffer()).byteLength).toBe(100);

      region.textures.faults = { truncateAfterBytes: 1000 };
      const cut = await get(PLYWOOD);
      expect(cut.headers.get('content-length')).toBe(String(plywood.length));
      await expect(cut.arrayBuffer()).rejects.toThrow();

      region.textures.faults = { ignoreRange: true };
      const whole = await get(PLYWOOD, 'bytes=0-599');
      expect(whole.status).toBe(200);
      expect((await whole.arrayBuffer()).byteLength).toBe(plywood.length);
    } finally {
      region.textures.faults = {};
    }
  });

  it('record each request with its range, status and body size', async () => {
    region.textures.requests.length = 0;
    await (await get(PLYWOOD, 'bytes=0-599', 'GetTexture')).arrayBuffer();
    expect(region.textures.requests).toEqual([{ capability: 'GetTexture', id: PLYWOOD, range: 'bytes=0-599', status: 206, bodyBytes: 600 }]);
  });
});
