/**
 * The arrival handshake, as a real simulator does it:
 *   UseCircuitCode (acked at once) → CompleteAgentMovement → RegionHandshake and
 *   AgentMovementComplete (both reliable) → RegionHandshakeReply → avatars, the time
 *   and stats, then terrain and objects, paced.
 */
import { NULL_UUID } from '@slv/protocol';
import type { RegionAgent } from './region-agent.ts';
import { avatarAnimation, avatarAppearance, createAvatar } from './avatar.ts';
import { queueSceneObjects, sendObjectUpdates, type ObjectEncodings } from './object-streamer.ts';
import { parcelPropertiesEvent } from './parcel-properties.ts';
import type { Region } from './region.ts';
import type { SimStatsMeter } from './sim-stats.ts';
import { simulatorViewerTime } from './sim-time.ts';
import { queueTerrain } from './terrain-streamer.ts';

/** RegionHandshake flags and access of OpenSimulator's default region (RegionFlags 0x14108026, PG). */
export const REGION_FLAGS = 0x14108026;
export const SIM_ACCESS_PG = 13;
/** RegionInfo4.RegionProtocols bit 63: the region serves agent appearance (server-side baking). */
const REGION_PROTOCOLS = 1n << 63n;
/** The viewer's default terrain textures (dirt, grass, mountain, rock). */
export const TERRAIN_TEXTURES = [
  'b8d3965a-ad78-bf43-699b-bff8eca6c975',
  'abb783e6-3e93-26c0-248a-247666855da3',
  '179cdabd-398a-9b6b-1391-4dc333ba321f',
  'beb169c7-11ea-fff2-efe5-0f24dc881df2',
] as const;
export const CHANNEL_VERSION = 'SLV Sim 0.1.0';

/** CompleteAgentMovement: the avatar arrives; the viewer learns the region and where it stands. */
export function arrive(region: Region, session: RegionAgent, regionId: string, cacheId: string): void {
  if (session.avatar === null) {
    session.avatar = createAvatar(session, region.allocateAvatarLocalId());
    // It faces where it arrived until the viewer's first AgentUpdate says otherwise.
    session.motion.bodyRotation.set(session.avatar.rotation);
    session.motion.reportedRotation.set(session.avatar.rotation);
  }
  const firstTime = session.stage === 'circuit';
  if (firstTime) session.stage = 'arrived';
  if (firstTime || session.stage === 'arrived') sendRegionHandshake(region, session, regionId, cacheId);
  const avatar = session.avatar;
  session.send('AgentMovementComplete', {
    AgentData: { AgentID: session.agentId, SessionID: session.identity.sessionId },
    Data: {
      Position: avatar.position,
      LookAt: session.identity.lookAt,
      RegionHandle: region.handle,
      Timestamp: Math.floor(Date.now() / 1000),
    },
    SimData: { ChannelVersion: CHANNEL_VERSION },
  }, true);
  if (firstTime) {
    session.eventQueue.enqueue('ParcelProperties', parcelPropertiesEvent(region.scene, region.ownerId, region.objects.size));
    region.stats.eventsQueued++;
  }
}

export function sendRegionHandshake(region: Region, session: RegionAgent, regionId: string, cacheId: string): void {
  const scene = region.scene;
  session.send('RegionHandshake', {
    RegionInfo: {
      RegionFlags: REGION_FLAGS,
      SimAccess: SIM_ACCESS_PG,
      SimName: scene.regionName,
      SimOwner: region.ownerId,
      IsEstateManager: false,
      WaterHeight: scene.waterHeight,
      BillableFactor: 0,
      CacheID: cacheId,
      TerrainBase0: NULL_UUID,
      TerrainBase1: NULL_UUID,
      TerrainBase2: NULL_UUID,
      TerrainBase3: NULL_UUID,
      TerrainDetail0: TERRAIN_TEXTURES[0],
      TerrainDetail1: TERRAIN_TEXTURES[1],
      TerrainDetail2: TERRAIN_TEXTURES[2],
      TerrainDetail3: TERRAIN_TEXTURES[3],
      TerrainStartHeight00: 10,
      TerrainStartHeight01: 10,
      TerrainStartHeight10: 10,
      TerrainStartHeight11: 10,
      TerrainHeightRange00: 60,
      TerrainHeightRange01: 60,
      TerrainHeightRange10: 60,
      TerrainHeightRange11: 60,
    },
    RegionInfo2: { RegionID: regionId },
    RegionInfo3: { CPUClassID: 9, CPURatio: 1, ColoName: new Uint8Array(0), ProductSKU: new Uint8Array(0), ProductName: new Uint8Array(0) },
    RegionInfo4: [{ RegionFlagsExtended: BigInt(REGION_FLAGS), RegionProtocols: REGION_PROTOCOLS }],
  }, true);
}

/**
 * RegionHandshakeReply: the viewer is ready for the world. It gets its avatar and the
 * others', the others get it, then the clock and stats now and terrain and objects paced.
 */
export function becomeReady(region: Region, encodings: ObjectEncodings, meter: SimStatsMeter, session: RegionAgent, flags: number): void {
  if (session.stage !== 'arrived' || session.avatar === null) return;
  session.handshakeFlags = flags;
  session.stage = 'ready';
  const avatars = [...region.readySessions()].filter((s) => s.avatar !== null);
  sendObjectUpdates(region, encodings, avatars.map((s) => s.avatar!), [session]);
  for (const other of avatars) {
    session.send('AvatarAppearance', avatarAppearance(other), true);
    session.send('AvatarAnimation', avatarAnimation(other), true);
  }
  const others = avatars.filter((s) => s !== session);
  sendObjectUpdates(region, encodings, [session.avatar], others);
  for (const other of others) {
    other.send('AvatarAppearance', avatarAppearance(session), true);
    other.send('AvatarAnimation', avatarAnimation(session), true);
  }
  session.send('SimulatorViewerTimeMessage', simulatorViewerTime(), false);
  session.send('SimStats', meter.latest(region, region.now()), false);
  queueTerrain(region, session);
  queueSceneObjects(region, encodings, session);
  region.log(`${session.fullName} is in (handshake flags 0x${flags.toString(16)})`);
}
