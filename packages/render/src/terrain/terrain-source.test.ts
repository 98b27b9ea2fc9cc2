import type { RegionTerrain } from '@slv/world';
import { describe, expect, it } from 'vitest';
import { createTerrainState, pickTerrain, terrainStep, updateTerrainState } from './terrain-source.ts';

function terrain(regionIndex: number, size: number, height: number, landPatches = 1): RegionTerrain {
  const cells = (size / 16) ** 2;
  return {
    regionIndex, regionSize: size, heightmap: new Float32Array(size * size).fill(height), patchReceived: new Uint8Array(cells),
    landPatches, revision: 1, windX: new Float32Array(256), windY: new Float32Array(256), windRevision: 0,
    cloud: new Float32Array(256), cloudRevision: 0, ignoredPatches: 0,
  };
}

describe('terrainStep', () => {
  it('keeps about 128 cells a side with 16-bit indices', () => {
    expect(terrainStep(256)).toBe(2);
    expect(terrainStep(512)).toBe(4);
    expect(terrainStep(128)).toBe(1);
    expect(terrainStep(16)).toBe(1);
    expect(terrainStep(400)).toBe(4);
    expect(terrainStep(8192)).toBe(64);
    for (const size of [16, 48, 208, 256, 400, 1024, 4096]) expect(((size / terrainStep(size)) + 1) ** 2).toBeLessThanOrEqual(65536);
  });
});

describe('pickTerrain', () => {
  it('takes the named region, or the first that has land', () => {
    const map = new Map([[3, terrain(3, 256, 0, 0)], [5, terrain(5, 256, 0)]]);
    expect(pickTerrain(map, 3)?.regionIndex).toBe(3);
    expect(pickTerrain(map, -1)?.regionIndex).toBe(5);
    expect(pickTerrain(map, 7)).toBeUndefined();
    expect(pickTerrain(new Map(), -1)).toBeUndefined();
  });
});

describe('updateTerrainState', () => {
  it('builds once per revision, region or water height, and remakes the mesh for a new region size', () => {
    const state = createTerrainState();
    const a = terrain(0, 256, 25);
    const mesh = updateTerrainState(state, a, 20)!;
    expect(mesh.verticesPerEdge).toBe(129);
    expect(state.builds).toBe(1);
    expect(updateTerrainState(state, a, 20)).toBe(mesh);
    expect(state.builds).toBe(1);
    a.revision++;
    updateTerrainState(state, a, 20);
    expect(state.builds).toBe(2);
    updateTerrainState(state, terrain(1, 256, 25), 20);
    expect(state.builds).toBe(3);
    const big = updateTerrainState(state, terrain(2, 512, 25), 20)!;
    expect(big).not.toBe(mesh);
    expect(big.regionSize).toBe(512);
    expect(updateTerrainState(state, undefined, 20)).toBeNull();
  });
});
