/**
 * Meshes for a connected session: once the region's capabilities are in, a
 * MeshFetcher on its ViewerAsset (else GetMesh2, else GetMesh) capability
 * through the session's own HTTP path (the relay's proxy), decodes and
 * simplifications in asset workers (texture-worker.js serves the mesh jobs
 * too; assets.decodeWorkers of them), and the renderer's StreamedMeshSource
 * driving it from render.lod. Without a mesh capability mesh objects stay
 * boxes and the console says why.
 */
import { MeshFetcher, MeshStreamer } from '@slv/assets';
import type { PerformanceSettingsResource } from '@slv/config';
import { createBrowserWorker } from '@slv/core';
import type { AgentSession } from '@slv/net';
import { StreamedMeshSource } from '@slv/render';

/**
 * Share of memory.meshCacheMB the streamer keeps decoded and generated LODs
 * in (the renderer holds the drawn ones under the other half's budget, and
 * prim volumes under the first half): enough to hand a LOD over again
 * without fetching, decoding or simplifying it again.
 */
export const STREAMER_CACHE_SHARE = 0.25;

export interface MeshStreaming {
  readonly source: StreamedMeshSource;
  /** Resolves once streaming started (true) or could not (false, with the reason logged). */
  readonly started: Promise<boolean>;
  stop(): void;
}

export interface MeshStreamingOptions {
  /** Where the asset worker script is (default texture-worker.js beside the page). */
  workerUrl?: string | URL;
  log?: (line: string) => void;
}

export function startMeshStreaming(
  session: AgentSession,
  setSource: (source: StreamedMeshSource | null) => void,
  settings: PerformanceSettingsResource,
  options: MeshStreamingOptions = {},
): MeshStreaming {
  const log = options.log ?? ((line: string) => console.info(line));
  const source = new StreamedMeshSource();
  let streamer: MeshStreamer | null = null;
  let stopped = false;
  const unsubscribe = settings.subscribe(() => streamer?.applySettings(settings.settings));
  const started = (async (): Promise<boolean> => {
    const caps = await session.capabilitiesReady;
    const viewerAssetUrl = caps.get('ViewerAsset') ?? null;
    const getMesh2Url = caps.get('GetMesh2') ?? null;
    const getMeshUrl = caps.get('GetMesh') ?? null;
    if (stopped) return false;
    if (viewerAssetUrl === null && getMesh2Url === null && getMeshUrl === null) {
      log('meshes: the region offers neither ViewerAsset nor GetMesh2 nor GetMesh; mesh objects stay boxes');
      return false;
    }
    const fetcher = new MeshFetcher({ viewerAssetUrl, getMesh2Url, getMeshUrl, fetch: session.httpFetch });
    const workerUrl = options.workerUrl ?? new URL('texture-worker.js', location.href);
    streamer = new MeshStreamer({
      fetcher,
      settings: settings.settings,
      spawnWorker: () => createBrowserWorker(workerUrl),
      cacheBytes: Math.floor(settings.settings.memory.meshCacheMB * 1024 * 1024 * STREAMER_CACHE_SHARE),
    });
    source.attach(streamer);
    setSource(source);
    return true;
  })();
  return {
    source,
    started,
    stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      setSource(null);
      source.attach(null);
      streamer?.close();
    },
  };
}
