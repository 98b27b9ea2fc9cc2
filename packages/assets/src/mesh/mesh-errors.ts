/** Why a mesh asset (or one segment of it) cannot be used: which asset, which segment, what is wrong. */
export class MeshFormatError extends Error {
  override readonly name = 'MeshFormatError';

  constructor(
    /** The asset's id, or what the caller called it (a file name). */
    readonly asset: string,
    /** 'header', a LOD name ('high_lod'…), 'skin', or 'asset' for the whole. */
    readonly segment: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`mesh ${asset}: ${segment}: ${reason}`, options);
  }
}
