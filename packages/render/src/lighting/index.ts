/** Clustered lighting, CPU side: lights into a 3-D grid over the view frustum, packed as textures. */
export { createLightArrays, lightArraysLength, MAX_LIGHT_COUNT } from './light-arrays.ts';
export type { LightArrays } from './light-arrays.ts';
export {
  clusterOptionsFromSettings,
  createClusterData,
  resizeClusterData,
  DEFAULT_MAX_INDEX_CAPACITY,
  FLOATS_PER_LIGHT,
  INDEX_TEXTURE_WIDTH,
  LIGHT_TEXTURE_WIDTH,
  MAX_CLUSTER_LIGHTS,
  MAX_GRID_XY,
  MAX_GRID_Z,
  MAX_LIGHTS_PER_CLUSTER,
} from './cluster-data.ts';
export type { ClusterData, ClusterDataOptions, ClusterScratch, ClusterStats, TextureSize } from './cluster-data.ts';
export { assignLightsToClusters } from './clusters.ts';
export type { ClusterCamera } from './clusters.ts';
