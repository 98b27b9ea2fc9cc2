/**
 * Flexible prims: the path bent by the viewer's per-frame simulation
 * (LLVolumeImplFlexible, llflexibleobject.cpp). The prim's length is cut into
 * 2^softness sections; each frame gravity, wind and the user force push the section
 * ends, tension pulls each back along its parent's direction, drag damps the
 * carried velocity, and each section is held to its length and to a bend of at most
 * atan(2 * length) from its parent. The sections are then resampled (cubic) to the
 * render resolution and handed out in the prim's unit space, where the volume
 * generator sweeps the profile along them instead of along the straight path.
 *
 * A system calls it each frame for the visible flexible prims within the draw distance:
 *
 *   state ??= new FlexibleState()                       // one per object, kept across frames
 *   frame.position / rotation / scale <- the world transform; frame.wind <- the region's wind
 *   frame.renderResolution = flexibleRenderResolution(scale z, camera distance, softness)
 *   path = stepFlexible(state, params, shape, frame, dtSeconds)   // params from FLEXIBLE_SCHEMA
 *   generatePrimVolume(shape, lod, volume, path)        // rebuild the mesh on the bent path
 *
 * Objects out of view are simply not stepped; the state resumes where it was.
 */
import {
  angleAxis, normalizeQuaternion, rotateVector, setAngleAxis, shortestArc, slerp, composeRotations,
} from './quaternion-slots.ts';
import type { PrimShapeParams } from './volume-shape.ts';

/** Softness is the log2 of the section count: 0..3 (1 to 8 sections). */
export const FLEXIBLE_MAX_SOFTNESS = 3;
const MAX_POINTS = (1 << FLEXIBLE_MAX_SOFTNESS) + 1;
/** The viewer's longest step: a slow frame does not fling the sections. */
const MAX_STEP_SECONDS = 0.2;
/** FLEXIBLE_OBJECT_MAX_INTERNAL_TENSION_FORCE */
const MAX_TENSION_FORCE = 0.99;
/** Smallest prim side the simulation divides by (a guard against zero scale). */
const MIN_SCALE = 0.001;

/** A flexible prim's parameters, named as `@slv/world`'s FLEXIBLE_SCHEMA names them. */
export interface FlexibleParams {
  /** 0..3: 2^softness sections. */
  softness: number;
  /** 0..10 */
  tension: number;
  /** Air friction, 0..10. */
  drag: number;
  /** -10..10, pulling toward -z (world). */
  gravity: number;
  /** Wind sensitivity, 0..10. */
  wind: number;
  /** The user force, world axes. */
  forceX: number;
  forceY: number;
  forceZ: number;
}

/** The object's frame this step: fill once per object (no allocation). */
export class FlexibleFrame {
  /** World (region) position of the prim's centre. */
  readonly position = new Float64Array(3);
  /** World rotation, quaternion x, y, z, w. */
  readonly rotation = Float64Array.of(0, 0, 0, 1);
  /** The prim's scale in metres. */
  readonly scale = Float64Array.of(1, 1, 1);
  /** Wind velocity at the prim, metres per second, world axes. */
  readonly wind = new Float64Array(3);
  /** log2 of the path sections drawn (see flexibleRenderResolution); below 0 skips the step. */
  renderResolution = FLEXIBLE_MAX_SOFTNESS;
}

/** The bent path in the prim's unit space (what the volume generator sweeps along). */
export class FlexiblePath {
  /** Path points: render sections + 1. */
  count = 0;
  /** x, y, z per point in unit space (the prim's scale divided out). */
  readonly position = new Float64Array(3 * MAX_POINTS);
  /** Orientation per point relative to the prim (x, y, z, w), twist included: the profile plane is its xy. */
  readonly rotation = new Float64Array(4 * MAX_POINTS);
  /** Profile x and y scale per point (the path's taper; 1 untapered). */
  readonly scale = new Float64Array(2 * MAX_POINTS);
  /** Texture t per point, 0..1. */
  readonly texT = new Float64Array(MAX_POINTS);
  /** The prim scale the unit space was measured against. */
  readonly primScale = Float64Array.of(1, 1, 1);
}

// Per section: position, direction, rotation, velocity, position derivative, scale (taper), twist rotation.
const POS = 0;
const DIR = 3;
const ROT = 6;
const VEL = 10;
const DPOS = 13;
const SCALE = 16;
const AXIS = 18;
const STRIDE = 22;

/** One flexible prim's simulation state, kept across frames. */
export class FlexibleState {
  /** The simulated sections in world space (section 0 is the anchor). */
  readonly sections = new Float64Array(MAX_POINTS * STRIDE);
  /** log2 of the simulated section count, -1 before the first step. */
  simulateResolution = -1;
  /** The last path handed out. */
  readonly path = new FlexiblePath();

  /** Forgets the motion: the next step starts straight (after a teleport, or a shape change). */
  reset(): void {
    this.simulateResolution = -1;
    this.path.count = 0;
  }
}

// Module scratch: stepping is synchronous and allocates nothing.
const rendered = new Float64Array(MAX_POINTS * STRIDE);
const remapSource = new Float64Array(MAX_POINTS * STRIDE);
const base = new Float64Array(4);
const inverseBase = new Float64Array(4);
const anchor = new Float64Array(3);
const scale = new Float64Array(3);
const wind = new Float64Array(3);
const delta = new Float64Array(4);
const half = new Float64Array(4);
const parentRotation = new Float64Array(4);
const axis = new Float64Array(3);
const zAxis = Float64Array.of(0, 0, 1);
const vector = new Float64Array(3);
const taper = new Float64Array(4);

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}

/**
 * LLVolumeImplFlexible::updateRenderRes: log2 of the path sections to draw for a prim `scaleZ`
 * long, `distance` metres from the camera: 12 * scaleZ / distance, at least softness - 1, at most 3.
 */
export function flexibleRenderResolution(scaleZ: number, distance: number, softness: number): number {
  const sections = clamp(Math.trunc(finiteOr(softness, 0)), 0, FLEXIBLE_MAX_SOFTNESS);
  const angle = finiteOr(scaleZ, 0) / finiteOr(distance, 0);
  const wanted = Number.isFinite(angle) ? Math.trunc(12 * angle) : FLEXIBLE_MAX_SOFTNESS;
  return clamp(wanted, sections - 1, FLEXIBLE_MAX_SOFTNESS);
}

/** Copies the frame into scratch, with non-finite values replaced and the rotation normalized. */
function readFrame(frame: FlexibleFrame): void {
  for (let k = 0; k < 4; k++) base[k] = finiteOr(frame.rotation[k]!, k === 3 ? 1 : 0);
  normalizeQuaternion(base, 0);
  inverseBase[0] = -base[0]!; inverseBase[1] = -base[1]!; inverseBase[2] = -base[2]!; inverseBase[3] = base[3]!;
  for (let k = 0; k < 3; k++) {
    scale[k] = Math.max(Math.abs(finiteOr(frame.scale[k]!, 1)), MIN_SCALE);
    wind[k] = finiteOr(frame.wind[k]!, 0);
  }
  // The anchor is the bottom centre: half the length down the prim's z.
  rotateVector(vector, 0, zAxis, 0, base, 0);
  for (let k = 0; k < 3; k++) anchor[k] = finiteOr(frame.position[k]!, 0) - 0.5 * scale[2]! * vector[k]!;
}

/** LLPathParams' begin and end scale (taper) from the path scale, and the twist angles. */
function readTaper(shape: PrimShapeParams): void {
  const sx = clamp(finiteOr(shape.pathScaleX, 1), 0, 2);
  const sy = clamp(finiteOr(shape.pathScaleY, 1), 0, 2);
  taper[0] = sx > 1 ? 2 - sx : 1;
  taper[1] = sy > 1 ? 2 - sy : 1;
  taper[2] = sx < 1 ? sx : 1;
  taper[3] = sy < 1 ? sy : 1;
}

/** Section 0 at the anchor, along the prim's z, at rest. */
function placeAnchor(s: Float64Array): void {
  for (let k = 0; k < 3; k++) s[POS + k] = anchor[k]!;
  rotateVector(s, DIR, zAxis, 0, base, 0);
  for (let k = 0; k < 3; k++) {
    s[DPOS + k] = s[DIR + k]!;
    s[VEL + k] = 0;
  }
  for (let k = 0; k < 4; k++) s[ROT + k] = base[k]!;
}

/**
 * remapSections: `src` at 2^srcRes sections into `dst` at 2^dstRes. From nothing (srcRes -1), a
 * straight rest shape along section 0; coarser, every n-th section; finer, a cubic through the
 * section ends and their derivatives, the rotations slerped and the rest interpolated linearly.
 */
function remapSections(src: Float64Array, srcRes: number, dst: Float64Array, dstRes: number, length: number): void {
  const outSections = 1 << dstRes;
  if (srcRes < 0) {
    const step = length / outSections;
    for (let i = 0; i < outSections; i++) {
      const from = i * STRIDE;
      const to = from + STRIDE;
      for (let k = 0; k < STRIDE; k++) dst[to + k] = dst[from + k]!;
      for (let k = 0; k < 3; k++) {
        dst[to + POS + k] = dst[from + POS + k]! + dst[from + DIR + k]! * step;
        dst[to + VEL + k] = 0;
      }
    }
    return;
  }
  if (srcRes >= dstRes) {
    const every = 1 << (srcRes - dstRes);
    for (let i = 0; i <= outSections; i++) dst.set(src.subarray(i * every * STRIDE, (i * every + 1) * STRIDE), i * STRIDE);
    return;
  }
  const steps = 1 << (dstRes - srcRes);
  const srcLength = length / (1 << srcRes);
  for (let j = 0; j < 1 << srcRes; j++) {
    const a = j * STRIDE;
    const b = a + STRIDE;
    dst.set(src.subarray(a, b), j * steps * STRIDE);
    for (let step = 1; step < steps; step++) {
      const t = step / steps;
      const o = (j * steps + step) * STRIDE;
      for (let k = 0; k < 3; k++) {
        const d = src[a + POS + k]!;
        const c = src[a + DPOS + k]! * srcLength;
        const y = src[b + DPOS + k]! * srcLength - c;
        const x = src[b + POS + k]! - d - c;
        const cubic = y - 2 * x;
        dst[o + POS + k] = t * t * (t * cubic + (x - cubic)) + t * c + d;
        dst[o + DIR + k] = src[a + DIR + k]! + (src[b + DIR + k]! - src[a + DIR + k]!) * t;
        dst[o + VEL + k] = src[a + VEL + k]! + (src[b + VEL + k]! - src[a + VEL + k]!) * t;
        dst[o + DPOS + k] = src[a + DPOS + k]! + (src[b + DPOS + k]! - src[a + DPOS + k]!) * t;
      }
      dst[o + SCALE] = src[a + SCALE]! + (src[b + SCALE]! - src[a + SCALE]!) * t;
      dst[o + SCALE + 1] = src[a + SCALE + 1]! + (src[b + SCALE + 1]! - src[a + SCALE + 1]!) * t;
      slerp(dst, o + ROT, t, src, a + ROT, src, b + ROT);
      slerp(dst, o + AXIS, t, src, a + AXIS, src, b + AXIS);
    }
  }
  dst.set(src.subarray(outSections / steps * STRIDE, (outSections / steps + 1) * STRIDE), outSections * STRIDE);
}

/** setAttributesOfAllSections: each section's taper and twist, by its place along the prim. */
function setSectionAttributes(s: Float64Array, sections: number, shape: PrimShapeParams): void {
  readTaper(shape);
  const twistBegin = Math.PI * clamp(finiteOr(shape.pathTwistBegin, 0), -1, 1);
  const twistEnd = Math.PI * clamp(finiteOr(shape.pathTwist, 0), -1, 1);
  for (let i = 0; i <= sections; i++) {
    const t = i / sections;
    const o = i * STRIDE;
    s[o + SCALE] = taper[0]! + (taper[2]! - taper[0]!) * t;
    s[o + SCALE + 1] = taper[1]! + (taper[3]! - taper[1]!) * t;
    setAngleAxis(s, o + AXIS, twistBegin + (twistEnd - twistBegin) * t, 0, 0, 1);
  }
}

/** One step of doFlexibleUpdate's simulation over `seconds` (0 < seconds <= 0.2). */
function simulate(s: Float64Array, sections: number, params: FlexibleParams, seconds: number): void {
  const length = scale[2]! / sections;
  placeAnchor(s);
  for (let k = 0; k < 4; k++) parentRotation[k] = base[k]!;

  const tension = clamp(finiteOr(params.tension, 1), 0, 10);
  const drag = clamp(finiteOr(params.drag, 2), 0, 10);
  const gravity = clamp(finiteOr(params.gravity, 0), -10, 10);
  const windSensitivity = clamp(finiteOr(params.wind, 0), 0, 10);
  const tensionFactor = Math.min(tension * 0.1 * (1 - Math.pow(0.85, seconds * 30)), MAX_TENSION_FORCE);
  const friction = Math.max(Math.pow(10, (drag * 2 + 1) * seconds), 1);
  const momentum = 1 / friction;
  const windFactor = windSensitivity * 0.1 * length * seconds;
  const maxAngle = Math.atan(length * 2);
  const forceFactor = length * seconds;
  const fx = finiteOr(params.forceX, 0) * forceFactor;
  const fy = finiteOr(params.forceY, 0) * forceFactor;
  const fz = finiteOr(params.forceZ, 0) * forceFactor;

  for (let i = 1; i <= sections; i++) {
    const o = i * STRIDE;
    const parent = o - STRIDE;
    // The direction tension pulls toward: the grandparent's (the anchor's for the first section).
    const pull = i === 1 ? DIR : parent - STRIDE + DIR;
    const lastX = s[o]!; const lastY = s[o + 1]!; const lastZ = s[o + 2]!;
    s[o + 2] = s[o + 2]! - gravity * forceFactor;
    if (windSensitivity > 0.001) {
      for (let k = 0; k < 3; k++) s[o + k] = s[o + k]! + wind[k]! * windFactor;
    }
    s[o] = s[o]! + fx; s[o + 1] = s[o + 1]! + fy; s[o + 2] = s[o + 2]! + fz;
    for (let k = 0; k < 3; k++) {
      const current = s[o + k]! - s[parent + k]!;
      s[o + k] = s[o + k]! + (s[pull + k]! * length - current) * tensionFactor;
      s[o + k] = s[o + k]! + s[o + VEL + k]! * momentum;
    }

    // Hold the length, and the bend from the parent to maxAngle.
    for (let k = 0; k < 3; k++) vector[k] = s[o + k]! - s[parent + k]!;
    const distance = Math.sqrt(vector[0]! * vector[0]! + vector[1]! * vector[1]! + vector[2]! * vector[2]!);
    if (distance > 1e-9) {
      for (let k = 0; k < 3; k++) vector[k] = vector[k]! / distance;
    } else {
      for (let k = 0; k < 3; k++) vector[k] = s[parent + DIR + k]!;
    }
    shortestArc(delta, 0, s, parent + DIR, vector, 0);
    let angle = angleAxis(delta, 0, axis);
    if (angle > Math.PI) angle -= 2 * Math.PI;
    if (angle < -Math.PI) angle += 2 * Math.PI;
    if (angle > maxAngle) setAngleAxis(delta, 0, maxAngle, axis[0]!, axis[1]!, axis[2]!);
    else if (angle < -maxAngle) setAngleAxis(delta, 0, -maxAngle, axis[0]!, axis[1]!, axis[2]!);
    composeRotations(parentRotation, 0, parentRotation, 0, delta, 0);
    rotateVector(s, o + DIR, s, parent + DIR, delta, 0);
    for (let k = 0; k < 3; k++) s[o + k] = s[parent + k]! + s[o + DIR + k]! * length;
    for (let k = 0; k < 4; k++) s[o + ROT + k] = parentRotation[k]!;
    if (i > 1) {
      // Half the bend goes back to the parent's rotation.
      setAngleAxis(half, 0, angle / 2, axis[0]!, axis[1]!, axis[2]!);
      composeRotations(s, parent + ROT, s, parent + ROT, half, 0);
    }

    s[o + VEL] = s[o]! - lastX; s[o + VEL + 1] = s[o + 1]! - lastY; s[o + VEL + 2] = s[o + 2]! - lastZ;
    const speed = s[o + VEL]! * s[o + VEL]! + s[o + VEL + 1]! * s[o + VEL + 1]! + s[o + VEL + 2]! * s[o + VEL + 2]!;
    if (speed > 1) {
      const inverse = 1 / Math.sqrt(speed);
      for (let k = 0; k < 3; k++) s[o + VEL + k] = s[o + VEL + k]! * inverse;
    }
  }

  // Derivatives of position along the prim (for the cubic resampling): one-sided at the ends, quadratic inside.
  const inverseLength = 1 / length;
  for (let i = 0; i <= sections; i++) {
    const o = i * STRIDE;
    for (let k = 0; k < 3; k++) {
      if (i === 0) s[o + DPOS + k] = (s[o + STRIDE + k]! - s[o + k]!) * inverseLength;
      else if (i === sections) s[o + DPOS + k] = (s[o + k]! - s[o - STRIDE + k]!) * inverseLength;
      else {
        const a = (s[o - STRIDE + k]! - s[o + k]! + s[o + STRIDE + k]! - s[o + k]!) * 0.5 * inverseLength * inverseLength;
        s[o + DPOS + k] = (s[o + STRIDE + k]! - s[o + k]! - a * length * length) * inverseLength;
      }
    }
  }
}

/** The rendered sections into `path`, relative to the prim and in its unit space. */
function writePath(path: FlexiblePath, renderRes: number): void {
  const count = (1 << renderRes) + 1;
  path.count = count;
  for (let k = 0; k < 3; k++) path.primScale[k] = scale[k]!;
  for (let i = 0; i < count; i++) {
    const o = i * STRIDE;
    for (let k = 0; k < 3; k++) vector[k] = rendered[o + k]! - anchor[k]!;
    rotateVector(vector, 0, vector, 0, inverseBase, 0);
    path.position[3 * i] = vector[0]! / scale[0]!;
    path.position[3 * i + 1] = vector[1]! / scale[1]!;
    // Measured from the anchor (the bottom), so the rest shape runs from -0.5 to 0.5.
    path.position[3 * i + 2] = vector[2]! / scale[2]! - 0.5;
    // Twist, then the section's world rotation, then back into the prim's frame.
    composeRotations(path.rotation, 4 * i, rendered, o + AXIS, rendered, o + ROT);
    composeRotations(path.rotation, 4 * i, path.rotation, 4 * i, inverseBase, 0);
    normalizeQuaternion(path.rotation, 4 * i);
    path.scale[2 * i] = rendered[o + SCALE]!;
    path.scale[2 * i + 1] = rendered[o + SCALE + 1]!;
    path.texT[i] = i / (count - 1);
  }
}

/**
 * Advances `state` by `dt` seconds (at most 0.2 counts) for a prim with flexible `params` and
 * shape `shape` (its path scale and twist taper and twist the sections) in `frame`, and returns
 * the bent path (state.path, overwritten each step). A dt of 0 or less (or not finite) simulates
 * nothing; a frame whose renderResolution is below 0 leaves the path as it was. Non-finite inputs
 * are replaced by defaults, so the path stays finite whatever is passed.
 */
export function stepFlexible(
  state: FlexibleState, params: FlexibleParams, shape: PrimShapeParams, frame: FlexibleFrame, dt: number,
): FlexiblePath {
  const softness = clamp(Math.trunc(finiteOr(params.softness, 0)), 0, FLEXIBLE_MAX_SOFTNESS);
  let renderRes = Math.trunc(finiteOr(frame.renderResolution, FLEXIBLE_MAX_SOFTNESS));
  renderRes = clamp(renderRes, softness - 1, FLEXIBLE_MAX_SOFTNESS);
  if (renderRes < 0) {
    if (state.simulateResolution >= 0) return state.path;
    renderRes = 0;
  }
  readFrame(frame);
  const s = state.sections;
  const simulateRes = Math.min(softness, renderRes);
  if (state.simulateResolution !== simulateRes) {
    // First step, or a new section count: place section 0 and remap the others onto the new count.
    remapSource.set(s);
    placeAnchor(s);
    remapSource.set(s.subarray(0, STRIDE));
    remapSections(remapSource, state.simulateResolution, s, simulateRes, scale[2]!);
    state.simulateResolution = simulateRes;
  }
  const sections = 1 << simulateRes;
  setSectionAttributes(s, sections, shape);
  if (dt > 0 && Number.isFinite(dt)) simulate(s, sections, params, Math.min(dt, MAX_STEP_SECONDS));
  else if (state.path.count > 0) return state.path;
  remapSections(s, simulateRes, rendered, renderRes, scale[2]!);
  writePath(state.path, renderRes);
  return state.path;
}
