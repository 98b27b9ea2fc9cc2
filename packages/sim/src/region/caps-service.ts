/**
 * The seed capability and the capabilities it grants. The viewer POSTs an LLSD array of
 * the names it wants; the answer maps each name the region serves to its URL and leaves
 * the others out, as OpenSimulator and Second Life do.
 */
import { LLSDReal, LLSDUUID, createLLSDMap, type LLSDMap, type LLSDValue } from '@slv/protocol';
import type { RegionAgent } from './region-agent.ts';
import type { Region } from './region.ts';
import { TEXTURE_CAPABILITIES, isTextureCapability, textureCapabilityPath } from '../textures/texture-service.ts';
import { MESH_CAPABILITIES, isMeshCapability, meshCapabilityPath } from '../meshes/mesh-service.ts';

/** Capabilities this simulator serves. */
export const SERVED_CAPABILITIES: readonly string[] = Object.freeze(['EventQueueGet', 'SimulatorFeatures', ...TEXTURE_CAPABILITIES, ...MESH_CAPABILITIES]);

export function capabilityPath(kind: 'seed' | 'EventQueueGet' | 'SimulatorFeatures', session: RegionAgent): string {
  const id = session.identity;
  switch (kind) {
    case 'seed': return `/CAPS/${id.seedCapId}/`;
    case 'EventQueueGet': return `/CAPS/EQG/${id.eventQueueCapId}/`;
    case 'SimulatorFeatures': return `/CAPS/SF/${id.featuresCapId}/`;
  }
}

/** Answers a seed capability request body (already parsed); throws a TypeError for a body that is not a list of names. */
export function grantCapabilities(region: Region, session: RegionAgent, request: LLSDValue): LLSDMap {
  if (!Array.isArray(request) || !request.every((name) => typeof name === 'string')) {
    throw new TypeError('the seed capability takes an LLSD array of capability names');
  }
  const base = `http://${region.host}:${region.httpPort}`;
  const granted = createLLSDMap();
  for (const name of request as string[]) {
    if (name === 'EventQueueGet' || name === 'SimulatorFeatures') granted[name] = base + capabilityPath(name, session);
    else if (isTextureCapability(name)) granted[name] = base + textureCapabilityPath(name, session);
    else if (isMeshCapability(name)) granted[name] = base + meshCapabilityPath(name, session);
  }
  return granted;
}

/** SimulatorFeatures: what the region supports, in OpenSimulator 0.9's shape. */
export function simulatorFeatures(region: Region): LLSDMap {
  const base = `http://${region.host}:${region.httpPort}/`;
  return createLLSDMap({
    MeshRezEnabled: true,
    MeshUploadEnabled: false,
    MeshXferEnabled: true,
    PhysicsMaterialsEnabled: true,
    RenderMaterialsCapability: new LLSDReal(4),
    MaxMaterialsPerTransaction: 50,
    DynamicPathfindingEnabled: false,
    AvatarHoverHeightEnabled: true,
    PhysicsShapeTypes: createLLSDMap({ convex: true, none: true, prim: true }),
    LSLSyntaxId: LLSDUUID.NULL,
    MaxAgentAttachments: 38,
    MaxAgentGroupsBasic: 42,
    MaxPrimScale: new LLSDReal(64),
    MinPrimScale: new LLSDReal(0.001),
    MaxPhysPrimScale: new LLSDReal(64),
    MaxLinkCount: 256,
    MaxLinkCountPhys: 32,
    OpenSimExtras: createLLSDMap({
      AvatarSkeleton: true,
      AnimationSet: true,
      'map-server-url': base,
      'search-server-url': '',
      'destination-guide-url': '',
      MinSimHeight: new LLSDReal(-100),
      MaxSimHeight: new LLSDReal(50000),
      MinHeightmap: new LLSDReal(-100),
      MaxHeightmap: new LLSDReal(4096),
    }),
  });
}
