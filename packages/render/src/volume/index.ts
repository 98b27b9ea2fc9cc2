/**
 * Prim volume geometry: Second Life prim meshes generated from shape parameters the way
 * the viewer generates them, with the viewer's face numbering and four levels of detail.
 */
export { DEFAULT_BOX_SHAPE, generateBoundingBox } from './bounding-box.ts';
export { generatePrimVolume } from './generate-prim-volume.ts';
export { PrimVolume, PrimVolumeFace, primVolumeByteLength, type PrimFaceKind } from './prim-volume.ts';
export { PrimVolumeCache, type PrimVolumeCacheOptions } from './prim-volume-cache.ts';
export { primVolumeKey } from './prim-volume-key.ts';
export {
  LOD_INPUT, VOLUME_DETAIL_SCALES, VOLUME_LOD_THRESHOLDS, primLodOf, primLodRadius, selectPrimLod, type PrimLod,
} from './volume-lod.ts';
export type { PrimShapeParams } from './volume-shape.ts';
