import { layerTypeLabel } from './layer-type.ts';

/**
 * A LayerData `Data` field that cannot be decoded (or patches that cannot be encoded), with
 * where and why. Patches before `patchIndex` were already delivered; nothing after it is trusted.
 */
export class LayerDataError extends Error {
  override readonly name = 'LayerDataError';
  readonly layerType: number;
  /** Bit offset in the Data field (or the output, when encoding) where the problem was found. */
  readonly bitOffset: number;
  /** Index of the offending patch in the packet (in `patches`, when encoding); -1 for the group header. */
  readonly patchIndex: number;
  /** What went wrong, without the location prefix. */
  readonly reason: string;

  constructor(layerType: number, bitOffset: number, patchIndex: number, reason: string, options?: ErrorOptions) {
    const where = patchIndex < 0 ? 'group header' : `patch ${patchIndex}`;
    super(`LayerData ${layerTypeLabel(layerType)}, ${where}, bit ${bitOffset}: ${reason}`, options);
    this.layerType = layerType;
    this.bitOffset = bitOffset;
    this.patchIndex = patchIndex;
    this.reason = reason;
  }

  /** Patches handed to the sink before the failure (equal to `patchIndex`, or 0 for the header). */
  get patchesDecoded(): number {
    return this.patchIndex < 0 ? 0 : this.patchIndex;
  }
}
