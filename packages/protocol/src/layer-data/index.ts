export { BitPackError, BitReader, BitWriter } from './bit-pack.ts';
export { decodeLayerData, type DecodeLayerDataOptions, type LayerPatchSink } from './decode-layer-data.ts';
export { decodeLayerDataToHeightmap } from './decode-to-heightmap.ts';
export {
  LAYER_DATA_MAX_BYTES,
  encodeLayerData,
  encodeWholeRegionLayerData,
  splitPatchesIntoPackets,
  type EncodeProgress,
  type PatchCoord,
} from './encode-layer-data.ts';
export { LayerDataError } from './layer-data-error.ts';
export {
  END_OF_PATCHES,
  LAYER_CLOUD,
  LAYER_CLOUD_EXTENDED,
  LAYER_DATA_STRIDE,
  LAYER_LAND,
  LAYER_LAND_EXTENDED,
  LAYER_WATER,
  LAYER_WATER_EXTENDED,
  LAYER_WIND,
  LAYER_WIND_EXTENDED,
  isExtendedLayerType,
  isKnownLayerType,
  isLandLayerType,
  layerTypeLabel,
} from './layer-type.ts';
export { LARGE_PATCH_SIZE, NORMAL_PATCH_SIZE } from './patch-tables.ts';
export { DEFAULT_REGION_SIZE, MAX_REGION_SIZE } from './region-size.ts';
