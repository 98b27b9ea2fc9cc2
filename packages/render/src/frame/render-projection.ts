/**
 * The renderer draws with the camera's projection but its own far plane:
 * settings.rendering.drawDistance. These read the near plane back out of a
 * projection matrix (column-major, OpenGL clip space) and rewrite the far
 * plane, keeping field of view, aspect and near as the camera controller set
 * them.
 *
 * withFarPlane runs once a frame, mostly in code V8 has not fully optimised,
 * where a number passed to or returned from a call is boxed (an allocation):
 * it computes the near plane in line and calls no Math or Number function.
 */

/** True for a perspective projection (w' = -z), false for an orthographic one. */
export function isPerspective(projection: Float32Array): boolean {
  return projection[11] !== 0;
}

/** Near plane distance of a perspective or orthographic projection. */
export function projectionNear(projection: Float32Array): number {
  const m10 = projection[10];
  const m14 = projection[14];
  return isPerspective(projection) ? m14 / (m10 - 1) : (m14 + 1) / m10;
}

/**
 * Writes `projection` into `out` with its far plane at `far` metres (kept
 * beyond the near plane). Returns `out`; `out` may be `projection`.
 */
export function withFarPlane(out: Float32Array, projection: Float32Array, far: number): Float32Array {
  if (out !== projection) out.set(projection);
  const perspective = isPerspective(projection);
  // projectionNear(projection), in line.
  const m10 = projection[10];
  const m14 = projection[14];
  const near = perspective ? m14 / (m10 - 1) : (m14 + 1) / m10;
  // near - near === 0: finite.
  if (!(near - near === 0) || near <= 0) {
    if (perspective) throw new RangeError(`withFarPlane: projection has no positive near plane (got ${near})`);
  }
  // Math.max(far, |near| · 1.001 + 1e-6).
  const least = (near < 0 ? -near : near) * 1.001 + 1e-6;
  const f = far !== far || least !== least ? Number.NaN : far > least ? far : least;
  if (perspective) {
    out[10] = (f + near) / (near - f);
    out[14] = (2 * f * near) / (near - f);
  } else {
    out[10] = -2 / (f - near);
    out[14] = -(f + near) / (f - near);
  }
  return out;
}
