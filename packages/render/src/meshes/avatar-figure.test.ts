import { describe, expect, it } from 'vitest';
import { FIGURE_DIMENSIONS, avatarFigureMesh } from './avatar-figure.ts';

describe('avatarFigureMesh', () => {
  const mesh = avatarFigureMesh();
  const vertices = mesh.positions.length / 3;

  it('lies in the unit box, standing on its bottom and reaching nearly its top', () => {
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (let v = 0; v < vertices; v++) {
      for (let k = 0; k < 3; k++) {
        min[k] = Math.min(min[k]!, mesh.positions[v * 3 + k]!);
        max[k] = Math.max(max[k]!, mesh.positions[v * 3 + k]!);
      }
    }
    for (let k = 0; k < 3; k++) {
      expect(min[k]).toBeGreaterThanOrEqual(-0.5 - 1e-6);
      expect(max[k]).toBeLessThanOrEqual(0.5 + 1e-6);
    }
    expect(min[2]).toBeCloseTo(-0.5, 3); // the soles
    expect(max[2]).toBeGreaterThan(0.48); // the crown: 1.88 of 1.9 m
    // Wider than deep, as a person is; the arms reach nearly the box's sides.
    expect(max[1]! - min[1]!).toBeGreaterThan(0.9);
    expect(FIGURE_DIMENSIONS).toEqual([0.45, 0.6, 1.9]);
  });

  it('faces +x: the feet and the nose point forward', () => {
    let front = 0;
    let back = 0;
    for (let v = 0; v < vertices; v++) {
      front = Math.max(front, mesh.positions[v * 3]!);
      back = Math.min(back, mesh.positions[v * 3]!);
    }
    expect(front).toBeGreaterThan(-back + 0.05);
  });

  it('has indices in range, unit normals, and triangles wound counter-clockwise outwards', () => {
    expect(mesh.indices).toBeInstanceOf(Uint16Array);
    expect(mesh.indices.length % 3).toBe(0);
    for (const i of mesh.indices) expect(i).toBeLessThan(vertices);
    for (let v = 0; v < vertices; v++) {
      expect(Math.hypot(mesh.normals[v * 3]!, mesh.normals[v * 3 + 1]!, mesh.normals[v * 3 + 2]!)).toBeCloseTo(1, 5);
    }
    expect(mesh.uvs.length).toBe(vertices * 2);
    const p = (i: number, k: number): number => mesh.positions[i * 3 + k]!;
    let degenerate = 0;
    for (let t = 0; t < mesh.indices.length; t += 3) {
      const [a, b, c] = [mesh.indices[t]!, mesh.indices[t + 1]!, mesh.indices[t + 2]!];
      const e1 = [p(b, 0) - p(a, 0), p(b, 1) - p(a, 1), p(b, 2) - p(a, 2)];
      const e2 = [p(c, 0) - p(a, 0), p(c, 1) - p(a, 1), p(c, 2) - p(a, 2)];
      const n = [e1[1]! * e2[2]! - e1[2]! * e2[1]!, e1[2]! * e2[0]! - e1[0]! * e2[2]!, e1[0]! * e2[1]! - e1[1]! * e2[0]!];
      const area = Math.hypot(n[0]!, n[1]!, n[2]!);
      if (area < 1e-9) {
        degenerate++;
        continue;
      }
      // The geometric normal agrees with the vertex normals: outward, counter-clockwise seen from outside.
      let dot = 0;
      for (const i of [a, b, c]) for (let k = 0; k < 3; k++) dot += n[k]! * mesh.normals[i * 3 + k]!;
      expect(dot).toBeGreaterThan(0);
    }
    expect(degenerate).toBe(0);
  });

  it('has three faces (head, upper body, legs) that share out every index, each its own TextureEntry face', () => {
    expect(mesh.faceCount).toBe(3);
    expect([...(mesh.faceTe as Int32Array)]).toEqual([0, 1, 2]);
    let next = 0;
    for (let f = 0; f < mesh.faceCount; f++) {
      expect(mesh.faceIndexStart[f]).toBe(next);
      expect(mesh.faceIndexCount[f]! % 3).toBe(0);
      expect(mesh.faceIndexCount[f]).toBeGreaterThan(0);
      next += mesh.faceIndexCount[f]!;
    }
    expect(next).toBe(mesh.indices.length);
    // The head face is highest: its lowest vertex is above the legs face's highest.
    const zRange = (f: number): [number, number] => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let t = mesh.faceIndexStart[f]!; t < mesh.faceIndexStart[f]! + mesh.faceIndexCount[f]!; t++) {
        const z = mesh.positions[mesh.indices[t]! * 3 + 2]!;
        lo = Math.min(lo, z);
        hi = Math.max(hi, z);
      }
      return [lo, hi];
    };
    expect(zRange(0)[0]).toBeGreaterThan(zRange(2)[1]);
  });

  it('takes a tessellation: coarser has fewer triangles, never below 6 columns', () => {
    const coarse = avatarFigureMesh(6);
    expect(coarse.indices.length).toBeLessThan(mesh.indices.length);
    expect(avatarFigureMesh(2).indices.length).toBe(coarse.indices.length);
  });
});
