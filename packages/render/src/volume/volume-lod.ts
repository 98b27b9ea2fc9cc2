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

/** ll_round(value, 0.01): the viewer rounds distance, radius and tangent to hundredths. */
function roundHundredths(value: number): number {
  return f(f(0.01) * Math.floor(f(f(value / f(0.01)) + 0.5)));
}

/**
 * The LOD the viewer gives a prim `distance` metres from the camera whose LOD radius is
 * `radius` (see primLodRadius), at RenderVolumeLODFactor `lodFactor`: the camera distance is
 * squashed inside 2 * lodFactor metres ("boost LOD when you're REALLY close"), scaled by pi/3,
 * and the tangent lodFactor * radius / distance is compared with the thresholds 0.03, 0.06 and 0.24.
 * A prim at distance 0 or less gets 3; a radius of 0 or less, or any non-finite input, gets 0.
 * The viewer's field-of-view zoom correction is left to the caller (scale lodFactor by it).
 */
export function selectPrimLod(distance: number, radius: number, lodFactor: number): PrimLod {
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
  d = f(d * f(F_PI / 3));
  const tan = roundHundredths(f(f(lodFactor * roundHundredths(radius)) / roundHundredths(d)));
  for (let i = 0; i < 3; i++) if (tan <= VOLUME_LOD_THRESHOLDS[i]!) return i as PrimLod;
  return 3;
}

/**
 * The radius calcLOD measures a prim by: its scale weighted by the volume's LOD scale bias
 * (0.6, 0.6, 0) for cylinders, 0.6 on each axis for circular paths, 0.5 otherwise.
 */
export function primLodRadius(params: Pick<PrimShapeParams, 'pathCurve' | 'profileCurve'>, scaleX: number, scaleY: number, scaleZ: number): number {
  let path = params.pathCurve & 0xff;
  if (path === PATH_FLEXIBLE) path = PATH_LINE;
  let bx = 0.5;
  let by = 0.5;
  let bz = 0.5;
  if (path === PATH_LINE && (params.profileCurve & 0xff) === PROFILE_CIRCLE) {
    // Cylinders don't care about the z axis.
    bx = 0.6;
    by = 0.6;
    bz = 0;
  } else if (path === PATH_CIRCLE) {
    bx = 0.6;
    by = 0.6;
    bz = 0.6;
  }
  const x = bx * scaleX;
  const y = by * scaleY;
  const z = bz * scaleZ;
  // LLVector3::length's sqrt of the squares; Math.hypot allocates for its arguments on every call, and this runs per prim per frame.
  return Math.sqrt(x * x + y * y + z * z);
}
