/**
 * Coverage checks of the settings the asset streamers read (through their
 * applySettings, as the app passes a profile switch on): the texture
 * streamer's RAM budget and both streamers' worker pools, and the LODs the
 * mesh streamer generates, fetched from the embedded simulator's mesh
 * service and simplified by the real mesh jobs. The workers run the real
 * job handlers in this thread over a MessageChannel (a worker thread would
 * need a bundled entry; what is observed is the streamers' pools).
 */
import { MessageChannel } from 'node:worker_threads';
import { presetSettings, type PerformanceSettingsResource } from '@slv/config';
import { serveJobs, type JobHandlers, type WorkerLike } from '@slv/core';
import {
  createMeshJobHandlers, createTextureDecodeHandlers, MeshFetcher, MeshStreamer, TextureFetcher, TextureStreamer, type MeshDelivery,
} from '@slv/assets';
import { installNodeInflate, loadOpenJpegWasm } from '@slv/assets/node';
import { fetchCapabilities, login } from '@slv/net';
import { LIBRARY_MESHES, startRegion, type RunningRegion } from '@slv/sim';
import type { FieldChecks } from './field-checks.test-support.ts';

/** Workers serving `handlers` in this thread, and how many are running. */
function inThreadWorkers(handlers: JobHandlers) {
  const pool = { running: 0 };
  const spawn = (): WorkerLike => {
    const { port1, port2 } = new MessageChannel();
    serveJobs(handlers, port2);
    pool.running++;
    let running = true;
    return {
      postMessage: (message, transfer) => port1.postMessage(message, transfer),
      onMessage: (listener) => void port1.on('message', listener),
      onError: () => {},
      terminate: () => {
        if (!running) return;
        running = false;
        pool.running--;
        port1.close();
        port2.close();
      },
    };
  };
  return { pool, spawn };
}

/** A texture streamer made on Balanced, given `settings` by applySettings and updated once; closed after `read`. */
function textureStreamerUnder<T>(settings: PerformanceSettingsResource, read: (streamer: TextureStreamer, running: number) => T): T {
  const workers = inThreadWorkers(createTextureDecodeHandlers(loadOpenJpegWasm));
  const streamer = new TextureStreamer({
    fetcher: new TextureFetcher({ viewerAssetUrl: 'http://127.0.0.1:9/ViewerAsset' }),
    spawnDecodeWorker: workers.spawn,
    settings: presetSettings('Balanced'),
  });
  try {
    streamer.applySettings(settings.settings);
    streamer.update(0);
    return read(streamer, workers.pool.running);
  } finally {
    streamer.close();
  }
}

/** Mesh workers running after a mesh streamer made on Balanced was given `settings` and updated once. */
function meshWorkersUnder(settings: PerformanceSettingsResource): number {
  const workers = inThreadWorkers(createMeshJobHandlers());
  const streamer = new MeshStreamer({
    fetcher: new MeshFetcher({ viewerAssetUrl: 'http://127.0.0.1:9/ViewerAsset' }), spawnWorker: workers.spawn, settings: presetSettings('Balanced'), cacheBytes: 1 << 20,
  });
  try {
    streamer.applySettings(settings.settings);
    streamer.update(0);
    return workers.pool.running;
  } finally {
    streamer.close();
  }
}

let meshService: Promise<{ region: RunningRegion; viewerAsset: string }> | null = null;

/** The embedded region's ViewerAsset capability, made on first use. */
function viewerAssetCapability() {
  meshService ??= (async () => {
    installNodeInflate();
    const region = await startRegion({ moverHz: 0, sceneOptions: { seed: 3, objects: 0, lights: 0, movers: 0 }, textures: { cacheDir: null } });
    const answer = await login(region.loginUri, { first: 'Mesh', last: 'Coverage', password: 'x' });
    const viewerAsset = (await fetchCapabilities(answer.seedCapability, ['ViewerAsset'])).get('ViewerAsset')!;
    return { region, viewerAsset };
  })();
  return meshService;
}

/** Stops the region the mesh check started (afterAll of the file that used it). */
export async function closeAssetChecks(): Promise<void> {
  if (meshService === null) return;
  const { region } = await meshService;
  meshService = null;
  await region.stop();
}

const VASE = LIBRARY_MESHES.find((m) => m.name === 'vase')!.id;

/** Triangles of the vase's lowest LOD as the mesh streamer generates it (the asset has only high_lod). */
async function generatedLowestLod(settings: PerformanceSettingsResource): Promise<number> {
  const { viewerAsset } = await viewerAssetCapability();
  const workers = inThreadWorkers(createMeshJobHandlers());
  const streamer = new MeshStreamer({
    fetcher: new MeshFetcher({ viewerAssetUrl: viewerAsset }), spawnWorker: workers.spawn, settings: presetSettings('Balanced'), cacheBytes: 16 << 20,
  });
  streamer.applySettings(settings.settings);
  try {
    const end = performance.now() + 15_000;
    for (;;) {
      if (performance.now() > end) throw new Error(`no generated lowest LOD of the vase (stats ${JSON.stringify(streamer.stats)})`);
      streamer.want(VASE, 0, 1);
      streamer.update(performance.now());
      let generated: MeshDelivery | null = null;
      streamer.drain((_id, delivery) => {
        if (delivery.kind === 'lod' && delivery.generated && delivery.final) generated = delivery;
        else if (delivery.kind !== 'lod') throw new Error(`the vase: ${delivery.kind}: ${delivery.message}`);
      });
      const done = generated as MeshDelivery | null;
      if (done?.kind === 'lod') return done.geometry.triangleCount;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    streamer.close();
  }
}

export const ASSET_CHECKS: FieldChecks = {
  'memory.textureCacheRamMB': {
    sees: "TextureStreamer: the decoded textures' RAM budget",
    to: 256,
    observe: (s) => textureStreamerUnder(s, (streamer) => streamer.stats.ramBudgetBytes),
  },
  'assets.decodeWorkers': {
    sees: "TextureStreamer's and MeshStreamer's workers running",
    to: 4,
    observe: (s) => ({ texture: textureStreamerUnder(s, (_streamer, running) => running), mesh: meshWorkersUnder(s) }),
  },
  'assets.simplificationAggressiveness': {
    sees: "MeshStreamer: triangles of a mesh's generated lowest LOD",
    to: 0.1,
    observe: generatedLowestLod,
  },
};
