import { describe, expect, it } from 'vitest';
import { generatePrimVolume } from './generate-prim-volume.ts';
import { PrimVolume } from './prim-volume.ts';
import type { PrimLod } from './volume-lod.ts';
import {
  edgeReport, inwardNormals, normalLengthError, SHAPES, shapeOf, windingMismatches,
} from './volume-geometry.test-support.ts';

const LODS: readonly PrimLod[] = [0, 1, 2, 3];

const VARIANTS = {
  hollowBox: shapeOf({ profileHollow: 0.5 }),
  cutBox: shapeOf({ profileBegin: 0.125, profileEnd: 0.875 }),
  hollowCutBox: shapeOf({ profileBegin: 0.125, profileEnd: 0.875, profileHollow: 0.5 }),
  hollowCylinder: shapeOf({ profileCurve: 0x00, profileHollow: 0.5 }),
  cutCylinder: shapeOf({ profileCurve: 0x00, profileBegin: 0.25, profileEnd: 0.75 }),
  hollowSphere: shapeOf({ pathCurve: 0x20, profileCurve: 0x05, profileHollow: 0.5 }),
  cutSphere: shapeOf({ pathCurve: 0x20, profileCurve: 0x05, pathBegin: 0.25, pathEnd: 0.8 }),
  dimpledSphere: shapeOf({ pathCurve: 0x20, profileCurve: 0x05, profileBegin: 0.2, profileEnd: 0.8 }),
  cutTorus: shapeOf({ pathCurve: 0x20, profileCurve: 0x00, pathScaleY: 0.25, pathBegin: 0.25 }),
  hollowTorus: shapeOf({ pathCurve: 0x20, profileCurve: 0x00, pathScaleY: 0.25, profileHollow: 0.3 }),
  hollowTube: shapeOf({ pathCurve: 0x20, profileCurve: 0x01, pathScaleY: 0.25, profileHollow: 0.4 }),
  hollowRing: shapeOf({ pathCurve: 0x20, profileCurve: 0x03, pathScaleY: 0.25, profileHollow: 0.4 }),
  squareHoleCylinder: shapeOf({ profileCurve: 0x20, profileHollow: 0.5 }),
  triangleHoleBox: shapeOf({ profileCurve: 0x31, profileHollow: 0.5 }),
  circleHoleBox: shapeOf({ profileCurve: 0x11, profileHollow: 0.5 }),
  hollowPrism: shapeOf({ profileCurve: 0x03, profileHollow: 0.5 }),
  twistedBox: shapeOf({ pathTwist: 0.5, pathTwistBegin: -0.25 }),
  pyramid: shapeOf({ pathScaleX: 0, pathScaleY: 0 }),
  skewedTorus: shapeOf({
    pathCurve: 0x20, profileCurve: 0x00, pathScaleY: 0.25, pathSkew: 0.3, pathRevolutions: 2, pathRadiusOffset: 0.2, pathTaperX: 0.3,
  }),
};

/**
 * Counts [faces, vertices, indices] per LOD, from the viewer's algorithm. LOD detail is 1, 1.5, 2.5, 4;
 * a circle has 6 * detail sides (6, 9, 15, 24) and its outline that many points plus the repeated first
 * one; the profile split (straight edges cut into split + 1 pieces) is trunc(0.66 * detail) = 0, 0, 1, 2;
 * a line path has split + 2 points when untwisted, a circular path 6 * detail sides (7, 10, 16, 25 points).
 * Sides are numS * numT vertices and (numS - 1) * (numT - 1) * 6 indices; an uncut box cap is a
 * (split + 1)-square grid; other caps take every profile point (plus a centre when closed and solid)
 * and (points - 2) * 3 indices.
 */
const EXPECTED: Record<string, [number, number, number][]> = {
  // Box: square of 4 (split + 1) + 1 points; caps (split + 2)^2 each, 4 sides (split + 2)^2 each.
  box: [[6, 24, 36], [6, 24, 36], [6, 54, 144], [6, 96, 324]],
  // Cylinder: caps sides + 2 (closed outline + centre), side (sides + 1) * path points.
  cylinder: [[3, 30, 72], [3, 42, 108], [3, 82, 270], [3, 152, 576]],
  // The build tool's prism is a box tapered to an edge (scale x 0, shear -0.5): taper forces split 0.
  prism: [[6, 24, 36], [6, 24, 36], [6, 24, 36], [6, 24, 36]],
  // Sphere: half circle of floor(3 * detail) = 3, 4, 7, 12 sides swept around a circle; one face.
  sphere: [[1, 28, 108], [1, 50, 216], [1, 128, 630], [1, 325, 1728]],
  // Torus: circle swept around a circle, closed both ways, one face.
  torus: [[1, 49, 216], [1, 100, 486], [1, 256, 1350], [1, 625, 3456]],
  // Tube: square (split + 2 points per side) around a circle: 4 sides.
  tube: [[4, 56, 144], [4, 80, 216], [4, 192, 720], [4, 400, 1728]],
  // Ring: triangle around a circle: 3 sides.
  ring: [[3, 42, 108], [3, 60, 162], [3, 144, 540], [3, 300, 1296]],
  // Hollow box: 4 (split + 1) + 1 points outside and inside; the flat hollow doubles its columns.
  hollowBox: [[7, 56, 126], [7, 56, 126], [7, 126, 396], [7, 220, 810]],
  // Cut box 0.125..0.875: 4 sides from mid-edge to mid-edge, a centre point, two cut faces.
  cutBox: [[8, 36, 60], [8, 36, 60], [8, 68, 168], [8, 108, 324]],
  hollowCylinder: [[4, 56, 144], [4, 80, 216], [4, 160, 540], [4, 300, 1152]],
  cutCylinder: [[5, 30, 60], [5, 34, 72], [5, 64, 186], [5, 96, 324]],
  // A hollow half circle is always "sliced", so a hollow sphere keeps its two (empty) cut faces.
  hollowSphere: [[4, 84, 288], [4, 140, 540], [4, 320, 1440], [4, 750, 3744]],
  // Path cut 0.25: path points at 0.25, then the sixths from 2/6 to 1; caps at both ends.
  cutTorus: [[3, 58, 216], [3, 102, 432], [3, 242, 1170], [3, 527, 2736]],
};

describe('generatePrimVolume: counts per LOD', () => {
  const all = { ...SHAPES, ...VARIANTS };
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} has the viewer's face, vertex and index counts at every LOD`, () => {
      const shape = all[name as keyof typeof all]!;
      const got = LODS.map((lod) => {
        const v = generatePrimVolume(shape, lod);
        return [v.faces.length, v.vertexCount, v.indexCount];
      });
      expect(got).toEqual(expected);
    });
  }

  it('circle sides per LOD are 6, 9, 15 and 24 (cylinder side face columns = sides + 1)', () => {
    expect(LODS.map((lod) => generatePrimVolume(SHAPES.cylinder!, lod).faces[1]!.vertexCount / (lod < 2 ? 2 : lod === 2 ? 3 : 4)))
      .toEqual([7, 10, 16, 25]);
  });
});

describe('generatePrimVolume: face numbering', () => {
  const kinds = (shape: typeof SHAPES.box): string[] => generatePrimVolume(shape!, 3).faces.map((f) => f.kind);
  const ids = (shape: typeof SHAPES.box): number[] => generatePrimVolume(shape!, 3).faces.map((f) => f.id);

  it('numbers a box 0 top, 1..4 sides, 5 bottom', () => {
    expect(kinds(SHAPES.box)).toEqual(['cap', 'side', 'side', 'side', 'side', 'cap']);
    expect(ids(SHAPES.box)).toEqual([1, 32, 64, 128, 256, 2]);
    const box = generatePrimVolume(SHAPES.box!, 0);
    expect(box.faces.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5]);
    // Top at +z (the path's end), bottom at -z.
    expect(box.positions[3 * box.faces[0]!.firstVertex + 2]).toBeCloseTo(0.5);
    expect(box.positions[3 * box.faces[5]!.firstVertex + 2]).toBeCloseTo(-0.5);
  });

  it('puts the hollow after the outer sides and before the bottom', () => {
    expect(kinds(VARIANTS.hollowBox)).toEqual(['cap', 'side', 'side', 'side', 'side', 'hollow', 'cap']);
    expect(kinds(VARIANTS.hollowCylinder)).toEqual(['cap', 'side', 'hollow', 'cap']);
    expect(kinds(VARIANTS.hollowTorus)).toEqual(['side', 'hollow']);
  });

  it('adds the two cut faces last, and drops the sides a profile cut removes', () => {
    expect(kinds(VARIANTS.cutBox)).toEqual(['cap', 'side', 'side', 'side', 'side', 'cap', 'cut', 'cut']);
    expect(kinds(VARIANTS.hollowCutBox)).toEqual(['cap', 'side', 'side', 'side', 'side', 'hollow', 'cap', 'cut', 'cut']);
    expect(kinds(VARIANTS.cutCylinder)).toEqual(['cap', 'side', 'cap', 'cut', 'cut']);
    // Cut 0.25..0.75 keeps outer sides 1 and 2 only, numbered 1 and 2.
    const half = shapeOf({ profileBegin: 0.25, profileEnd: 0.75 });
    expect(kinds(half)).toEqual(['cap', 'side', 'side', 'cap', 'cut', 'cut']);
    expect(ids(half)).toEqual([1, 64, 128, 2, 8, 16]);
  });

  it('gives path-cut round prims end caps and dimpled or hollow spheres cut faces', () => {
    expect(kinds(SHAPES.sphere)).toEqual(['side']);
    expect(kinds(VARIANTS.cutSphere)).toEqual(['cap', 'side', 'cap']);
    expect(kinds(VARIANTS.dimpledSphere)).toEqual(['side', 'cut', 'cut']);
    expect(kinds(VARIANTS.hollowSphere)).toEqual(['side', 'hollow', 'cut', 'cut']);
    expect(kinds(SHAPES.torus)).toEqual(['side']);
    expect(kinds(VARIANTS.cutTorus)).toEqual(['cap', 'side', 'cap']);
    expect(kinds(SHAPES.tube)).toEqual(['side', 'side', 'side', 'side']);
    expect(kinds(SHAPES.ring)).toEqual(['side', 'side', 'side']);
  });

  it('face ranges tile the buffers in order and index only their own vertices', () => {
    for (const shape of Object.values({ ...SHAPES, ...VARIANTS })) {
      for (const lod of LODS) {
        const v = generatePrimVolume(shape, lod);
        let vertex = 0;
        let index = 0;
        for (const face of v.faces) {
          expect(face.firstVertex).toBe(vertex);
          expect(face.firstIndex).toBe(index);
          expect(face.indexCount % 3).toBe(0);
          for (let i = face.firstIndex; i < face.firstIndex + face.indexCount; i++) {
            const k = v.indices[i]!;
            if (k < face.firstVertex || k >= face.firstVertex + face.vertexCount) throw new Error(`index ${k} outside face ${face.index}`);
          }
          vertex += face.vertexCount;
          index += face.indexCount;
        }
        expect([vertex, index]).toEqual([v.vertexCount, v.indexCount]);
      }
    }
  });
});

describe('generatePrimVolume: geometry', () => {
  it('fills the unit box for the default shapes at full detail', () => {
    for (const name of ['box', 'cylinder', 'prism', 'sphere', 'torus', 'tube']) {
      const v = generatePrimVolume(SHAPES[name]!, 3);
      for (let k = 0; k < 3; k++) {
        expect(v.bounds.min[k], `${name} min ${k}`).toBeCloseTo(-0.5, 5);
        expect(v.bounds.max[k], `${name} max ${k}`).toBeCloseTo(0.5, 5);
      }
    }
    // A box fills it at every LOD.
    for (const lod of LODS) {
      const box = generatePrimVolume(SHAPES.box!, lod);
      // Corners sit at 0.707107 * cos(45 degrees) in 32-bit floats, a hair over 0.5, as in the viewer.
      for (let k = 0; k < 3; k++) expect(box.bounds.max[k]).toBeCloseTo(0.5, 6);
    }
    // The ring's triangle reaches x = -0.5 and its apex x = 0.25, as in the viewer (radius 0.5 at 0, 120, 240 degrees).
    const ring = generatePrimVolume(SHAPES.ring!, 3);
    expect(ring.bounds.min[0]).toBeCloseTo(-0.5, 5);
    expect(ring.bounds.max[0]).toBeCloseTo(0.25, 5);
  });

  it('bounds enclose every vertex', () => {
    for (const shape of Object.values(VARIANTS)) {
      const v = generatePrimVolume(shape, 2);
      for (let i = 0; i < v.vertexCount; i++) {
        for (let k = 0; k < 3; k++) {
          const c = v.positions[3 * i + k]!;
          if (c < v.bounds.min[k]! || c > v.bounds.max[k]!) throw new Error('vertex outside bounds');
        }
      }
    }
  });

  const closed = {
    box: SHAPES.box!, cylinder: SHAPES.cylinder!, prism: SHAPES.prism!, sphere: SHAPES.sphere!, torus: SHAPES.torus!,
    tube: SHAPES.tube!, ring: SHAPES.ring!, ...VARIANTS,
  };
  for (const [name, shape] of Object.entries(closed)) {
    it(`${name} is closed and consistently wound at every LOD`, () => {
      for (const lod of LODS) {
        const v = generatePrimVolume(shape, lod);
        const report = edgeReport(v);
        expect(report.triangles, `lod ${lod}`).toBeGreaterThan(0);
        expect(report.badEdges, `lod ${lod}`).toBe(0);
        expect(windingMismatches(v), `lod ${lod}`).toBe(0);
      }
    });
  }

  it('has unit normals, pointing outward on convex shapes', () => {
    for (const shape of Object.values({ ...SHAPES, ...VARIANTS })) {
      for (const lod of LODS) expect(normalLengthError(generatePrimVolume(shape, lod))).toBeLessThan(1e-5);
    }
    for (const name of ['box', 'cylinder', 'sphere']) {
      for (const lod of LODS) expect(inwardNormals(generatePrimVolume(SHAPES[name]!, lod)), `${name} lod ${lod}`).toBe(0);
    }
  });

  it('points a hollow inward, away from the solid', () => {
    const v = generatePrimVolume(VARIANTS.hollowCylinder, 3);
    const inner = v.faces[2]!;
    for (let i = inner.firstVertex; i < inner.firstVertex + inner.vertexCount; i++) {
      const radial = v.positions[3 * i]! * v.normals[3 * i]! + v.positions[3 * i + 1]! * v.normals[3 * i + 1]!;
      expect(radial).toBeLessThan(0);
    }
  });

  it('taper 1 (path scale 0) draws the top to a point: a pyramid', () => {
    const v = generatePrimVolume(VARIANTS.pyramid, 3);
    for (let i = 0; i < v.vertexCount; i++) {
      if (Math.abs(v.positions[3 * i + 2]! - 0.5) < 1e-6) {
        expect(Math.abs(v.positions[3 * i]!)).toBeLessThan(1e-6);
        expect(Math.abs(v.positions[3 * i + 1]!)).toBeLessThan(1e-6);
      }
    }
    // Taper -1 (scale 2) puts the point at the bottom instead.
    const inverted = generatePrimVolume(shapeOf({ pathScaleX: 2, pathScaleY: 2 }), 3);
    for (let i = 0; i < inverted.vertexCount; i++) {
      if (Math.abs(inverted.positions[3 * i + 2]! + 0.5) < 1e-6) expect(Math.abs(inverted.positions[3 * i]!)).toBeLessThan(1e-6);
    }
    for (let k = 0; k < 3; k++) expect(inverted.bounds.max[k]).toBeCloseTo(0.5, 6);
  });

  it('shear slides the top over: shear x 0.5 moves the top to x 0..1', () => {
    const v = generatePrimVolume(shapeOf({ pathShearX: 0.5 }), 3);
    expect(v.bounds.min[0]).toBeCloseTo(-0.5, 6);
    expect(v.bounds.max[0]).toBeCloseTo(1, 6);
    const top = v.faces[0]!;
    let minX = Infinity;
    for (let i = top.firstVertex; i < top.firstVertex + top.vertexCount; i++) minX = Math.min(minX, v.positions[3 * i]!);
    expect(minX).toBeCloseTo(0, 6);
  });

  it('twist turns the top and adds path points: twist 0.25 on a line is 45 degrees', () => {
    const v = generatePrimVolume(shapeOf({ pathTwist: 0.25 }), 3);
    const top = v.faces[0]!;
    let maxX = 0;
    let maxY = 0;
    for (let i = top.firstVertex; i < top.firstVertex + top.vertexCount; i++) {
      maxX = Math.max(maxX, v.positions[3 * i]!);
      maxY = Math.max(maxY, v.positions[3 * i + 1]!);
    }
    expect(maxX).toBeCloseTo(Math.SQRT1_2, 5);
    expect(maxY).toBeCloseTo(Math.SQRT1_2, 5);
    // floor(0.25 * 3.5 * (4 - 0.5)) + 2 = 5 path points instead of split + 2 = 4.
    expect(v.faces[1]!.vertexCount).toBe(4 * 5);
    const bottom = v.faces[5]!;
    expect(v.positions[3 * bottom.firstVertex]).toBeCloseTo(-0.5, 6);
    expect(v.positions[3 * bottom.firstVertex + 1]).toBeCloseTo(-0.5, 6);
  });

  it('revolutions, radius offset and skew shape the circular path', () => {
    const twice = generatePrimVolume(shapeOf({ pathCurve: 0x20, profileCurve: 0x00, pathScaleY: 0.25, pathRevolutions: 2 }), 3);
    // 24 sides per turn, two turns: 48 steps of 1/48, whose 32-bit float sum is still below 1 after
    // the 48th point, so the viewer's loop adds one more before the end point: 50 path points of 25.
    expect([twice.faces.length, twice.vertexCount]).toEqual([1, 50 * 25]);
    // A radius offset makes the start and end radii differ, which opens the path: two caps.
    const offset = generatePrimVolume(shapeOf({ pathCurve: 0x20, profileCurve: 0x00, pathScaleY: 0.25, pathRadiusOffset: 0.5 }), 3);
    expect(offset.faces.map((f) => f.kind)).toEqual(['cap', 'side', 'cap']);
    // Skew slides the path along x from -skew / 2 to +skew / 2.
    const skew = generatePrimVolume(shapeOf({ pathCurve: 0x20, profileCurve: 0x00, pathScaleY: 0.25, pathSkew: 0.5 }), 3);
    const bottom = skew.faces[2]!;
    const top = skew.faces[0]!;
    const centreX = (face: typeof top): number => {
      let min = Infinity;
      let max = -Infinity;
      for (let i = face.firstVertex; i < face.firstVertex + face.vertexCount; i++) {
        min = Math.min(min, skew.positions[3 * i]!);
        max = Math.max(max, skew.positions[3 * i]!);
      }
      return (min + max) / 2;
    };
    expect(centreX(bottom)).toBeCloseTo(-0.25, 5);
    expect(centreX(top)).toBeCloseTo(0.25, 5);
  });

  it('keeps texture coordinates of a box side in the unit square', () => {
    const v = generatePrimVolume(SHAPES.box!, 3);
    for (const face of v.faces) {
      for (let i = face.firstVertex; i < face.firstVertex + face.vertexCount; i++) {
        for (let k = 0; k < 2; k++) {
          const t = v.uvs[2 * i + k]!;
          expect(t).toBeGreaterThanOrEqual(-1e-6);
          expect(t).toBeLessThanOrEqual(1 + 1e-6);
        }
      }
    }
    // Side 1 runs u 0..1 across the face and v 0..1 up the path.
    const side = v.faces[1]!;
    const us = [];
    const vs = [];
    for (let i = side.firstVertex; i < side.firstVertex + side.vertexCount; i++) {
      us.push(v.uvs[2 * i]!);
      vs.push(v.uvs[2 * i + 1]!);
    }
    expect([Math.min(...us), Math.max(...us), Math.min(...vs), Math.max(...vs)]).toEqual([0, 1, 0, 1]);
  });
});

describe('generatePrimVolume: input', () => {
  it('treats a flexible path (0x80) as a line', () => {
    const line = generatePrimVolume(SHAPES.cylinder!, 2);
    const flexible = generatePrimVolume(shapeOf({ profileCurve: 0x00, pathCurve: 0x80 }), 2);
    expect(flexible.vertexCount).toBe(line.vertexCount);
    expect(flexible.positions.subarray(0, 3 * flexible.vertexCount)).toEqual(line.positions.subarray(0, 3 * line.vertexCount));
  });

  it('draws nothing for a profile cut narrower than 0.01, like the viewer', () => {
    const v = generatePrimVolume(shapeOf({ profileBegin: 0.5, profileEnd: 0.505 }), 3);
    expect([v.faces.length, v.vertexCount, v.indexCount]).toEqual([0, 0, 0]);
    expect([...v.bounds.min, ...v.bounds.max]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('repairs unknown profile and hole codes the way LLVolumeParams::setType does', () => {
    const unknownProfile = generatePrimVolume(shapeOf({ profileCurve: 0x0e }), 1);
    expect(unknownProfile.faces.length).toBe(6);
    const unknownHole = generatePrimVolume(shapeOf({ profileCurve: 0x71, profileHollow: 0.5 }), 1);
    expect(unknownHole.faces.map((f) => f.kind)).toEqual(['cap', 'side', 'side', 'side', 'side', 'hollow', 'cap']);
    expect(unknownHole.vertexCount).toBe(generatePrimVolume(VARIANTS.hollowBox, 1).vertexCount);
  });

  it('rejects a non-finite value or a bad LOD with an error naming it', () => {
    expect(() => generatePrimVolume(shapeOf({ pathTwist: Number.NaN }), 0)).toThrow(/pathTwist is NaN/);
    expect(() => generatePrimVolume(shapeOf({ profileHollow: Infinity }), 0)).toThrow(/profileHollow/);
    expect(() => generatePrimVolume(SHAPES.box!, 4 as PrimLod)).toThrow(/lod must be 0, 1, 2 or 3/);
  });

  it('bounds the output for absurd finite values by clamping to what the wire can carry', () => {
    const v = generatePrimVolume(shapeOf({
      pathCurve: 0x20, profileCurve: 0x00, pathRevolutions: 1e9, pathTwist: 1e9, pathTwistBegin: -1e9, profileHollow: 0.9,
      pathScaleX: -5, pathScaleY: 50, pathTaperX: 7, pathSkew: -3, pathBegin: -1, pathEnd: 3,
    }), 3);
    expect(v.vertexCount).toBeGreaterThan(0);
    expect(v.vertexCount).toBeLessThan(65536);
    for (let i = 0; i < 3 * v.vertexCount; i++) {
      if (!Number.isFinite(v.positions[i]!) || !Number.isFinite(v.normals[i]!)) throw new Error('non-finite output');
    }
  });
});

describe('generatePrimVolume: reuse', () => {
  it('writes into `out` without new buffers or face objects when called again', () => {
    const out = new PrimVolume();
    generatePrimVolume(VARIANTS.hollowCutBox, 3, out);
    const buffers = [out.positions, out.normals, out.uvs, out.indices];
    const faces = [...out.faces];
    const again = generatePrimVolume(VARIANTS.hollowCutBox, 3, out);
    expect(again).toBe(out);
    expect([out.positions, out.normals, out.uvs, out.indices]).toEqual(buffers);
    for (let i = 0; i < buffers.length; i++) expect([out.positions, out.normals, out.uvs, out.indices][i]).toBe(buffers[i]);
    out.faces.forEach((face, i) => expect(face).toBe(faces[i]));
    // A smaller prim fits in the same buffers too.
    generatePrimVolume(SHAPES.box!, 0, out);
    expect(out.positions).toBe(buffers[0]);
    expect(out.indices).toBe(buffers[3]);
    expect(out.faces[0]).toBe(faces[0]);
  });

  it('generates every LOD of 1000 random prims into one reused volume, all well formed', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const out = new PrimVolume();
    let triangles = 0;
    for (let n = 0; n < 1000; n++) {
      const begin = Math.floor(random() * 40) / 100;
      const shape = shapeOf({
        pathCurve: pick([0x10, 0x20, 0x30, 0x40, 0x80]),
        profileCurve: pick([0, 1, 2, 3, 4, 5]) | pick([0x00, 0x10, 0x20, 0x30]),
        pathBegin: random() < 0.3 ? begin : 0,
        pathEnd: random() < 0.3 ? 1 - begin / 2 : 1,
        pathScaleX: Math.round(random() * 200) / 100,
        pathScaleY: Math.round(random() * 200) / 100,
        pathShearX: Math.round(random() * 100 - 50) / 100,
        pathTwist: Math.round(random() * 200 - 100) / 100,
        pathTwistBegin: random() < 0.5 ? 0 : Math.round(random() * 200 - 100) / 100,
        pathRadiusOffset: Math.round(random() * 100 - 50) / 100,
        pathTaperX: Math.round(random() * 200 - 100) / 100,
        pathRevolutions: 1 + Math.round(random() * 200) * 0.015,
        pathSkew: Math.round(random() * 100 - 50) / 100,
        profileBegin: random() < 0.3 ? begin : 0,
        profileEnd: random() < 0.3 ? 1 - begin / 2 : 1,
        profileHollow: random() < 0.4 ? Math.round(random() * 95) / 100 : 0,
      });
      for (const lod of LODS) {
        generatePrimVolume(shape, lod, out);
        triangles += out.indexCount / 3;
        for (let i = 0; i < out.indexCount; i++) if (out.indices[i]! >= out.vertexCount) throw new Error('index out of range');
        if (normalLengthError(out) > 1e-5) throw new Error('normal not unit length');
        for (let i = 0; i < 3 * out.vertexCount; i++) if (!Number.isFinite(out.positions[i]!)) throw new Error('non-finite position');
      }
    }
    expect(triangles).toBeGreaterThan(0);
  });
});
