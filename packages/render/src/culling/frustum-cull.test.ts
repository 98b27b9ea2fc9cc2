import fc from 'fast-check';
import { mat4, vec3, vec4 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { createBoundingSpheres, type BoundingSpheres } from './bounding-spheres.ts';
import {
  createFrustumPlanes, extractFrustumPlanes, frustumCullList, frustumCullSpheres, frustumCullSpheresScalar, PLANE_FAR,
  type FrustumPlanes,
} from './frustum-cull.ts';
import { sphereCullKernelSupported } from './wasm/sphere-cull-kernel.ts';
import { makeCamera, randomCamera, randomSpheres, seedArb, seededRandom } from './test-scene.test-support.ts';

/** Distance by which sphere i clears the frustum: negative when it lies wholly outside some plane. */
function clearance(planes: FrustumPlanes, s: BoundingSpheres, i: number): number {
  let least = Number.POSITIVE_INFINITY;
  for (let p = 0; p < 6; p++) {
    const d = planes[p * 4]! * s.x[i]! + planes[p * 4 + 1]! * s.y[i]! + planes[p * 4 + 2]! * s.z[i]! + planes[p * 4 + 3]! + s.radius[i]!;
    if (d < least) least = d;
  }
  return least;
}

/** A random camera, optionally bounded by a draw distance, and `count` spheres around what it sees. */
function randomScene(seed: number, count: number, bounded: boolean) {
  const rand = seededRandom(seed);
  const cam = randomCamera(rand);
  const drawDistance = bounded ? cam.near + rand() * cam.far : Infinity;
  const planes = extractFrustumPlanes(createFrustumPlanes(), cam.viewProj, cam.eye, drawDistance);
  const centre = vec3.scaleAndAdd(vec3.create(), cam.eye, cam.forward, cam.far * rand());
  const spheres = randomSpheres(rand, count, centre, cam.far * 0.6, cam.far * 0.1);
  return { rand, planes, spheres };
}

/** The textbook test, one sphere and one plane at a time. */
function referenceCull(planes: FrustumPlanes, s: BoundingSpheres, count: number): number[] {
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    let outside = false;
    for (let p = 0; p < 6; p++) {
      const [a, b, c, d] = [planes[p * 4]!, planes[p * 4 + 1]!, planes[p * 4 + 2]!, planes[p * 4 + 3]!];
      if (a * s.x[i]! + b * s.y[i]! + c * s.z[i]! + d < -s.radius[i]!) outside = true;
    }
    if (!outside) kept.push(i);
  }
  return kept;
}

describe('extractFrustumPlanes', () => {
  it('puts a point inside every plane exactly when its clip coordinates are inside -w..w', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rand = seededRandom(seed);
        const cam = randomCamera(rand);
        const planes = extractFrustumPlanes(createFrustumPlanes(), cam.viewProj);
        const clip = vec4.create();
        for (let n = 0; n < 200; n++) {
          const p = vec3.scaleAndAdd(vec3.create(), cam.eye, cam.forward, rand() * cam.far * 1.2);
          for (let k = 0; k < 3; k++) p[k]! += (rand() * 2 - 1) * cam.far * 0.5;
          vec4.transformMat4(clip, [p[0], p[1], p[2], 1], cam.viewProj);
          const [cx, cy, cz, w] = clip;
          const margins = [w + cx, w - cx, w + cy, w - cy, w + cz, w - cz];
          for (let q = 0; q < 6; q++) {
            // Away from the plane itself, where float rounding decides.
            if (Math.abs(margins[q]!) < 1e-6 * Math.abs(w) + 1e-9) continue;
            const dist = planes[q * 4]! * p[0] + planes[q * 4 + 1]! * p[1] + planes[q * 4 + 2]! * p[2] + planes[q * 4 + 3]!;
            expect(Math.sign(dist)).toBe(Math.sign(margins[q]!));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives unit normals, so plane values are distances', () => {
    const cam = randomCamera(seededRandom(7));
    const planes = extractFrustumPlanes(createFrustumPlanes(), cam.viewProj);
    for (let q = 0; q < 6; q++) expect(Math.hypot(planes[q * 4]!, planes[q * 4 + 1]!, planes[q * 4 + 2]!)).toBeCloseTo(1, 12);
    // The near plane faces forward, near metres ahead of the eye.
    expect(planes[16]! * cam.eye[0] + planes[17]! * cam.eye[1] + planes[18]! * cam.eye[2] + planes[19]!).toBeCloseTo(-cam.near, 3);
  });

  it('pulls the far plane in to the draw distance, and only in', () => {
    const cam = makeCamera(vec3.fromValues(10, 20, 30), vec3.fromValues(10, 120, 30), Math.PI / 3, 16 / 9, 0.1, 512);
    const planes = extractFrustumPlanes(createFrustumPlanes(), cam.viewProj, cam.eye, 64);
    const f = PLANE_FAR * 4;
    const farAt = (p: vec3) => planes[f]! * p[0] + planes[f + 1]! * p[1] + planes[f + 2]! * p[2] + planes[f + 3]!;
    expect(farAt(cam.eye)).toBeCloseTo(64, 4);
    expect(farAt(vec3.fromValues(10, 20 + 70, 30))).toBeCloseTo(-6, 4);
    const loose = extractFrustumPlanes(createFrustumPlanes(), cam.viewProj, cam.eye, 4096);
    // The projection's own far plane, as precisely as a Float32 matrix with far/near = 5120 keeps it.
    expect(Math.abs(loose[f + 3]! + loose[f + 1]! * 20 + loose[f]! * 10 + loose[f + 2]! * 30 - 512)).toBeLessThan(0.5);
  });

  it('refuses what it cannot use, saying why', () => {
    const planes = createFrustumPlanes();
    expect(() => extractFrustumPlanes(planes, new Float32Array(16))).toThrow(/singular/);
    expect(() => extractFrustumPlanes(planes, mat4.create(), undefined, 64)).toThrow(/eye/);
    expect(() => extractFrustumPlanes(planes, mat4.create(), [0, 0, 0], 0)).toThrow(/drawDistance/);
    expect(() => extractFrustumPlanes(planes, [1, 2, 3])).toThrow(/16 needed/);
    expect(() => extractFrustumPlanes(planes, Array.from({ length: 16 }, () => Number.NaN))).toThrow(/viewProj\[0\]/);
    expect(() => extractFrustumPlanes(new Float64Array(4), mat4.create())).toThrow(/24 needed/);
  });
});

describe('frustumCullSpheresScalar', () => {
  it('agrees exactly with the textbook test on random cameras and scenes', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 0, max: 3000 }), fc.boolean(), (seed, count, bounded) => {
        const { planes, spheres } = randomScene(seed, count, bounded);
        const out = new Uint32Array(count);
        const n = frustumCullSpheresScalar(planes, spheres, count, out);
        expect(Array.from(out.subarray(0, n))).toEqual(referenceCull(planes, spheres, count));
      }),
      { numRuns: 150 },
    );
  });
});

describe('the SIMD kernel', () => {
  it('runs in this engine (Node has WebAssembly SIMD): the default spheres use it', () => {
    expect(sphereCullKernelSupported()).toBe(true);
    expect(createBoundingSpheres(10).kernel).toBeDefined();
    expect(createBoundingSpheres(10, { simd: false }).kernel).toBeUndefined();
  });

  it('keeps every sphere the textbook test keeps, and nothing clearly outside', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 0, max: 3000 }), fc.boolean(), fc.boolean(), (seed, count, bounded, grazing) => {
        const { rand, planes, spheres } = randomScene(seed, count, bounded);
        if (grazing) {
          // Spheres that just touch a plane from outside or inside: where f32 rounding decides.
          for (let i = 0; i < count; i++) {
            const p = Math.floor(rand() * 6) * 4;
            const d = planes[p]! * spheres.x[i]! + planes[p + 1]! * spheres.y[i]! + planes[p + 2]! * spheres.z[i]! + planes[p + 3]!;
            if (Number.isFinite(d)) spheres.radius[i] = Math.max(0, -d + (rand() - 0.5) * 1e-4);
          }
        }
        const out = new Uint32Array(count);
        const n = frustumCullSpheres(planes, spheres, count, out);
        const kept = Array.from(out.subarray(0, n));
        const reference = referenceCull(planes, spheres, count);
        const keptSet = new Set(kept);
        for (const i of reference) expect(keptSet.has(i)).toBe(true);
        // In order, each once; extras only within the documented slack of the frustum.
        for (let k = 1; k < kept.length; k++) expect(kept[k]! > kept[k - 1]!).toBe(true);
        const referenceSet = new Set(reference);
        let maxW = 0;
        for (let q = 0; q < 6; q++) if (Number.isFinite(planes[q * 4 + 3]!)) maxW = Math.max(maxW, Math.abs(planes[q * 4 + 3]!));
        for (const i of kept) {
          if (referenceSet.has(i)) continue;
          const magnitude = Math.abs(spheres.x[i]!) + Math.abs(spheres.y[i]!) + Math.abs(spheres.z[i]!) + maxW;
          expect(clearance(planes, spheres, i)).toBeGreaterThanOrEqual(-(2 ** -18) * magnitude);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('writes into its own visible array without a copy, and into any other', () => {
    const cam = randomCamera(seededRandom(11));
    const planes = extractFrustumPlanes(createFrustumPlanes(), cam.viewProj, cam.eye, cam.far);
    const spheres = randomSpheres(seededRandom(12), 1001, cam.eye, cam.far, cam.far / 10);
    const other = new Uint32Array(1001);
    const n = frustumCullSpheres(planes, spheres, 1001, other);
    expect(n).toBeGreaterThan(0);
    expect(frustumCullSpheres(planes, spheres, 1001, spheres.kernel!.visible)).toBe(n);
    expect(Array.from(spheres.kernel!.visible.subarray(0, n))).toEqual(Array.from(other.subarray(0, n)));
  });
});

for (const [name, simd] of [['SIMD kernel', true], ['scalar loop', false]] as const) {
  describe(`frustumCullSpheres (${name})`, () => {
    const spheresOf = (count: number) => createBoundingSpheres(count, { simd });

    it('culls by draw distance measured along the view direction', () => {
      const cam = makeCamera(vec3.fromValues(0, 0, 0), vec3.fromValues(0, 1, 0), Math.PI / 2, 1, 0.1, 1000);
      const planes = extractFrustumPlanes(createFrustumPlanes(), cam.viewProj, cam.eye, 128);
      const s = spheresOf(4);
      s.y.set([100, 130, 140, 127]);
      s.radius.set([1, 3, 1, 0]);
      const out = new Uint32Array(4);
      const n = frustumCullSpheres(planes, s, 4, out);
      expect(Array.from(out.subarray(0, n))).toEqual([0, 1, 3]);
    });

    it('handles an infinite far plane, bounded by the draw distance when there is one', () => {
      const view = mat4.lookAt(mat4.create(), [0, 0, 0], [0, 1, 0], [0, 0, 1]);
      const proj = mat4.perspective(mat4.create(), 1, 1, 0.5, Infinity);
      const viewProj = mat4.multiply(mat4.create(), proj, view);
      const s = spheresOf(2);
      s.y.set([1e6, 50]);
      s.radius.set([1, 1]);
      const out = new Uint32Array(2);
      expect(frustumCullSpheres(extractFrustumPlanes(createFrustumPlanes(), viewProj), s, 2, out)).toBe(2);
      const bounded = extractFrustumPlanes(createFrustumPlanes(), viewProj, [0, 0, 0], 100);
      expect(frustumCullSpheres(bounded, s, 2, out)).toBe(1);
      expect(out[0]).toBe(1);
    });

    it('keeps spheres it cannot judge (NaN) and drops those of radius -Infinity (empty slots)', () => {
      const cam = makeCamera(vec3.fromValues(0, 0, 0), vec3.fromValues(0, 1, 0), Math.PI / 2, 1, 0.1, 1000);
      const planes = extractFrustumPlanes(createFrustumPlanes(), cam.viewProj);
      const s = spheresOf(5);
      s.y.set([10, 10, 10, 10, 10]);
      s.radius.set([1, 1, Number.NEGATIVE_INFINITY, 1, 1]);
      s.x[1] = Number.NaN;
      s.radius[3] = Number.NaN;
      const out = new Uint32Array(5);
      const n = frustumCullSpheres(planes, s, 5, out);
      expect(Array.from(out.subarray(0, n))).toEqual([0, 1, 3, 4]);
    });

    it('culls every count, whole groups of four or not', () => {
      const cam = makeCamera(vec3.fromValues(0, 0, 0), vec3.fromValues(0, 1, 0), Math.PI / 2, 1, 0.1, 1000);
      const planes = extractFrustumPlanes(createFrustumPlanes(), cam.viewProj);
      const s = spheresOf(9);
      // Alternately in front of and behind the camera.
      for (let i = 0; i < 9; i++) s.y[i] = i % 2 === 0 ? 10 : -10;
      s.radius.fill(1);
      const out = new Uint32Array(9);
      for (let count = 0; count <= 9; count++) {
        const n = frustumCullSpheres(planes, s, count, out);
        expect(Array.from(out.subarray(0, n))).toEqual([0, 2, 4, 6, 8].filter((i) => i < count));
      }
    });

    it('refuses counts the arrays cannot hold', () => {
      const planes = createFrustumPlanes();
      const s = spheresOf(4);
      expect(() => frustumCullSpheres(planes, s, 5, new Uint32Array(5))).toThrow(/hold only 4/);
      expect(() => frustumCullSpheres(planes, s, 4, new Uint32Array(3))).toThrow(/room for 3/);
      expect(() => frustumCullSpheres(planes, s, -1, new Uint32Array(3))).toThrow(/count/);
      expect(() => createBoundingSpheres(-1, { simd })).toThrow(/capacity/);
    });
  });
}

describe('frustumCullList', () => {
  it('keeps the same spheres as the scalar frustumCullSpheres (both f64), by id, and may write over its input', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rand = seededRandom(seed);
        const cam = randomCamera(rand);
        const planes = extractFrustumPlanes(createFrustumPlanes(), cam.viewProj, cam.eye, cam.far / 2);
        const capacity = 2000;
        const spheres = randomSpheres(rand, capacity, cam.eye, cam.far / 2, cam.far / 20);
        const all = new Uint32Array(capacity);
        const visible = new Set(Array.from(all.subarray(0, frustumCullSpheresScalar(planes, spheres, capacity, all))));
        const list = new Uint32Array(capacity);
        let count = 0;
        for (let i = 0; i < capacity; i++) if (rand() < 0.4) list[count++] = i;
        const expected = Array.from(list.subarray(0, count)).filter((i) => visible.has(i));
        const n = frustumCullList(planes, spheres, list, count, list);
        expect(Array.from(list.subarray(0, n))).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses ids past the sphere arrays', () => {
    const s = createBoundingSpheres(4);
    expect(() => frustumCullList(createFrustumPlanes(), s, Uint32Array.of(1, 9), 2, new Uint32Array(2))).toThrow(/index 9/);
    expect(() => frustumCullList(createFrustumPlanes(), s, Uint32Array.of(1), 2, new Uint32Array(2))).toThrow(/list holds only 1/);
  });
});
