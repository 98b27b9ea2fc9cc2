/**
 * Turning the swept mesh into faces: ports of LLVolumeFace::createSide, createCap and
 * createUnCutCubeCap (llvolume.cpp). Each writes one face's vertices and triangles into
 * the output volume at the given vertex and index offsets; indices are volume-wide.
 */
import type { PrimVolume } from './prim-volume.ts';
import type { VolumePath } from './volume-path.ts';
import type { VolumeProfile } from './volume-profile.ts';
import { PATH_CIRCLE, PATH_LINE, PROFILE_CIRCLE_HALF, PROFILE_SQUARE, type VolumeShape } from './volume-shape.ts';

/** What the face builders read: the shape, its profile and path, and the swept points (x, y, z per point, path-major). */
export interface VolumeMesh {
  readonly shape: VolumeShape;
  readonly profile: VolumeProfile;
  readonly path: VolumePath;
  readonly points: Float32Array;
}

/** Whether the caps become the viewer's uncut cube caps (a grid rather than a fan): a solid, uncut box. */
function isUncutCubeCap(mesh: VolumeMesh): boolean {
  const { shape, profile } = mesh;
  return !(shape.hollow > 0) && !profile.open && shape.pathBegin === 0 && shape.pathEnd === 1 &&
    shape.profileCurve === PROFILE_SQUARE && shape.pathCurve === PATH_LINE;
}

/** Side faces: LLVolumeFace::createSide. Vertices and indices it writes. */
export function sideSize(mesh: VolumeMesh, numS: number): { vertices: number; indices: number } {
  const numT = mesh.path.count;
  sizeScratch.vertices = numS * numT;
  sizeScratch.indices = Math.max(0, numS - 1) * Math.max(0, numT - 1) * 6;
  return sizeScratch;
}

/** Caps: createCap or createUnCutCubeCap. Vertices and indices it writes. */
export function capSize(mesh: VolumeMesh): { vertices: number; indices: number } {
  if (isUncutCubeCap(mesh)) {
    const grid = Math.floor((mesh.profile.count - 1) / 4);
    sizeScratch.vertices = (grid + 1) * (grid + 1);
    sizeScratch.indices = grid * grid * 6;
  } else {
    const closed = !(mesh.shape.hollow > 0) && !mesh.profile.open;
    const vertices = mesh.profile.count + (closed ? 1 : 0);
    sizeScratch.vertices = vertices;
    sizeScratch.indices = Math.max(0, vertices - 2) * 3;
  }
  return sizeScratch;
}

const sizeScratch = { vertices: 0, indices: 0 };

function meshIndex(mesh: VolumeMesh, i: number): number {
  const last = mesh.profile.count * mesh.path.count - 1;
  return i < 0 ? 0 : i > last ? last : i;
}

function profileZ(profile: VolumeProfile, i: number): number {
  return profile.points[3 * Math.min(Math.max(i, 0), profile.count - 1) + 2]!;
}

function copyPoint(mesh: VolumeMesh, out: PrimVolume, vertex: number, point: number, u: number, v: number): void {
  const src = 3 * meshIndex(mesh, point);
  const dst = 3 * vertex;
  out.positions[dst] = mesh.points[src]!;
  out.positions[dst + 1] = mesh.points[src + 1]!;
  out.positions[dst + 2] = mesh.points[src + 2]!;
  out.uvs[2 * vertex] = u;
  out.uvs[2 * vertex + 1] = v;
}

/** Normalizes normals [first, first + count); a degenerate one points away from the origin instead. */
export function normalize(out: PrimVolume, first: number, count: number): void {
  const n = out.normals;
  const p = out.positions;
  for (let v = first; v < first + count; v++) {
    const o = 3 * v;
    let x = n[o]!;
    let y = n[o + 1]!;
    let z = n[o + 2]!;
    let len = Math.sqrt(x * x + y * y + z * z);
    if (!(len > 1e-12)) {
      x = p[o]!;
      y = p[o + 1]!;
      z = p[o + 2]!;
      len = Math.sqrt(x * x + y * y + z * z);
      if (!(len > 1e-12)) {
        x = 0;
        y = 0;
        z = 1;
        len = 1;
      }
    }
    n[o] = x / len;
    n[o + 1] = y / len;
    n[o + 2] = z / len;
  }
}

function addNormal(n: Float32Array, v: number, x: number, y: number, z: number): void {
  n[3 * v] += x;
  n[3 * v + 1] += y;
  n[3 * v + 2] += z;
}

export function sumNormals(n: Float32Array, a: number, b: number): void {
  const x = n[3 * a]! + n[3 * b]!;
  const y = n[3 * a + 1]! + n[3 * b + 1]!;
  const z = n[3 * a + 2]! + n[3 * b + 2]!;
  n[3 * a] = x; n[3 * a + 1] = y; n[3 * a + 2] = z;
  n[3 * b] = x; n[3 * b + 1] = y; n[3 * b + 2] = z;
}

function distanceSquared(p: Float32Array, a: number, b: number): number {
  const x = p[3 * a]! - p[3 * b]!;
  const y = p[3 * a + 1]! - p[3 * b + 1]!;
  const z = p[3 * a + 2]! - p[3 * b + 2]!;
  return x * x + y * y + z * z;
}

/**
 * The triangles of a numS x numT vertex grid (s fastest) from `firstVertex`, written at `firstIndex`:
 * two per quad, counter-clockwise seen from the side ds x dt points to (createSide's order).
 */
export function gridTriangles(out: PrimVolume, firstVertex: number, firstIndex: number, numS: number, numT: number): void {
  const idx = out.indices;
  let index = firstIndex;
  for (let t = 0; t < numT - 1; t++) {
    for (let s = 0; s < numS - 1; s++) {
      const bottomLeft = firstVertex + s + numS * t;
      const topLeft = bottomLeft + numS;
      idx[index++] = bottomLeft;
      idx[index++] = topLeft + 1;
      idx[index++] = topLeft;
      idx[index++] = bottomLeft;
      idx[index++] = bottomLeft + 1;
      idx[index++] = topLeft + 1;
    }
  }
}

/**
 * createSide's unnormalized vertex normals for the grid gridTriangles wrote: area-weighted
 * triangle normals, each triangle counting once more on one corner to even out the quads.
 */
export function gridNormals(out: PrimVolume, firstVertex: number, firstIndex: number, numS: number, numT: number): void {
  const idx = out.indices;
  const n = out.normals;
  const p = out.positions;
  const end = firstIndex + Math.max(0, numS - 1) * Math.max(0, numT - 1) * 6;
  n.fill(0, 3 * firstVertex, 3 * (firstVertex + numS * numT));
  for (let k = 0, i = firstIndex; i < end; k++, i += 3) {
    const v0 = idx[i]!;
    const v1 = idx[i + 1]!;
    const v2 = idx[i + 2]!;
    const ax = p[3 * v0]! - p[3 * v1]!;
    const ay = p[3 * v0 + 1]! - p[3 * v1 + 1]!;
    const az = p[3 * v0 + 2]! - p[3 * v1 + 2]!;
    const bx = p[3 * v0]! - p[3 * v2]!;
    const by = p[3 * v0 + 1]! - p[3 * v2 + 1]!;
    const bz = p[3 * v0 + 2]! - p[3 * v2 + 2]!;
    const cx = ay * bz - az * by;
    const cy = az * bx - ax * bz;
    const cz = ax * by - ay * bx;
    addNormal(n, v0, cx, cy, cz);
    addNormal(n, v1, cx, cy, cz);
    addNormal(n, v2, cx, cy, cz);
    addNormal(n, k % 2 === 0 ? v1 : v2, cx, cy, cz);
  }
}

/**
 * LLVolumeFace::createSide: the profile range [beginS, beginS + numS) swept along the whole path.
 * `end` marks a profile-cut face, `inner` the hollow; flat inner faces (numS doubled by the caller)
 * repeat each vertex so that the hollow's edges stay sharp.
 */
export function buildSide(
  mesh: VolumeMesh, out: PrimVolume, firstVertex: number, firstIndex: number,
  beginS: number, numS: number, end: boolean, inner: boolean, flat: boolean,
): void {
  const { profile, path, shape } = mesh;
  const numT = path.count;
  const maxS = profile.count;
  const repeat = inner && flat && numS > 2;
  const loopS = repeat ? numS >> 1 : numS;
  const beginStex = Math.floor(profileZ(profile, beginS));

  let vertex = firstVertex;
  for (let t = 0; t < numT; t++) {
    const tt = path.texT[t]!;
    for (let s = 0; s < loopS; s++) {
      const ss = end ? (s ? 1 : 0) : flat ? profileZ(profile, beginS + s) - beginStex : profileZ(profile, beginS + s);
      // A face past the last profile point wraps to the first one.
      const i = beginS + s >= maxS ? beginS + s + maxS * (t - 1) : beginS + s + maxS * t;
      copyPoint(mesh, out, vertex++, i, ss, tt);
      if (repeat && s > 0) copyPoint(mesh, out, vertex++, i, ss, tt);
    }
    if (repeat) {
      const s = profile.open ? loopS - 1 : 0;
      copyPoint(mesh, out, vertex++, beginS + s + maxS * t, profileZ(profile, beginS + s) - beginStex, tt);
    }
  }

  gridTriangles(out, firstVertex, firstIndex, numS, numT);
  gridNormals(out, firstVertex, firstIndex, numS, numT);

  const n = out.normals;
  const p = out.positions;
  if (numT >= 2 && numS >= 1) {
    const rowBeforeLast = firstVertex + numS * (numT - 2);
    const bottomConverges = distanceSquared(p, firstVertex, rowBeforeLast) < 0.000001;
    const topConverges = distanceSquared(p, firstVertex + numS - 1, rowBeforeLast + numS - 1) < 0.000001;
    if (!path.open) {
      // Closed path: the first and last rows meet.
      for (let i = 0; i < numS; i++) sumNormals(n, firstVertex + i, firstVertex + numS * (numT - 1) + i);
    }
    if (!profile.open && !bottomConverges) {
      // Closed profile: the first and last columns meet.
      for (let i = 0; i < numT; i++) sumNormals(n, firstVertex + numS * i, firstVertex + numS * i + numS - 1);
    }
    if (shape.pathCurve === PATH_CIRCLE && shape.profileShape === PROFILE_CIRCLE_HALF) {
      // The sphere's poles.
      for (let i = 0; i < numT; i++) {
        if (bottomConverges) {
          const o = 3 * (firstVertex + numS * i);
          n[o] = 1; n[o + 1] = 0; n[o + 2] = 0;
        }
        if (topConverges) {
          const o = 3 * (firstVertex + numS * i + numS - 1);
          n[o] = -1; n[o + 1] = 0; n[o + 2] = 0;
        }
      }
    }
  }
  normalize(out, firstVertex, numS * numT);
}

/**
 * The cap's plane normal: the path point's profile normal (its rotation applied to +z), negated
 * at the path's start. The viewer takes a cross product of cap points, which is this vector
 * wherever the cap has area; this stays defined where a taper shrinks the cap to a line or point.
 */
function capNormal(path: VolumePath, top: boolean, normal: Float64Array): void {
  const o = 9 * (top ? path.count - 1 : 0);
  const sign = top ? 1 : -1;
  normal[0] = sign * path.rot[o + 2]!;
  normal[1] = sign * path.rot[o + 5]!;
  normal[2] = sign * path.rot[o + 8]!;
}

const normalScratch = new Float64Array(3);

function fillNormal(out: PrimVolume, first: number, count: number, normal: Float64Array): void {
  for (let v = first; v < first + count; v++) {
    out.normals[3 * v] = normal[0]!;
    out.normals[3 * v + 1] = normal[1]!;
    out.normals[3 * v + 2] = normal[2]!;
  }
}

/** LLVolumeFace::createUnCutCubeCap: an uncut box's top or bottom as a (split + 1)-square grid. */
function buildUncutCubeCap(mesh: VolumeMesh, out: PrimVolume, firstVertex: number, firstIndex: number, top: boolean): void {
  const { profile, path, points } = mesh;
  const maxS = profile.count;
  const grid = Math.floor((maxS - 1) / 4);
  const offset = top ? (path.count - 1) * maxS : 0;
  const c0 = 3 * meshIndex(mesh, offset);
  const c1 = 3 * meshIndex(mesh, offset + grid);
  const c3 = 3 * meshIndex(mesh, offset + grid * 3);
  // Texture corners; the top swaps them along u.
  const u0 = profile.points[top ? 3 * grid * 3 : 0]! + 0.5;
  const v0 = 0.5 - profile.points[(top ? 3 * grid * 3 : 0) + 1]!;
  const u1 = profile.points[3 * grid * (top ? 2 : 1)]! + 0.5;
  const v1 = 0.5 - profile.points[3 * grid * (top ? 2 : 1) + 1]!;
  const u3 = profile.points[top ? 0 : 3 * grid * 3]! + 0.5;
  const v3 = 0.5 - profile.points[(top ? 0 : 3 * grid * 3) + 1]!;

  let vertex = firstVertex;
  for (let gx = 0; gx <= grid; gx++) {
    const a = gx / grid;
    for (let gy = 0; gy <= grid; gy++) {
      const b = gy / grid;
      const o = 3 * vertex;
      for (let k = 0; k < 3; k++) {
        out.positions[o + k] = points[c0 + k]! + (points[c1 + k]! - points[c0 + k]!) * a + (points[c3 + k]! - points[c0 + k]!) * b;
      }
      out.uvs[2 * vertex] = u0 + (u1 - u0) * a + (u3 - u0) * b;
      out.uvs[2 * vertex + 1] = v0 + (v1 - v0) * a + (v3 - v0) * b;
      vertex++;
    }
  }
  capNormal(path, top, normalScratch);
  fillNormal(out, firstVertex, vertex - firstVertex, normalScratch);

  const idx = out.indices;
  let index = firstIndex;
  const row = grid + 1;
  for (let gx = 0; gx < grid; gx++) {
    for (let gy = 0; gy < grid; gy++) {
      const base = firstVertex + gy * row + gx;
      if (top) {
        idx[index++] = base; idx[index++] = base + row; idx[index++] = base + row + 1;
        idx[index++] = base + row + 1; idx[index++] = base + 1; idx[index++] = base;
      } else {
        idx[index++] = base; idx[index++] = base + 1; idx[index++] = base + row + 1;
        idx[index++] = base + row + 1; idx[index++] = base + row; idx[index++] = base;
      }
    }
  }
}

/** Twice the signed area of the triangle (a, b, c) in the profile plane. */
function area(profile: VolumeProfile, a: number, b: number, c: number): number {
  const q = profile.points;
  const ax = q[3 * a]!; const ay = q[3 * a + 1]!;
  const bx = q[3 * b]!; const by = q[3 * b + 1]!;
  const cx = q[3 * c]!; const cy = q[3 * c + 1]!;
  return (ax * by - bx * ay) + (bx * cy - cx * by) + (cx * ay - ax * cy);
}

function profileDistanceSquared(profile: VolumeProfile, a: number, b: number): number {
  const q = profile.points;
  const x = q[3 * a]! - q[3 * b]!;
  const y = q[3 * a + 1]! - q[3 * b + 1]!;
  return x * x + y * y;
}

/** LLVolumeFace::createCap: the top (path end) or bottom (path start) cap. */
export function buildCap(mesh: VolumeMesh, out: PrimVolume, firstVertex: number, firstIndex: number, top: boolean): void {
  if (isUncutCubeCap(mesh)) {
    buildUncutCubeCap(mesh, out, firstVertex, firstIndex, top);
    return;
  }
  const { profile, path, shape } = mesh;
  const hollow = shape.hollow > 0;
  const n = profile.count;
  const closed = !hollow && !profile.open;
  const offset = top ? (path.count - 1) * n : 0;
  const pos = out.positions;
  const uv = out.uvs;

  let minX = Infinity; let minY = Infinity; let minZ = Infinity;
  let maxX = -Infinity; let maxY = -Infinity; let maxZ = -Infinity;
  let minU = Infinity; let minV = Infinity; let maxU = -Infinity; let maxV = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = profile.points[3 * i]!;
    const y = profile.points[3 * i + 1]!;
    // The underside mirrors v.
    const u = x + 0.5;
    const v = top ? y + 0.5 : 0.5 - y;
    const vertex = firstVertex + i;
    copyPoint(mesh, out, vertex, i + offset, u, v);
    const px = pos[3 * vertex]!; const py = pos[3 * vertex + 1]!; const pz = pos[3 * vertex + 2]!;
    if (px < minX) minX = px; if (px > maxX) maxX = px;
    if (py < minY) minY = py; if (py > maxY) maxY = py;
    if (pz < minZ) minZ = pz; if (pz > maxZ) maxZ = pz;
    if (u < minU) minU = u; if (u > maxU) maxU = u;
    if (v < minV) minV = v; if (v > maxV) maxV = v;
  }
  let vertices = n;
  if (closed) {
    // A closed solid cap fans out from the centre of its bounds.
    const c = firstVertex + n;
    pos[3 * c] = (minX + maxX) * 0.5;
    pos[3 * c + 1] = (minY + maxY) * 0.5;
    pos[3 * c + 2] = (minZ + maxZ) * 0.5;
    uv[2 * c] = (minU + maxU) * 0.5;
    uv[2 * c + 1] = (minV + maxV) * 0.5;
    vertices++;
  }
  capNormal(path, top, normalScratch);
  fillNormal(out, firstVertex, vertices, normalScratch);

  const idx = out.indices;
  let index = firstIndex;
  if (hollow) {
    // Zip the outer and inner outlines together from both ends, taking whichever
    // triangle faces forward (and the shorter edge when both do).
    let pt1 = 0;
    let pt2 = vertices - 1;
    while (pt2 - pt1 > 1) {
      const area1a2 = area(profile, pt1, pt1 + 1, pt2);
      const area1ba = area(profile, pt1, pt2 - 1, pt1 + 1);
      const area21b = area(profile, pt2, pt1, pt2 - 1);
      const area2ab = area(profile, pt2, pt1 + 1, pt2 - 1);
      let tri1a2 = true;
      let tri21b = true;
      if (area1a2 < 0 || area2ab < 0) tri1a2 = false;
      if (area21b < 0 || area1ba < 0) tri21b = false;
      let useTri1a2: boolean;
      if (!tri1a2) useTri1a2 = false;
      else if (!tri21b) useTri1a2 = true;
      else useTri1a2 = profileDistanceSquared(profile, pt1, pt1 + 1) < profileDistanceSquared(profile, pt2, pt2 - 1);
      if (useTri1a2) {
        idx[index++] = firstVertex + pt1;
        if (top) { idx[index++] = firstVertex + pt1 + 1; idx[index++] = firstVertex + pt2; } else { idx[index++] = firstVertex + pt2; idx[index++] = firstVertex + pt1 + 1; }
        pt1++;
      } else {
        idx[index++] = firstVertex + pt1;
        if (top) { idx[index++] = firstVertex + pt2 - 1; idx[index++] = firstVertex + pt2; } else { idx[index++] = firstVertex + pt2; idx[index++] = firstVertex + pt2 - 1; }
        pt2--;
      }
    }
  } else {
    // A fan around the last vertex: the added centre, or the cut profile's centre point.
    const pivot = firstVertex + vertices - 1;
    for (let i = 0; i < vertices - 2; i++) {
      idx[index++] = pivot;
      idx[index++] = firstVertex + (top ? i : i + 1);
      idx[index++] = firstVertex + (top ? i + 1 : i);
    }
  }
}
