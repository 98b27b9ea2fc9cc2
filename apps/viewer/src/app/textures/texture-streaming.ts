/**
 * Textures for a connected session: once the region's capabilities are in,
 * a TextureFetcher on its ViewerAsset (else GetTexture) capability through
 * the session's own HTTP path (the relay's proxy, which only forwards to
 * capabilities the login granted), codestreams kept in IndexedDB across
 * visits, decodes in texture-worker.js workers (assets.decodeWorkers), and
 * the renderer's StreamedTextureSource driving it all from render.textures.
 * Without a texture capability faces keep their colours and the console
 * says why.
 */
import { IndexedDbCodestreamStore, TextureFetcher, TextureStreamer } from '@slv/assets';
import type { PerformanceSettingsResource } from '@slv/config';
import { createBrowserWorker } from '@slv/core';
import type { AgentSession } from '@slv/net';
import { StreamedTextureSource } from '@slv/render';

/** Bytes of codestreams kept in IndexedDB between visits. */
export const CODESTREAM_STORE_BYTES = 256 * 1024 * 1024;

export interface TextureStreaming {
  readonly source: StreamedTextureSource;
  /** Resolves once streaming started (true) or could not (false, with the reason logged). */
  readonly started: Promise<boolean>;
  stop(): void;
}

export interface TextureStreamingOptions {
  /** Where the decode worker script is (default texture-worker.js beside the page). */
  workerUrl?: string | URL;
  /** Keep codestreams in IndexedDB (default true where IndexedDB exists). */
  persistent?: boolean;
  log?: (line: string) => void;
}

async function openStore(log: (line: string) => void): Promise<IndexedDbCodestreamStore | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    return await IndexedDbCodestreamStore.open(CODESTREAM_STORE_BYTES, { onError: (error) => log(`texture cache: ${error.message}`) });
  } catch (error) {
    log(`texture cache: IndexedDB unavailable (${(error as Error).message}); textures are fetched each visit`);
    return null;
  }
}

export function startTextureStreaming(
  session: AgentSession,
  setSource: (source: StreamedTextureSource | null) => void,
  settings: PerformanceSettingsResource,
  options: TextureStreamingOptions = {},
): TextureStreaming {
  const log = options.log ?? ((line: string) => console.info(line));
  const source = new StreamedTextureSource();
  let streamer: TextureStreamer | null = null;
  let store: IndexedDbCodestreamStore | null = null;
  let stopped = false;
  const unsubscribe = settings.subscribe(() => streamer?.applySettings(settings.settings));
  const started = (async (): Promise<boolean> => {
    const caps = await session.capabilitiesReady;
    const viewerAssetUrl = caps.get('ViewerAsset') ?? null;
    const getTextureUrl = caps.get('GetTexture') ?? null;
    if (stopped) return false;
    if (viewerAssetUrl === null && getTextureUrl === null) {
      log('textures: the region offers neither ViewerAsset nor GetTexture; faces keep their colours');
      return false;
    }
    store = options.persistent === false ? null : await openStore(log);
    if (stopped) return false;
    const fetcher = new TextureFetcher({ viewerAssetUrl, getTextureUrl, fetch: session.httpFetch, store });
    const workerUrl = options.workerUrl ?? new URL('texture-worker.js', location.href);
    streamer = new TextureStreamer({
      fetcher,
      settings: settings.settings,
      spawnDecodeWorker: () => createBrowserWorker(workerUrl),
      onDecoded: source.onDecoded,
      onMissing: (id, error) => {
        source.onMissing(id, error);
        if (source.missing <= 10) log(`textures: ${error.message}`);
      },
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
      store?.close();
    },
  };
}
