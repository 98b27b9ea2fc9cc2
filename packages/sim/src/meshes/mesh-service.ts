/**
 * The region's mesh capabilities: GetMesh and GetMesh2 (`?mesh_id=UUID`)
 * and ViewerAsset's mesh side (`?mesh_id=` on the same capability that
 * serves textures), each with single-range Range support (206 and
 * Content-Range, 416 past the end), 404 for an unknown id, 400 without an
 * id. A status fault for tests; every request is recorded with the Range it
 * asked for, so tests can check which bytes a viewer fetched.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegionAgent } from '../region/region-agent.ts';
import type { Region } from '../region/region.ts';
import { resolveRange } from '../textures/byte-range.ts';
import { textureCapabilityPath } from '../textures/texture-service.ts';
import { MESH_CONTENT_TYPE, MeshLibrary } from './mesh-library.ts';

export const MESH_CAPABILITIES = ['GetMesh', 'GetMesh2'] as const;
export type MeshCapability = (typeof MESH_CAPABILITIES)[number] | 'ViewerAsset';

export interface MeshRequestRecord {
  readonly capability: MeshCapability;
  readonly id: string;
  /** The Range header as sent, or null. */
  readonly range: string | null;
  readonly status: number;
  readonly bodyBytes: number;
}

export interface MeshFaults {
  /** Answer with this status instead of the mesh… */
  status?: number;
  /** …for the next N requests only (default: all). */
  count?: number;
}

const MAX_RECORDS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What `RunningRegion.meshes` is: the library, a fault to play, and the requests answered. */
export class SimMeshes {
  readonly library = new MeshLibrary();
  faults: MeshFaults = {};
  readonly requests: MeshRequestRecord[] = [];

  serve(capability: MeshCapability, req: IncomingMessage, res: ServerResponse): void {
    const id = (new URL(req.url ?? '/', 'http://mesh.invalid').searchParams.get('mesh_id') ?? '').toLowerCase();
    const range = req.headers.range ?? null;
    const answer = (status: number, headers: Record<string, string | number>, body: Uint8Array | string): void => {
      if (this.requests.length >= MAX_RECORDS) this.requests.shift();
      const bytes = typeof body === 'string' ? Buffer.from(`${body}\n`) : body;
      this.requests.push({ capability, id, range, status, bodyBytes: bytes.length });
      res.writeHead(status, { 'content-length': bytes.length, ...headers });
      res.end(req.method === 'HEAD' ? undefined : bytes);
    };
    const text = { 'content-type': 'text/plain' };
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, text, `${capability} takes GET ?mesh_id=UUID`);
    if (!UUID.test(id)) return answer(400, text, `${capability} needs mesh_id=UUID`);
    const fault = this.takeFault();
    if (fault !== undefined) return answer(fault, text, `injected fault ${fault}`);
    const asset = this.library.asset(id);
    if (asset === null) return answer(404, text, `no mesh ${id}`);
    const size = asset.length;
    const wanted = resolveRange(range ?? undefined, size);
    if (wanted.kind === 'unsatisfiable') return answer(416, { 'content-range': `bytes */${size}` }, new Uint8Array(0));
    const headers = { 'content-type': MESH_CONTENT_TYPE, 'accept-ranges': 'bytes' };
    if (wanted.kind === 'whole') return answer(200, headers, asset);
    const { start, end } = wanted;
    answer(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}` }, asset.subarray(start, end + 1));
  }

  private takeFault(): number | undefined {
    const { status, count } = this.faults;
    if (status === undefined) return undefined;
    if (count !== undefined) {
      if (count <= 0) return undefined;
      this.faults.count = count - 1;
    }
    return status;
  }
}

const servicesByRegion = new WeakMap<Region, SimMeshes>();

export function attachMeshes(region: Region, meshes: SimMeshes): void {
  servicesByRegion.set(region, meshes);
}

export function isMeshCapability(name: string): name is (typeof MESH_CAPABILITIES)[number] {
  return (MESH_CAPABILITIES as readonly string[]).includes(name);
}

/** Per session, under its seed id, like the texture capabilities. */
export function meshCapabilityPath(kind: (typeof MESH_CAPABILITIES)[number], session: RegionAgent): string {
  return `/CAPS/${kind === 'GetMesh' ? 'GM' : 'GM2'}/${session.identity.seedCapId}/`;
}

/**
 * Answers the request when `path` is GetMesh or GetMesh2, or ViewerAsset
 * asked for a `mesh_id`; false otherwise (textures and the rest go on).
 */
export function serveMeshCapability(region: Region, path: string, req: IncomingMessage, res: ServerResponse): boolean {
  const meshes = servicesByRegion.get(region);
  if (meshes === undefined || !path.startsWith('/CAPS/')) return false;
  const viewerAsset = path.startsWith('/CAPS/VA/') && /[?&]mesh_id=/.test(req.url ?? '');
  if (!viewerAsset && !path.startsWith('/CAPS/GM')) return false;
  for (const session of region.sessions.values()) {
    if (viewerAsset && textureCapabilityPath('ViewerAsset', session) === path) {
      meshes.serve('ViewerAsset', req, res);
      return true;
    }
    for (const kind of MESH_CAPABILITIES) {
      if (meshCapabilityPath(kind, session) === path) {
        meshes.serve(kind, req, res);
        return true;
      }
    }
  }
  return false;
}
