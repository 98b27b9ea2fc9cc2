/**
 * Puts a flexible prim's bent path (flexible-path.ts) in place of the generator's straight
 * one. The generator sweeps profile point q to rot * (q * scale) + pos in unit space, and
 * the renderer scales unit space by the prim's scale S; so for a section with rotation R the
 * profile columns become S^-1 R diag(Sx, Sy), which keeps the cross-section its true size in
 * metres however the path bends, and the third column (the caps' normal) becomes S R z,
 * normalized, a normal that the renderer's inverse scale brings back to R z.
 */
import type { FlexiblePath } from './flexible-path.ts';
import { reserveVolumePath, type VolumePath } from './volume-path.ts';

/** Overwrites `target` with the points of `bent`: positions, profile frames, taper and texture t; caps stay on. */
export function applyFlexiblePath(target: VolumePath, bent: FlexiblePath): void {
  const count = bent.count;
  reserveVolumePath(target, count);
  target.count = count;
  target.open = true;
  const sx = bent.primScale[0]!;
  const sy = bent.primScale[1]!;
  const sz = bent.primScale[2]!;
  for (let i = 0; i < count; i++) {
    const x = bent.rotation[4 * i]!;
    const y = bent.rotation[4 * i + 1]!;
    const z = bent.rotation[4 * i + 2]!;
    const w = bent.rotation[4 * i + 3]!;
    // The rotation's columns: where the profile's x, y and the path's z point.
    const c0x = 1 - 2 * (y * y + z * z); const c0y = 2 * (x * y + z * w); const c0z = 2 * (x * z - y * w);
    const c1x = 2 * (x * y - z * w); const c1y = 1 - 2 * (x * x + z * z); const c1z = 2 * (y * z + x * w);
    const c2x = 2 * (x * z + y * w) * sx; const c2y = 2 * (y * z - x * w) * sy; const c2z = (1 - 2 * (x * x + y * y)) * sz;
    const normal = Math.sqrt(c2x * c2x + c2y * c2y + c2z * c2z) || 1;
    const r = target.rot;
    const o = 9 * i;
    // Row k of S^-1 R diag(Sx, Sy), then the normalized S R z.
    r[o] = c0x; r[o + 1] = (c1x * sy) / sx; r[o + 2] = c2x / normal;
    r[o + 3] = (c0y * sx) / sy; r[o + 4] = c1y; r[o + 5] = c2y / normal;
    r[o + 6] = (c0z * sx) / sz; r[o + 7] = (c1z * sy) / sz; r[o + 8] = c2z / normal;
    target.pos[3 * i] = bent.position[3 * i]!;
    target.pos[3 * i + 1] = bent.position[3 * i + 1]!;
    target.pos[3 * i + 2] = bent.position[3 * i + 2]!;
    target.scale[2 * i] = bent.scale[2 * i]!;
    target.scale[2 * i + 1] = bent.scale[2 * i + 1]!;
    target.texT[i] = bent.texT[i]!;
  }
}
