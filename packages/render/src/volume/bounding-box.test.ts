import { describe, expect, it } from 'vitest';
import { generateBoundingBox } from './bounding-box.ts';
import { PrimVolume } from './prim-volume.ts';
import { edgeReport, inwardNormals, windingMismatches } from './volume-geometry.test-support.ts';

describe('generateBoundingBox', () => {
  it('is the unit box with six faces numbered like a box prim', () => {
    const box = generateBoundingBox();
    expect([box.faces.length, box.vertexCount, box.indexCount]).toEqual([6, 24, 36]);
    for (let k = 0; k < 3; k++) {
      expect(box.bounds.min[k]).toBeCloseTo(-0.5, 6);
      expect(box.bounds.max[k]).toBeCloseTo(0.5, 6);
    }
    // Each face's (flat) normal: 0 top, 1 -y, 2 +x, 3 +y, 4 -x, 5 bottom.
    const normals = box.faces.map((face) => [...box.normals.subarray(3 * face.firstVertex, 3 * face.firstVertex + 3)].map((c) => Math.round(c) + 0));
    expect(normals).toEqual([[0, 0, 1], [0, -1, 0], [1, 0, 0], [0, 1, 0], [-1, 0, 0], [0, 0, -1]]);
    expect(edgeReport(box).badEdges).toBe(0);
    expect(windingMismatches(box)).toBe(0);
    expect(inwardNormals(box)).toBe(0);
  });

  it('writes into a given volume', () => {
    const out = new PrimVolume();
    expect(generateBoundingBox(out)).toBe(out);
    expect(out.faces.length).toBe(6);
  });
});
