/**
 * The region's mesh capabilities on loopback: GetMesh, GetMesh2 and
 * ViewerAsset's `mesh_id` granted by the seed, Range answered (206 with
 * Content-Range, 416 past the end, whole without Range), 400 and 404, the
 * status fault, ViewerAsset still serving textures, and the library's
 * assets (all four LODs, one with only high_lod). That they decode is
 * checked by @slv/assets' tests, which sit above this package.
 */
import { fetchCapabilities, login } from '@slv/net';
import { createLLSDMap, formatLLSDBinary, parseLLSDBinaryPrefix, type LLSDMap } from '@slv/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRegion } from '../region/region-options.ts';
import { startRegion } from '../region/region-server.ts';
import { LIBRARY_TEXTURES } from '../textures/procedural-textures.ts';
import { assembleMeshAsset } from './mesh-asset-encoder.ts';
import { LIBRARY_MESHES } from './mesh-library.ts';

const cone = LIBRARY_MESHES.find((m) => m.name === 'cone')!.id;
const vase = LIBRARY_MESHES.find((m) => m.name === 'vase')!.id;

describe('mesh library', () => {
  it('has all four LODs on most meshes, only high_lod on the vase, and a skin on the rigged column', () => {
    const segmentsOf = (id: string) => Object.keys(parseLLSDBinaryPrefix(region.meshes.library.asset(id)!).value as LLSDMap).filter((k) => k !== 'version');
    expect(segmentsOf(cone)).toEqual(['lowest_lod', 'low_lod', 'medium_lod', 'high_lod']);
    expect(segmentsOf(vase)).toEqual(['high_lod']);
    expect(segmentsOf(LIBRARY_MESHES.find((m) => m.name === 'rigged column')!.id)).toContain('skin');
    expect(new Set(LIBRARY_MESHES.map((m) => m.id)).size).toBe(LIBRARY_MESHES.length);
  });

  it('lays segments out after the header as the header says', () => {
    const bytes = assembleMeshAsset([['high_lod', new Uint8Array([1, 2, 3])], ['skin', new Uint8Array([4, 5])]]);
    const { value, length } = parseLLSDBinaryPrefix(bytes);
    expect((value as LLSDMap).skin).toEqual(createLLSDMap({ offset: 3, size: 2 }));
    expect([...bytes.subarray(length)]).toEqual([1, 2, 3, 4, 5]);
  });
});

let region: RunningRegion;
let caps: Map<string, string>;

beforeAll(async () => {
  region = await startRegion({ moverHz: 0, sceneOptions: { objects: 5, lights: 0, movers: 0 }, textures: { cacheDir: null } });
  const answer = await login(region.loginUri, { first: 'Mesh', last: 'Tester', password: 'x' });
  caps = await fetchCapabilities(answer.seedCapability, ['GetMesh', 'GetMesh2', 'ViewerAsset', 'GetTexture']);
});
afterAll(() => region.stop());

describe('mesh capabilities', () => {
  it('are granted by the seed capability', () => {
    for (const name of ['GetMesh', 'GetMesh2', 'ViewerAsset']) expect(caps.get(name), name).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/CAPS\//);
  });

  it('answer Range with 206 and Content-Range on each capability, the whole asset without', async () => {
    const whole = region.meshes.library.asset(cone)!;
    for (const name of ['GetMesh', 'GetMesh2', 'ViewerAsset']) {
      const response = await fetch(`${caps.get(name)}?mesh_id=${cone}`, { headers: { range: 'bytes=0-99' } });
      expect(response.status, name).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes 0-99/${whole.length}`);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(whole.subarray(0, 100)))).toBe(true);
    }
    const all = await fetch(`${caps.get('GetMesh2')}?mesh_id=${vase}`);
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toBe('application/vnd.ll.mesh');
    expect((await all.arrayBuffer()).byteLength).toBe(region.meshes.library.asset(vase)!.length);
    const past = await fetch(`${caps.get('GetMesh')}?mesh_id=${vase}`, { headers: { range: 'bytes=99999999-' } });
    expect(past.status).toBe(416);
    expect(region.meshes.requests.at(-1)).toMatchObject({ capability: 'GetMesh', id: vase, range: 'bytes=99999999-', status: 416 });
  });

  it('400 without a mesh id, 404 for an unknown one, and an injected status', async () => {
    expect((await fetch(`${caps.get('GetMesh')}?mesh_id=nope`)).status).toBe(400);
    expect((await fetch(`${caps.get('GetMesh2')}?mesh_id=00000000-0000-0000-0000-00000000abcd`)).status).toBe(404);
    region.meshes.faults = { status: 503, count: 1 };
    expect((await fetch(`${caps.get('GetMesh2')}?mesh_id=${cone}`)).status).toBe(503);
    expect((await fetch(`${caps.get('GetMesh2')}?mesh_id=${cone}`)).status).toBe(200);
  });

  it('serves raw bytes under an id for broken-asset tests, and ViewerAsset still serves textures', async () => {
    const id = '00000000-0000-0000-0000-0000000000aa';
    region.meshes.library.addRaw(id, formatLLSDBinary(createLLSDMap({ high_lod: createLLSDMap({ offset: 0, size: 1e9 }) })));
    expect((await fetch(`${caps.get('ViewerAsset')}?mesh_id=${id}`)).status).toBe(200);
    const texture = LIBRARY_TEXTURES.find((t) => t.size === 32)!.id;
    const response = await fetch(`${caps.get('ViewerAsset')}?texture_id=${texture}`, { headers: { range: 'bytes=0-9' } });
    expect(response.status).toBe(206);
    expect(region.textures.requests.at(-1)).toMatchObject({ capability: 'ViewerAsset', id: texture });
  });
});
