/**
 * The path: the points a prim's profile is swept through, each with a position,
 * a rotation, a profile scale and a texture coordinate. A port of LLPath::generate
 * and LLPath::genNGon (llvolume.cpp) for line, circle, circle2 and test paths, in
 * the viewer's 32-bit float arithmetic wherever a value decides how many points come out.
 */
import { MIN_DETAIL_FACES } from './volume-profile.ts';
import { PATH_CIRCLE, PATH_CIRCLE2, PATH_TEST, type VolumeShape } from './volume-shape.ts';

const f = Math.fround;
const F_PI = f(3.1415926535);
const TWO_PI = f(2 * F_PI);
const TABLE_SCALE = [1, 1, 1, 0.5, 0.707107, 0.53, 0.525, 0.5].map(f);

export class VolumePath {
  count = 0;
  /** Whether the swept solid has end caps (LLPath::mOpen). */
  open = true;
  capacity = 0;
  /** x, y, z per point. */
  pos = new Float64Array(0);
  /** Row-major 3x3 rotation per point: world = rot * (x, y, 0). */
  rot = new Float64Array(0);
  /** Profile x and y scale per point. */
  scale = new Float64Array(0);
  texT = new Float64Array(0);
}

/** Makes room for `n` points, keeping those there. */
export function reserveVolumePath(p: VolumePath, n: number): void {
  if (n <= p.capacity) return;
  const capacity = Math.max(n, p.capacity * 2, 32);
  const grow = (a: Float64Array, k: number): Float64Array<ArrayBuffer> => {
    const b = new Float64Array(capacity * k);
    b.set(a);
    return b;
  };
  p.pos = grow(p.pos, 3);
  p.rot = grow(p.rot, 9);
  p.scale = grow(p.scale, 2);
  p.texT = grow(p.texT, 1);
  p.capacity = capacity;
}

/**
 * Sets point `i`'s rotation to "about z by `twist`, then about x by `ang`" (LLQuaternion twist * qang:
 * the viewer's quaternion product applies its left operand first).
 */
function setRotation(p: VolumePath, i: number, twist: number, ang: number): void {
  const cz = Math.cos(twist);
  const sz = Math.sin(twist);
  const cx = Math.cos(ang);
  const sx = Math.sin(ang);
  const r = p.rot;
  const o = 9 * i;
  r[o] = cz; r[o + 1] = -sz; r[o + 2] = 0;
  r[o + 3] = cx * sz; r[o + 4] = cx * cz; r[o + 5] = -sx;
  r[o + 6] = sx * sz; r[o + 7] = sx * cz; r[o + 8] = cx;
}

function lerp(a: number, b: number, u: number): number {
  return f(a + f(f(b - a) * u));
}

/** genNGon's per-call values, kept at module level so that generating allocates nothing. */
const ngon = {
  holeX: 0, holeY: 0, taperXBegin: 1, taperXEnd: 1, taperYBegin: 1, taperYEnd: 1, radiusStart: 0, radiusEnd: 0,
};

function addNGonPoint(p: VolumePath, shape: VolumeShape, t: number): void {
  const i = p.count++;
  const skew = shape.skew;
  const ang = f(f(TWO_PI * shape.revolutions) * t);
  const radius = lerp(ngon.radiusStart, ngon.radiusEnd, t);
  const s = f(Math.sin(ang) * radius);
  const c = f(Math.cos(ang) * radius);
  p.pos[3 * i] = f(f(shape.shearX * s) + f(lerp(-skew, skew, t) * 0.5));
  p.pos[3 * i + 1] = f(c + f(shape.shearY * s));
  p.pos[3 * i + 2] = s;
  p.scale[2 * i] = f(ngon.holeX * lerp(ngon.taperXBegin, ngon.taperXEnd, t));
  p.scale[2 * i + 1] = f(ngon.holeY * lerp(ngon.taperYBegin, ngon.taperYEnd, t));
  p.texT[i] = t;
  setRotation(p, i, f(f(f(lerp(shape.twistBegin, shape.twist, t) * 2) * F_PI) - F_PI), ang);
}

/** LLPath::genNGon: `sides` steps around a circle, from the path's begin cut to its end cut. */
function genNGon(p: VolumePath, shape: VolumeShape, sides: number): void {
  const skewMag = Math.abs(shape.skew);
  ngon.holeX = f(shape.scaleX * f(1 - skewMag));
  ngon.holeY = shape.scaleY;

  // Negative taper tapers the beginning instead.
  ngon.taperXBegin = 1;
  ngon.taperXEnd = f(1 - shape.taperX);
  ngon.taperYBegin = 1;
  ngon.taperYEnd = f(1 - shape.taperY);
  if (ngon.taperXEnd > 1) {
    ngon.taperXBegin = f(2 - ngon.taperXEnd);
    ngon.taperXEnd = 1;
  }
  if (ngon.taperYEnd > 1) {
    ngon.taperYBegin = f(2 - ngon.taperYEnd);
    ngon.taperYEnd = 1;
  }

  // Small polygons are scaled to fill the box; the hole size shrinks the radius.
  let radiusStart = sides < 8 ? TABLE_SCALE[sides]! : 0.5;
  radiusStart = f(radiusStart * f(1 - ngon.holeY));
  let radiusEnd = radiusStart;
  if (shape.radiusOffset < 0) radiusStart = f(radiusStart * f(1 + shape.radiusOffset));
  else radiusEnd = f(radiusEnd * f(1 - shape.radiusOffset));
  ngon.radiusStart = radiusStart;
  ngon.radiusEnd = radiusEnd;

  p.open = f(shape.pathEnd - shape.pathBegin) < 1 ||
    skewMag > f(0.001) ||
    Math.abs(f(ngon.taperXEnd - ngon.taperXBegin)) > f(0.001) ||
    Math.abs(f(ngon.taperYEnd - ngon.taperYBegin)) > f(0.001) ||
    Math.abs(f(radiusEnd - radiusStart)) > f(0.001);

  const step = f(1 / sides);
  const end = shape.pathEnd;
  let t = shape.pathBegin;
  reserveVolumePath(p, sides + 3);
  addNGonPoint(p, shape, t);
  // Snap to the quantized steps so a cut does not move the points in between.
  t = f(Math.trunc(f(f(t + step) * sides)) / sides);
  while (t < end) {
    reserveVolumePath(p, p.count + 2);
    addNGonPoint(p, shape, t);
    t = f(t + step);
  }
  addNGonPoint(p, shape, end);
}

/** The number of sides LLPath::generate gives a circular path at `detail`. */
export function circlePathSides(shape: VolumeShape, detail: number): number {
  const twistMag = Math.abs(f(shape.twistBegin - shape.twist));
  const base = Math.floor(f(f(MIN_DETAIL_FACES * detail) + f(f(twistMag * 3.5) * f(detail - 0.5))));
  return Math.floor(f(base * shape.revolutions));
}

/** LLPath::generate at `detail` (1, 1.5, 2.5 or 4) with the profile split `split`. */
export function generateVolumePath(p: VolumePath, shape: VolumeShape, detail: number, split: number): void {
  p.count = 0;
  p.open = true;
  switch (shape.pathKind) {
    case PATH_CIRCLE:
      genNGon(p, shape, circlePathSides(shape, detail));
      break;
    case PATH_CIRCLE2: {
      genNGon(p, shape, Math.floor(f(MIN_DETAIL_FACES * detail)));
      let toggle = 0.5;
      for (let i = 0; i < p.count; i++) {
        p.pos[3 * i] = toggle;
        toggle = toggle === 0.5 ? -0.5 : 0.5;
      }
      break;
    }
    case PATH_TEST: {
      const np = 5;
      const step = f(1 / (np - 1));
      reserveVolumePath(p, np);
      for (let i = 0; i < np; i++) {
        const t = f(i * step);
        const a = f(f(F_PI * shape.twist) * t);
        p.pos[3 * i] = 0;
        p.pos[3 * i + 1] = lerp(0, f(-Math.sin(a) * 0.5), t);
        p.pos[3 * i + 2] = lerp(-0.5, f(Math.cos(a) * 0.5), t);
        p.scale[2 * i] = lerp(1, shape.scaleX, t);
        p.scale[2 * i + 1] = lerp(1, shape.scaleY, t);
        p.texT[i] = t;
        setRotation(p, i, 0, a);
      }
      p.count = np;
      break;
    }
    default: {
      // Line: more points as the twist grows.
      let np = Math.floor(f(f(Math.abs(f(shape.twistBegin - shape.twist)) * 3.5) * f(detail - 0.5))) + 2;
      if (np < split + 2) np = split + 2;
      const step = f(1 / (np - 1));
      const beginScaleX = shape.scaleX > 1 ? f(2 - shape.scaleX) : 1;
      const beginScaleY = shape.scaleY > 1 ? f(2 - shape.scaleY) : 1;
      const endScaleX = shape.scaleX < 1 ? shape.scaleX : 1;
      const endScaleY = shape.scaleY < 1 ? shape.scaleY : 1;
      const twistBegin = f(F_PI * shape.twistBegin);
      const twistEnd = f(F_PI * shape.twist);
      reserveVolumePath(p, np);
      for (let i = 0; i < np; i++) {
        const t = lerp(shape.pathBegin, shape.pathEnd, f(i * step));
        p.pos[3 * i] = f(shape.shearX * t);
        p.pos[3 * i + 1] = f(shape.shearY * t);
        p.pos[3 * i + 2] = f(t - 0.5);
        p.scale[2 * i] = lerp(beginScaleX, endScaleX, t);
        p.scale[2 * i + 1] = lerp(beginScaleY, endScaleY, t);
        p.texT[i] = t;
        setRotation(p, i, lerp(twistBegin, twistEnd, t), 0);
      }
      p.count = np;
      break;
    }
  }
  if (shape.twist !== shape.twistBegin) p.open = true;
}
