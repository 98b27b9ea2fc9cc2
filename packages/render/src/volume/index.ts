/**
 * Prim volume geometry: Second Life prim meshes generated from shape parameters the way
 * the viewer generates them, with the viewer's face numbering and four levels of detail;
 * sculpted prims from their maps, and flexible prims along their simulated path.
 */
export { DEFAULT_BOX_SHAPE, generateBoundingBox } from './bounding-box.ts';
export {
  FLEXIBLE_MAX_SOFTNESS, FlexibleFrame, FlexiblePath, flexibleRenderResolution, FlexibleState, stepFlexible,
  type FlexibleParams,
} from './flexible-path.ts';
export { generatePrimVolume } from './generate-prim-volume.ts';
export {
  generateSculptPlaceholder, generateSculptVolume, SculptVolume, type SculptPlaceholderReason, type SculptSource,
  type SculptVolumeOptions,
} from './generate-sculpt-volume.ts';
export { PrimVolume, PrimVolumeFace, primVolumeByteLength, type PrimFaceKind } from './prim-volume.ts';
export { PrimVolumeCache, type PrimVolumeCacheOptions } from './prim-volume-cache.ts';
export { primVolumeKey } from './prim-volume-key.ts';
export {
  LOD_INPUT, VOLUME_DETAIL_SCALES, VOLUME_LOD_THRESHOLDS, primLodOf, primLodRadius, selectPrimLod, type PrimLod,
} from './volume-lod.ts';
export {
  MAX_SCULPT_MAP_SIDE, MIN_SCULPT_MAP_SIDE, SCULPT_FLAG_INVERT, SCULPT_FLAG_MIRROR, SCULPT_TYPE_CYLINDER, SCULPT_TYPE_MASK,
  SCULPT_TYPE_MESH, SCULPT_TYPE_PLANE, SCULPT_TYPE_SPHERE, SCULPT_TYPE_TORUS, sculptGrid, SculptGrid, sculptMapProblem,
  sculptMeshResolution, sculptSides, type SculptMap,
} from './sculpt-map.ts';
export type { PrimShapeParams } from './volume-shape.ts';
