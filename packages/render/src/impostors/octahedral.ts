/**
 * Octahedral mapping of view directions onto a square grid of frames (the
 * impostor's atlas tile): a unit direction d (z up, as the world is) goes
 * to the octahedron |x| + |y| + |z| = 1, whose upper half unfolds onto the
 * square's centre diamond and lower half onto its four corners. The tile
 * holds FRAMES × FRAMES frames; frame (i, j) is the object seen from the
 * direction at the centre of its cell. Full sphere, not a hemisphere: SL
 * objects are seen from below too (from under a floor, from the sea).
 *
 * Everything writes into caller arrays and returns numbers only, so the
 * per-frame code allocates nothing.
 */

/** Frames per side of an impostor's tile. */
export const OCT_FRAMES = 8;

/**
 * The octahedral square coordinates of direction (x, y, z) (any length but
 * zero) into out[0..1], each in [0, 1].
 */
export function octEncode(x: number, y: number, z: number, out: Float32Array | Float64Array): void {
  const n = Math.abs(x) + Math.abs(y) + Math.abs(z);
  let u = x / n;
  let v = y / n;
  if (z < 0) {
    const fu = (1 - Math.abs(v)) * (u >= 0 ? 1 : -1);
    const fv = (1 - Math.abs(u)) * (v >= 0 ? 1 : -1);
    u = fu;
    v = fv;
  }
  out[0] = u * 0.5 + 0.5;
  out[1] = v * 0.5 + 0.5;
}

/** The unit direction of square coordinates (u, v) in [0, 1] into out[0..2]. */
export function octDecode(u: number, v: number, out: Float32Array | Float64Array): void {
  let x = u * 2 - 1;
  let y = v * 2 - 1;
  const z = 1 - Math.abs(x) - Math.abs(y);
  if (z < 0) {
    const fx = (1 - Math.abs(y)) * (x >= 0 ? 1 : -1);
    const fy = (1 - Math.abs(x)) * (y >= 0 ? 1 : -1);
    x = fx;
    y = fy;
  }
  const len = Math.sqrt(x * x + y * y + z * z);
  out[0] = x / len;
  out[1] = y / len;
  out[2] = z / len;
}

const uv = new Float64Array(2);

/** The frame (i + j · frames, row-major from the square's bottom-left) that direction (x, y, z) falls in. */
export function frameOfDirection(x: number, y: number, z: number, frames: number = OCT_FRAMES): number {
  octEncode(x, y, z, uv);
  const i = Math.min(frames - 1, Math.floor(uv[0] * frames));
  const j = Math.min(frames - 1, Math.floor(uv[1] * frames));
  return i + j * frames;
}

/** The direction at the centre of frame `frame` into out[0..2]. */
export function frameDirection(frame: number, frames: number, out: Float32Array | Float64Array): void {
  const i = frame % frames;
  const j = (frame - i) / frames;
  octDecode((i + 0.5) / frames, (j + 0.5) / frames, out);
}

/**
 * The bake camera's right and up vectors for view direction d (from the
 * object toward the eye) into right[0..2] and up[0..2]: up is world z made
 * perpendicular to d, or world y where d is within ~2.6° of vertical. The
 * impostor pass builds its quad the same way (shaders.ts), so a frame's
 * picture and the quad it is drawn on agree on which way is up.
 */
export function viewBasis(dx: number, dy: number, dz: number, right: Float32Array | Float64Array, up: Float32Array | Float64Array): void {
  const ax = 0;
  let ay = 0;
  let az = 1;
  if (Math.abs(dz) > 0.999) {
    ay = 1;
    az = 0;
  }
  // right = a × d, normalised; up = d × right.
  let rx = ay * dz - az * dy;
  let ry = az * dx - ax * dz;
  let rz = ax * dy - ay * dx;
  const rl = Math.sqrt(rx * rx + ry * ry + rz * rz);
  rx /= rl;
  ry /= rl;
  rz /= rl;
  right[0] = rx;
  right[1] = ry;
  right[2] = rz;
  up[0] = dy * rz - dz * ry;
  up[1] = dz * rx - dx * rz;
  up[2] = dx * ry - dy * rx;
}
