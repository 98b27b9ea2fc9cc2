/**
 * The whole texture path short of the GPU, with real parts: the embedded
 * simulator serves its procedural JPEG2000 library through GetTexture on
 * loopback, @slv/assets' TextureStreamer fetches and decodes it in real
 * worker threads, and render.textures turns what arrives into virtual
 * texture pages for the faces that use it.
 */
import { buildSync } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeTexture, TextureFetcher, TextureStreamer } from '@slv/assets';
import { installOpenJpegFromNodeModules, loadOpenJpegWasm } from '@slv/assets/node';
import { PerformanceSettingsResource } from '@slv/config';
import { addSystems, createResources, createScheduler, runFrame, type WorkerLike } from '@slv/core';
import { createNodeWorker } from '@slv/core/node';
import { fetchCapabilities, login } from '@slv/net';
import { LIBRARY_TEXTURES, startRegion, type RunningRegion } from '@slv/sim';
import { createUuidTable, internUuid, MAX_ENTITY_FACES } from '@slv/world';
import { mat4 } from 'gl-matrix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderCaps } from '../gpu/render-caps.ts';
import type { DrawableMesh, MeshUploader } from '../meshes/mesh-slots.ts';
import { createRenderState, type RenderResources } from '../render-state.ts';
import { RENDER_SYSTEMS } from '../systems/render-systems.ts';
import { addTestObject, createTestWorld } from '../systems/test-world.test-support.ts';
import { StreamedTextureSource } from './streamed-source.ts';
import { tailCellOrigin, vtShape, SLOT } from './vt-layout.ts';

const CAPS: RenderCaps = { webgl2: true, floatTextures: true, maxAnisotropy: 16, uintIndices: true, maxTextureSize: 8192 };
const uploader: MeshUploader<DrawableMesh> = { upload: (mesh) => mesh, release: () => {} };

let workerUrl: URL | null = null;
function spawnDecodeWorker(): WorkerLike {
  if (workerUrl === null) {
    const out = buildSync({
      entryPoints: [fileURLToPath(new URL('../__fixtures__/texture-worker.ts', import.meta.url))],
      bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent', conditions: ['@slv/source'],
    });
    workerUrl = new URL(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.contents).toString('base64')}`);
  }
  return createNodeWorker(workerUrl, { workerData: { openJpegWasm: loadOpenJpegWasm() } });
}

function uuidBytes(id: string): Uint8Array {
  const hex = id.replace(/-/g, '');
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

describe('textures from the embedded simulator into the virtual texture', () => {
  let region: RunningRegion;
  let getTextureUrl = '';

  beforeAll(async () => {
    installOpenJpegFromNodeModules();
    region = await startRegion({ moverHz: 0, sceneOptions: { objects: 4, lights: 0, movers: 0 }, textures: { cacheDir: join(tmpdir(), 'slv-render-test-textures') } });
    const answer = await login(region.loginUri, { first: 'Texture', last: 'Tester', password: 'x' });
    getTextureUrl = (await fetchCapabilities(answer.seedCapability, ['GetTexture'])).get('GetTexture')!;
  }, 120_000);

  afterAll(async () => {
    await region?.stop();
  });

  it('streams each visible face\'s texture, decoded in workers, into pages whose texels are the decoded image\'s', async () => {
    const plywood = LIBRARY_TEXTURES.find((t) => t.name === 'plywood')!;
    const bricks = LIBRARY_TEXTURES.find((t) => t.name === 'bricks')!;
    const t = createTestWorld(16);
    const assets = createUuidTable(16);
    const near = addTestObject(t, { position: [128, 104, 30], scale: [4, 4, 4] });
    const far = addTestObject(t, { position: [124, 150, 30], scale: [2, 2, 2] });
    for (const [eid, texture] of [[near, plywood], [far, bricks]] as const) {
      const index = internUuid(assets, uuidBytes(texture.id), 0);
      for (let f = 0; f < MAX_ENTITY_FACES; f++) {
        t.components.textures.textureIndex[eid * MAX_ENTITY_FACES + f] = index;
        t.components.textures.scaleS[eid * MAX_ENTITY_FACES + f] = 1;
        t.components.textures.scaleT[eid * MAX_ENTITY_FACES + f] = 1;
      }
    }
    const settings = new PerformanceSettingsResource({ profile: 'Balanced' });
    const source = new StreamedTextureSource();
    const fetcher = new TextureFetcher({ getTextureUrl });
    const streamer = new TextureStreamer({ fetcher, settings: settings.settings, spawnDecodeWorker, onDecoded: source.onDecoded, onMissing: source.onMissing });
    source.attach(streamer);
    const renderer = createRenderState<DrawableMesh>({ capacity: t.world.capacity, lightFormat: 'float', caps: CAPS, uploader, uuidCapacity: 16 });
    renderer.textures.source = source;
    const resources: RenderResources = { ...createResources({ settings, bus: null }), ingestion: { components: t.components, terrain: new Map(), tables: { assets } }, renderer };
    mat4.lookAt(resources.camera.view as mat4, [128, 96, 30], [128, 140, 30], [0, 0, 1]);
    mat4.perspective(resources.camera.projection as mat4, Math.PI / 3, 4 / 3, 0.5, 1000);
    (resources.camera.position as Float32Array).set([128, 96, 30]);
    const scheduler = createScheduler(t.world, resources);
    addSystems(scheduler, RENDER_SYSTEMS);
    const r = () => renderer.textures.residency!;
    // The plywood tail as first written: the first image (discard 5) is all the tail this 512² texture has.
    let firstTail: Uint8Array | null = null;
    try {
      let now = 0;
      for (let frame = 0; frame < 400; frame++) {
        runFrame(scheduler, (now += 16));
        for (let k = 0; firstTail === null && k < r().uploadCount; k++) {
          if (r().uploads[k].texture.id === plywood.id) firstTail = renderer.textures.staging[k].slice();
        }
        const textures = [...r().textures.values()];
        if (textures.length === 2 && textures.every((x) => x.shape !== null && x.chain === null && x.slotOf.every((slot) => slot >= 0 || x.wantedLevel > 0))) {
          if (streamer.stats.fetching === 0 && streamer.stats.decoding === 0 && r().uploadCount === 0) break;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const ply = r().textures.get(plywood.id)!;
      const brick = r().textures.get(bricks.id)!;
      expect(ply.shape).toMatchObject({ log2Width: 9, log2Height: 9 });
      expect(brick.shape).toMatchObject({ log2Width: 7, log2Height: 7 });
      // The near face needs more texels than the far one.
      expect(ply.wantedLevel).toBeLessThan(5);
      expect(brick.wantedLevel).toBeGreaterThanOrEqual(0);
      expect(streamer.stats.missing).toBe(0);
      expect(renderer.textures.imagesRefused).toBe(0);

      // The first tail written is the decode of the codestream's first prefix, level by level.
      const codestream = await (await fetch(`${getTextureUrl}?texture_id=${plywood.id}`)).arrayBuffer();
      const decoded = await decodeTexture(new Uint8Array(codestream), { discard: 5, rgba: true });
      expect([decoded.width, decoded.height]).toEqual([16, 16]);
      const [x, y] = tailCellOrigin(vtShape(512, 512), 5);
      for (const [px, py] of [[0, 0], [7, 3], [15, 15]]) {
        const o = ((y + py) * SLOT + x + px) * 4;
        const d = (py * 16 + px) * 4;
        expect([...firstTail!.subarray(o, o + 4)], `texel ${px},${py}`).toEqual([...decoded.pixels.subarray(d, d + 4)]);
      }
    } finally {
      streamer.close();
    }
  }, 120_000);
});
