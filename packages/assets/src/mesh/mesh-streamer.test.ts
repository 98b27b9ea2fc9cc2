/**
 * MeshStreamer on real parts: the embedded simulator's mesh service on
 * loopback, the real MeshFetcher, mesh workers on worker_threads. The
 * header by Range, then only the wanted segment; a LOD the asset has
 * delivered as it is; the vase's missing LODs delivered at once as its
 * high_lod, then generated; a generated LOD not made again after a cache
 * hit; useless copied LODs generated too; 404 and a broken asset reported
 * once each while the rest keep flowing; no allocation once delivered.
 */
import { presetSettings, type PerformanceSettings } from '@slv/config';
import { fetchCapabilities, login } from '@slv/net';
import { encodeMeshAsset, LIBRARY_MESHES, startRegion, vaseFace, type RunningRegion } from '@slv/sim';
import { measureAllocation } from '@slv/testing/allocation';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnNodeMeshWorker } from '../decode/node-decode-worker.test-support.ts';
import type { MeshDelivery, MeshLodIndex } from './mesh-delivery.ts';
import { MeshFetcher } from './mesh-fetcher.ts';
import { readMeshHeader } from './mesh-header.ts';
import { MeshStreamer, type MeshStreamerOptions } from './mesh-streamer.ts';
import { generationRatio } from './simplify/lod-plan.ts';

const meshId = (name: string) => LIBRARY_MESHES.find((m) => m.name === name)!.id;
const CONE = meshId('cone');
const VASE = meshId('vase');
const KNOT = meshId('torus knot');
const UNKNOWN = '0badbeef-0000-4000-8000-0000000000a1';
const BROKEN = '0badbeef-0000-4000-8000-0000000000a2';
const COPIED = '0badbeef-0000-4000-8000-0000000000a3';

let region: RunningRegion;
let viewerAsset: string;
const open: MeshStreamer[] = [];

beforeAll(async () => {
  region = await startRegion({ moverHz: 0, sceneOptions: { objects: 5, lights: 0, movers: 0 }, textures: { cacheDir: null } });
  const answer = await login(region.loginUri, { first: 'Mesh', last: 'Streamer', password: 'x' });
  viewerAsset = (await fetchCapabilities(answer.seedCapability, ['ViewerAsset'])).get('ViewerAsset')!;
  // A header that is fine and a high_lod segment that is not zlib.
  const good = region.meshes.library.asset(VASE)!;
  const range = readMeshHeader(good, { total: good.length }).segments.high_lod!;
  const broken = good.slice();
  broken.fill(0x55, range.start, range.end);
  region.meshes.library.addRaw(BROKEN, broken);
  const face = vaseFace(32, 16);
  region.meshes.library.addRaw(COPIED, encodeMeshAsset({ lods: { lowest_lod: [face], low_lod: [face], medium_lod: [face], high_lod: [face] } }));
}, 60_000);
afterAll(() => region.stop());
afterEach(() => {
  for (const streamer of open.splice(0)) streamer.close();
  region.meshes.requests.length = 0;
  region.meshes.faults = {};
});

function settings(aggressiveness = 0.5): PerformanceSettings {
  const base = presetSettings('Balanced');
  return { ...base, assets: { ...base.assets, decodeWorkers: 1, simplificationAggressiveness: aggressiveness } };
}

interface Harness {
  readonly streamer: MeshStreamer;
  readonly got: { id: string; delivery: MeshDelivery }[];
  run(wants: () => void, done: () => boolean, what: string): Promise<void>;
}

function start(options: Partial<MeshStreamerOptions> = {}, maxAttempts?: number): Harness {
  const fetcher = new MeshFetcher({ viewerAssetUrl: viewerAsset, retryBaseMs: 5, ...(maxAttempts === undefined ? {} : { maxAttempts }) });
  const streamer = new MeshStreamer({ fetcher, spawnWorker: spawnNodeMeshWorker, settings: settings(), cacheBytes: 16 << 20, ...options });
  open.push(streamer);
  const got: { id: string; delivery: MeshDelivery }[] = [];
  return {
    streamer, got,
    async run(wants, done, what) {
      const began = performance.now();
      while (!done()) {
        if (performance.now() - began > 30_000) throw new Error(`no ${what} (stats ${JSON.stringify(streamer.stats)})`);
        wants();
        streamer.update(performance.now());
        streamer.drain((id, delivery) => got.push({ id, delivery }));
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    },
  };
}

const ranges = (id: string) => region.meshes.requests.filter((r) => r.id === id).map((r) => r.range);
const lods = (h: Harness, id: string) => h.got.filter((g) => g.id === id).map((g) => g.delivery).filter((d) => d.kind === 'lod');

describe('MeshStreamer', () => {
  it('a LOD the asset has: the header by Range, then only that segment, decoded in a worker and delivered once', async () => {
    const h = start();
    await h.run(() => h.streamer.want(KNOT, 2, 1), () => h.got.length === 1, 'the knot');
    const whole = region.meshes.library.asset(KNOT)!;
    const medium = readMeshHeader(whole, { total: whole.length }).segments.medium_lod!;
    expect(ranges(KNOT)).toEqual(['bytes=0-4095', `bytes=${medium.start}-${medium.end - 1}`]);
    expect(h.got[0]!.delivery).toMatchObject({ kind: 'lod', lod: 2, from: 'medium_lod', generated: false, final: true });
    for (let i = 0; i < 10; i++) {
      h.streamer.want(KNOT, 2, 1);
      h.streamer.update(performance.now());
    }
    h.streamer.drain((id, delivery) => h.got.push({ id, delivery }));
    expect(h.got).toHaveLength(1);
    expect(h.streamer.stats).toMatchObject({ decodeJobs: 1, simplifyJobs: 0, delivered: 1 });
  }, 60_000);

  it('the vase\'s missing lowest LOD: its high_lod at once, then one generated from it; after a release, from the cache without another job', async () => {
    const h = start();
    await h.run(() => h.streamer.want(VASE, 0, 1), () => lods(h, VASE).some((d) => d.kind === 'lod' && d.generated), 'the generated LOD');
    const [fallback, generated] = lods(h, VASE);
    expect(fallback).toMatchObject({ lod: 0, from: 'high_lod', generated: false, final: false });
    expect(generated).toMatchObject({ lod: 0, from: 'high_lod', generated: true, final: true });
    if (fallback?.kind !== 'lod' || generated?.kind !== 'lod') throw new Error('expected two LODs');
    const target = fallback.geometry.triangleCount * generationRatio('lowest_lod', 'high_lod', 0.5);
    expect(generated.geometry.triangleCount).toBeLessThanOrEqual(Math.ceil(target) + 1);
    expect(generated.geometry.name).toBe('lowest_lod');
    const whole = region.meshes.library.asset(VASE)!;
    const high = readMeshHeader(whole, { total: whole.length }).segments.high_lod!;
    expect(ranges(VASE)).toEqual(['bytes=0-4095', ...(high.end > 4096 ? [`bytes=4096-${high.end - 1}`] : [])]);
    expect(h.streamer.stats).toMatchObject({ decodeJobs: 1, simplifyJobs: 1 });

    h.streamer.release(VASE);
    const before = h.got.length;
    await h.run(() => h.streamer.want(VASE, 0, 1), () => h.got.length > before, 'the cached LOD');
    expect(h.got.slice(before).map((g) => g.delivery)).toEqual([{ ...generated }]);
    // Medium is missing too: its fallback from the cache, then one more job for it.
    await h.run(() => h.streamer.want(VASE, 2, 1), () => lods(h, VASE).some((d) => d.kind === 'lod' && d.lod === 2 && d.generated), 'medium');
    expect(h.streamer.stats).toMatchObject({ decodeJobs: 1, simplifyJobs: 2 });
    expect(ranges(VASE).length).toBeLessThanOrEqual(2);
  }, 60_000);

  it('a new aggressiveness generates again when next wanted; the cache stays under its budget', async () => {
    const h = start({ cacheBytes: 400_000 });
    const generatedFor = () => lods(h, VASE).filter((d) => d.kind === 'lod' && d.generated);
    await h.run(() => h.streamer.want(VASE, 1, 1), () => generatedFor().length === 1, 'the Balanced low LOD');
    h.streamer.applySettings(settings(0.75));
    await h.run(() => h.streamer.want(VASE, 1, 1), () => generatedFor().length === 2, 'the Low profile\'s low LOD');
    const [balanced, low] = generatedFor();
    if (balanced?.kind !== 'lod' || low?.kind !== 'lod') throw new Error('expected two generated LODs');
    expect(low.geometry.triangleCount).toBeLessThan(balanced.geometry.triangleCount);
    expect(h.streamer.stats).toMatchObject({ simplifyJobs: 2, cacheBudgetBytes: 400_000 });
    expect(h.streamer.stats.cacheBytes).toBeLessThanOrEqual(400_000);
    expect(h.streamer.cache.size).toBeGreaterThan(0);
  }, 60_000);

  it('lower LODs that copy high_lod are useless: high_lod is fetched once and each is generated', async () => {
    const h = start();
    await h.run(() => h.streamer.want(COPIED, 1, 1), () => lods(h, COPIED).length === 2, 'the generated low LOD');
    expect(lods(h, COPIED)).toMatchObject([{ lod: 1, from: 'high_lod', generated: false, final: false }, { lod: 1, from: 'high_lod', generated: true, final: true }]);
    expect(region.meshes.requests.filter((r) => r.id === COPIED)).toHaveLength(2);
  }, 60_000);

  it('404 and a broken asset: one delivery each, with the reason; the others keep flowing', async () => {
    const h = start();
    const wants = () => {
      h.streamer.want(UNKNOWN, 3, 9);
      h.streamer.want(BROKEN, 3, 9);
      h.streamer.want(CONE, 1, 1);
      h.streamer.want(KNOT, 0, 1);
    };
    await h.run(wants, () => h.got.length === 4, 'four deliveries');
    let frames = 0;
    await h.run(wants, () => ++frames > 30, 'more frames');
    const byId = new Map(h.got.map((g) => [g.id, g.delivery]));
    expect(h.got).toHaveLength(4);
    expect(byId.get(UNKNOWN)).toEqual({ kind: 'missing', message: `mesh ${UNKNOWN} is missing on the server (404)` });
    expect(byId.get(BROKEN)).toMatchObject({ kind: 'unusable' });
    expect((byId.get(BROKEN) as { message: string }).message).toMatch(new RegExp(`MeshFormatError: mesh ${BROKEN}: high_lod: .*zlib`));
    expect(byId.get(CONE)).toMatchObject({ kind: 'lod', lod: 1, from: 'low_lod' });
    expect(byId.get(KNOT)).toMatchObject({ kind: 'lod', lod: 0, from: 'lowest_lod' });
    expect(ranges(UNKNOWN)).toHaveLength(1);
    expect(h.streamer.stats.failed).toBe(2);
  }, 60_000);

  it('a server that gives up: one failed delivery, asked again after retryFailedAfterMs, then the mesh', async () => {
    region.meshes.faults = { status: 503 };
    const h = start({ retryFailedAfterMs: 300 }, 2);
    await h.run(() => h.streamer.want(CONE, 3, 1), () => h.got.length === 1, 'the failure');
    expect(h.got[0]!.delivery).toEqual({ kind: 'failed', message: `mesh ${CONE}: gave up after 2 attempts: HTTP 503` });
    expect(h.streamer.stats.failed).toBe(1);
    region.meshes.faults = {};
    await h.run(() => h.streamer.want(CONE, 3, 1), () => h.got.length === 2, 'the cone');
    expect(h.got[1]!.delivery).toMatchObject({ kind: 'lod', lod: 3, from: 'high_lod', final: true });
    expect(ranges(CONE)[0]).toBe('bytes=0-4095');
    expect(h.streamer.stats.failed).toBe(0);
  }, 60_000);

  it('want, update and drain allocate nothing per frame once the wanted meshes are delivered', async () => {
    const h = start();
    const ids = LIBRARY_MESHES.map((m) => m.id);
    const wants = (lod: MeshLodIndex, frame: number) => {
      for (let i = 0; i < ids.length; i++) h.streamer.want(ids[i]!, lod, 1 + ((frame + i) & 7));
    };
    await h.run(() => wants(3, 0), () => lods(h, VASE).length === 1 && h.got.length === ids.length, 'every mesh');
    let now = performance.now();
    let frame = 0;
    const receive = (id: string, delivery: MeshDelivery) => h.got.push({ id, delivery });
    const { scavenges } = await measureAllocation(() => {
      wants(3, frame++);
      h.streamer.update((now += 16));
      h.streamer.drain(receive);
    }, 100_000, 1, 500);
    expect(scavenges).toBeLessThanOrEqual(1);
    expect(h.got).toHaveLength(ids.length);
  }, 60_000);
});
