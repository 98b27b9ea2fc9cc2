import { describe, expect, it } from 'vitest';
import { generateSculptPlaceholder, generateSculptVolume, SculptVolume } from './generate-sculpt-volume.ts';
import { sculptGrid, sculptMapProblem, sculptMeshResolution, type SculptMap } from './sculpt-map.ts';
import type { PrimLod } from './volume-lod.ts';
import { edgeReport, inwardNormals, normalLengthError, windingMismatches } from './volume-geometry.test-support.ts';

const f = Math.fround;
const SPHERE = 1;
const TORUS = 2;
const PLANE = 3;
const CYLINDER = 4;
const MIRROR = 64;
const INVERT = 128;

/** The viewer's decoding of one 8-bit sample. */
function decode(sample: number): number {
  return f(f(sample * f(1 / 255)) - 0.5);
}

/**
 * An RGBA map whose texel (x, y) encodes its own coordinates: red 16x + 8, green 16y + 8, blue 128,
 * with y counted as the viewer counts rows (0 = the image's bottom row, the pipeline's last).
 */
function coordinateMap(size: number): SculptMap {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = 4 * ((size - 1 - y) * size + x);
      pixels[o] = 16 * x + 8;
      pixels[o + 1] = 16 * y + 8;
      pixels[o + 2] = 128;
      pixels[o + 3] = 255;
    }
  }
  return { width: size, height: size, pixels };
}

/** The texel (x, y) each grid vertex read, recovered from its position (mirrored x undone when `mirrored`). */
function sampledTexels(volume: SculptVolume, mirrored = false): string[][] {
  const rows: string[][] = [];
  for (let s = 0; s < volume.rows; s++) {
    const row: string[] = [];
    for (let t = 0; t < volume.columns; t++) {
      const v = s * volume.columns + t;
      const px = volume.positions[3 * v]!;
      const x = Math.round(((mirrored ? -px : px) + 0.5) * 255 - 8) / 16;
      const y = Math.round((volume.positions[3 * v + 1]! + 0.5) * 255 - 8) / 16;
      row.push(`${x},${y}`);
    }
    rows.push(row);
  }
  return rows;
}

/** A 5 x 5 grid of texels from row lists of x (per row) and the y per row. */
function texels(ys: number[], xs: (row: number) => number[]): string[][] {
  return ys.map((y, row) => xs(row).map((x) => `${x},${y}`));
}

/**
 * A sphere drawn the way sculpt tools write it: longitude rising with x, the south pole
 * on the viewer's row 0 (the image's bottom), the north pole on its top row.
 */
function sphereMap(size: number): SculptMap {
  const pixels = new Uint8Array(size * size * 4);
  // Centred on 127 so that the poles' zeros do not straddle a rounding tie.
  const byte = (v: number): number => 127 + Math.round(v * 254);
  for (let y = 0; y < size; y++) {
    const theta = (Math.PI * y) / (size - 1);
    for (let x = 0; x < size; x++) {
      const phi = (2 * Math.PI * x) / size;
      const o = 4 * ((size - 1 - y) * size + x);
      pixels[o] = byte(0.45 * Math.sin(theta) * Math.cos(phi));
      pixels[o + 1] = byte(0.45 * Math.sin(theta) * Math.sin(phi));
      pixels[o + 2] = byte(-0.45 * Math.cos(theta));
      pixels[o + 3] = 255;
    }
  }
  return { width: size, height: size, pixels };
}

describe('sculpt grid size (sculpt_calc_mesh_resolution)', () => {
  it('follows the LOD (6, 8, 16, 32 sides) up to a quarter of the map texels, in the map aspect', () => {
    const square64 = ([0, 1, 2, 3] as PrimLod[]).map((lod) => sculptMeshResolution(64, 64, lod));
    expect(square64).toEqual([{ s: 6, t: 6 }, { s: 8, t: 8 }, { s: 16, t: 16 }, { s: 32, t: 32 }]);
    // 32 x 32 allows 256 vertices: LOD 3 stops at 16 x 16.
    expect(sculptMeshResolution(32, 32, 3)).toEqual({ s: 16, t: 16 });
    // Oblong maps keep their ratio: width gives profile columns (t), height path rows (s).
    expect(sculptMeshResolution(64, 16, 3)).toEqual({ s: 8, t: 32 });
    expect(sculptMeshResolution(16, 64, 3)).toEqual({ s: 32, t: 8 });
    // Small maps: never fewer than 4 before the last division.
    expect(sculptMeshResolution(8, 8, 0)).toEqual({ s: 4, t: 4 });
    expect(sculptMeshResolution(4, 4, 3)).toEqual({ s: 1, t: 4 });
    // No map: the LOD's count.
    expect(sculptMeshResolution(0, 0, 2)).toEqual({ s: 16, t: 16 });
  });

  it('has sides + 1 points each way with texture coordinates from 0 to 1', () => {
    const grid = sculptGrid(64, 64, 1);
    expect([grid.rows, grid.columns]).toEqual([9, 9]);
    expect(Array.from(grid.rowV.subarray(0, 9))).toEqual([0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1]);
    expect(Array.from(grid.columnU.subarray(0, 9))).toEqual([0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1]);
  });

  it('gives each LOD the viewer vertex and triangle counts', () => {
    const counts = ([0, 1, 2, 3] as PrimLod[]).map((lod) => {
      const v = generateSculptVolume(coordinateMap(64), { sculptType: PLANE, lod });
      return [v.rows, v.columns, v.vertexCount, v.indexCount / 3];
    });
    expect(counts).toEqual([[7, 7, 49, 72], [9, 9, 81, 128], [17, 17, 289, 512], [33, 33, 1089, 2048]]);
    const oblong = generateSculptVolume({ width: 64, height: 16, pixels: new Uint8Array(64 * 16 * 4).fill(7) }, { sculptType: PLANE, lod: 0 });
    // 36 vertices in a 4:1 map: s = max(4, sqrt(36 / 4)) = 4, t = 36 / 4 = 9.
    expect([oblong.rows, oblong.columns]).toEqual([5, 10]);
  });
});

describe('generateSculptVolume: which texel each vertex reads', () => {
  // An 8 x 8 map at LOD 0 is a 5 x 5 grid: rows and columns fall on texels 0, 2, 4, 6 and then 8, one past the edge.
  const map = coordinateMap(8);
  const even = (): number[] => [0, 2, 4, 6];

  it('plane: the edge repeats the last texel both ways', () => {
    const v = generateSculptVolume(map, { sculptType: PLANE, lod: 0 });
    expect(sampledTexels(v)).toEqual(texels([0, 2, 4, 6, 7], () => [...even(), 7]));
  });

  it('cylinder: wraps around (the last column is the first), repeats the last row', () => {
    const v = generateSculptVolume(map, { sculptType: CYLINDER, lod: 0 });
    expect(sampledTexels(v)).toEqual(texels([0, 2, 4, 6, 7], () => [...even(), 0]));
  });

  it('torus: wraps both ways', () => {
    const v = generateSculptVolume(map, { sculptType: TORUS, lod: 0 });
    expect(sampledTexels(v)).toEqual(texels([0, 2, 4, 6, 0], () => [...even(), 0]));
  });

  it('sphere: wraps around, and the first and last rows collapse to the middle texel (the poles)', () => {
    const v = generateSculptVolume(map, { sculptType: SPHERE, lod: 0 });
    const pole = [4, 4, 4, 4, 4];
    expect(sampledTexels(v)).toEqual(texels([0, 2, 4, 6, 7], (row) => (row === 0 || row === 4 ? pole : [...even(), 0])));
  });

  it('mirror reads the columns backwards and negates x', () => {
    const v = generateSculptVolume(map, { sculptType: PLANE | MIRROR, lod: 0 });
    expect(sampledTexels(v, true)).toEqual(texels([0, 2, 4, 6, 7], () => [7, 6, 4, 2, 0]));
    expect(v.positions[0]).toBe(-decode(16 * 7 + 8));
  });

  it('invert reads the columns backwards without negating; mirror with invert negates only', () => {
    const inverted = generateSculptVolume(map, { sculptType: PLANE | INVERT, lod: 0 });
    expect(sampledTexels(inverted)).toEqual(texels([0, 2, 4, 6, 7], () => [7, 6, 4, 2, 0]));
    const both = generateSculptVolume(map, { sculptType: PLANE | MIRROR | INVERT, lod: 0 });
    expect(sampledTexels(both, true)).toEqual(texels([0, 2, 4, 6, 7], () => [...even(), 7]));
  });

  it('decodes samples as the viewer does and keeps the pipeline row order (image top = last row)', () => {
    const v = generateSculptVolume(map, { sculptType: PLANE, lod: 0 });
    // Vertex (row 0, column 1) reads texel (2, 0): the image's bottom row.
    expect(Array.from(v.positions.subarray(3, 6))).toEqual([decode(40), decode(8), decode(128)]);
    expect(v.source).toBe('map');
    expect(v.faces).toHaveLength(1);
    expect(v.faces[0]).toMatchObject({ index: 0, kind: 'side', firstVertex: 0, vertexCount: 25, firstIndex: 0, indexCount: 96 });
  });

  it('reads RGB maps (3 samples a texel) like RGBA ones', () => {
    const rgba = coordinateMap(8);
    const rgb = new Uint8Array(8 * 8 * 3);
    for (let i = 0; i < 64; i++) rgb.set(rgba.pixels.subarray(4 * i, 4 * i + 3), 3 * i);
    const a = generateSculptVolume(rgba, { sculptType: TORUS, lod: 0 });
    const b = generateSculptVolume({ width: 8, height: 8, pixels: rgb, components: 3 }, { sculptType: TORUS, lod: 0 });
    expect(Array.from(b.positions.subarray(0, 75))).toEqual(Array.from(a.positions.subarray(0, 75)));
  });

  it('samples a lower-resolution copy of the map on a coarser grid', () => {
    const v = generateSculptVolume(coordinateMap(4), { sculptType: PLANE, lod: 3 });
    expect([v.rows, v.columns]).toEqual([2, 5]);
    expect(sampledTexels(v)).toEqual([['0,0', '1,0', '2,0', '3,0', '3,0'], ['0,3', '1,3', '2,3', '3,3', '3,3']]);
  });
});

describe('generateSculptVolume: surface', () => {
  const sphere = sphereMap(32);

  it('a sphere map makes a closed sphere with outward normals and matching winding', () => {
    const v = generateSculptVolume(sphere, { sculptType: SPHERE, lod: 3 });
    expect(v.source).toBe('map');
    expect(inwardNormals(v)).toBe(0);
    expect(windingMismatches(v)).toBe(0);
    expect(normalLengthError(v)).toBeLessThan(1e-5);
    // Both poles share one normal along the axis.
    const n = v.normals;
    for (let t = 0; t < v.columns; t++) {
      expect(n[3 * t + 2]).toBeCloseTo(-1, 5);
      expect(n[3 * ((v.rows - 1) * v.columns + t) + 2]).toBeCloseTo(1, 5);
    }
    // The seam's two columns share their normals.
    for (let s = 0; s < v.rows; s++) {
      const a = 3 * s * v.columns;
      const b = 3 * (s * v.columns + v.columns - 1);
      expect(Array.from(n.subarray(a, a + 3))).toEqual(Array.from(n.subarray(b, b + 3)));
    }
  });

  it('stitching closes the seam (sphere, torus, cylinder); plane leaves it open', () => {
    const open = (type: number): number => edgeReport(generateSculptVolume(sphere, { sculptType: type, lod: 1 })).badEdges;
    expect(open(SPHERE)).toBe(0);
    // This map's first and last rows are single points, so torus and cylinder close at the poles too.
    expect(open(TORUS)).toBe(0);
    expect(open(CYLINDER)).toBe(0);
    expect(open(PLANE)).toBeGreaterThan(0);
  });

  it('invert turns it inside out; mirror keeps it outward; both together are inside out', () => {
    const count = (type: number): [number, number] => {
      const v = generateSculptVolume(sphere, { sculptType: type, lod: 2 });
      return [inwardNormals(v), windingMismatches(v)];
    };
    const vertices = generateSculptVolume(sphere, { sculptType: SPHERE, lod: 2 }).vertexCount;
    expect(count(SPHERE | INVERT)).toEqual([vertices, 0]);
    expect(count(SPHERE | MIRROR)).toEqual([0, 0]);
    expect(count(SPHERE | MIRROR | INVERT)).toEqual([vertices, 0]);
  });

  it('texture coordinates run 0..1 along the columns (u) and rows (v)', () => {
    const v = generateSculptVolume(sphere, { sculptType: CYLINDER, lod: 0 });
    const last = v.vertexCount - 1;
    expect([v.uvs[0], v.uvs[1], v.uvs[2 * last], v.uvs[2 * last + 1]]).toEqual([0, 0, 1, 1]);
  });

  it('a flat map is degenerate from LOD 1 on and becomes the 0.3 sphere placeholder; LOD 0 keeps it', () => {
    const flat: SculptMap = { width: 8, height: 8, pixels: new Uint8Array(8 * 8 * 4).fill(128) };
    const low = generateSculptVolume(flat, { sculptType: SPHERE, lod: 0 });
    expect(low.source).toBe('map');
    const high = generateSculptVolume(flat, { sculptType: SPHERE, lod: 1 });
    expect(high.source).toBe('degenerate');
    expect(high.surfaceArea).toBe(0);
    expect(high.bounds.max[2]).toBeCloseTo(0.3, 6);
    expect(high.bounds.min[2]).toBeCloseTo(-0.3, 6);
  });
});

describe('generateSculptVolume: bad input and placeholders', () => {
  const bad: [string, SculptMap, RegExp][] = [
    ['smaller than 4 x 4', { width: 2, height: 2, pixels: new Uint8Array(16) }, /at least 4/],
    ['not a power of two', { width: 12, height: 8, pixels: new Uint8Array(12 * 8 * 4) }, /power of two/],
    ['empty data', { width: 8, height: 8, pixels: new Uint8Array(0) }, /has 0 bytes/],
    ['zero size', { width: 0, height: 0, pixels: new Uint8Array(0) }, /power of two/],
    ['NaN size', { width: Number.NaN, height: 8, pixels: new Uint8Array(256) }, /power of two/],
    ['two samples a texel', { width: 8, height: 8, pixels: new Uint8Array(128), components: 2 }, /3 or 4/],
  ];
  for (const [name, map, reason] of bad) {
    it(`a map ${name} gives the sphere placeholder and says why`, () => {
      expect(sculptMapProblem(map)).toMatch(reason);
      const v = generateSculptVolume(map, { sculptType: TORUS, lod: 1 });
      expect(v.source).toBe('bad-map');
      expect(v.problem).toMatch(reason);
      expect(v.vertexCount).toBe(9 * 9);
      expect(Array.from(v.positions.subarray(0, 3 * v.vertexCount)).every(Number.isFinite)).toBe(true);
    });
  }

  it('rejects a LOD outside 0..3, a sculpt type that is not a byte, and the mesh type', () => {
    const map = coordinateMap(8);
    expect(() => generateSculptVolume(map, { sculptType: PLANE, lod: 4 as PrimLod })).toThrow(RangeError);
    expect(() => generateSculptVolume(map, { sculptType: 300, lod: 0 })).toThrow(/byte/);
    expect(() => generateSculptVolume(map, { sculptType: 5, lod: 0 })).toThrow(/mesh/);
  });

  it('draws type 0 (none) and the unused 6 and 7 as a plane', () => {
    const map = coordinateMap(8);
    const plane = generateSculptVolume(map, { sculptType: PLANE, lod: 0 });
    for (const type of [0, 6, 7]) {
      const v = generateSculptVolume(map, { sculptType: type, lod: 0 });
      expect(Array.from(v.positions.subarray(0, 75))).toEqual(Array.from(plane.positions.subarray(0, 75)));
    }
  });

  it('while loading draws nothing; a missing map draws the sphere placeholder at the LOD grid', () => {
    const loading = generateSculptPlaceholder('loading', { sculptType: SPHERE, lod: 2 });
    expect([loading.source, loading.vertexCount, loading.indexCount, loading.faces.length]).toEqual(['loading', 0, 0, 1]);
    const missing = generateSculptPlaceholder('missing', { sculptType: SPHERE, lod: 2 });
    expect([missing.source, missing.rows, missing.columns]).toEqual(['missing', 17, 17]);
    expect(missing.bounds.max[0]).toBeCloseTo(0.3, 2);
  });

  it('reuses the volume it is given', () => {
    const out = new SculptVolume();
    const a = generateSculptVolume(coordinateMap(64), { sculptType: SPHERE, lod: 3, out });
    const positions = a.positions;
    const b = generateSculptVolume(coordinateMap(64), { sculptType: TORUS, lod: 1, out });
    expect(b).toBe(out);
    expect(b.positions).toBe(positions);
    expect(b.vertexCount).toBe(81);
  });
});
