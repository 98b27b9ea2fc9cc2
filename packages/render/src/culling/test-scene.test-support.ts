/**
 * Test support: seeded random cameras and sphere sets, so property tests can
 * draw a seed from fast-check and shrink on it while thousands of spheres
 * stay cheap to make.
 */
import fc from 'fast-check';
import { mat4, vec3 } from 'gl-matrix';
import { createBoundingSpheres, type BoundingSpheres } from './bounding-spheres.ts';

/** The engine's seeded generator (mulberry32), re-exported for the culling and lighting tests. */
export { seededRandom } from '@slv/core';

export interface TestCamera {
  readonly eye: vec3;
  readonly forward: vec3;
  readonly fovY: number;
  readonly aspect: number;
  readonly near: number;
  readonly far: number;
  readonly view: mat4;
  readonly projection: mat4;
  readonly viewProj: mat4;
}

export function makeCamera(eye: vec3, target: vec3, fovY: number, aspect: number, near: number, far: number): TestCamera {
  const forward = vec3.normalize(vec3.create(), vec3.sub(vec3.create(), target, eye));
  // Second Life is z-up; fall back to y-up when looking straight up or down.
  const up = Math.abs(forward[2]) > 0.99 ? vec3.fromValues(0, 1, 0) : vec3.fromValues(0, 0, 1);
  const view = mat4.lookAt(mat4.create(), eye, target, up);
  const projection = mat4.perspective(mat4.create(), fovY, aspect, near, far);
  const viewProj = mat4.multiply(mat4.create(), projection, view);
  return { eye, forward, fovY, aspect, near, far, view, projection, viewProj };
}

/** A camera somewhere in a 256 m region, looking anywhere, with any sensible lens. */
export function randomCamera(rand: () => number): TestCamera {
  const eye = vec3.fromValues(rand() * 256, rand() * 256, rand() * 60);
  let dir: vec3;
  do dir = vec3.fromValues(rand() * 2 - 1, rand() * 2 - 1, rand() * 2 - 1);
  while (vec3.length(dir) < 0.1);
  const target = vec3.add(vec3.create(), eye, dir);
  const fovY = ((20 + rand() * 100) * Math.PI) / 180;
  const aspect = 0.5 + rand() * 2.5;
  const near = 0.05 + rand() * 2;
  const far = near * (10 + rand() * 2000);
  return makeCamera(eye, target, fovY, aspect, near, far);
}

/** `count` spheres scattered around `centre` within `spread` metres, radii up to `maxRadius`. */
export function randomSpheres(rand: () => number, count: number, centre: vec3, spread: number, maxRadius: number): BoundingSpheres {
  const s = createBoundingSpheres(count);
  for (let i = 0; i < count; i++) {
    s.x[i] = centre[0] + (rand() * 2 - 1) * spread;
    s.y[i] = centre[1] + (rand() * 2 - 1) * spread;
    s.z[i] = centre[2] + (rand() * 2 - 1) * spread;
    s.radius[i] = rand() * rand() * maxRadius;
  }
  return s;
}

export const seedArb = fc.integer({ min: 0, max: 0x7fffffff });
