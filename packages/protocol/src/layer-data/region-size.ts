/** Region edge lengths (metres) the codec accepts. */
export const DEFAULT_REGION_SIZE = 256;
/** Largest region edge accepted; bounds the patch grid (var regions are far smaller). */
export const MAX_REGION_SIZE = 65536;

export function checkRegionSize(regionSize: number): void {
  if (!Number.isInteger(regionSize) || regionSize < 16 || regionSize > MAX_REGION_SIZE || regionSize % 16 !== 0) {
    throw new RangeError(`region size must be a multiple of 16 in [16, ${MAX_REGION_SIZE}], got ${regionSize}`);
  }
}
