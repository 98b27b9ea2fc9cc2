/** What the texture streamer hands the renderer, and how it reports a texture it cannot give. */
import type { DecodedTexture } from '../decode/decode-texture.ts';

/** One decoded improvement of a texture: RGBA pixels at `discard` (1/2^discard of the full size). */
export interface StreamedTexture extends DecodedTexture {
  readonly id: string;
  /** Always 4: the streamer decodes to RGBA. `imageComponents` says what the codestream had. */
  readonly components: 4;
  /** Some texel's alpha is below 255: the renderer sorts the faces that use it into the translucent pass. */
  readonly hasAlpha: boolean;
}

/** Counters for the stats overlay; one object, updated in place by `update`. */
export interface TextureStreamerStats {
  /** Textures wanted in the last frame. */
  wanted: number;
  /** Textures whose codestream bytes are being fetched. */
  fetching: number;
  /** Fetched, waiting for a decode worker. */
  waitingForDecode: number;
  /** Decodes in flight in the workers. */
  decoding: number;
  /** Textures the consumer holds (delivered and not released). */
  decoded: number;
  /** Textures reported missing or undecodable. */
  missing: number;
  /** Improvements delivered so far (onDecoded calls). */
  delivered: number;
  /** Codestream bytes received by the fetcher. */
  bytesFetched: number;
  /** Decoded pixels held in RAM, and the budget (memory.textureCacheRamMB). */
  ramBytes: number;
  ramBudgetBytes: number;
}

/** A texture whose bytes arrived but do not decode (corrupt codestream, a worker that died on it). Not retried. */
export class TextureDecodeError extends Error {
  override readonly name = 'TextureDecodeError';
  constructor(readonly textureId: string, reason: string) {
    super(`texture ${textureId}: cannot be decoded: ${reason}`);
  }
}
