/**
 * The region's texture capabilities, GetTexture (OpenSimulator 0.9) and
 * ViewerAsset (Second Life), both `GET <cap>?texture_id=UUID`: the
 * library's codestream, with single-range Range support (206 and
 * Content-Range, 416 past the end), 404 for an unknown id, 400 without an
 * id. Faults for tests: a status instead of the texture (for all or the
 * first N requests), a delay, a body cut short, shorter ranges than asked,
 * or Range ignored. Every request is recorded for tests to read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegionAgent } from '../region/region-agent.ts';
import type { Region } from '../region/region.ts';
import { resolveRange } from './byte-range.ts';
import { TextureLibrary, type TextureLibraryOptions } from './texture-library.ts';

export const TEXTURE_CAPABILITIES = ['GetTexture', 'ViewerAsset'] as const;
export type TextureCapability = (typeof TEXTURE_CAPABILITIES)[number];

export interface TextureFaults {
  /** Answer with this HTTP status (404, 500, 503…) instead of the texture. */
  status?: number;
  /** Only the next N requests (of `ids`) meet these faults, then service is normal (default: every request). */
  count?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Declare the full length but send only this many body bytes, then drop the connection. */
  truncateAfterBytes?: number;
  /** Answer at most this many bytes per response (a legal 206 shorter than the range asked for). */
  maxBytesPerResponse?: number;
  /** Send the whole body with 200 whatever Range says. */
  ignoreRange?: boolean;
  /** Only requests for these ids (lower-case) meet the faults (default: all). */
  ids?: readonly string[];
}

export interface TextureServiceOptions extends TextureLibraryOptions {
  faults?: TextureFaults;
}

/** One answered request, as tests check it. */
export interface TextureRequestRecord {
  readonly capability: TextureCapability;
  readonly id: string;
  /** The Range header as sent, or null. */
  readonly range: string | null;
  readonly status: number;
  /** Body bytes written (before any truncation fault cut them). */
  readonly bodyBytes: number;
}

/** At most this many records are kept (oldest dropped). */
const MAX_RECORDS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What `RunningRegion.textures` is: the library, the faults to play (mutable while running) and the request log. */
export class SimTextures {
  readonly library: TextureLibrary;
  faults: TextureFaults;
  readonly requests: TextureRequestRecord[] = [];

  constructor(options: TextureServiceOptions = {}) {
    this.library = new TextureLibrary(options);
    this.faults = { ...options.faults };
  }

  async serve(capability: TextureCapability, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const query = new URL(req.url ?? '/', 'http://texture.invalid').searchParams;
    const id = (query.get('texture_id') ?? '').toLowerCase();
    const rangeHeader = req.headers.range ?? null;
    const answer = (status: number, text: string): void => {
      this.record({ capability, id, range: rangeHeader, status, bodyBytes: 0 });
      sendText(res, status, text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, `${capability} takes GET ?texture_id=UUID`);
    if (!UUID.test(id)) return answer(400, `${capability} needs texture_id=UUID`);
    const faults = this.takeFaults(id);
    if (faults.delayMs !== undefined && faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    if (faults.status !== undefined) return answer(faults.status, `injected fault ${faults.status}`);
    const asset = await this.library.asset(id);
    if (res.destroyed) return;
    if (asset === null) return answer(404, `no texture ${id}`);
    const size = asset.bytes.length;
    const range = faults.ignoreRange === true ? { kind: 'whole' as const } : resolveRange(rangeHeader ?? undefined, size);
    if (range.kind === 'unsatisfiable') {
      this.record({ capability, id, range: rangeHeader, status: 416, bodyBytes: 0 });
      res.writeHead(416, { 'content-range': `bytes */${size}`, 'content-length': 0 });
      res.end();
      return;
    }
    let start = 0;
    let end = size - 1;
    if (range.kind === 'partial') ({ start, end } = range);
    if (faults.maxBytesPerResponse !== undefined) end = Math.min(end, start + Math.max(1, faults.maxBytesPerResponse) - 1);
    const status = range.kind === 'partial' || end < size - 1 ? 206 : 200;
    const body = asset.bytes.subarray(start, end + 1);
    const headers: Record<string, string | number> = { 'content-type': asset.contentType, 'content-length': body.length, 'accept-ranges': 'bytes' };
    if (status === 206) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    this.record({ capability, id, range: rangeHeader, status, bodyBytes: body.length });
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
    } else if (faults.truncateAfterBytes !== undefined && faults.truncateAfterBytes < body.length) {
      // Flush the cut body, then drop the connection: the client sees fewer bytes than Content-Length.
      res.write(body.subarray(0, faults.truncateAfterBytes), () => res.destroy());
    } else {
      res.end(body);
    }
  }

  async close(): Promise<void> {
    await this.library.close();
  }

  /** The faults this request meets (none once `count` is used up). */
  private takeFaults(id: string): TextureFaults {
    const faults = this.faults;
    if (faults.ids !== undefined && !faults.ids.includes(id)) return {};
    if (faults.count !== undefined) {
      if (faults.count <= 0) return {};
      faults.count--;
    }
    return faults;
  }

  private record(entry: TextureRequestRecord): void {
    if (this.requests.length >= MAX_RECORDS) this.requests.shift();
    this.requests.push(entry);
  }
}

const servicesByRegion = new WeakMap<Region, SimTextures>();

export function attachTextures(region: Region, textures: SimTextures): void {
  servicesByRegion.set(region, textures);
}

export function isTextureCapability(name: string): name is TextureCapability {
  return (TEXTURE_CAPABILITIES as readonly string[]).includes(name);
}

/** Per session, under its seed id: only the viewer that was granted the seed can fetch through it. */
export function textureCapabilityPath(kind: TextureCapability, session: RegionAgent): string {
  return `/CAPS/${kind === 'GetTexture' ? 'GT' : 'VA'}/${session.identity.seedCapId}/`;
}

/** Answers the request when `path` is one of the region's texture capabilities; false otherwise (the caller goes on). */
export async function serveTextureCapability(region: Region, path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const textures = servicesByRegion.get(region);
  if (textures === undefined || !(path.startsWith('/CAPS/GT/') || path.startsWith('/CAPS/VA/'))) return false;
  for (const session of region.sessions.values()) {
    for (const kind of TEXTURE_CAPABILITIES) {
      if (textureCapabilityPath(kind, session) === path) {
        await textures.serve(kind, req, res);
        return true;
      }
    }
  }
  return false;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) + 1 });
  res.end(`${text}\n`);
}
