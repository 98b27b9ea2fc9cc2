/**
 * MeshFetcher against the embedded simulator on loopback: the header by a
 * 4096-byte Range, then only the wanted segment's bytes (checked in the
 * simulator's request log), segments inside the header's bytes and cache
 * hits without a request, the nearest LOD when the wanted one is missing,
 * a header longer than 4096 bytes, each capability, 404 remembered, 503
 * retried, bad headers refused, priority order and cancellation.
 */
import { fetchCapabilities, login } from '@slv/net';
import { createLLSDMap } from '@slv/protocol';
import { assembleMeshAsset, compressMeshSegment, encodeMeshAsset, encodeMeshFace, LIBRARY_MESHES, startRegion, type RunningRegion } from '@slv/sim';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeMeshAsset, decodeMeshSegment } from './decode-mesh.ts';
import { MeshFormatError } from './mesh-errors.ts';
import { MeshFetchCancelledError, MeshMissingError } from './mesh-fetch-errors.ts';
import { MeshFetcher } from './mesh-fetcher.ts';
import { readMeshHeader } from './mesh-header.ts';

const CONE = LIBRARY_MESHES.find((m) => m.name === 'cone')!.id;
const VASE = LIBRARY_MESHES.find((m) => m.name === 'vase')!.id;
const KNOT = LIBRARY_MESHES.find((m) => m.name === 'torus knot')!.id;
const rawId = (n: number) => `00000000-0000-0000-0000-${n.toString(16).padStart(12, '0')}`;
const TRIANGLE = { positions: [0, 0, 0, 1, 0, 0, 0, 1, 0], indices: [0, 1, 2] };
const triangle = () => encodeMeshFace(TRIANGLE);

let region: RunningRegion;
let caps: Map<string, string>;

beforeAll(async () => {
  region = await startRegion({ moverHz: 0, sceneOptions: { objects: 5, lights: 0, movers: 0 }, textures: { cacheDir: null } });
  const answer = await login(region.loginUri, { first: 'Mesh', last: 'Fetcher', password: 'x' });
  caps = await fetchCapabilities(answer.seedCapability, ['ViewerAsset', 'GetMesh2', 'GetMesh']);
});
afterAll(() => region.stop());
beforeEach(() => {
  region.meshes.requests.length = 0;
  region.meshes.faults = {};
});

const viewerAsset = () => new MeshFetcher({ viewerAssetUrl: caps.get('ViewerAsset'), retryBaseMs: 5 });
const ranges = (id: string) => region.meshes.requests.filter((r) => r.id === id).map((r) => r.range);

describe('MeshFetcher', () => {
  it('asks for the first 4096 bytes, then only the wanted LOD segment, and decodes it like the whole asset', async () => {
    const whole = region.meshes.library.asset(KNOT)!;
    const segment = readMeshHeader(whole, { total: whole.length }).segments.high_lod!;
    expect(segment.start).toBeGreaterThan(4096); // so the second range is the segment's, exactly
    const fetched = await viewerAsset().lod(KNOT, 'high_lod');
    expect(ranges(KNOT)).toEqual(['bytes=0-4095', `bytes=${segment.start}-${segment.end - 1}`]);
    expect(region.meshes.requests.every((r) => r.capability === 'ViewerAsset' && r.status === 206)).toBe(true);
    const decoded = await decodeMeshSegment('high_lod', fetched.bytes);
    const reference = await decodeMeshAsset(whole, { lods: ['high_lod'] });
    expect(decoded.kind === 'lod' && decoded.lod.faces.map((f) => [...f.positions])).toEqual(reference.lods.high_lod!.faces.map((f) => [...f.positions]));
  });

  it('asks only for the part of a segment that the header bytes do not hold', async () => {
    const whole = region.meshes.library.asset(CONE)!;
    const segment = readMeshHeader(whole, { total: whole.length }).segments.high_lod!;
    expect(segment.start).toBeLessThan(4096);
    expect(segment.end).toBeGreaterThan(4096);
    const fetched = await viewerAsset().segment(CONE, 'high_lod');
    expect(ranges(CONE)).toEqual(['bytes=0-4095', `bytes=4096-${segment.end - 1}`]);
    expect(Buffer.from(fetched.bytes).equals(Buffer.from(whole.subarray(segment.start, segment.end)))).toBe(true);
  });

  it('serves a segment inside the header bytes, and a segment already held, without another request', async () => {
    const fetcher = viewerAsset();
    const header = await fetcher.header(KNOT);
    const inside = header.lods.find((name) => header.segments[name]!.end <= 4096)!;
    expect(inside).toBe('lowest_lod');
    await fetcher.segment(KNOT, inside);
    await fetcher.lod(KNOT, 'medium_lod');
    await fetcher.lod(KNOT, 'medium_lod', { priority: 5 });
    const medium = header.segments.medium_lod!;
    expect(ranges(KNOT)).toEqual(['bytes=0-4095', `bytes=${medium.start}-${medium.end - 1}`]);
    expect(fetcher.stats).toMatchObject({ requests: 2, segmentsHeld: 2 });
  });

  it('falls back to the nearest LOD the asset has: lower first, else higher', async () => {
    const onlyHigh = await viewerAsset().lod(VASE, 'lowest_lod');
    expect(onlyHigh).toMatchObject({ wanted: 'lowest_lod', name: 'high_lod' });
    const id = rawId(0x10);
    region.meshes.library.addRaw(id, encodeMeshAsset({ lods: { low_lod: [TRIANGLE], high_lod: [TRIANGLE] } }));
    const fetcher = viewerAsset();
    expect((await fetcher.lod(id, 'medium_lod')).name).toBe('low_lod');
    expect((await fetcher.lod(id, 'lowest_lod')).name).toBe('low_lod'); // nothing lower: the next higher
  });

  it('reads a header longer than 4096 bytes by asking for the next bytes', async () => {
    const id = rawId(0x11);
    const segment = compressMeshSegment([triangle()]);
    const bytes = assembleMeshAsset([['high_lod', segment]], createLLSDMap({ creator: 'x'.repeat(6000) }));
    region.meshes.library.addRaw(id, bytes);
    const header = readMeshHeader(bytes, { total: bytes.length });
    await viewerAsset().segment(id, 'high_lod');
    expect(ranges(id)).toEqual(['bytes=0-4095', 'bytes=4096-8191']);
    expect(header.segments.high_lod!.end).toBeLessThanOrEqual(8192); // the header's second range held it
  });

  it('uses GetMesh2, else GetMesh, when there is no ViewerAsset', async () => {
    await new MeshFetcher({ getMesh2Url: caps.get('GetMesh2'), getMeshUrl: caps.get('GetMesh') }).header(CONE);
    await new MeshFetcher({ getMeshUrl: caps.get('GetMesh') }).header(CONE);
    expect(region.meshes.requests.map((r) => r.capability)).toEqual(['GetMesh2', 'GetMesh']);
  });

  it('remembers a 404, retries a 503, and refuses a header that lies', async () => {
    const fetcher = viewerAsset();
    const unknown = rawId(0x404);
    await expect(fetcher.header(unknown)).rejects.toThrow(MeshMissingError);
    await expect(fetcher.lod(unknown, 'high_lod')).rejects.toThrow(MeshMissingError);
    expect(ranges(unknown)).toHaveLength(1);
    region.meshes.faults = { status: 503, count: 2 };
    expect((await fetcher.header(VASE)).lods).toEqual(['high_lod']);
    expect(fetcher.stats.retries).toBe(2);
    const liar = rawId(0x12);
    region.meshes.library.addRaw(liar, assembleMeshAsset([['high_lod', compressMeshSegment([triangle()])]], createLLSDMap({ high_lod: createLLSDMap({ offset: 0, size: 1e9 }) })));
    await expect(fetcher.lod(liar, 'high_lod')).rejects.toThrow(MeshFormatError);
    await expect(fetcher.lod(liar, 'high_lod')).rejects.toThrow(/^mesh 0{8}-0{4}-0{4}-0{4}-0{10}12: header: high_lod\.size 1000000000 is over/);
    const html = rawId(0x13);
    region.meshes.library.addRaw(html, new TextEncoder().encode('<html>gateway</html>'));
    await expect(fetcher.header(html)).rejects.toThrow(/header: is not a binary LLSD map/);
    expect(ranges(liar)).toHaveLength(1); // remembered as unusable
  });

  it('starts the highest priority first, and cancels what waits', async () => {
    const fetcher = new MeshFetcher({ viewerAssetUrl: caps.get('ViewerAsset'), concurrency: 1 });
    const first = fetcher.header(CONE, { priority: 1 }); // starts at once: the only one
    const low = fetcher.header(VASE, { priority: 2 });
    const high = fetcher.header(KNOT, { priority: 9 });
    const cancelled = fetcher.header(LIBRARY_MESHES[3]!.id, { priority: 5 });
    fetcher.setPriority(LIBRARY_MESHES[3]!.id, 0);
    await expect(cancelled).rejects.toThrow(MeshFetchCancelledError);
    await Promise.all([first, low, high]);
    expect(region.meshes.requests.map((r) => r.id)).toEqual([CONE, KNOT, VASE]);
    expect(fetcher.stats.peakActive).toBe(1);
  });
});
