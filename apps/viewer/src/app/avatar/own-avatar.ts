/**
 * The agent's own avatar as the viewer steers it: its controls (keys, flying,
 * running, heading), the entity the simulator's ObjectUpdate made of it (found
 * by the agent's UUID), and where that entity is now. Once a frame
 * `stepOwnAvatar` reads the avatar's position from the world's components,
 * steps the controls and hands the session the control flags and heading for
 * its AgentUpdate. Nothing allocates per frame.
 */
import { lookupFullId } from '@slv/core';
import type { AgentSession } from '@slv/net';
import { uuidToBytes } from '@slv/protocol';
import { terrainHeightAt, type WorldIngestion } from '@slv/world';
import { createAvatarControls, stepAvatarControls, type AvatarControls } from './avatar-controls.ts';

/** Half the default avatar's height (OpenSimulator's 1.9 m box): its position is its middle. */
const DEFAULT_HALF_HEIGHT = 0.95;
/** Feet this close to the terrain count as standing on it (the simulator keeps them 5 cm above). */
const GROUND_TOLERANCE = 0.3;

export interface OwnAvatar {
  readonly controls: AvatarControls;
  /** The avatar's entity, -1 until its ObjectUpdate has made one. */
  eid: number;
  /** Region metres: the entity's position, or the arrival point before it exists. */
  readonly position: Float32Array;
  halfHeight: number;
  onGround: boolean;
  /** The agent's UUID as bytes, the key of its avatar's entity. */
  readonly agentId: Uint8Array;
  /** SetAlwaysRun as last sent. */
  runningSent: boolean;
}

export function createOwnAvatar(): OwnAvatar {
  return {
    controls: createAvatarControls(),
    eid: -1,
    position: new Float32Array(3),
    halfHeight: DEFAULT_HALF_HEIGHT,
    onGround: true,
    agentId: new Uint8Array(16),
    runningSent: false,
  };
}

/** Starts steering the avatar of `session`: at its arrival point, facing where it arrived facing. */
export function attachOwnAvatar(avatar: OwnAvatar, session: AgentSession): void {
  uuidToBytes(session.loginAnswer.agentId, avatar.agentId, 0);
  avatar.eid = -1;
  avatar.position.set(session.position);
  const look = session.lookAt;
  if (look[0] !== 0 || look[1] !== 0) avatar.controls.yaw = Math.atan2(look[1]!, look[0]!);
}

/** Finds the avatar's entity and reads its position; false while it has none yet. */
export function locateOwnAvatar(avatar: OwnAvatar, ingestion: WorldIngestion): boolean {
  const eid = lookupFullId(ingestion.world, avatar.agentId, 0);
  avatar.eid = eid;
  if (eid < 0) return false;
  const c = ingestion.components;
  // A seated avatar is a child: its world transform is where it is.
  const position = c.world.valid[eid] === 1 ? c.world.position : c.local.position;
  avatar.position[0] = position[eid * 3]!;
  avatar.position[1] = position[eid * 3 + 1]!;
  avatar.position[2] = position[eid * 3 + 2]!;
  const height = c.local.scale[eid * 3 + 2]!;
  if (height > 0) avatar.halfHeight = height / 2;
  return true;
}

/**
 * One frame: where the avatar is, whether it stands on the terrain, the
 * controls stepped by `dtSeconds`, and the session told the flags, heading
 * and run mode (a change of flags goes out at once).
 */
export function stepOwnAvatar(avatar: OwnAvatar, ingestion: WorldIngestion, session: AgentSession, regionIndex: number, dtSeconds: number): void {
  if (!locateOwnAvatar(avatar, ingestion)) avatar.position.set(session.position);
  const terrain = regionIndex < 0 ? undefined : ingestion.terrain.get(regionIndex);
  if (terrain !== undefined && terrain.landPatches > 0) {
    const ground = terrainHeightAt(terrain, avatar.position[0]!, avatar.position[1]!);
    avatar.onGround = avatar.position[2]! - avatar.halfHeight <= ground + GROUND_TOLERANCE;
  }
  const controls = avatar.controls;
  stepAvatarControls(controls, dtSeconds, avatar.onGround);
  if (session.stage !== 'connected') return;
  session.setControls(controls.flags, controls.yaw);
  if (controls.running !== avatar.runningSent) {
    avatar.runningSent = controls.running;
    session.setAlwaysRun(controls.running);
  }
}
