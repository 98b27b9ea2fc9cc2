/**
 * Rotations sent as three floats (LLQuaternion::packToVector3/unpackFromVector3):
 * x, y, z of the unit quaternion with w >= 0, so w = sqrt(1 - x² - y² - z²).
 */
import { writeF32 } from './le-bytes.ts';

const f = Math.fround;

/** Writes the quaternion (x, y, z, w) unpacked from the vector at `offset` into out[outOffset..+4]. */
export function unpackQuaternion(view: DataView, offset: number, out: Float32Array, outOffset: number): void {
  const x = view.getFloat32(offset, true);
  const y = view.getFloat32(offset + 4, true);
  const z = view.getFloat32(offset + 8, true);
  const t = f(1 - f(f(f(x * x) + f(y * y)) + f(z * z)));
  out[outOffset] = x;
  out[outOffset + 1] = y;
  out[outOffset + 2] = z;
  // Float error can push x² + y² + z² just past 1; the viewer takes w = 0 then.
  out[outOffset + 3] = t > 0 ? Math.sqrt(t) : 0;
}

/**
 * Packs the quaternion q[qOffset..+4] into 12 bytes. It is normalized first unless it is
 * already unit to float precision (so a decoded rotation re-encodes to the same bytes),
 * and negated when w < 0 so the receiver's w >= 0 describes the same rotation.
 */
export function packQuaternion(q: ArrayLike<number>, qOffset: number, out: Uint8Array, offset: number): number {
  let x = q[qOffset]!;
  let y = q[qOffset + 1]!;
  let z = q[qOffset + 2]!;
  const w = q[qOffset + 3]!;
  const magSquared = x * x + y * y + z * z + w * w;
  if (Math.abs(magSquared - 1) > 1e-6 && magSquared > 1e-14) {
    const inv = 1 / Math.sqrt(magSquared);
    x *= inv;
    y *= inv;
    z *= inv;
  }
  if (w < 0) {
    x = -x;
    y = -y;
    z = -z;
  }
  offset = writeF32(out, offset, x);
  offset = writeF32(out, offset, y);
  return writeF32(out, offset, z);
}

/** Scales q[offset..+4] to unit length (identity when it is all zeros); returns q. */
export function normalizeQuaternion(q: Float32Array, offset: number): Float32Array {
  const x = q[offset]!;
  const y = q[offset + 1]!;
  const z = q[offset + 2]!;
  const w = q[offset + 3]!;
  const mag = Math.sqrt(x * x + y * y + z * z + w * w);
  if (mag > 1e-7) {
    q[offset] = x / mag;
    q[offset + 1] = y / mag;
    q[offset + 2] = z / mag;
    q[offset + 3] = w / mag;
  } else {
    q[offset] = 0;
    q[offset + 1] = 0;
    q[offset + 2] = 0;
    q[offset + 3] = 1;
  }
  return q;
}
