/**
 * Cache keys for prim volumes: the shape as the integers the wire carries (after the
 * generator's own clamping, so shapes that generate the same geometry share a key),
 * plus the level of detail.
 */
import type { PrimLod } from './volume-lod.ts';
import { readVolumeShape, VolumeShape, type PrimShapeParams } from './volume-shape.ts';

const shape = new VolumeShape();
const CUT = Math.fround(0.00002);
const HUNDREDTH = Math.fround(0.01);
const REV = Math.fround(0.015);

/**
 * A string equal for two shapes exactly when they quantize to the same wire bytes (flexible
 * paths count as lines) and ask for the same LOD. Throws like generatePrimVolume on bad input.
 */
export function primVolumeKey(params: PrimShapeParams, lod: PrimLod): string {
  if (lod !== 0 && lod !== 1 && lod !== 2 && lod !== 3) {
    throw new RangeError(`primVolumeKey: lod must be 0, 1, 2 or 3, got ${String(lod)}`);
  }
  const s = readVolumeShape('primVolumeKey', params, shape);
  const r = Math.round;
  return `${lod}:${s.pathCurve},${s.profileCurve},${r(s.pathBegin / CUT)},${r(s.pathEnd / CUT)},` +
    `${r(s.scaleX / HUNDREDTH)},${r(s.scaleY / HUNDREDTH)},${r(s.shearX / HUNDREDTH)},${r(s.shearY / HUNDREDTH)},` +
    `${r(s.twist / HUNDREDTH)},${r(s.twistBegin / HUNDREDTH)},${r(s.radiusOffset / HUNDREDTH)},` +
    `${r(s.taperX / HUNDREDTH)},${r(s.taperY / HUNDREDTH)},${r((s.revolutions - 1) / REV)},${r(s.skew / HUNDREDTH)},` +
    `${r(s.profileBegin / CUT)},${r(s.profileEnd / CUT)},${r(s.hollow / CUT)}`;
}
