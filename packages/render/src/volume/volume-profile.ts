/**
 * The profile: the 2D outline a prim sweeps along its path, with the list of faces
 * cut from it. A port of LLProfile::generate / genNGon / addHole (llvolume.cpp),
 * in the viewer's 32-bit float arithmetic wherever a value decides how many points
 * come out, so point and face counts match the viewer's.
 */
import {
  HOLE_CIRCLE, HOLE_SQUARE, HOLE_TRIANGLE, PROFILE_CIRCLE, PROFILE_CIRCLE_HALF, PROFILE_EQUALTRI, PROFILE_ISOTRI,
  PROFILE_RIGHTTRI, PROFILE_SQUARE, type VolumeShape,
} from './volume-shape.ts';

/** LLFaceID bits. */
export const FACE_PATH_BEGIN = 1 << 0;
export const FACE_PATH_END = 1 << 1;
export const FACE_INNER_SIDE = 1 << 2;
export const FACE_PROFILE_BEGIN = 1 << 3;
export const FACE_PROFILE_END = 1 << 4;
export const FACE_OUTER_SIDE_0 = 1 << 5;

export const MIN_DETAIL_FACES = 6;

const f = Math.fround;
const F_PI = f(3.1415926535);
const TWO_PI = f(2 * F_PI);
/** genNGon's radius for polygons of fewer than 8 sides, so they fill the unit box. */
const TABLE_SCALE = [1, 1, 1, 0.5, 0.707107, 0.53, 0.525, 0.5].map(f);
const MAX_FACES = 16;

/** llround: round half up. */
function llround(x: number): number {
  return Math.floor(x + 0.5);
}

export class VolumeProfile {
  /** x, y and the texture parameter (LLVector3 mProfile), count points. */
  points = new Float64Array(3 * 64);
  count = 0;
  /** Points on the outside when hollow (mTotalOut). */
  totalOut = 0;
  open = false;
  faceCount = 0;
  readonly faceIndex = new Int32Array(MAX_FACES);
  readonly faceCountS = new Int32Array(MAX_FACES);
  readonly faceId = new Int32Array(MAX_FACES);
  readonly faceCap = new Uint8Array(MAX_FACES);
  readonly faceFlat = new Uint8Array(MAX_FACES);
  /** Scratch for addHole's reversal. */
  reverse = new Float64Array(3 * 64);
}

function push(p: VolumeProfile, x: number, y: number, z: number): void {
  if (3 * p.count + 3 > p.points.length) {
    const grown = new Float64Array(p.points.length * 2);
    grown.set(p.points);
    p.points = grown;
  }
  const o = 3 * p.count++;
  p.points[o] = f(x);
  p.points[o + 1] = f(y);
  p.points[o + 2] = f(z);
}

/** Pushes the `split` points between the last point and (x, y, z), as genNGon does to tessellate long edges. */
function pushSplit(p: VolumeProfile, split: number, x: number, y: number, z: number): void {
  if (p.count === 0) return;
  const o = 3 * (p.count - 1);
  const px = p.points[o]!;
  const py = p.points[o + 1]!;
  const pz = p.points[o + 2]!;
  for (let i = 0; i < split; i++) {
    const k = f(i + 1);
    push(p, px + f(f(x - px) / (split + 1)) * k, py + f(f(y - py) / (split + 1)) * k, pz + f(f(z - pz) / (split + 1)) * k);
  }
}

function addFace(p: VolumeProfile, index: number, count: number, id: number, flat: boolean, cap: boolean): void {
  const n = p.faceCount++;
  p.faceIndex[n] = index;
  p.faceCountS[n] = count;
  p.faceId[n] = id;
  p.faceFlat[n] = flat ? 1 : 0;
  p.faceCap[n] = cap ? 1 : 0;
}

/** LLProfile::genNGon: an arc of a regular `sides`-gon from the profile's begin to its end cut. */
function genNGon(p: VolumeProfile, shape: VolumeShape, sides: number, offset: number, angScale: number, split: number): void {
  const begin = shape.profileBegin;
  const end = shape.profileEnd;
  const tStep = f(1 / sides);
  const angStep = f(f(TWO_PI * tStep) * angScale);
  const totalSides = llround(f(sides / angScale));
  const scale = totalSides < 8 ? TABLE_SCALE[totalSides]! : 0.5;

  const tFirst = f(Math.floor(f(begin * sides)) / sides);
  let t = tFirst;
  let ang = f(TWO_PI * f(f(t * angScale) + offset));
  let x1 = f(Math.cos(ang) * scale);
  let y1 = f(Math.sin(ang) * scale);
  let z1 = t;

  t = f(t + tStep);
  ang = f(ang + angStep);
  let x2 = f(Math.cos(ang) * scale);
  let y2 = f(Math.sin(ang) * scale);
  let z2 = t;

  let fraction = f(f(begin - tFirst) * sides);
  // Only if the cut is not almost exactly on a corner.
  if (fraction < f(0.9999)) {
    push(p, x1 + (x2 - x1) * fraction, y1 + (y2 - y1) * fraction, z1 + (z2 - z1) * fraction);
  }

  while (t < end) {
    x1 = f(Math.cos(ang) * scale);
    y1 = f(Math.sin(ang) * scale);
    z1 = t;
    pushSplit(p, split, x1, y1, z1);
    push(p, x1, y1, z1);
    t = f(t + tStep);
    ang = f(ang + angStep);
  }

  x2 = f(Math.cos(ang) * scale);
  y2 = f(Math.sin(ang) * scale);
  z2 = t;
  fraction = f(f(end - f(t - tStep)) * sides);
  if (fraction > f(0.0001)) {
    const x = f(x1 + f(x2 - x1) * fraction);
    const y = f(y1 + f(y2 - y1) * fraction);
    const z = f(z1 + f(z2 - z1) * fraction);
    pushSplit(p, split, x, y, z);
    push(p, x, y, z);
  }

  if (f(f(end - begin) * angScale) < f(0.99)) {
    p.open = true;
    // A sliced solid profile closes through its centre.
    if (shape.hollow <= 0) push(p, 0, 0, 0);
  } else {
    p.open = false;
  }
}

/** LLProfile::addHole: the inner outline, scaled by the hollow and walked backwards. */
function addHole(
  p: VolumeProfile, shape: VolumeShape, flat: boolean, sides: number, offset: number, boxHollow: number,
  angScale: number, split: number,
): void {
  p.totalOut = p.count;
  genNGon(p, shape, Math.floor(sides), offset, angScale, split);
  addFace(p, p.totalOut, p.count - p.totalOut, FACE_INNER_SIDE, flat, false);
  const n = p.count - p.totalOut;
  if (p.reverse.length < 3 * n) p.reverse = new Float64Array(p.points.length);
  const from = 3 * p.totalOut;
  for (let i = 0; i < 3 * n; i++) p.reverse[i] = f(p.points[from + i]! * boxHollow);
  for (let i = 0; i < n; i++) {
    const src = 3 * (n - 1 - i);
    const dst = from + 3 * i;
    p.points[dst] = p.reverse[src]!;
    p.points[dst + 1] = p.reverse[src + 1]!;
    p.points[dst + 2] = p.reverse[src + 2]!;
  }
}

/**
 * LLProfile::generate at `detail` (1, 1.5, 2.5 or 4). Returns false, with no faces, when the
 * profile cut leaves less than 0.01 (the viewer draws nothing then).
 */
export function generateVolumeProfile(
  p: VolumeProfile, shape: VolumeShape, pathOpen: boolean, detail: number, split: number,
): boolean {
  p.count = 0;
  p.totalOut = 0;
  p.faceCount = 0;
  p.open = false;
  const begin = shape.profileBegin;
  const end = shape.profileEnd;
  const hollow = shape.hollow;
  if (begin > f(end - f(0.01))) return false;

  let faceNum = 0;
  switch (shape.profileShape) {
    case PROFILE_SQUARE: {
      genNGon(p, shape, 4, -0.375, 1, split);
      if (pathOpen) addFace(p, 0, p.count, FACE_PATH_BEGIN, false, true);
      const last = Math.floor(f(f(end * 4) + f(0.999)));
      for (let i = Math.floor(f(begin * 4)); i < last; i++) {
        addFace(p, faceNum++ * (split + 1), split + 2, FACE_OUTER_SIDE_0 << i, true, false);
      }
      // Scale by 4 for the texture coordinates.
      for (let i = 0; i < p.count; i++) p.points[3 * i + 2] = f(p.points[3 * i + 2]! * 4);
      if (hollow > 0) {
        switch (shape.holeType) {
          case HOLE_TRIANGLE: addHole(p, shape, true, 3, -0.375, hollow, 1, split); break;
          case HOLE_CIRCLE: addHole(p, shape, false, f(MIN_DETAIL_FACES * detail), -0.375, hollow, 1, 0); break;
          default: addHole(p, shape, true, 4, -0.375, hollow, 1, split); break;
        }
      }
      break;
    }
    case PROFILE_ISOTRI:
    case PROFILE_RIGHTTRI:
    case PROFILE_EQUALTRI: {
      genNGon(p, shape, 3, 0, 1, split);
      for (let i = 0; i < p.count; i++) p.points[3 * i + 2] = f(p.points[3 * i + 2]! * 3);
      if (pathOpen) addFace(p, 0, p.count, FACE_PATH_BEGIN, false, true);
      const last = Math.floor(f(f(end * 3) + f(0.999)));
      for (let i = Math.floor(f(begin * 3)); i < last; i++) {
        addFace(p, faceNum++ * (split + 1), split + 2, FACE_OUTER_SIDE_0 << i, true, false);
      }
      if (hollow > 0) {
        // Triangles fill less of the box, so they take half the hollow.
        const triangleHollow = f(hollow / 2);
        switch (shape.holeType) {
          case HOLE_CIRCLE: addHole(p, shape, false, f(MIN_DETAIL_FACES * detail), 0, triangleHollow, 1, 0); break;
          case HOLE_SQUARE: addHole(p, shape, true, 4, 0, triangleHollow, 1, split); break;
          default: addHole(p, shape, true, 3, 0, triangleHollow, 1, split); break;
        }
      }
      break;
    }
    case PROFILE_CIRCLE: {
      let circleDetail = f(MIN_DETAIL_FACES * detail);
      // A square hole needs a multiple of four sides for the corners to line up.
      if (hollow > 0 && shape.holeType === HOLE_SQUARE) circleDetail = f(Math.ceil(f(circleDetail / 4)) * 4);
      genNGon(p, shape, Math.trunc(circleDetail), 0, 1, 0);
      if (pathOpen) addFace(p, 0, p.count, FACE_PATH_BEGIN, false, true);
      addFace(p, 0, p.open && !(hollow > 0) ? p.count - 1 : p.count, FACE_OUTER_SIDE_0, false, false);
      if (hollow > 0) {
        switch (shape.holeType) {
          case HOLE_SQUARE: addHole(p, shape, true, 4, 0, hollow, 1, split); break;
          case HOLE_TRIANGLE: addHole(p, shape, true, 3, 0, hollow, 1, split); break;
          default: addHole(p, shape, false, circleDetail, 0, hollow, 1, 0); break;
        }
      }
      break;
    }
    case PROFILE_CIRCLE_HALF: {
      let circleDetail = f(f(MIN_DETAIL_FACES * detail) * 0.5);
      if (hollow > 0 && shape.holeType === HOLE_SQUARE) circleDetail = f(Math.ceil(f(circleDetail / 2)) * 2);
      genNGon(p, shape, Math.floor(circleDetail), 0.5, 0.5, 0);
      if (pathOpen) addFace(p, 0, p.count, FACE_PATH_BEGIN, false, true);
      addFace(p, 0, p.open && !(hollow > 0) ? p.count - 1 : p.count, FACE_OUTER_SIDE_0, false, false);
      if (hollow > 0) {
        switch (shape.holeType) {
          case HOLE_SQUARE: addHole(p, shape, true, 2, 0.5, hollow, 0.5, split); break;
          case HOLE_TRIANGLE: addHole(p, shape, true, 3, 0.5, hollow, 0.5, split); break;
          default: addHole(p, shape, false, circleDetail, 0.5, hollow, 0.5, 0); break;
        }
      }
      // A half circle is always "sliced"; an uncut solid one closes back to its first point.
      if (f(end - begin) < 1) {
        p.open = true;
      } else if (!(hollow > 0)) {
        p.open = false;
        push(p, p.points[0]!, p.points[1]!, p.points[2]!);
      }
      break;
    }
    default:
      // readVolumeShape maps unknown profiles to squares; PROFILE_CIRCLE documents the last case.
      throw new RangeError(`generateVolumeProfile: unknown profile ${shape.profileShape} (circle is ${PROFILE_CIRCLE})`);
  }

  if (pathOpen) addFace(p, 0, p.count, FACE_PATH_END, false, true);
  if (p.open) {
    addFace(p, p.count - 1, 2, FACE_PROFILE_BEGIN, true, false);
    addFace(p, hollow > 0 ? p.totalOut - 1 : p.count - 2, 2, FACE_PROFILE_END, true, false);
  }
  return true;
}
