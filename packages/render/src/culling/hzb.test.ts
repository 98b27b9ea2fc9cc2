import fc from 'fast-check';
import { mat4, vec3 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { createBoundingSpheres, type BoundingSpheres } from './bounding-spheres.ts';
import {
  buildHzbFromDepth, createHzbPyramid, testSphereListAgainstHzb, testSpheresAgainstHzb, type HzbPyramid,
} from './hzb.ts';
import { makeCamera, seedArb, seededRandom, type TestCamera } from './test-scene.test-support.ts';

/** Window depth (0..1, standard) of a point `d` metres in front of the eye. */
function windowDepth(cam: TestCamera, d: number): number {
  return 0.5 + 0.5 * (cam.projection[14]! / d - cam.projection[10]!);
}

/**
 * Rasterises the sphere by brute force: a ray through every pixel centre,
 * its nearest hit on the sphere against the stored depth with LESS.
 */
function bruteForceVisible(depth: Float32Array, w: number, h: number, cam: TestCamera, s: BoundingSpheres, i: number): boolean {
  return rasterise(depth, w, h, cam, s, i) === 'visible';
}

/** 'hidden': some pixel centre sees the sphere, but always behind the stored depth; 'missed': none does. */
function rasterise(depth: Float32Array, w: number, h: number, cam: TestCamera, s: BoundingSpheres, i: number): 'visible' | 'hidden' | 'missed' {
  let covered = false;
  const c = vec3.transformMat4(vec3.create(), [s.x[i]!, s.y[i]!, s.z[i]!], cam.view);
  const r = s.radius[i]!;
  const p = cam.projection;
  for (let py = 0; py < h; py++) {
    for (let px = 0; px < w; px++) {
      const dx = (((px + 0.5) / w) * 2 - 1 + p[8]!) / p[0]!;
      const dy = (((py + 0.5) / h) * 2 - 1 + p[9]!) / p[5]!;
      // Ray (dx, dy, -1) * t: t is the distance in front of the eye.
      const a = dx * dx + dy * dy + 1;
      const b = dx * c[0] + dy * c[1] - c[2];
      const disc = b * b - a * (vec3.dot(c, c) - r * r);
      if (disc < 0) continue;
      const back = (b + Math.sqrt(disc)) / a;
      if (back < cam.near) continue;
      const front = Math.max(cam.near, (b - Math.sqrt(disc)) / a);
      const z = windowDepth(cam, front);
      if (z > 1) continue;
      if (z < depth[py * w + px]!) return 'visible';
      covered = true;
    }
  }
  return covered ? 'hidden' : 'missed';
}

/** A depth buffer of random boxes at random distances over a cleared (1) or partly far background. */
function randomDepth(rand: () => number, cam: TestCamera, w: number, h: number): Float32Array {
  const depth = new Float32Array(w * h).fill(rand() < 0.5 ? 1 : windowDepth(cam, cam.far * (0.5 + rand() * 0.5)));
  const boxes = Math.floor(rand() * 12);
  for (let b = 0; b < boxes; b++) {
    const x0 = Math.floor(rand() * w);
    const y0 = Math.floor(rand() * h);
    const x1 = Math.min(w, x0 + 1 + Math.floor(rand() * w));
    const y1 = Math.min(h, y0 + 1 + Math.floor(rand() * h));
    const z = windowDepth(cam, cam.near + rand() * (cam.far - cam.near) * 0.3);
    const noisy = rand() < 0.3;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const v = noisy ? windowDepth(cam, cam.near + rand() * cam.far * 0.3) : z;
        if (v < depth[y * w + x]!) depth[y * w + x] = v;
      }
    }
  }
  return depth;
}

/** Spheres placed in view space (screen position, distance), so most land on screen. */
function spheresInView(rand: () => number, cam: TestCamera, count: number): BoundingSpheres {
  const s = createBoundingSpheres(count);
  const toWorld = mat4.invert(mat4.create(), cam.view)!;
  const tanY = Math.tan(cam.fovY / 2);
  for (let i = 0; i < count; i++) {
    const d = cam.near + rand() * rand() * cam.far * 0.6;
    const sx = (rand() * 2.4 - 1.2) * tanY * cam.aspect;
    const sy = (rand() * 2.4 - 1.2) * tanY;
    const p = vec3.transformMat4(vec3.create(), [sx * d, sy * d, -d], toWorld);
    s.x[i] = p[0];
    s.y[i] = p[1];
    s.z[i] = p[2];
    s.radius[i] = rand() * rand() * d * 0.4;
  }
  return s;
}

/** Whether a sphere lies wholly on screen and beyond the near plane: the ones occlusion may cull. */
function insideView(cam: TestCamera, s: BoundingSpheres, i: number): boolean {
  const c = vec3.transformMat4(vec3.create(), [s.x[i]!, s.y[i]!, s.z[i]!], cam.view);
  const r = s.radius[i]!;
  const d = -c[2];
  const tanY = Math.tan(cam.fovY / 2);
  const tanX = tanY * cam.aspect;
  const side = (t: number, v: number) => (t * d - Math.abs(v)) / Math.hypot(1, t) >= r;
  return d - r > cam.near && side(tanX, c[0]) && side(tanY, c[1]);
}

function lensCamera(rand: () => number): TestCamera {
  const eye = vec3.fromValues(rand() * 256, rand() * 256, rand() * 40);
  const target = vec3.add(vec3.create(), eye, [rand() * 2 - 1, rand() * 2 - 1, rand() - 0.5]);
  const near = 0.1 + rand();
  return makeCamera(eye, target, ((30 + rand() * 80) * Math.PI) / 180, 0.6 + rand() * 2, near, near * (50 + rand() * 1000));
}

function cull(pyramid: HzbPyramid, cam: TestCamera, s: BoundingSpheres): Set<number> {
  const count = s.x.length;
  const out = new Uint32Array(count);
  const n = testSpheresAgainstHzb(pyramid, cam, s, count, out);
  const visible = new Set(out.subarray(0, n));
  const culled = new Set<number>();
  for (let i = 0; i < count; i++) if (!visible.has(i)) culled.add(i);
  return culled;
}

describe('buildHzbFromDepth', () => {
  it('halves each level down to 1×1, flooring odd sizes', () => {
    const p = createHzbPyramid(37, 10);
    expect(Array.from(p.widths)).toEqual([37, 18, 9, 4, 2, 1]);
    expect(Array.from(p.heights)).toEqual([10, 5, 2, 1, 1, 1]);
    expect(p.levels.map((l) => l.length)).toEqual([370, 90, 18, 4, 2, 1]);
  });

  it('keeps in every texel at least the farthest depth of the screen area it covers', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), (seed, w, h) => {
        const rand = seededRandom(seed);
        const depth = new Float32Array(w * h).map(() => rand());
        const p = buildHzbFromDepth(depth, w, h, createHzbPyramid(w, h));
        for (let l = 1; l < p.levelCount; l++) {
          const lw = p.widths[l]!;
          const lh = p.heights[l]!;
          for (let y = 0; y < lh; y++) {
            for (let x = 0; x < lw; x++) {
              // Level-0 pixels overlapping [x/lw, (x+1)/lw] × [y/lh, (y+1)/lh].
              let farthest = 0;
              for (let py = Math.floor((y * h) / lh); py < Math.ceil(((y + 1) * h) / lh); py++) {
                for (let px = Math.floor((x * w) / lw); px < Math.ceil(((x + 1) * w) / lw); px++) farthest = Math.max(farthest, depth[py * w + px]!);
              }
              expect(p.levels[l]![y * lw + x]!).toBeGreaterThanOrEqual(farthest);
            }
          }
        }
        expect(p.levels[p.levelCount - 1]![0]).toBe(Math.max(...depth));
      }),
      { numRuns: 80 },
    );
  });

  it('is an exact 2×2 max reduction on power-of-two sizes', () => {
    const depth = new Float32Array(16).map((_, i) => (i * 7) % 16 / 16);
    const p = buildHzbFromDepth(depth, 4, 4, createHzbPyramid(4, 4));
    const max = (...i: number[]) => Math.max(...i.map((k) => depth[k]!));
    expect(Array.from(p.levels[1]!)).toEqual([max(0, 1, 4, 5), max(2, 3, 6, 7), max(8, 9, 12, 13), max(10, 11, 14, 15)]);
  });

  it('refuses sizes that do not match', () => {
    expect(() => buildHzbFromDepth(new Float32Array(10), 4, 4, createHzbPyramid(4, 4))).toThrow(/needs 16 depths/);
    expect(() => buildHzbFromDepth(new Float32Array(16), 4, 4, createHzbPyramid(8, 2))).toThrow(/8×2/);
    expect(() => createHzbPyramid(0, 4)).toThrow(/width/);
    expect(() => createHzbPyramid(4, 1e9)).toThrow(/height/);
  });
});

describe('testSpheresAgainstHzb', () => {
  /** Culls one random scene, throws if a visible sphere was culled, and tallies the hidden ones. */
  function checkScene(seed: number, w: number, h: number, tally: { hiddenOnScreen: number; hiddenCulled: number }): void {
    const rand = seededRandom(seed);
    const cam = lensCamera(rand);
    const depth = randomDepth(rand, cam, w, h);
    const pyramid = buildHzbFromDepth(depth, w, h, createHzbPyramid(w, h));
    const spheres = spheresInView(rand, cam, 60);
    const culled = cull(pyramid, cam, spheres);
    for (const i of culled) {
      if (bruteForceVisible(depth, w, h, cam, spheres, i)) {
        throw new Error(`sphere ${i} (${spheres.x[i]}, ${spheres.y[i]}, ${spheres.z[i]}, r ${spheres.radius[i]}) culled but visible`);
      }
    }
    for (let i = 0; i < 60; i++) {
      if (insideView(cam, spheres, i) && rasterise(depth, w, h, cam, spheres, i) === 'hidden') {
        tally.hiddenOnScreen++;
        if (culled.has(i)) tally.hiddenCulled++;
      }
    }
  }

  it('never culls a sphere that brute-force rasterisation finds visible', () => {
    const tally = { hiddenOnScreen: 0, hiddenCulled: 0 };
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 48 }), (seed, w, h) => checkScene(seed, w, h, tally)),
      { numRuns: 120 },
    );
  });

  it('culls a fair share of what rasterisation hides (on a fixed set of scenes, so the share is stable)', () => {
    const tally = { hiddenOnScreen: 0, hiddenCulled: 0 };
    const sizes = seededRandom(2024);
    for (let seed = 1; seed <= 120; seed++) checkScene(seed, 1 + Math.floor(sizes() * 64), 1 + Math.floor(sizes() * 48), tally);
    // About 40% on these small buffers, where a 2×2-texel footprint is a large
    // part of the screen; the rest overlap some farther texel. Random scene
    // sets ranged 27–45%, hence a fixed set here.
    expect(tally.hiddenOnScreen).toBeGreaterThan(100);
    expect(tally.hiddenCulled).toBeGreaterThan(tally.hiddenOnScreen * 0.3);
  });

  it('culls spheres well behind a full-screen wall and keeps those before it or at the edges', () => {
    const cam = makeCamera(vec3.fromValues(128, 128, 25), vec3.fromValues(128, 228, 25), Math.PI / 3, 16 / 9, 0.1, 256);
    const [w, h] = [160, 90];
    const pyramid = buildHzbFromDepth(new Float32Array(w * h).fill(windowDepth(cam, 5)), w, h, createHzbPyramid(w, h));
    const rand = seededRandom(11);
    const toWorld = mat4.invert(mat4.create(), cam.view)!;
    const place = (s: BoundingSpheres, i: number, ndcX: number, ndcY: number, d: number, r: number) => {
      const tanY = Math.tan(cam.fovY / 2);
      const p = vec3.transformMat4(vec3.create(), [ndcX * tanY * cam.aspect * d, ndcY * tanY * d, -d], toWorld);
      [s.x[i], s.y[i], s.z[i], s.radius[i]] = [p[0], p[1], p[2], r];
    };
    const behind = createBoundingSpheres(500);
    for (let i = 0; i < 500; i++) place(behind, i, rand() - 0.5, rand() - 0.5, 10 + rand() * 200, 0.1 + rand());
    expect(cull(pyramid, cam, behind).size).toBe(500);

    const kept = createBoundingSpheres(4);
    place(kept, 0, 0, 0, 3, 0.5); // before the wall
    place(kept, 1, 0.99, 0, 50, 2); // reaching past the right edge
    place(kept, 2, 0, 0, 0.3, 0.25); // through the near plane
    place(kept, 3, 0, -1.2, 50, 1); // below the screen
    expect(cull(pyramid, cam, kept).size).toBe(0);
  });

  it('keeps spheres it cannot judge', () => {
    const cam = makeCamera(vec3.fromValues(0, 0, 0), vec3.fromValues(0, 1, 0), 1, 1, 0.1, 100);
    const pyramid = buildHzbFromDepth(new Float32Array(64).fill(0), 8, 8, createHzbPyramid(8, 8));
    const s = createBoundingSpheres(3);
    s.y.set([50, 50, Number.NaN]);
    s.radius.set([Number.NaN, -1, 1]);
    expect(testSpheresAgainstHzb(pyramid, cam, s, 3, new Uint32Array(3))).toBe(3);
  });

  it('tests a list of ids in place, agreeing with the full test', () => {
    const rand = seededRandom(5);
    const cam = lensCamera(rand);
    const depth = randomDepth(rand, cam, 64, 48);
    const pyramid = buildHzbFromDepth(depth, 64, 48, createHzbPyramid(64, 48));
    const spheres = spheresInView(rand, cam, 400);
    const culled = cull(pyramid, cam, spheres);
    const list = Uint32Array.from({ length: 200 }, (_, k) => k * 2);
    const n = testSphereListAgainstHzb(pyramid, cam, spheres, list, 200, list);
    expect(Array.from(list.subarray(0, n))).toEqual(Array.from({ length: 200 }, (_, k) => k * 2).filter((i) => !culled.has(i)));
  });

  it('refuses projections it cannot reason about', () => {
    const pyramid = createHzbPyramid(4, 4);
    const s = createBoundingSpheres(1);
    const view = mat4.create();
    const ortho = mat4.ortho(mat4.create(), -1, 1, -1, 1, 0.1, 10);
    expect(() => testSpheresAgainstHzb(pyramid, { view, projection: ortho }, s, 1, new Uint32Array(1))).toThrow(/perspective/);
    const reversed = mat4.perspective(mat4.create(), 1, 1, 0.1, 10);
    reversed[10] = 0;
    reversed[14] = 0.1;
    expect(() => testSpheresAgainstHzb(pyramid, { view, projection: reversed }, s, 1, new Uint32Array(1))).toThrow(/reversed/);
    expect(() => testSpheresAgainstHzb(pyramid, { view, projection: [1] }, s, 1, new Uint32Array(1))).toThrow(/16 needed/);
  });
});
