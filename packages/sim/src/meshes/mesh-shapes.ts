/**
 * Procedural geometry for the simulator's mesh assets: surfaces of
 * revolution (lathe: a cone, a vase) and a torus knot, each at any
 * tessellation so one shape gives all four LODs. Every face comes with
 * unit normals and UVs, and fits the unit box (SL meshes are scaled by
 * their prim), centred on the origin.
 */
import type { MeshFaceGeometry } from './mesh-asset-encoder.ts';

/** A surface of revolution around z: `profile` is (radius, z) from bottom to top, `segments` around. */
export function latheFace(profile: readonly (readonly [number, number])[], segments: number): MeshFaceGeometry {
  const rows = profile.length;
  const positions: number[] = [];
  const normals: number[] = [];
  const uvs: number[] = [];
  const indices: number[] = [];
  for (let j = 0; j < rows; j++) {
    const [r, z] = profile[j]!;
    // The profile's own slope gives the normal in the (radius, z) plane.
    const [r0, z0] = profile[Math.max(0, j - 1)]!;
    const [r1, z1] = profile[Math.min(rows - 1, j + 1)]!;
    const dr = r1 - r0;
    const dz = z1 - z0;
    const length = Math.hypot(dr, dz) || 1;
    const nr = dz / length;
    const nz = -dr / length;
    for (let i = 0; i <= segments; i++) {
      const angle = (i / segments) * Math.PI * 2;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      positions.push(r * c, r * s, z);
      normals.push(nr * c, nr * s, nz);
      uvs.push(i / segments, j / (rows - 1));
    }
  }
  for (let j = 0; j < rows - 1; j++) {
    for (let i = 0; i < segments; i++) {
      const a = j * (segments + 1) + i;
      const b = a + segments + 1;
      indices.push(a, a + 1, b, a + 1, b + 1, b);
    }
  }
  return { positions, normals, uvs, indices };
}

/** A flat disc at height z facing down (-z) or up, `segments` around. */
export function discFace(radius: number, z: number, segments: number, facingUp: boolean): MeshFaceGeometry {
  const positions = [0, 0, z];
  const normals = [0, 0, facingUp ? 1 : -1];
  const uvs = [0.5, 0.5];
  const indices: number[] = [];
  for (let i = 0; i < segments; i++) {
    const angle = (i / segments) * Math.PI * 2;
    positions.push(radius * Math.cos(angle), radius * Math.sin(angle), z);
    normals.push(0, 0, facingUp ? 1 : -1);
    uvs.push(0.5 + 0.5 * Math.cos(angle), 0.5 + 0.5 * Math.sin(angle));
    const next = ((i + 1) % segments) + 1;
    if (facingUp) indices.push(0, i + 1, next);
    else indices.push(0, next, i + 1);
  }
  return { positions, normals, uvs, indices };
}

/** A cone of height 1 on a unit-diameter base: the side and the base, two faces. */
export function coneFaces(segments: number): MeshFaceGeometry[] {
  const rows = Math.max(2, Math.round(segments / 4));
  const profile: [number, number][] = [];
  for (let j = 0; j < rows; j++) profile.push([0.5 * (1 - j / (rows - 1)), -0.5 + j / (rows - 1)]);
  return [latheFace(profile, segments), discFace(0.5, -0.5, segments, false)];
}

/** A vase: a curved profile with a foot and a lip. */
export function vaseFace(segments: number, rows: number): MeshFaceGeometry {
  const profile: [number, number][] = [];
  for (let j = 0; j < rows; j++) {
    const t = j / (rows - 1);
    profile.push([0.2 + 0.25 * Math.sin(Math.PI * (0.15 + 0.85 * t)) ** 2 + 0.05 * t, -0.5 + t]);
  }
  return latheFace(profile, segments);
}

/** A (p, q) torus knot: a tube of radius `tube` along the knot, `tubular` steps along it and `radial` around. */
export function torusKnotFace(p: number, q: number, tubular: number, radial: number, tube = 0.08): MeshFaceGeometry {
  const knot = (t: number): [number, number, number] => {
    const r = 0.3 + 0.1 * Math.cos(q * t);
    return [r * Math.cos(p * t), r * Math.sin(p * t), 0.1 * Math.sin(q * t)];
  };
  const positions: number[] = [];
  const normals: number[] = [];
  const uvs: number[] = [];
  const indices: number[] = [];
  for (let i = 0; i <= tubular; i++) {
    const t = (i / tubular) * Math.PI * 2;
    const a = knot(t);
    const b = knot(t + 1e-3);
    const tangent = normalise([b[0] - a[0], b[1] - a[1], b[2] - a[2]]);
    const side = normalise(cross(tangent, [a[0] + b[0], a[1] + b[1], a[2] + b[2]]));
    const up = cross(side, tangent);
    for (let j = 0; j <= radial; j++) {
      const angle = (j / radial) * Math.PI * 2;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      const n: [number, number, number] = [c * up[0] + s * side[0], c * up[1] + s * side[1], c * up[2] + s * side[2]];
      positions.push(a[0] + tube * n[0], a[1] + tube * n[1], a[2] + tube * n[2]);
      normals.push(...n);
      uvs.push(i / tubular, j / radial);
    }
  }
  for (let i = 0; i < tubular; i++) {
    for (let j = 0; j < radial; j++) {
      const a = i * (radial + 1) + j;
      const b = a + radial + 1;
      indices.push(a, b, a + 1, a + 1, b, b + 1);
    }
  }
  return { positions, normals, uvs, indices };
}

function cross(a: readonly number[], b: readonly number[]): [number, number, number] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

function normalise(v: readonly number[]): [number, number, number] {
  const length = Math.hypot(v[0]!, v[1]!, v[2]!) || 1;
  return [v[0]! / length, v[1]! / length, v[2]! / length];
}
