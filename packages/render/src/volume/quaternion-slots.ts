/**
 * Quaternion helpers for the flexible-prim simulation, on x, y, z, w slots inside
 * larger Float64Arrays (so a step allocates nothing), with the viewer's conventions
 * (llquaternion.cpp): `composeRotations(a, b)` is LLQuaternion's a * b, "a, then b" (the
 * Hamilton product b a); angles from angleAxis lie in [0, pi].
 */

/** Writes the rotation of `angle` radians about (x, y, z) (normalized here; a zero axis gives identity). */
export function setAngleAxis(q: Float64Array, o: number, angle: number, x: number, y: number, z: number): void {
  const length = Math.sqrt(x * x + y * y + z * z);
  if (!(length > 1e-12) || !Number.isFinite(angle)) {
    setIdentity(q, o);
    return;
  }
  const s = Math.sin(angle * 0.5) / length;
  q[o] = x * s;
  q[o + 1] = y * s;
  q[o + 2] = z * s;
  q[o + 3] = Math.cos(angle * 0.5);
}

export function setIdentity(q: Float64Array, o: number): void {
  q[o] = 0;
  q[o + 1] = 0;
  q[o + 2] = 0;
  q[o + 3] = 1;
}

/** out = "a, then b" (LLQuaternion a * b). `out` may alias either input. */
export function composeRotations(out: Float64Array, oo: number, a: Float64Array, ao: number, b: Float64Array, bo: number): void {
  const ax = a[ao]!; const ay = a[ao + 1]!; const az = a[ao + 2]!; const aw = a[ao + 3]!;
  const bx = b[bo]!; const by = b[bo + 1]!; const bz = b[bo + 2]!; const bw = b[bo + 3]!;
  out[oo] = bw * ax + bx * aw + by * az - bz * ay;
  out[oo + 1] = bw * ay + by * aw + bz * ax - bx * az;
  out[oo + 2] = bw * az + bz * aw + bx * ay - by * ax;
  out[oo + 3] = bw * aw - bx * ax - by * ay - bz * az;
}

/** Rotates the vector at v[vo] by q (LLVector3 * LLQuaternion) into out[oo]; `out` may alias `v`. */
export function rotateVector(out: Float64Array, oo: number, v: Float64Array, vo: number, q: Float64Array, qo: number): void {
  const x = v[vo]!; const y = v[vo + 1]!; const z = v[vo + 2]!;
  const qx = q[qo]!; const qy = q[qo + 1]!; const qz = q[qo + 2]!; const qw = q[qo + 3]!;
  // t = 2 (q.xyz x v); v' = v + w t + q.xyz x t
  const tx = 2 * (qy * z - qz * y);
  const ty = 2 * (qz * x - qx * z);
  const tz = 2 * (qx * y - qy * x);
  out[oo] = x + qw * tx + (qy * tz - qz * ty);
  out[oo + 1] = y + qw * ty + (qz * tx - qx * tz);
  out[oo + 2] = z + qw * tz + (qx * ty - qy * tx);
}

/** LLQuaternion::shortestArc: the smallest rotation taking direction a to direction b. */
export function shortestArc(q: Float64Array, o: number, a: Float64Array, ao: number, b: Float64Array, bo: number): void {
  const ax = a[ao]!; const ay = a[ao + 1]!; const az = a[ao + 2]!;
  const bx = b[bo]!; const by = b[bo + 1]!; const bz = b[bo + 2]!;
  const ab = ax * bx + ay * by + az * bz;
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  const cc = cx * cx + cy * cy + cz * cz;
  if (ab * ab + cc > 0) {
    if (cc > 0) {
      const s = Math.sqrt(ab * ab + cc) + ab;
      const m = 1 / Math.sqrt(cc + s * s);
      q[o] = cx * m; q[o + 1] = cy * m; q[o + 2] = cz * m; q[o + 3] = s * m;
      return;
    }
    if (ab < 0) {
      // Opposite directions: half a turn about an axis in the xy plane (x when both lie on z).
      const dx = ax - bx;
      const dy = ay - by;
      const m = Math.sqrt(dx * dx + dy * dy);
      if (m > 1e-6) {
        q[o] = -dy / m; q[o + 1] = dx / m; q[o + 2] = 0; q[o + 3] = 0;
      } else {
        q[o] = 1; q[o + 1] = 0; q[o + 2] = 0; q[o + 3] = 0;
      }
      return;
    }
  }
  setIdentity(q, o);
}

/**
 * LLQuaternion::getAngleAxis: writes the unit axis to axis[0..2] and returns the angle in [0, pi]
 * (w made positive first); a rotation too small to have an axis gives angle 0 about z.
 */
export function angleAxis(q: Float64Array, o: number, axis: Float64Array): number {
  const x = q[o]!; const y = q[o + 1]!; const z = q[o + 2]!; let w = q[o + 3]!;
  const v = Math.sqrt(x * x + y * y + z * z);
  if (!(v > 1e-6)) {
    axis[0] = 0; axis[1] = 0; axis[2] = 1;
    return 0;
  }
  let inverse = 1 / v;
  if (w < 0) {
    w = -w;
    inverse = -inverse;
  }
  axis[0] = x * inverse; axis[1] = y * inverse; axis[2] = z * inverse;
  return 2 * Math.atan2(v, w);
}

/** The viewer's slerp(u, a, b) into out[oo] (the shorter way round). `out` may alias either input. */
export function slerp(out: Float64Array, oo: number, u: number, a: Float64Array, ao: number, b: Float64Array, bo: number): void {
  let cos = a[ao]! * b[bo]! + a[ao + 1]! * b[bo + 1]! + a[ao + 2]! * b[bo + 2]! + a[ao + 3]! * b[bo + 3]!;
  const flip = cos < 0;
  if (flip) cos = -cos;
  let alpha: number;
  let beta: number;
  if (1 - cos < 0.00001) {
    beta = 1 - u;
    alpha = u;
  } else {
    const theta = Math.acos(cos);
    const sin = Math.sin(theta);
    beta = Math.sin(theta - u * theta) / sin;
    alpha = Math.sin(u * theta) / sin;
  }
  if (flip) beta = -beta;
  for (let k = 0; k < 4; k++) out[oo + k] = beta * a[ao + k]! + alpha * b[bo + k]!;
}

/** Scales q to unit length; a zero or non-finite quaternion becomes the identity. */
export function normalizeQuaternion(q: Float64Array, o: number): void {
  const length = Math.sqrt(q[o]! * q[o]! + q[o + 1]! * q[o + 1]! + q[o + 2]! * q[o + 2]! + q[o + 3]! * q[o + 3]!);
  if (!(length > 1e-12) || !Number.isFinite(length)) {
    setIdentity(q, o);
    return;
  }
  for (let k = 0; k < 4; k++) q[o + k] = q[o + k]! / length;
}
