import { presetSettings } from '@slv/config';
import fc from 'fast-check';
import { mat4, vec3 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { clusterOptionsFromSettings, createClusterData, type ClusterData } from './cluster-data.ts';
import { assignLightsToClusters, type ClusterCamera } from './clusters.ts';
import { createLightArrays, type LightArrays } from './light-arrays.ts';
import { seededRandom } from '../culling/test-scene.test-support.ts';

interface Scene {
  readonly camera: ClusterCamera;
  readonly toWorld: mat4;
}

function randomScene(rand: () => number): Scene {
  const eye = vec3.fromValues(rand() * 256, rand() * 256, rand() * 50);
  const target = vec3.add(vec3.create(), eye, [rand() * 2 - 1, rand() * 2 - 1, rand() - 0.5]);
  const view = mat4.lookAt(mat4.create(), eye, target, [0, 0, 1]);
  const near = 0.1 + rand() * 2;
  const camera = { near, far: near * (20 + rand() * 2000), fovY: ((30 + rand() * 90) * Math.PI) / 180, aspect: 0.5 + rand() * 2.5, view };
  return { camera, toWorld: mat4.invert(mat4.create(), view)! };
}

/** Lights placed in view space around the frustum (some outside, some around the eye), stored in world space. */
function lightsAround(rand: () => number, scene: Scene, count: number): LightArrays {
  const { camera, toWorld } = scene;
  const l = createLightArrays(count);
  const tanY = Math.tan(camera.fovY / 2);
  for (let i = 0; i < count; i++) {
    const d = rand() * rand() * camera.far * 1.1 - camera.near;
    const p = vec3.transformMat4(vec3.create(), [(rand() * 2.6 - 1.3) * tanY * camera.aspect * d, (rand() * 2.6 - 1.3) * tanY * d, -d], toWorld);
    l.x[i] = p[0];
    l.y[i] = p[1];
    l.z[i] = p[2];
    l.radius[i] = 0.2 + rand() * rand() * Math.max(2, d) * 0.5;
    l.red[i] = rand();
    l.green[i] = rand();
    l.blue[i] = rand();
    l.intensity[i] = rand() * 4;
    l.falloff[i] = 1 + rand();
  }
  return l;
}

function viewCentre(l: LightArrays, i: number, camera: ClusterCamera): vec3 {
  return vec3.transformMat4(vec3.create(), [l.x[i]!, l.y[i]!, l.z[i]!], camera.view);
}

/** The eight corners of cluster (i, j, k) in view space, indexed by (a, b, e) bits: x side, y side, near/far. */
function cellCorners(camera: ClusterCamera, data: ClusterData, i: number, j: number, k: number): vec3[] {
  const { x: gx, y: gy, z: gz } = data.grid;
  const tanY = Math.tan(camera.fovY / 2);
  const tanX = tanY * camera.aspect;
  const corners: vec3[] = [];
  for (let e = 0; e < 2; e++) {
    const d = camera.near * (camera.far / camera.near) ** ((k + e) / gz);
    for (let b = 0; b < 2; b++) {
      for (let a = 0; a < 2; a++) {
        const sx = tanX * ((2 * (i + a)) / gx - 1);
        const sy = tanY * ((2 * (j + b)) / gy - 1);
        corners[a + 2 * b + 4 * e] = vec3.fromValues(sx * d, sy * d, -d);
      }
    }
  }
  return corners;
}

const FACES = [
  [0, 2, 6, 4], [1, 3, 7, 5], // x sides
  [0, 1, 5, 4], [2, 3, 7, 6], // y sides
  [0, 1, 3, 2], [4, 5, 7, 6], // near, far
];

function segmentDistance(p: vec3, a: vec3, b: vec3): number {
  const ab = vec3.sub(vec3.create(), b, a);
  const t = Math.max(0, Math.min(1, vec3.dot(vec3.sub(vec3.create(), p, a), ab) / vec3.dot(ab, ab)));
  return vec3.distance(p, vec3.scaleAndAdd(vec3.create(), a, ab, t));
}

interface Cell {
  readonly corners: vec3[];
  readonly lo: vec3;
  readonly hi: vec3;
}

function makeCell(corners: vec3[]): Cell {
  const lo = vec3.fromValues(Infinity, Infinity, Infinity);
  const hi = vec3.fromValues(-Infinity, -Infinity, -Infinity);
  for (const c of corners) {
    vec3.min(lo, lo, c);
    vec3.max(hi, hi, c);
  }
  return { corners, lo, hi };
}

/** Whether a sphere touches a cell: exact, after a cheap rejection by the cell's bounding box. */
function sphereTouchesCell(p: vec3, r: number, cell: Cell): boolean {
  let outside = 0;
  for (let a = 0; a < 3; a++) {
    const gap = p[a]! < cell.lo[a]! ? cell.lo[a]! - p[a]! : p[a]! > cell.hi[a]! ? p[a]! - cell.hi[a]! : 0;
    outside += gap * gap;
  }
  return outside <= r * r && distanceToCell(p, cell.corners) <= r;
}

/** Exact distance from a point to a convex hexahedron: 0 inside, else to the nearest face. */
function distanceToCell(p: vec3, corners: vec3[]): number {
  const centroid = corners.reduce((acc, c) => vec3.scaleAndAdd(acc, acc, c, 1 / 8), vec3.create());
  let inside = true;
  let best = Infinity;
  for (const face of FACES) {
    const q = face.map((f) => corners[f]!);
    const n = vec3.normalize(vec3.create(), vec3.cross(vec3.create(), vec3.sub(vec3.create(), q[1]!, q[0]!), vec3.sub(vec3.create(), q[2]!, q[0]!)));
    if (vec3.dot(n, vec3.sub(vec3.create(), centroid, q[0]!)) > 0) vec3.negate(n, n);
    const dist = vec3.dot(n, vec3.sub(vec3.create(), p, q[0]!));
    if (dist > 0) inside = false;
    // Foot of the perpendicular inside the face: the plane distance; else the nearest edge.
    const foot = vec3.scaleAndAdd(vec3.create(), p, n, -dist);
    let sign = 0;
    let within = true;
    for (let e = 0; e < 4; e++) {
      const a = q[e]!;
      const b = q[(e + 1) % 4]!;
      const side = vec3.dot(vec3.cross(vec3.create(), vec3.sub(vec3.create(), b, a), vec3.sub(vec3.create(), foot, a)), n);
      if (side !== 0) {
        if (sign === 0) sign = Math.sign(side);
        else if (Math.sign(side) !== sign) within = false;
      }
    }
    const faceDistance = within ? Math.abs(dist) : Math.min(...[0, 1, 2, 3].map((e) => segmentDistance(p, q[e]!, q[(e + 1) % 4]!)));
    best = Math.min(best, faceDistance);
  }
  return inside ? 0 : best;
}

/** Light index lists of every cluster, by the caller's light index. */
function assignedPairs(data: ClusterData): Set<string> {
  const pairs = new Set<string>();
  for (let c = 0; c < data.clusterCount; c++) {
    for (let n = 0; n < data.counts[c]!; n++) pairs.add(`${data.lightSource[data.lightIndices[data.offsets[c]! + n]!]}:${c}`);
  }
  return pairs;
}

function roomy(grid: { x: number; y: number; z: number }): ClusterData {
  return createClusterData({ grid, maxLights: 16384, maxLightsPerCluster: 256, indexCapacity: 1 << 22 });
}

describe('assignLightsToClusters', () => {
  it('puts every light into every cluster its sphere reaches, with few false positives', () => {
    let assigned = 0;
    let falsePositives = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0x7fffffff }),
        fc.record({ x: fc.integer({ min: 1, max: 16 }), y: fc.integer({ min: 1, max: 9 }), z: fc.integer({ min: 1, max: 24 }) }),
        (seed, grid) => {
          const rand = seededRandom(seed);
          const scene = randomScene(rand);
          const lights = lightsAround(rand, scene, 30);
          const data = assignLightsToClusters(lights, 30, scene.camera, grid, 256, roomy(grid));
          expect(data.stats.overflowedClusters).toBe(0);
          const pairs = assignedPairs(data);
          const cells: Cell[] = [];
          for (let k = 0; k < grid.z; k++) {
            for (let j = 0; j < grid.y; j++) for (let x = 0; x < grid.x; x++) cells.push(makeCell(cellCorners(scene.camera, data, x, j, k)));
          }
          for (let i = 0; i < 30; i++) {
            const centre = viewCentre(lights, i, scene.camera);
            for (let k = 0; k < grid.z; k++) {
              for (let j = 0; j < grid.y; j++) {
                for (let x = 0; x < grid.x; x++) {
                  const c = x + grid.x * (j + grid.y * k);
                  const touches = sphereTouchesCell(centre, lights.radius[i]!, cells[c]!);
                  const present = pairs.has(`${i}:${c}`);
                  if (touches && !present) throw new Error(`light ${i} reaches cluster (${x}, ${j}, ${k}) but is not in its list`);
                  if (present) {
                    assigned++;
                    if (!touches) falsePositives++;
                  }
                }
              }
            }
          }
        },
      ),
      { numRuns: 40 },
    );
    // Measured: about 7% of the pairs, the corners of each slice's tile rectangle.
    expect(assigned).toBeGreaterThan(1000);
    expect(falsePositives / assigned).toBeLessThan(0.12);
  });

  it('finds every light that reaches a point in the cluster the shader looks up for it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), (seed) => {
        const rand = seededRandom(seed);
        const scene = randomScene(rand);
        const { camera } = scene;
        const grid = { x: 16, y: 9, z: 24 };
        const lights = lightsAround(rand, scene, 200);
        const data = assignLightsToClusters(lights, 200, camera, grid, 256, roomy(grid));
        const [gx, gy, gz, , , zScale, zBias, tanY] = data.params;
        const tanX = tanY! * camera.aspect;
        const centres = Array.from({ length: 200 }, (_, i) => viewCentre(lights, i, camera));
        for (let n = 0; n < 300; n++) {
          const d = camera.near + rand() * rand() * (camera.far - camera.near);
          const ndcX = rand() * 2 - 1;
          const ndcY = rand() * 2 - 1;
          const p = vec3.fromValues(ndcX * tanX * d, ndcY * tanY! * d, -d);
          const clamp = (v: number, max: number) => Math.min(max - 1, Math.max(0, v));
          const cx = clamp(Math.floor(((ndcX + 1) / 2) * gx!), gx!);
          const cy = clamp(Math.floor(((ndcY + 1) / 2) * gy!), gy!);
          const cz = clamp(Math.floor(Math.log(d) * zScale! + zBias!), gz!);
          const c = cx + gx! * (cy + gy! * cz);
          const list = new Set<number>();
          for (let q = 0; q < data.counts[c]!; q++) list.add(data.lightSource[data.lightIndices[data.offsets[c]! + q]!]!);
          for (let i = 0; i < 200; i++) {
            if (vec3.distance(p, centres[i]!) < lights.radius[i]! && !list.has(i)) {
              throw new Error(`light ${i} reaches (${Array.from(p).join(', ')}) but cluster ${c} does not list it`);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the nearest lights when more are in view than maxLights', () => {
    const view = mat4.lookAt(mat4.create(), [0, 0, 0], [0, 1, 0], [0, 0, 1]);
    const camera = { near: 0.1, far: 100, fovY: Math.PI / 2, aspect: 1, view };
    const l = createLightArrays(6);
    l.y.set([50, 10, 30, 5, 70, -20]); // the last one is behind the eye
    l.radius.fill(1);
    const data = createClusterData({ grid: { x: 4, y: 4, z: 8 }, maxLights: 3, maxLightsPerCluster: 8 });
    assignLightsToClusters(l, 6, camera, data.grid, 8, data);
    expect(Array.from(data.lightSource.subarray(0, data.lightCount))).toEqual([3, 1, 2]);
    expect(data.stats).toMatchObject({ lightsInView: 5, lightsUsed: 3, lightsDropped: 2, lightsInvalid: 0 });
  });

  it('orders the lights it keeps by the distance to their surface, however many there are', () => {
    const view = mat4.lookAt(mat4.create(), [0, 0, 0], [0, 1, 0], [0, 0, 1]);
    const camera = { near: 0.1, far: 200, fovY: Math.PI / 2, aspect: 1, view };
    const count = 1500;
    const rand = seededRandom(42);
    // Distinct surface distances 5, 5.1, 5.2... in a shuffled order, all straight ahead.
    const order = Array.from({ length: count }, (_, i) => i).sort(() => rand() - 0.5);
    const l = createLightArrays(count);
    for (let i = 0; i < count; i++) {
      l.radius[i] = 0.5 + rand();
      l.y[i] = 5 + order[i]! * 0.1 + l.radius[i]!;
    }
    const data = createClusterData({ grid: { x: 4, y: 4, z: 8 }, maxLights: 300, maxLightsPerCluster: 64 });
    assignLightsToClusters(l, count, camera, data.grid, 64, data);
    const byDistance = Array.from({ length: count }, (_, i) => i).sort((a, b) => order[a]! - order[b]!);
    expect(Array.from(data.lightSource.subarray(0, data.lightCount))).toEqual(byDistance.slice(0, 300));
    expect(data.stats).toMatchObject({ lightsInView: count, lightsDropped: count - 300 });
  });

  it('caps each cluster at maxLightsPerCluster, nearest first, and reports the overflow', () => {
    const view = mat4.lookAt(mat4.create(), [0, 0, 0], [0, 1, 0], [0, 0, 1]);
    const camera = { near: 0.1, far: 100, fovY: Math.PI / 2, aspect: 1, view };
    const l = createLightArrays(5);
    l.y.set([20.4, 20.1, 20.3, 20, 20.2]);
    l.radius.fill(0.5);
    const grid = { x: 1, y: 1, z: 1 };
    const data = assignLightsToClusters(l, 5, camera, grid, 2, createClusterData({ grid, maxLights: 8, maxLightsPerCluster: 2 }));
    expect(data.counts[0]).toBe(2);
    expect(Array.from(data.lightIndices.subarray(0, 2), (k) => data.lightSource[k])).toEqual([3, 1]);
    expect(data.stats).toMatchObject({ maxOccupancy: 5, overflowedClusters: 1, droppedAssignments: 3, assignments: 2, meanOccupancy: 2 });
  });

  it('stops at the index capacity, saying so', () => {
    const view = mat4.lookAt(mat4.create(), [0, 0, 0], [0, 1, 0], [0, 0, 1]);
    const camera = { near: 0.1, far: 100, fovY: Math.PI / 2, aspect: 1, view };
    const l = createLightArrays(1);
    l.y[0] = 10;
    l.radius[0] = 50; // reaches every cluster
    const grid = { x: 4, y: 4, z: 4 };
    const data = assignLightsToClusters(l, 1, camera, grid, 4, createClusterData({ grid, maxLights: 4, maxLightsPerCluster: 4, indexCapacity: 40 }));
    expect(data.stats).toMatchObject({ assignments: 40, overflowedClusters: 24, droppedAssignments: 24 });
    expect(data.counts.reduce((a, b) => a + b, 0)).toBe(40);
  });

  it('packs lights, clusters and parameters ready for upload', () => {
    const view = mat4.lookAt(mat4.create(), [10, 10, 10], [10, 20, 10], [0, 0, 1]);
    const camera = { near: 0.5, far: 128, fovY: Math.PI / 3, aspect: 16 / 9, view };
    const l = createLightArrays(2);
    l.x.set([12, 500]);
    l.y.set([30, 10]);
    l.z.set([11, 10]);
    l.radius.set([4, 1]);
    l.red.set([1, 1]);
    l.green.set([0.5, 1]);
    l.blue.set([0.25, 1]);
    l.intensity.set([2, 1]);
    l.falloff.set([1.5, 1]);
    const options = clusterOptionsFromSettings(presetSettings('Balanced'));
    const data = createClusterData(options);
    assignLightsToClusters(l, 2, camera, options.grid, options.maxLightsPerCluster, data);
    expect(data.lightCount).toBe(1);
    // View space: 2 right, 1 up, 20 ahead.
    const packed = Array.from(data.lightData.subarray(0, 8));
    expect(packed.map((v) => Math.round(v * 1e4) / 1e4)).toEqual([2, 1, -20, 4, 2, 1, 0.5, 1.5]);
    for (let c = 0; c < data.clusterCount; c++) {
      expect(data.clusterTexels[2 * c]).toBe(data.offsets[c]);
      expect(data.clusterTexels[2 * c + 1]).toBe(data.counts[c]);
    }
    const [x, y, z, near, far, zScale, zBias] = data.params;
    expect([x, y, z, near, far]).toEqual([16, 9, 24, 0.5, 128]);
    expect(Math.log(0.5) * zScale! + zBias!).toBeCloseTo(0, 5);
    expect(Math.log(128) * zScale! + zBias!).toBeCloseTo(24, 4);
    expect(data.textures).toEqual({ light: { width: 1024, height: 1 }, cluster: { width: 144, height: 24 }, index: { width: 4096, height: 27 } });
    expect(data.lightIndices.length).toBe(4096 * 27);
    expect(data.lightData.length).toBe(1024 * 4);
  });

  it('re-lays its output out in place when the grid changes, and only then', () => {
    const view = mat4.create();
    const camera = { near: 0.1, far: 50, fovY: 1, aspect: 1, view };
    const l = createLightArrays(1);
    l.z[0] = -10;
    l.radius[0] = 1;
    const data = createClusterData({ grid: { x: 8, y: 4, z: 8 }, maxLights: 8, maxLightsPerCluster: 8 });
    const counts = data.counts;
    assignLightsToClusters(l, 1, camera, { x: 8, y: 4, z: 8 }, 8, data);
    expect(data.counts).toBe(counts);
    assignLightsToClusters(l, 1, camera, { x: 16, y: 9, z: 24 }, 32, data);
    expect(data.counts).not.toBe(counts);
    expect([data.clusterCount, data.maxLightsPerCluster, data.counts.length]).toEqual([16 * 9 * 24, 32, 16 * 9 * 24]);
    expect(data.stats.lightsUsed).toBe(1);
  });

  it('skips lights it cannot place and refuses bad input, saying why', () => {
    const camera = { near: 0.1, far: 50, fovY: 1, aspect: 1, view: mat4.create() };
    const l = createLightArrays(3);
    l.z.set([-10, Number.NaN, -10]);
    l.radius.set([1, 1, 0]);
    const grid = { x: 2, y: 2, z: 2 };
    const data = createClusterData({ grid, maxLights: 8, maxLightsPerCluster: 8 });
    assignLightsToClusters(l, 3, camera, grid, 8, data);
    expect(data.stats).toMatchObject({ lightsInvalid: 2, lightsUsed: 1 });
    expect(() => assignLightsToClusters(l, 4, camera, grid, 8, data)).toThrow(/hold only 3/);
    expect(() => assignLightsToClusters(l, 1.5, camera, grid, 8, data)).toThrow(/count/);
    expect(() => assignLightsToClusters(l, 1, { ...camera, near: 0 }, grid, 8, data)).toThrow(/near/);
    expect(() => assignLightsToClusters(l, 1, { ...camera, far: 0.05 }, grid, 8, data)).toThrow(/far/);
    expect(() => assignLightsToClusters(l, 1, { ...camera, fovY: 4 }, grid, 8, data)).toThrow(/fovY/);
    expect(() => assignLightsToClusters(l, 1, { ...camera, aspect: -1 }, grid, 8, data)).toThrow(/aspect/);
    expect(() => assignLightsToClusters(l, 1, { ...camera, view: [1, 2] }, grid, 8, data)).toThrow(/16 needed/);
    expect(() => assignLightsToClusters(l, 1, camera, { x: 65, y: 1, z: 1 }, 8, data)).toThrow(/grid.x/);
    expect(() => assignLightsToClusters(l, 1, camera, grid, 0, data)).toThrow(/maxLightsPerCluster/);
    expect(() => createClusterData({ grid, maxLights: 20000, maxLightsPerCluster: 8 })).toThrow(/maxLights/);
    expect(() => createLightArrays(-1)).toThrow(/capacity/);
  });

  it('takes its limits from PerformanceSettings', () => {
    expect(clusterOptionsFromSettings(presetSettings('Balanced'))).toEqual({ grid: { x: 16, y: 9, z: 24 }, maxLights: 512, maxLightsPerCluster: 32 });
    expect(createClusterData(clusterOptionsFromSettings(presetSettings('High'))).clusterCount).toBe(16 * 9 * 32);
  });
});
