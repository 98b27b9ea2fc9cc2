/**
 * Prim levels of detail as the viewer picks and builds them: LLVolumeLODGroup's detail
 * scales and tangent thresholds (llvolumemgr.cpp) and LLVOVolume::calcLOD /
 * computeLODDetail (llvovolume.cpp).
 */
import { PATH_CIRCLE, PATH_FLEXIBLE, PATH_LINE, PROFILE_CIRCLE, type PrimShapeParams } from './volume-shape.ts';

export type PrimLod = 0 | 1 | 2 | 3;

/** LLVolumeLODGroup::sDetailScales: the `detail` each LOD's volume is generated with. */
export const VOLUME_DETAIL_SCALES: readonly number[] = [1, 1.5, 2.5, 4];

/** LLVolumeLODGroup::sDetailThresholds: the largest (radius / distance) tangent each LOD is used up to. */
export const VOLUME_LOD_THRESHOLDS: readonly number[] = [0.03, 0.06, 0.24, 3].map(Math.fround);

const f = Math.fround;
const F_PI = f(3.1415926535);

const HUNDREDTH = f(0.01);
const PI_OVER_3 = f(F_PI / 3);

/**
 * The slots of a prim's LOD inputs (see primLodOf): the camera-to-prim
 * offset, the prim's scale and the LOD factor, then the distance and LOD
 * radius primLodOf derives from them; `length` is the array's length. The
 * doubles travel in a typed array because a number passed to or returned
 * from a call V8 does not inline is boxed, one heap allocation each, and
 * the LOD system runs this per prim per frame (Chromium's V8 does not
 * inline these calls there).
 */
export const LOD_INPUT = { dx: 0, dy: 1, dz: 2, scaleX: 3, scaleY: 4, scaleZ: 5, factor: 6, distance: 7, radius: 8, length: 9 } as const;

/** Inputs of selectPrimLod (made once). */
const selectInputs = new Float64Array(LOD_INPUT.length);

/**
 * The LOD the viewer gives a prim `distance` metres from the camera whose LOD radius is
 * `radius` (see primLodRadius), at RenderVolumeLODFactor `lodFactor`: the camera distance is
 * squashed inside 2 * lodFactor metres ("boost LOD when you're REALLY close"), scaled by pi/3,
 * and the tangent lodFactor * radius / distance is compared with the thresholds 0.03, 0.06 and 0.24.
 * A prim at distance 0 or less gets 3; a radius of 0 or less, or any non-finite input, gets 0.
 * The viewer's field-of-view zoom correction is left to the caller (scale lodFactor by it).
 */
export function selectPrimLod(distance: number, radius: number, lodFactor: number): PrimLod {
  selectInputs[LOD_INPUT.distance] = distance;
  selectInputs[LOD_INPUT.radius] = radius;
  selectInputs[LOD_INPUT.factor] = lodFactor;
  return lodOfInputs(selectInputs);
}

/**
 * selectPrimLod(|offset|, primLodRadius(curves, scale), lodFactor) for a prim whose path and
 * profile curve bytes are `pathCurve` and `profileCurve`, its doubles read from `inputs`
 * (dx .. factor of LOD_INPUT; the distance and radius are written after them).
 */
export function primLodOf(pathCurve: number, profileCurve: number, inputs: Float64Array): PrimLod {
  const bias = lodScaleBias(pathCurve, profileCurve);
  const z = bias === BIAS_CYLINDER ? 0 : bias === BIAS_CIRCLE ? 0.6 : 0.5;
  const xy = bias === BIAS_DEFAULT ? 0.5 : 0.6;
  const x = xy * inputs[LOD_INPUT.scaleX];
  const y = xy * inputs[LOD_INPUT.scaleY];
  const s = z * inputs[LOD_INPUT.scaleZ];
  const dx = inputs[LOD_INPUT.dx];
  const dy = inputs[LOD_INPUT.dy];
  const dz = inputs[LOD_INPUT.dz];
  inputs[LOD_INPUT.distance] = Math.sqrt(dx * dx + dy * dy + dz * dz);
  inputs[LOD_INPUT.radius] = Math.sqrt(x * x + y * y + s * s);
  return lodOfInputs(inputs);
}

/** selectPrimLod of inputs[LOD_INPUT.distance], inputs[LOD_INPUT.radius], inputs[LOD_INPUT.factor]. */
function lodOfInputs(inputs: Float64Array): PrimLod {
  const distance = inputs[LOD_INPUT.distance];
  const radius = inputs[LOD_INPUT.radius];
  const lodFactor = inputs[LOD_INPUT.factor];
  if (!(radius > 0) || !(lodFactor > 0) || !Number.isFinite(radius) || !Number.isFinite(lodFactor) || Number.isNaN(distance)) {
    return 0;
  }
  if (!(distance > 0)) return 3;
  if (!Number.isFinite(distance)) return 0;
  let d = f(distance);
  const ramp = f(lodFactor * 2);
  if (d < ramp) {
    d = f(d / ramp);
    d = f(d * d);
    d = f(d * ramp);
  }
  d = f(d * PI_OVER_3);
  // ll_round(value, 0.01) of the radius, the distance and the tangent: the viewer rounds them to
  // hundredths (written out, not a helper: see LOD_INPUT).
  const r = f(HUNDREDTH * Math.floor(f(f(radius / HUNDREDTH) + 0.5)));
  const rd = f(HUNDREDTH * Math.floor(f(f(d / HUNDREDTH) + 0.5)));
  const t = f(f(lodFactor * r) / rd);
  const tan = f(HUNDREDTH * Math.floor(f(f(t / HUNDREDTH) + 0.5)));
  for (let i = 0; i < 3; i++) if (tan <= VOLUME_LOD_THRESHOLDS[i]!) return i as PrimLod;
  return 3;
}

const BIAS_DEFAULT = 0;
const BIAS_CYLINDER = 1;
const BIAS_CIRCLE = 2;

/**
 * Which LOD scale bias calcLOD weighs a prim's scale by: (0.6, 0.6, 0) for cylinders, 0.6 on
 * each axis for circular paths, 0.5 otherwise.
 */
function lodScaleBias(pathCurve: number, profileCurve: number): number {
  let path = pathCurve & 0xff;
  if (path === PATH_FLEXIBLE) path = PATH_LINE;
  // Cylinders don't care about the z axis.
  if (path === PATH_LINE && (profileCurve & 0xff) === PROFILE_CIRCLE) return BIAS_CYLINDER;
  return path === PATH_CIRCLE ? BIAS_CIRCLE : BIAS_DEFAULT;
}

/**
 * The radius calcLOD measures a prim by: its scale weighted by the volume's LOD scale bias
 * (0.6, 0.6, 0) for cylinders, 0.6 on each axis for circular paths, 0.5 otherwise.
 */
export function primLodRadius(params: Pick<PrimShapeParams, 'pathCurve' | 'profileCurve'>, scaleX: number, scaleY: number, scaleZ: number): number {
  const bias = lodScaleBias(params.pathCurve, params.profileCurve);
  const xy = bias === BIAS_DEFAULT ? 0.5 : 0.6;
  const x = xy * scaleX;
  const y = xy * scaleY;
  const z = (bias === BIAS_CYLINDER ? 0 : bias === BIAS_CIRCLE ? 0.6 : 0.5) * scaleZ;
  // LLVector3::length's sqrt of the squares; Math.hypot allocates for its arguments on every call.
  return Math.sqrt(x * x + y * y + z * z);
}
