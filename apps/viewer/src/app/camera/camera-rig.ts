/**
 * The viewer's camera: an eye with a yaw and a pitch, in one of three modes.
 * `follow` (the default, SL's third person) sits behind the avatar and swings
 * round as it turns; `orbit` circles a target (the agent unless told
 * otherwise) at a distance; `fly` moves the eye freely. Region coordinates,
 * Z up, as the simulator's: yaw 0 looks east (+X), yaw π/2 north (+Y).
 *
 * Everything here is plain arithmetic on the rig and caller-owned arrays, so
 * the browser's input code and the tests share it; nothing allocates per frame.
 */
import { mat4, vec3 } from 'gl-matrix';
import type { Camera } from '@slv/core';
import type { AgentCamera } from '@slv/net';

export type CameraMode = 'follow' | 'orbit' | 'fly';

export interface CameraRig {
  mode: CameraMode;
  /** Eye position, region metres (written by stepCamera in orbit mode). */
  readonly eye: Float32Array;
  /** Radians: 0 looks along +X, growing counter-clockwise seen from above. */
  yaw: number;
  /** Radians above the horizon, within ±MAX_PITCH. */
  pitch: number;
  /** What orbit mode circles. */
  readonly target: Float32Array;
  /** Orbit distance from the target, metres. */
  distance: number;
  /** Orbit mode moves the target to the agent every frame. */
  followAgent: boolean;
  /** Fly speed, metres per second (four times that while `fast`). */
  flySpeed: number;
  /** Vertical field of view, radians. */
  fovY: number;
  near: number;
}

/** What the input layer accumulated since the last frame; stepCamera consumes the deltas. */
export interface CameraInput {
  /** Held movement axes, -1..1: forward (W/S), right (D/A), up (E/Q). */
  forward: number;
  right: number;
  up: number;
  fast: boolean;
  /** Mouse movement while dragging, pixels. */
  lookDx: number;
  lookDy: number;
  /** Wheel delta, pixels (positive zooms out). */
  zoom: number;
}

export const MAX_PITCH = Math.PI / 2 - 0.01;
export const MIN_ORBIT_DISTANCE = 1;
export const MAX_ORBIT_DISTANCE = 1000;
/** Radians per pixel of mouse movement. */
export const LOOK_SENSITIVITY = 0.005;
/** Orbit distance grows by e^(ZOOM_RATE × wheel pixels). */
export const ZOOM_RATE = 0.0015;
/** Height of the orbit target above the agent's position (about its head). */
export const AGENT_EYE_HEIGHT = 1.6;
/** Follow mode swings behind the avatar at this rate (1/s): most of the way in half a second. */
export const FOLLOW_RATE = 4;
/** The eye keeps this far above the ground, metres: the near plane (0.1 m) never cuts into a slope. */
export const GROUND_CLEARANCE = 0.5;
/**
 * Follow and orbit zoom out to at most this share of the draw distance: the
 * avatar stays in the clear part of the fog, and the ground around it is
 * inside the far plane (zooming past it left an empty screen).
 */
export const MAX_DISTANCE_SHARE_OF_DRAW = 0.5;
/** Where the ground is tested along the arm from the target to the eye, metres apart. */
const ARM_STEP = 0.25;
export const DEFAULT_DISTANCE = 6;
export const DEFAULT_PITCH = -0.25;

/** What limits the camera: the ground under it and how far the view reaches. Made once, updated in place. */
export interface CameraBounds {
  /** The draw distance (the far plane), metres. */
  drawDistance: number;
  /** Ground height at region (x, y), metres; NaN where none has arrived. */
  groundHeight: (x: number, y: number) => number;
}

export function createCameraRig(): CameraRig {
  return {
    mode: 'follow',
    eye: Float32Array.of(128, 120, 30),
    yaw: Math.PI / 2,
    pitch: DEFAULT_PITCH,
    target: Float32Array.of(128, 128, 25),
    distance: DEFAULT_DISTANCE,
    followAgent: true,
    flySpeed: 12,
    fovY: (60 * Math.PI) / 180,
    near: 0.1,
  };
}

export function createCameraInput(): CameraInput {
  return { forward: 0, right: 0, up: 0, fast: false, lookDx: 0, lookDy: 0, zoom: 0 };
}

function clampPitch(pitch: number): number {
  return Math.min(MAX_PITCH, Math.max(-MAX_PITCH, pitch));
}

/** Unit view direction of the rig into `out`. */
export function cameraForward(out: Float32Array | vec3, rig: CameraRig): Float32Array | vec3 {
  const c = Math.cos(rig.pitch);
  out[0] = Math.cos(rig.yaw) * c;
  out[1] = Math.sin(rig.yaw) * c;
  out[2] = Math.sin(rig.pitch);
  return out;
}

const forward = new Float32Array(3);

/** Places the eye from target, yaw, pitch and distance (orbit mode). */
export function placeOrbitEye(rig: CameraRig): void {
  cameraForward(forward, rig);
  for (let k = 0; k < 3; k++) rig.eye[k] = rig.target[k]! - forward[k]! * rig.distance;
}

/** The farthest follow and orbit may zoom out with this draw distance. */
export function maxCameraDistance(drawDistance: number): number {
  const reach = Number.isFinite(drawDistance) && drawDistance > 0 ? drawDistance * MAX_DISTANCE_SHARE_OF_DRAW : MAX_ORBIT_DISTANCE;
  return Math.max(MIN_ORBIT_DISTANCE, Math.min(MAX_ORBIT_DISTANCE, reach));
}

/** Lowest the eye may be at (x, y): the ground plus the clearance, or -∞ where no ground is known. */
function lowestEye(bounds: CameraBounds, x: number, y: number): number {
  const ground = bounds.groundHeight(x, y);
  return Number.isFinite(ground) ? ground + GROUND_CLEARANCE : Number.NEGATIVE_INFINITY;
}

/**
 * Keeps the eye out of the ground. Follow and orbit pull the eye in along the
 * arm from the target to the first point that would be under the ground (so
 * the view still looks at the avatar, as the SL viewer's camera collides);
 * then, and in fly mode, an eye still too low is lifted to the clearance.
 */
export function keepEyeAboveGround(rig: CameraRig, bounds: CameraBounds): void {
  if (rig.mode !== 'fly') {
    cameraForward(forward, rig);
    let reach = rig.distance;
    for (let t = ARM_STEP; t < rig.distance + ARM_STEP; t += ARM_STEP) {
      const along = Math.min(t, rig.distance);
      const x = rig.target[0]! - forward[0]! * along;
      const y = rig.target[1]! - forward[1]! * along;
      const z = rig.target[2]! - forward[2]! * along;
      if (z < lowestEye(bounds, x, y)) {
        reach = along - ARM_STEP;
        break;
      }
    }
    // A target buried too (looking up from below) leaves nothing to pull in to; lifting alone follows.
    if (reach < rig.distance && reach >= MIN_ORBIT_DISTANCE * 0.5) {
      for (let k = 0; k < 3; k++) rig.eye[k] = rig.target[k]! - forward[k]! * reach;
    }
  }
  const floor = lowestEye(bounds, rig.eye[0]!, rig.eye[1]!);
  if (rig.eye[2]! < floor) rig.eye[2] = floor;
}

/** Esc: the view a session starts with, behind the avatar at the default distance and tilt. */
export function resetCameraView(rig: CameraRig): void {
  rig.mode = 'follow';
  rig.followAgent = true;
  rig.distance = DEFAULT_DISTANCE;
  rig.pitch = DEFAULT_PITCH;
}

/**
 * Advances the rig by one frame of input: mouse look (every mode: follow and
 * orbit turn around the target), wheel zoom (follow and orbit distance; fly
 * speed in fly mode), movement keys (fly mode). `agent`, when given and
 * followed, is the agent's position and `agentYaw` its heading, which follow
 * mode swings behind. `bounds`, when given, caps the zoom by the draw
 * distance and keeps the eye above the ground. Consumes the input's deltas.
 */
export function stepCamera(
  rig: CameraRig, input: CameraInput, dtSeconds: number, agent?: ArrayLike<number> | null, agentYaw = Number.NaN, bounds?: CameraBounds,
): void {
  const dt = Number.isFinite(dtSeconds) ? Math.min(Math.max(dtSeconds, 0), 0.25) : 0;
  // Dragging sideways looks at the avatar from elsewhere, as SL's orbit; moving it again resets the view.
  if (rig.mode === 'follow' && input.lookDx !== 0) rig.mode = 'orbit';
  rig.yaw -= input.lookDx * LOOK_SENSITIVITY;
  rig.pitch = clampPitch(rig.pitch - input.lookDy * LOOK_SENSITIVITY);
  // Keep yaw in (-π, π] so it never loses precision after long spins.
  rig.yaw = Math.atan2(Math.sin(rig.yaw), Math.cos(rig.yaw));
  if (rig.mode !== 'fly') {
    // Every frame, not only on a wheel turn: a lower draw distance pulls the camera in at once.
    const farthest = bounds === undefined ? MAX_ORBIT_DISTANCE : maxCameraDistance(bounds.drawDistance);
    rig.distance = Math.min(farthest, Math.max(MIN_ORBIT_DISTANCE, rig.distance * Math.exp(input.zoom * ZOOM_RATE)));
    if (rig.mode === 'follow' && Number.isFinite(agentYaw)) {
      const behind = Math.atan2(Math.sin(agentYaw - rig.yaw), Math.cos(agentYaw - rig.yaw));
      rig.yaw += behind * Math.min(1, dt * FOLLOW_RATE);
    }
    if ((rig.followAgent || rig.mode === 'follow') && agent) {
      rig.target[0] = agent[0]!;
      rig.target[1] = agent[1]!;
      rig.target[2] = agent[2]! + AGENT_EYE_HEIGHT;
    }
    placeOrbitEye(rig);
  } else {
    if (input.zoom !== 0) rig.flySpeed = Math.min(200, Math.max(0.5, rig.flySpeed * Math.exp(-input.zoom * ZOOM_RATE)));
    const step = rig.flySpeed * (input.fast ? 4 : 1) * dt;
    cameraForward(forward, rig);
    // Right is forward turned a quarter clockwise in the horizontal plane.
    const rx = Math.sin(rig.yaw);
    const ry = -Math.cos(rig.yaw);
    rig.eye[0] += (forward[0]! * input.forward + rx * input.right) * step;
    rig.eye[1] += (forward[1]! * input.forward + ry * input.right) * step;
    rig.eye[2] += (forward[2]! * input.forward + input.up) * step;
  }
  if (bounds !== undefined) keepEyeAboveGround(rig, bounds);
  input.lookDx = 0;
  input.lookDy = 0;
  input.zoom = 0;
}

/**
 * Points the rig from `eye` at `target` and switches to fly mode (the agent is
 * no longer followed); the orbit target and distance are set too, so switching
 * to orbit afterwards keeps the view.
 */
export function lookAtPoint(rig: CameraRig, eye: ArrayLike<number>, target: ArrayLike<number>): void {
  const dx = target[0]! - eye[0]!;
  const dy = target[1]! - eye[1]!;
  const dz = target[2]! - eye[2]!;
  const horizontal = Math.hypot(dx, dy);
  const length = Math.hypot(horizontal, dz);
  if (!(length > 1e-6) || ![dx, dy, dz].every(Number.isFinite)) {
    throw new RangeError('lookAt: eye and target must be finite and distinct points');
  }
  rig.mode = 'fly';
  rig.followAgent = false;
  for (let k = 0; k < 3; k++) {
    rig.eye[k] = eye[k]!;
    rig.target[k] = target[k]!;
  }
  rig.yaw = horizontal > 1e-9 ? Math.atan2(dy, dx) : rig.yaw;
  rig.pitch = clampPitch(Math.atan2(dz, horizontal));
  rig.distance = Math.min(MAX_ORBIT_DISTANCE, Math.max(MIN_ORBIT_DISTANCE, length));
}

const center = vec3.create();
const up = vec3.fromValues(0, 0, 1);

/**
 * Writes the engine camera: view (looking along the rig's forward, Z up),
 * perspective projection for `aspect` with its far plane at `far` (the draw
 * distance), and the eye position.
 */
export function writeCameraMatrices(camera: Camera, rig: CameraRig, aspect: number, far: number): void {
  cameraForward(forward, rig);
  vec3.set(center, rig.eye[0]! + forward[0]!, rig.eye[1]! + forward[1]!, rig.eye[2]! + forward[2]!);
  mat4.lookAt(camera.view, rig.eye, center, up);
  mat4.perspective(camera.projection, rig.fovY, aspect > 0 && Number.isFinite(aspect) ? aspect : 1, rig.near, Math.max(far, rig.near * 2));
  camera.position.set(rig.eye);
}

/**
 * Writes the camera the AgentUpdate carries: centre = eye, at = forward,
 * left = Z × at, up = at × left (the SL viewer's LLCoordFrame), far = draw distance.
 */
export function writeAgentCamera(agent: AgentCamera, rig: CameraRig, far: number): void {
  cameraForward(agent.atAxis, rig);
  const ax = agent.atAxis[0]!;
  const ay = agent.atAxis[1]!;
  const az = agent.atAxis[2]!;
  const horizontal = Math.hypot(ax, ay) || 1;
  const lx = -ay / horizontal;
  const ly = ax / horizontal;
  agent.leftAxis[0] = lx;
  agent.leftAxis[1] = ly;
  agent.leftAxis[2] = 0;
  agent.upAxis[0] = -az * ly;
  agent.upAxis[1] = az * lx;
  agent.upAxis[2] = ax * ly - ay * lx;
  agent.center.set(rig.eye);
  agent.far = far;
}

const viewProjection = mat4.create();
const clip = new Float32Array(4);

/**
 * Projects a region point through the camera to canvas pixels (origin top
 * left) of a `width` × `height` canvas: writes x, y and the clip-space depth
 * into `out`, and returns false when the point is behind the eye.
 */
export function projectToCanvas(out: Float32Array | number[], camera: Camera, point: ArrayLike<number>, width: number, height: number): boolean {
  mat4.multiply(viewProjection, camera.projection, camera.view);
  const m = viewProjection;
  const x = point[0]!;
  const y = point[1]!;
  const z = point[2]!;
  for (let r = 0; r < 4; r++) clip[r] = m[r]! * x + m[4 + r]! * y + m[8 + r]! * z + m[12 + r]!;
  const w = clip[3]!;
  out[0] = ((clip[0]! / w) * 0.5 + 0.5) * width;
  out[1] = (0.5 - (clip[1]! / w) * 0.5) * height;
  out[2] = clip[2]! / w;
  return w > 0;
}
