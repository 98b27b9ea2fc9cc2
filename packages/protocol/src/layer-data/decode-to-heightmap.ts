import { decodeLayerData, type LayerPatchSink } from './decode-layer-data.ts';
import { LayerDataError } from './layer-data-error.ts';
import { isLandLayerType } from './layer-type.ts';
import { DEFAULT_REGION_SIZE, checkRegionSize } from './region-size.ts';

const NO_MAP: Float32Array = new Float32Array(0);

/** One reusable sink: decoding is synchronous, so its target is set per call and cleared after. */
const heightmapSink = {
  map: NO_MAP,
  regionSize: 0,
  patch(x: number, y: number, size: number, heights: Float32Array): void {
    const stride = this.regionSize;
    const map = this.map;
    for (let j = 0; j < size; j++) {
      map.set(heights.subarray(j * size, j * size + size), (y * size + j) * stride + x * size);
    }
  },
} satisfies LayerPatchSink & { map: Float32Array; regionSize: number };

/**
 * Decodes a land LayerData `Data` field ('L' or 'M') into a row-major regionSize×regionSize
 * heightmap (index y*regionSize + x) and returns how many patches it wrote. Errors as
 * decodeLayerData: patches written before a LayerDataError stay written.
 */
export function decodeLayerDataToHeightmap(
  data: Uint8Array,
  layerType: number,
  heightmap: Float32Array,
  regionSize = DEFAULT_REGION_SIZE,
): number {
  checkRegionSize(regionSize);
  if (heightmap.length < regionSize * regionSize) {
    throw new RangeError(`heightmap holds ${heightmap.length} samples, a ${regionSize} m region needs ${regionSize * regionSize}`);
  }
  if (!isLandLayerType(layerType)) {
    throw new LayerDataError(layerType, 0, -1, 'not a land layer: only land patches belong in a heightmap');
  }
  heightmapSink.map = heightmap;
  heightmapSink.regionSize = regionSize;
  try {
    return decodeLayerData(data, layerType, heightmapSink, { regionSize });
  } finally {
    heightmapSink.map = NO_MAP;
  }
}
