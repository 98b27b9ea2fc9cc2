/**
 * How the embedded simulator moves an avatar from its agent's controls: the
 * AgentUpdate's ControlFlags and BodyRotation, and SetAlwaysRun. SL's speeds
 * (wiki "Default Avatar Movement Speeds": walk 3.20, run 5.13, fly 16.00, fly
 * down 22.87 m/s); gravity when not flying; the feet never below the height
 * field (walking follows it, up and down); the avatar stays inside the region.
 * No collisions with prims: this is a test simulator, not a physics engine.
 */
import { AgentControlFlags as F } from '@slv/net';
import type { SceneObject } from '../scene/scene-types.ts';
import { terrainHeightAt } from '../scene/terrain.ts';

export const WALK_SPEED = 3.2;
export const RUN_SPEED = 5.13;
export const FLY_SPEED = 16;
export const FLY_UP_SPEED = 16;
export const FLY_DOWN_SPEED = 22.87;
export const GRAVITY = 9.8;
/** Falling speed never exceeds this (m/s). */
export const TERMINAL_SPEED = 50;
/** A short press of up while standing is a jump: this upward speed, about a 0.8 m hop. */
export const JUMP_SPEED = 4;
/** The avatar's position is its middle: this far above the ground when it stands (as it arrives). */
export const STAND_HEIGHT = 1;
/** Avatars keep this far inside the region's edges (no neighbour regions to cross into). */
export const REGION_EDGE_MARGIN = 0.1;
/** Highest an avatar may fly, metres (SL's build ceiling). */
export const MAX_ALTITUDE = 4096;
/** Longest step taken at once; a stalled timer steps more than once rather than tunnel. */
export const MAX_STEP_SECONDS = 0.1;

const AT_FORWARD = F.AT_POS | F.NUDGE_AT_POS;
const AT_BACK = F.AT_NEG | F.NUDGE_AT_NEG;
const LEFT = F.LEFT_POS | F.NUDGE_LEFT_POS;
const RIGHT = F.LEFT_NEG | F.NUDGE_LEFT_NEG;
const UP = F.UP_POS | F.NUDGE_UP_POS;
const DOWN = F.UP_NEG | F.NUDGE_UP_NEG;

/** What the agent asks of its avatar, and what the simulator keeps between steps. */
export interface AvatarMotion {
  /** ControlFlags of the latest AgentUpdate. */
  controlFlags: number;
  /** BodyRotation of the latest AgentUpdate (x, y, z, w). */
  readonly bodyRotation: Float32Array;
  /** SetAlwaysRun. */
  alwaysRun: boolean;
  /** Standing on the ground after the last step. */
  onGround: boolean;
  /** Flew in the last step: leaving flight drops its climb, and it falls from rest. */
  flying: boolean;
  /** What the viewers were last told (AvatarMotionDriver): when, the velocity and the facing. */
  reportedAtMs: number;
  readonly reportedVelocity: Float32Array;
  readonly reportedRotation: Float32Array;
}

export function createAvatarMotion(): AvatarMotion {
  return {
    controlFlags: 0, bodyRotation: Float32Array.of(0, 0, 0, 1), alwaysRun: false, onGround: false, flying: false,
    reportedAtMs: 0, reportedVelocity: new Float32Array(3), reportedRotation: Float32Array.of(0, 0, 0, 1),
  };
}

export interface Ground {
  readonly heightmap: Float32Array;
  /** Region edge, metres. */
  readonly size: number;
}

/** The heading (yaw about +Z, radians) of quaternion q = (x, y, z, w). */
export function yawOf(q: ArrayLike<number>): number {
  const x = q[0]!, y = q[1]!, z = q[2]!, w = q[3]!;
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

function sign(flags: number, positive: number, negative: number): number {
  return ((flags & positive) !== 0 ? 1 : 0) - ((flags & negative) !== 0 ? 1 : 0);
}

/**
 * Advances `avatar` by `dtSeconds` under `motion`: it faces the body rotation
 * (yaw only: an avatar stands upright), moves along its heading, and writes
 * the velocity it moved at. Returns true when its position or facing changed.
 */
export function stepAvatar(avatar: SceneObject, motion: AvatarMotion, ground: Ground, dtSeconds: number): boolean {
  let left = Number.isFinite(dtSeconds) ? Math.max(0, dtSeconds) : 0;
  const [x0, y0, z0] = avatar.position;
  const rz0 = avatar.rotation[2];
  const rw0 = avatar.rotation[3];
  faceBody(avatar, motion);
  while (left > 0) {
    const dt = Math.min(left, MAX_STEP_SECONDS);
    integrate(avatar, motion, ground, dt);
    left -= dt;
  }
  const p = avatar.position;
  return p[0] !== x0 || p[1] !== y0 || p[2] !== z0 || avatar.rotation[2] !== rz0 || avatar.rotation[3] !== rw0;
}

function faceBody(avatar: SceneObject, motion: AvatarMotion): void {
  const q = motion.bodyRotation;
  const length = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!);
  if (!(length > 1e-6) || !Number.isFinite(length)) return;
  const yaw = yawOf(q);
  const r = avatar.rotation;
  r[0] = 0;
  r[1] = 0;
  r[2] = Math.sin(yaw / 2);
  r[3] = Math.cos(yaw / 2);
}

function integrate(avatar: SceneObject, motion: AvatarMotion, ground: Ground, dt: number): void {
  const flags = motion.controlFlags;
  const flying = (flags & F.FLY) !== 0;
  const p = avatar.position;
  const v = avatar.velocity;
  const x0 = p[0], y0 = p[1], z0 = p[2];
  // Heading from the facing just set: the rotation is about Z only.
  const yaw = 2 * Math.atan2(avatar.rotation[2], avatar.rotation[3]);
  const at = (flags & F.STOP) !== 0 ? 0 : sign(flags, AT_FORWARD, AT_BACK);
  const side = (flags & F.STOP) !== 0 ? 0 : sign(flags, LEFT, RIGHT);
  const up = sign(flags, UP, DOWN);
  // Forward is the heading; left is the heading turned a quarter counter-clockwise.
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  let dx = at * c - side * s;
  let dy = at * s + side * c;
  const length = Math.hypot(dx, dy);
  if (length > 0) {
    const speed = flying ? FLY_SPEED : motion.alwaysRun ? RUN_SPEED : WALK_SPEED;
    dx = (dx / length) * speed;
    dy = (dy / length) * speed;
  }
  let vz: number;
  if (flying) {
    vz = up > 0 ? FLY_UP_SPEED : up < 0 ? -FLY_DOWN_SPEED : 0;
  } else if (motion.onGround && up > 0) {
    vz = JUMP_SPEED;
  } else {
    vz = Math.max(-TERMINAL_SPEED, (motion.onGround || motion.flying ? 0 : v[2]) - GRAVITY * dt);
  }
  motion.flying = flying;
  const size = ground.size;
  const x = Math.min(size - REGION_EDGE_MARGIN, Math.max(REGION_EDGE_MARGIN, x0 + dx * dt));
  const y = Math.min(size - REGION_EDGE_MARGIN, Math.max(REGION_EDGE_MARGIN, y0 + dy * dt));
  let z = Math.min(MAX_ALTITUDE, z0 + vz * dt);
  const floor = terrainHeightAt(ground.heightmap, size, x, y) + STAND_HEIGHT;
  // Walking keeps to the ground, downhill too; only a jump or flight leaves it.
  const keepsToGround = !flying && motion.onGround && vz <= 0;
  if (z <= floor || keepsToGround) {
    z = floor;
    motion.onGround = true;
  } else {
    motion.onGround = false;
  }
  p[0] = x;
  p[1] = y;
  p[2] = z;
  // The velocity it moved at, slopes and edges included, so viewers extrapolate along the ground.
  v[0] = (x - x0) / dt;
  v[1] = (y - y0) / dt;
  v[2] = motion.onGround ? (z - z0) / dt : vz;
}
