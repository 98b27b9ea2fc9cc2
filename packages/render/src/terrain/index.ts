/** Terrain: the region heightmap as a grid mesh with normals and a height/slope colour ramp. */
export { createTerrainMesh, MAX_TERRAIN_VERTICES_PER_EDGE, updateTerrainMesh } from './terrain-mesh.ts';
export type { TerrainMesh } from './terrain-mesh.ts';
export { SNOW_FULL, SNOW_START, terrainColor } from './terrain-colors.ts';
export { createTerrainState, pickTerrain, TERRAIN_CELLS_PER_EDGE, updateTerrainState } from './terrain-source.ts';
export type { TerrainState } from './terrain-source.ts';
