import { describe, expect, it } from 'vitest';
import { createTerrainMesh, updateTerrainMesh } from './terrain-mesh.ts';
import { terrainColor } from './terrain-colors.ts';

function heightmap(size: number, f: (x: number, y: number) => number): Float32Array {
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) out[y * size + x] = f(x, y);
  return out;
}

describe('createTerrainMesh', () => {
  it('makes (size/step + 1)² vertices and two triangles per cell', () => {
    const fine = createTerrainMesh(256, 1);
    expect(fine.verticesPerEdge).toBe(257);
    expect(fine.vertexCount).toBe(257 * 257);
    expect(fine.triangleCount).toBe(2 * 256 * 256);
    expect(fine.indices).toBeInstanceOf(Uint32Array);
    expect(fine.indices.length).toBe(fine.triangleCount * 3);
    const coarse = createTerrainMesh(256, 2);
    expect(coarse.vertexCount).toBe(129 * 129);
    expect(coarse.indices).toBeInstanceOf(Uint16Array);
    expect(coarse.positions.length).toBe(129 * 129 * 3);
    expect(coarse.colors.length).toBe(129 * 129 * 4);
  });

  it('spans the region from 0 to regionSize on x and y', () => {
    const mesh = createTerrainMesh(64, 4);
    const last = mesh.vertexCount - 1;
    expect([mesh.positions[0], mesh.positions[1]]).toEqual([0, 0]);
    expect([mesh.positions[last * 3], mesh.positions[last * 3 + 1]]).toEqual([64, 64]);
  });

  it('winds every triangle counter-clockwise seen from above', () => {
    const mesh = createTerrainMesh(32, 4);
    const p = mesh.positions;
    for (let t = 0; t < mesh.triangleCount; t++) {
      const [a, b, c] = [mesh.indices[t * 3], mesh.indices[t * 3 + 1], mesh.indices[t * 3 + 2]];
      const cross = (p[b * 3] - p[a * 3]) * (p[c * 3 + 1] - p[a * 3 + 1]) - (p[b * 3 + 1] - p[a * 3 + 1]) * (p[c * 3] - p[a * 3]);
      expect(cross).toBeGreaterThan(0);
    }
  });

  it('refuses sizes and steps that do not tile', () => {
    expect(() => createTerrainMesh(256, 3)).toThrow(/step must be a positive integer dividing 256/);
    expect(() => createTerrainMesh(10, 1)).toThrow(/regionSize/);
    expect(() => createTerrainMesh(8192, 1)).toThrow(/exceeds/);
  });
});

describe('updateTerrainMesh', () => {
  it('takes heights row-major (y * size + x) and records the revision and range', () => {
    const size = 32;
    const map = heightmap(size, () => 21);
    map[20 * size + 10] = 40;
    const mesh = updateTerrainMesh(createTerrainMesh(size, 1), map, 20, 7);
    const v = 20 * mesh.verticesPerEdge + 10;
    expect(mesh.positions[v * 3]).toBe(10);
    expect(mesh.positions[v * 3 + 1]).toBe(20);
    expect(mesh.positions[v * 3 + 2]).toBe(40);
    expect(mesh.minHeight).toBe(21);
    expect(mesh.maxHeight).toBe(40);
    expect(mesh.revision).toBe(7);
    expect(mesh.version).toBe(1);
  });

  it('repeats the last sample row and column to reach the region edge', () => {
    const size = 16;
    const mesh = updateTerrainMesh(createTerrainMesh(size, 1), heightmap(size, (x, y) => x + 100 * y), 0, 1);
    const edge = mesh.verticesPerEdge;
    expect(mesh.positions[(3 * edge + 16) * 3 + 2]).toBe(15 + 300);
    expect(mesh.positions[(16 * edge + 16) * 3 + 2]).toBe(15 + 1500);
  });

  it('gives a flat heightmap straight-up normals', () => {
    const mesh = updateTerrainMesh(createTerrainMesh(32, 2), heightmap(32, () => 25), 20, 1);
    for (let v = 0; v < mesh.vertexCount; v++) {
      expect(Math.abs(mesh.normals[v * 3]) + Math.abs(mesh.normals[v * 3 + 1])).toBe(0);
      expect(mesh.normals[v * 3 + 2]).toBe(1);
    }
  });

  it('gives a slope the normal of its plane inside the grid', () => {
    // z = 0.5 x + 0.25 y: normal ∝ (-0.5, -0.25, 1).
    const mesh = updateTerrainMesh(createTerrainMesh(32, 2), heightmap(32, (x, y) => 0.5 * x + 0.25 * y), 0, 1);
    const len = Math.hypot(0.5, 0.25, 1);
    const edge = mesh.verticesPerEdge;
    for (let j = 1; j < edge - 2; j++) {
      for (let i = 1; i < edge - 2; i++) {
        const v = j * edge + i;
        expect(mesh.normals[v * 3]).toBeCloseTo(-0.5 / len, 5);
        expect(mesh.normals[v * 3 + 1]).toBeCloseTo(-0.25 / len, 5);
        expect(mesh.normals[v * 3 + 2]).toBeCloseTo(1 / len, 5);
      }
    }
  });

  it('reads non-finite samples as 0 and refuses a heightmap of the wrong size', () => {
    const map = heightmap(16, () => 5);
    map[0] = Number.NaN;
    const mesh = updateTerrainMesh(createTerrainMesh(16, 1), map, 0, 1);
    expect(mesh.positions[2]).toBe(0);
    expect(() => updateTerrainMesh(createTerrainMesh(16, 1), new Float32Array(10), 0, 1)).toThrow(/heightmap has 10 samples, a 16 m region needs 256/);
  });

  it('colours by height above the water and by slope', () => {
    const mesh = updateTerrainMesh(
      createTerrainMesh(64, 1),
      // Underwater at x < 8, shore at 8..15, grass beyond, a cliff at x >= 40, snow at y >= 56.
      heightmap(64, (x, y) => (y >= 56 ? 200 : x < 8 ? 10 : x < 16 ? 20.2 : x < 40 ? 24 : 24 + (x - 40) * 3)),
      20,
      1,
    );
    const edge = mesh.verticesPerEdge;
    const rgb = (x: number, y: number) => Array.from(mesh.colors.subarray((y * edge + x) * 4, (y * edge + x) * 4 + 3));
    const [mr, mg] = rgb(3, 10);
    const [sr, sg, sb] = rgb(12, 10);
    const [gr, gg, gb] = rgb(28, 10);
    const [rr, rg, rb] = rgb(50, 10);
    const [wr, wg, wb] = rgb(30, 62);
    expect(mr + mg).toBeLessThan(sr + sg); // mud darker than sand
    expect(sr).toBeGreaterThan(sb); // sand is warm
    expect(gg).toBeGreaterThan(gr); // grass is green
    expect(gg).toBeGreaterThan(gb);
    expect(Math.abs(rr - rg)).toBeLessThan(20); // rock is grey
    expect(Math.abs(rg - rb)).toBeLessThan(20);
    expect(Math.min(wr, wg, wb)).toBeGreaterThan(220); // snow
    expect(mesh.colors[3]).toBe(255);
  });
});

describe('terrainColor', () => {
  it('turns steep ground to rock whatever its height', () => {
    const flat = new Uint8Array(4);
    const steep = new Uint8Array(4);
    terrainColor(flat, 0, 30, 1, 20);
    terrainColor(steep, 0, 30, 0.3, 20);
    expect(flat[1] - flat[0]).toBeGreaterThan(20);
    expect(Math.abs(steep[1] - steep[0])).toBeLessThan(12);
  });
});
