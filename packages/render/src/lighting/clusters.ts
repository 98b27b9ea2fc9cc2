/**
 * Clustered light assignment on the CPU. The view frustum is cut into X×Y
 * screen tiles and Z depth slices spaced exponentially between near and far
 * (slice k starts at near·(far/near)^(k/Z)); every light goes into the list
 * of each cluster its sphere may reach, nearest lights first, and the result
 * is packed as textures (see `cluster-data.ts`).
 *
 * `assignLightsToClusters` reads as the frame's steps, after PlayCanvas's
 * WorldClusters.update:
 *   updateParams → updateCells → collectLightsInView → computeLightBounds
 *   → assignLights → packForUpload
 *
 * Bounds are conservative and tight: for each slice a light touches, its
 * tile range comes from the sphere's tangent planes through the eye
 * (Mara & McGuire 2013), intersected with the slope range of the sphere's
 * part inside that slice. A cluster is then missed only if no point of the
 * sphere lies in it; the false positives left are the corners of each
 * slice's tile rectangle.
 *
 * View space is gl-matrix's: x right, y up, looking down -z.
 */
import { sortFloat64 } from '@slv/core';
import type { ClusterGrid } from '@slv/config';
import type { ReadonlyMat4 } from 'gl-matrix';
import { FLOATS_PER_LIGHT, resizeClusterData, type ClusterData } from './cluster-data.ts';
import { lightArraysLength, MAX_LIGHT_COUNT, type LightArrays } from './light-arrays.ts';

export interface ClusterCamera {
  /** Near and far limits of the clusters, metres (far: usually the draw distance). */
  readonly near: number;
  readonly far: number;
  /** Vertical field of view, radians. */
  readonly fovY: number;
  /** Width / height. */
  readonly aspect: number;
  /** World → view, rigid (radii are used as they are). Pass the identity for lights already in view space. */
  readonly view: ReadonlyMat4;
}

// Sort keys: distance quantised to 26 bits above a 26-bit light index, exact in a double.
const INDEX_SPAN = 2 ** 26;
const DISTANCE_STEPS = INDEX_SPAN - 1;
// Widening of every cell range, in cells: covers float rounding here and in the shader's lookup.
const CELL_EPSILON = 1e-3;

/**
 * Assigns `count` lights to the clusters of `camera`'s frustum and packs the
 * result into `out`, which is re-laid out first if `grid` or
 * `maxLightsPerCluster` differ from its own. Lights beyond `out.maxLights`
 * (the nearest are kept) and clusters past `maxLightsPerCluster` (the nearest
 * lights are kept) are counted in `out.stats`; `resizeClusterData` changes
 * `maxLights`. Allocates nothing unless `count` exceeds every count seen
 * before or the layout changes.
 */
export function assignLightsToClusters(
  lights: LightArrays,
  count: number,
  camera: ClusterCamera,
  grid: Readonly<ClusterGrid>,
  maxLightsPerCluster: number,
  out: ClusterData,
): ClusterData {
  assertInputs(lights, count, camera);
  const g = out.grid;
  if (grid.x !== g.x || grid.y !== g.y || grid.z !== g.z || maxLightsPerCluster !== out.maxLightsPerCluster) {
    resizeClusterData(out, { grid, maxLights: out.maxLights, maxLightsPerCluster });
  }
  updateParams(out, camera);
  // Checked here, not in updateCells: that small function is called once a frame and reaches an
  // optimising tier late, and before it does every number it reads is boxed (an allocation).
  const f = out.scratch.cellsFor;
  if (f[0] !== camera.fovY || f[1] !== camera.aspect || f[2] !== camera.near || f[3] !== camera.far) updateCells(out, camera);
  collectLightsInView(out, lights, count, camera);
  computeLightBounds(out, camera);
  assignLights(out);
  packForUpload(out, lights);
  return out;
}

function assertInputs(lights: LightArrays, count: number, camera: ClusterCamera): void {
  const where = 'assignLightsToClusters';
  if (!Number.isInteger(count) || count < 0 || count > MAX_LIGHT_COUNT) {
    throw new RangeError(`${where}: count must be an integer in 0..${MAX_LIGHT_COUNT}, got ${count}`);
  }
  const length = lightArraysLength(lights);
  if (length < count) throw new RangeError(`${where}: ${count} lights asked for but the light arrays hold only ${length}`);
  const { near, far, fovY, aspect, view } = camera;
  // x - x === 0 is Number.isFinite(x) without a call: this runs once a frame, often in code V8
  // has not fully optimised, where a number passed to a call is boxed (an allocation).
  if (!(near > 0 && near - near === 0)) throw new RangeError(`${where}: camera.near must be > 0, got ${near}`);
  if (!(far > near && far - far === 0)) throw new RangeError(`${where}: camera.far must be finite and beyond near (${near}), got ${far}`);
  if (!(fovY > 0 && fovY < Math.PI)) throw new RangeError(`${where}: camera.fovY must be in (0, π) radians, got ${fovY}`);
  if (!(aspect > 0 && aspect - aspect === 0)) throw new RangeError(`${where}: camera.aspect must be > 0, got ${aspect}`);
  if (view.length < 16) throw new RangeError(`${where}: camera.view holds ${view.length} numbers, 16 needed`);
  for (let i = 0; i < 16; i++) if (!(view[i]! - view[i]! === 0)) throw new RangeError(`${where}: camera.view[${i}] is ${view[i]}`);
}

/** Step 1: the constants the shader needs to find a fragment's cluster. */
function updateParams(out: ClusterData, camera: ClusterCamera): void {
  const { x, y, z } = out.grid;
  const zScale = z / Math.log(camera.far / camera.near);
  const p = out.params;
  p[0] = x;
  p[1] = y;
  p[2] = z;
  p[3] = camera.near;
  p[4] = camera.far;
  p[5] = zScale;
  p[6] = -Math.log(camera.near) * zScale;
  p[7] = Math.tan(camera.fovY / 2);
}

/** Step 2: tile-plane slopes and slice depths, rebuilt only when the lens or the grid changed. */
function updateCells(out: ClusterData, camera: ClusterCamera): void {
  const s = out.scratch;
  const f = s.cellsFor;
  f[0] = camera.fovY;
  f[1] = camera.aspect;
  f[2] = camera.near;
  f[3] = camera.far;
  const { x: gx, y: gy, z: gz } = out.grid;
  const tanY = Math.tan(camera.fovY / 2);
  const tanX = tanY * camera.aspect;
  for (let i = 0; i <= gx; i++) s.slopesX[i] = tanX * ((2 * i) / gx - 1);
  for (let j = 0; j <= gy; j++) s.slopesY[j] = tanY * ((2 * j) / gy - 1);
  const ratio = camera.far / camera.near;
  for (let k = 0; k <= gz; k++) s.sliceDepths[k] = camera.near * ratio ** (k / gz);
}

/**
 * Step 3: the lights whose sphere touches the frustum, in view space, nearest
 * surface first; the first `maxLights` of them are used.
 */
function collectLightsInView(out: ClusterData, lights: LightArrays, count: number, camera: ClusterCamera): void {
  const s = out.scratch;
  // Grows only past the largest count seen so far.
  if (s.keys.length < count) s.keys = new Float64Array(Math.max(count, s.keys.length * 2));
  const keys = s.keys;
  const { x, y, z, radius } = lights;
  const v = camera.view;
  const v0 = v[0]!, v1 = v[1]!, v2 = v[2]!, v4 = v[4]!, v5 = v[5]!, v6 = v[6]!;
  const v8 = v[8]!, v9 = v[9]!, v10 = v[10]!, v12 = v[12]!, v13 = v[13]!, v14 = v[14]!;
  const { near, far } = camera;
  const tanY = Math.tan(camera.fovY / 2);
  const tanX = tanY * camera.aspect;
  // Side planes pass through the eye: x = ±tanX·d, y = ±tanY·d.
  const normX = 1 / Math.sqrt(1 + tanX * tanX);
  const normY = 1 / Math.sqrt(1 + tanY * tanY);
  const toSteps = DISTANCE_STEPS / far;
  let inView = 0;
  let invalid = 0;
  for (let i = 0; i < count; i++) {
    const wx = x[i]!;
    const wy = y[i]!;
    const wz = z[i]!;
    const r = radius[i]!;
    if (!(r > 0 && Number.isFinite(wx + wy + wz + r))) {
      invalid++;
      continue;
    }
    const vx = v0 * wx + v4 * wy + v8 * wz + v12;
    const vy = v1 * wx + v5 * wy + v9 * wz + v13;
    const d = -(v2 * wx + v6 * wy + v10 * wz + v14);
    // A hair of slack so that rounding never drops a light grazing the frustum.
    const reach = r * (1 + 1e-6) + 1e-6;
    if (d + reach < near || d - reach > far) continue;
    if ((vx - tanX * d) * normX > reach || (-vx - tanX * d) * normX > reach) continue;
    if ((vy - tanY * d) * normY > reach || (-vy - tanY * d) * normY > reach) continue;
    const surface = Math.sqrt(vx * vx + vy * vy + d * d) - r;
    const steps = surface <= 0 ? 0 : surface >= far ? DISTANCE_STEPS : Math.floor(surface * toSteps);
    keys[inView++] = steps * INDEX_SPAN + i;
  }
  sortFloat64(keys, inView);
  const used = Math.min(inView, out.maxLights);
  for (let k = 0; k < used; k++) {
    const key = keys[k]!;
    const i = key - Math.floor(key / INDEX_SPAN) * INDEX_SPAN;
    const wx = x[i]!;
    const wy = y[i]!;
    const wz = z[i]!;
    out.lightSource[k] = i;
    s.viewX[k] = v0 * wx + v4 * wy + v8 * wz + v12;
    s.viewY[k] = v1 * wx + v5 * wy + v9 * wz + v13;
    s.viewD[k] = -(v2 * wx + v6 * wy + v10 * wz + v14);
    s.viewR[k] = radius[i]!;
  }
  out.lightCount = used;
  out.stats.lightsInView = inView;
  out.stats.lightsUsed = used;
  out.stats.lightsDropped = inView - used;
  out.stats.lightsInvalid = invalid;
}

/** Step 4: per used light, the slices it spans and, per slice, its tile rectangle. */
function computeLightBounds(out: ClusterData, camera: ClusterCamera): void {
  const s = out.scratch;
  const { x: gx, y: gy, z: gz } = out.grid;
  const { near, far } = camera;
  const zScale = out.params[5]!;
  const zBias = out.params[6]!;
  const tanY = Math.tan(camera.fovY / 2);
  const tanX = tanY * camera.aspect;
  // Slope s → tile coordinate (s / tan + 1) / 2 · tiles.
  const toTileX = (0.5 * gx) / tanX;
  const toTileY = (0.5 * gy) / tanY;
  const halfX = 0.5 * gx;
  const halfY = 0.5 * gy;
  const depths = s.sliceDepths;
  const ranges = s.cellRanges;
  for (let k = 0; k < out.lightCount; k++) {
    const cx = s.viewX[k]!;
    const cy = s.viewY[k]!;
    const d = s.viewD[k]!;
    const r = s.viewR[k]!;
    const dMin = d - r;
    const dMax = d + r;
    let z0 = Math.floor(Math.log(Math.max(dMin, near)) * zScale + zBias - CELL_EPSILON);
    let z1 = Math.floor(Math.log(Math.min(dMax, far)) * zScale + zBias + CELL_EPSILON);
    if (z0 < 0) z0 = 0;
    if (z1 > gz - 1) z1 = gz - 1;
    if (z0 > z1) {
      // Only grazing the near or far plane, within the collection's slack.
      s.sliceFirst[k] = 1;
      s.sliceLast[k] = 0;
      continue;
    }
    s.sliceFirst[k] = z0;
    s.sliceLast[k] = z1;
    // Tangent planes through the eye bound the whole sphere's slopes, when it lies wholly in front.
    let tx0 = -Infinity, tx1 = Infinity, ty0 = -Infinity, ty1 = Infinity;
    if (d > r) {
      const dd = d * d - r * r;
      const ex = r * Math.sqrt(cx * cx + dd);
      const ey = r * Math.sqrt(cy * cy + dd);
      tx0 = (cx * d - ex) / dd;
      tx1 = (cx * d + ex) / dd;
      ty0 = (cy * d - ey) / dd;
      ty1 = (cy * d + ey) / dd;
    }
    for (let zi = z0; zi <= z1; zi++) {
      const o = (k * gz + zi) * 4;
      // The sphere's part inside this slice: depths lo..hi, at most rho off its centre sideways.
      const lo = Math.max(depths[zi]!, dMin);
      const hi = Math.min(depths[zi + 1]!, dMax);
      if (!(lo <= hi)) {
        ranges[o] = 1;
        ranges[o + 1] = 0;
        continue;
      }
      const off = d < lo ? lo - d : d > hi ? d - hi : 0;
      const rho = Math.sqrt(Math.max(0, r * r - off * off));
      const sx0 = Math.max(tx0, Math.min((cx - rho) / lo, (cx - rho) / hi));
      const sx1 = Math.min(tx1, Math.max((cx + rho) / lo, (cx + rho) / hi));
      const sy0 = Math.max(ty0, Math.min((cy - rho) / lo, (cy - rho) / hi));
      const sy1 = Math.min(ty1, Math.max((cy + rho) / lo, (cy + rho) / hi));
      let x0 = Math.floor(sx0 * toTileX + halfX - CELL_EPSILON);
      let x1 = Math.floor(sx1 * toTileX + halfX + CELL_EPSILON);
      let y0 = Math.floor(sy0 * toTileY + halfY - CELL_EPSILON);
      let y1 = Math.floor(sy1 * toTileY + halfY + CELL_EPSILON);
      if (x0 < 0) x0 = 0;
      if (x1 > gx - 1) x1 = gx - 1;
      if (y0 < 0) y0 = 0;
      if (y1 > gy - 1) y1 = gy - 1;
      if (x0 > x1 || y0 > y1) {
        ranges[o] = 1;
        ranges[o + 1] = 0;
        continue;
      }
      ranges[o] = x0;
      ranges[o + 1] = x1;
      ranges[o + 2] = y0;
      ranges[o + 3] = y1;
    }
  }
}

/**
 * Step 5: count the lights touching each cluster, lay the lists out (capped
 * at maxLightsPerCluster and the index capacity), then fill them nearest
 * light first.
 */
function assignLights(out: ClusterData): void {
  const s = out.scratch;
  const { x: gx, y: gy, z: gz } = out.grid;
  const ranges = s.cellRanges;
  const touching = s.touching;
  touching.fill(0);
  for (let k = 0; k < out.lightCount; k++) {
    for (let zi = s.sliceFirst[k]!; zi <= s.sliceLast[k]!; zi++) {
      const o = (k * gz + zi) * 4;
      const x0 = ranges[o]!, x1 = ranges[o + 1]!, y1 = ranges[o + 3]!;
      for (let yi = ranges[o + 2]!; yi <= y1 && x0 <= x1; yi++) {
        const row = (zi * gy + yi) * gx;
        for (let xi = x0; xi <= x1; xi++) touching[row + xi]!++;
      }
    }
  }
  const { counts, offsets } = out;
  const cap = out.maxLightsPerCluster;
  const capacity = out.indexCapacity;
  let total = 0;
  let maxOccupancy = 0;
  let overflowed = 0;
  let dropped = 0;
  for (let c = 0; c < out.clusterCount; c++) {
    const t = touching[c]!;
    if (t > maxOccupancy) maxOccupancy = t;
    const take = Math.min(t, cap, capacity - total);
    if (take < t) {
      overflowed++;
      dropped += t - take;
    }
    counts[c] = take;
    offsets[c] = total;
    total += take;
    touching[c] = 0;
  }
  // `touching` is now each cluster's fill cursor; lights come nearest first.
  const indices = out.lightIndices;
  for (let k = 0; k < out.lightCount; k++) {
    for (let zi = s.sliceFirst[k]!; zi <= s.sliceLast[k]!; zi++) {
      const o = (k * gz + zi) * 4;
      const x0 = ranges[o]!, x1 = ranges[o + 1]!, y1 = ranges[o + 3]!;
      for (let yi = ranges[o + 2]!; yi <= y1 && x0 <= x1; yi++) {
        const row = (zi * gy + yi) * gx;
        for (let xi = x0; xi <= x1; xi++) {
          const c = row + xi;
          const n = touching[c]!;
          if (n < counts[c]!) {
            indices[offsets[c]! + n] = k;
            touching[c] = n + 1;
          }
        }
      }
    }
  }
  const st = out.stats;
  st.assignments = total;
  st.maxOccupancy = maxOccupancy;
  st.meanOccupancy = total / out.clusterCount;
  st.overflowedClusters = overflowed;
  st.droppedAssignments = dropped;
}

/** Step 6: the light texture (2 RGBA texels a light) and the cluster texture (offset, count). */
function packForUpload(out: ClusterData, lights: LightArrays): void {
  const s = out.scratch;
  const data = out.lightData;
  const { red, green, blue, intensity, falloff } = lights;
  for (let k = 0; k < out.lightCount; k++) {
    const i = out.lightSource[k]!;
    const o = k * FLOATS_PER_LIGHT;
    const power = intensity[i]!;
    data[o] = s.viewX[k]!;
    data[o + 1] = s.viewY[k]!;
    data[o + 2] = -s.viewD[k]!;
    data[o + 3] = s.viewR[k]!;
    data[o + 4] = red[i]! * power;
    data[o + 5] = green[i]! * power;
    data[o + 6] = blue[i]! * power;
    data[o + 7] = falloff[i]!;
  }
  const texels = out.clusterTexels;
  for (let c = 0; c < out.clusterCount; c++) {
    texels[2 * c] = out.offsets[c]!;
    texels[2 * c + 1] = out.counts[c]!;
  }
}
