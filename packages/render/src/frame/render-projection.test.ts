import { mat4 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { projectionNear, withFarPlane } from './render-projection.ts';

describe('withFarPlane', () => {
  it('moves a perspective far plane and keeps fov, aspect and near', () => {
    const camera = new Float32Array(16);
    mat4.perspective(camera, Math.PI / 3, 16 / 9, 0.25, 1000);
    const out = withFarPlane(new Float32Array(16), camera, 128);
    const expected = new Float32Array(16);
    mat4.perspective(expected, Math.PI / 3, 16 / 9, 0.25, 128);
    for (let i = 0; i < 16; i++) expect(out[i]).toBeCloseTo(expected[i], 5);
    expect(projectionNear(out)).toBeCloseTo(0.25, 5);
  });

  it('gives an infinite projection a far plane', () => {
    const camera = new Float32Array(16);
    mat4.perspective(camera, 1, 1, 0.5, Infinity);
    const out = withFarPlane(new Float32Array(16), camera, 64);
    const expected = new Float32Array(16);
    mat4.perspective(expected, 1, 1, 0.5, 64);
    for (let i = 0; i < 16; i++) expect(out[i]).toBeCloseTo(expected[i], 5);
  });

  it('handles orthographic projections and works in place', () => {
    const camera = new Float32Array(16);
    mat4.ortho(camera, -10, 10, -10, 10, 1, 500);
    withFarPlane(camera, camera, 50);
    const expected = new Float32Array(16);
    mat4.ortho(expected, -10, 10, -10, 10, 1, 50);
    for (let i = 0; i < 16; i++) expect(camera[i]).toBeCloseTo(expected[i], 5);
  });

  it('keeps the far plane beyond the near plane', () => {
    const camera = new Float32Array(16);
    mat4.perspective(camera, 1, 1, 2, 100);
    const out = withFarPlane(new Float32Array(16), camera, 1);
    expect(projectionNear(out)).toBeCloseTo(2, 4);
    expect(Number.isFinite(out[10])).toBe(true);
  });

  it('refuses a perspective matrix with no near plane', () => {
    const bad = new Float32Array(16);
    bad[11] = -1;
    bad[10] = 1;
    expect(() => withFarPlane(new Float32Array(16), bad, 10)).toThrow(/no positive near plane/);
  });
});
