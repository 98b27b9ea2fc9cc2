/**
 * The stand-in drawn for sculpted and mesh prims until their own geometry exists:
 * the unit box, with the six faces numbered as a default box prim's
 * (0 top, 1..4 sides, 5 bottom), so the TextureEntry still colours each side.
 */
import { generatePrimVolume } from './generate-prim-volume.ts';
import type { PrimVolume } from './prim-volume.ts';
import { PATH_LINE, PROFILE_SQUARE, type PrimShapeParams } from './volume-shape.ts';

/** The default box: square profile along a straight path, nothing cut, tapered or twisted. */
export const DEFAULT_BOX_SHAPE: PrimShapeParams = Object.freeze({
  pathCurve: PATH_LINE,
  profileCurve: PROFILE_SQUARE,
  pathBegin: 0,
  pathEnd: 1,
  pathScaleX: 1,
  pathScaleY: 1,
  pathShearX: 0,
  pathShearY: 0,
  pathTwist: 0,
  pathTwistBegin: 0,
  pathRadiusOffset: 0,
  pathTaperX: 0,
  pathTaperY: 0,
  pathRevolutions: 1,
  pathSkew: 0,
  profileBegin: 0,
  profileEnd: 1,
  profileHollow: 0,
});

/** The unit box [-0.5, 0.5]^3 with six faces (24 vertices, 12 triangles), into `out` when given. */
export function generateBoundingBox(out?: PrimVolume): PrimVolume {
  return generatePrimVolume(DEFAULT_BOX_SHAPE, 0, out);
}
