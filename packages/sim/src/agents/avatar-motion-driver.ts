/**
 * Each tick, every arrived avatar moves as its agent's controls ask
 * (avatar-physics.ts), and every viewer, its own included, is told as real
 * simulators tell it: an ImprovedTerseObjectUpdate with the avatar's position,
 * velocity and facing when its motion changes (it starts, stops, turns, changes
 * speed) and while it moves at least AVATAR_UPDATE_INTERVAL_MS apart, so the
 * viewers' extrapolation never drifts far. Nothing allocates per tick.
 */
import { TERSE_AVATAR_DATA_BYTES } from '@slv/protocol';
import type { Region } from '../region/region.ts';
import { TerseBatch } from '../region/terse-batch.ts';
import { stepAvatar, type AvatarMotion, type Ground } from './avatar-physics.ts';
import type { SceneObject } from '../scene/scene-types.ts';

/** A moving avatar is reported at least this often (SL sends about as often). */
export const AVATAR_UPDATE_INTERVAL_MS = 100;
/** A velocity change larger than this (m/s, any axis) is reported at once. */
const VELOCITY_CHANGE = 0.05;
/** A facing change larger than this (quaternion component) is reported at once. */
const ROTATION_CHANGE = 1e-4;

export class AvatarMotionDriver {
  private readonly batch: TerseBatch;
  private readonly ground: Ground;
  private lastMs: number;

  constructor(private readonly region: Region) {
    this.batch = new TerseBatch(region, TERSE_AVATAR_DATA_BYTES);
    this.ground = { heightmap: region.scene.heightmap, size: region.scene.regionSize };
    this.lastMs = region.now();
  }

  /** Moves every ready agent's avatar up to `nowMs` and sends what changed. */
  step(nowMs: number): void {
    const dt = Math.max(0, (nowMs - this.lastMs) / 1000);
    this.lastMs = nowMs;
    for (const session of this.region.sessions.values()) {
      const avatar = session.avatar;
      if (session.stage !== 'ready' || avatar === null) continue;
      const motion = session.motion;
      const moved = stepAvatar(avatar, motion, this.ground, dt);
      if (!worthReporting(avatar, motion, moved, nowMs)) continue;
      motion.reportedAtMs = nowMs;
      motion.reportedVelocity.set(avatar.velocity);
      motion.reportedRotation.set(avatar.rotation);
      this.batch.add(avatar);
    }
    this.batch.send();
  }
}

function worthReporting(avatar: SceneObject, motion: AvatarMotion, moved: boolean, nowMs: number): boolean {
  const v = avatar.velocity;
  const rv = motion.reportedVelocity;
  for (let k = 0; k < 3; k++) if (Math.abs(v[k]! - rv[k]!) > VELOCITY_CHANGE) return true;
  const r = avatar.rotation;
  const rr = motion.reportedRotation;
  for (let k = 0; k < 4; k++) if (Math.abs(r[k]! - rr[k]!) > ROTATION_CHANGE) return true;
  return moved && nowMs - motion.reportedAtMs >= AVATAR_UPDATE_INTERVAL_MS;
}
