/**
 * The little quaternion arithmetic the transform and interpolation systems
 * need, on typed arrays at offsets (x, y, z, w; Hamilton products), writing
 * into caller-owned arrays. `out` may alias an input: inputs are read first.
 */

/** out[o..o+4] = a ⊗ b: rotate by b, then by a. */
export function quatMultiply(out: Float32Array, o: number, a: Float32Array, ao: number, b: Float32Array, bo: number): void {
  const ax = a[ao], ay = a[ao + 1], az = a[ao + 2], aw = a[ao + 3];
  const bx = b[bo], by = b[bo + 1], bz = b[bo + 2], bw = b[bo + 3];
  out[o] = aw * bx + ax * bw + ay * bz - az * by;
  out[o + 1] = aw * by - ax * bz + ay * bw + az * bx;
  out[o + 2] = aw * bz + ax * by - ay * bx + az * bw;
  out[o + 3] = aw * bw - ax * bx - ay * by - az * bz;
}

/** out[o..o+3] = q · v · q⁻¹ for unit q. */
export function quatRotateVec3(out: Float32Array, o: number, q: Float32Array, qo: number, v: Float32Array, vo: number): void {
  const qx = q[qo], qy = q[qo + 1], qz = q[qo + 2], qw = q[qo + 3];
  const vx = v[vo], vy = v[vo + 1], vz = v[vo + 2];
  // t = 2 (q.xyz × v); v' = v + w t + q.xyz × t
  const tx = 2 * (qy * vz - qz * vy);
  const ty = 2 * (qz * vx - qx * vz);
  const tz = 2 * (qx * vy - qy * vx);
  out[o] = vx + qw * tx + (qy * tz - qz * ty);
  out[o + 1] = vy + qw * ty + (qz * tx - qx * tz);
  out[o + 2] = vz + qw * tz + (qx * ty - qy * tx);
}

/** Column-major T·R·S from a position, a unit quaternion and a scale, into out[o..o+16]. */
export function composeMatrix(
  out: Float32Array, o: number, p: Float32Array, po: number, q: Float32Array, qo: number, s: Float32Array, so: number,
): void {
  const x = q[qo], y = q[qo + 1], z = q[qo + 2], w = q[qo + 3];
  const sx = s[so], sy = s[so + 1], sz = s[so + 2];
  const xx = x * x, yy = y * y, zz = z * z, xy = x * y, xz = x * z, yz = y * z, wx = w * x, wy = w * y, wz = w * z;
  out[o] = (1 - 2 * (yy + zz)) * sx;
  out[o + 1] = 2 * (xy + wz) * sx;
  out[o + 2] = 2 * (xz - wy) * sx;
  out[o + 3] = 0;
  out[o + 4] = 2 * (xy - wz) * sy;
  out[o + 5] = (1 - 2 * (xx + zz)) * sy;
  out[o + 6] = 2 * (yz + wx) * sy;
  out[o + 7] = 0;
  out[o + 8] = 2 * (xz + wy) * sz;
  out[o + 9] = 2 * (yz - wx) * sz;
  out[o + 10] = (1 - 2 * (xx + yy)) * sz;
  out[o + 11] = 0;
  out[o + 12] = p[po];
  out[o + 13] = p[po + 1];
  out[o + 14] = p[po + 2];
  out[o + 15] = 1;
}
