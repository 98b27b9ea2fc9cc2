/**
 * Which terrain the renderer draws, and keeping its mesh current: the
 * region the environment names (or the first with terrain), rebuilt in
 * place when that region's heightmap revision or the water height changes.
 * The grid step keeps a region at 128 cells a side (2 m for 256 m regions),
 * so its indices stay 16-bit.
 */
import type { RegionTerrain } from '@slv/world';
import { createTerrainMesh, updateTerrainMesh } from './terrain-mesh.ts';
import type { TerrainMesh } from './terrain-mesh.ts';

/** Cells along each edge of a region's terrain grid, at most. */
export const TERRAIN_CELLS_PER_EDGE = 128;

/** Most cells a side whose (cells + 1)² vertices 16-bit indices still reach. */
const MAX_16BIT_CELLS = 255;

/**
 * Metres between terrain vertices: ceil(regionSize / TERRAIN_CELLS_PER_EDGE)
 * when that divides the region, else the next smaller divisor that keeps
 * 16-bit indices, else 1 m.
 */
export function terrainStep(regionSize: number): number {
  for (let step = Math.max(1, Math.ceil(regionSize / TERRAIN_CELLS_PER_EDGE)); step > 1; step--) {
    if (regionSize % step === 0 && regionSize / step <= MAX_16BIT_CELLS) return step;
  }
  return 1;
}

export interface TerrainState {
  mesh: TerrainMesh | null;
  /** Region index the mesh was built from; -1 none. */
  regionIndex: number;
  /** Rebuilds so far. */
  builds: number;
}

export function createTerrainState(): TerrainState {
  return { mesh: null, regionIndex: -1, builds: 0 };
}

/** The terrain to draw: `regionIndex`'s, or with -1 the first region that has any land patch. */
export function pickTerrain(terrains: ReadonlyMap<number, RegionTerrain>, regionIndex: number): RegionTerrain | undefined {
  if (regionIndex >= 0) return terrains.get(regionIndex);
  // Before a region is known: no iterator made for an empty map, which is every frame before login.
  if (terrains.size === 0) return undefined;
  for (const t of terrains.values()) if (t.landPatches > 0) return t;
  return undefined;
}

/**
 * Brings `state.mesh` up to date with `terrain` (none: no mesh) and returns
 * it. Allocates only when the region or its size changes.
 */
export function updateTerrainState(state: TerrainState, terrain: RegionTerrain | undefined, waterHeight: number): TerrainMesh | null {
  if (terrain === undefined) {
    state.regionIndex = -1;
    return null;
  }
  let mesh = state.mesh;
  if (mesh === null || mesh.regionSize !== terrain.regionSize) {
    mesh = createTerrainMesh(terrain.regionSize, terrainStep(terrain.regionSize));
    state.mesh = mesh;
  }
  if (state.regionIndex !== terrain.regionIndex || mesh.revision !== terrain.revision || mesh.waterHeight !== waterHeight) {
    updateTerrainMesh(mesh, terrain.heightmap, waterHeight, terrain.revision);
    state.regionIndex = terrain.regionIndex;
    state.builds++;
  }
  return mesh;
}
