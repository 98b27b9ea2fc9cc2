/**
 * The worker side of texture decoding: a job handler for @slv/core's worker
 * pool. The codestream comes in (transfer it when submitting), the pixels go
 * back transferred, not copied. The wasm bytes are asked for once per worker.
 */
import type { JobHandlers } from '@slv/core';
import { decodeTexture, hasAlpha } from './decode-texture.ts';
import { installOpenJpeg } from './openjpeg-wasm.ts';

export const TEXTURE_DECODE_JOB = 'texture.decode';

export interface TextureDecodePayload {
  readonly codestream: Uint8Array;
  readonly discard?: number;
  readonly maxTextureSize?: number;
  readonly rgba?: boolean;
}

export interface TextureDecodeResult {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /** The image's own components (1–4), before any RGBA expansion. */
  readonly imageComponents: number;
  /** Some texel's alpha is below 255 (the renderer sorts such faces into the translucent pass); scanned here, off the main thread. */
  readonly hasAlpha: boolean;
  readonly discard: number;
  readonly bytesUsed: number;
  readonly complete: boolean;
  readonly pixels: Uint8Array;
}

export function createTextureDecodeHandlers(loadWasm: () => Uint8Array | Promise<Uint8Array>): JobHandlers {
  let ready: Promise<void> | null = null;
  const decode = async (payload: TextureDecodePayload, transferOut: ArrayBuffer[]): Promise<TextureDecodeResult> => {
    if (payload === null || typeof payload !== 'object' || !(payload.codestream instanceof Uint8Array)) {
      throw new TypeError(`${TEXTURE_DECODE_JOB}: payload.codestream must be a Uint8Array`);
    }
    ready ??= Promise.resolve(loadWasm()).then(installOpenJpeg);
    await ready;
    const texture = await decodeTexture(payload.codestream, payload);
    // Move the pixels back whole: a view into a larger buffer is copied once so that only its bytes travel.
    const pixels = texture.pixels.byteLength === texture.pixels.buffer.byteLength ? texture.pixels : texture.pixels.slice();
    transferOut.push(pixels.buffer as ArrayBuffer);
    const { width, height, components, imageComponents, discard, bytesUsed, complete } = texture;
    return { width, height, components, imageComponents, hasAlpha: hasAlpha(pixels, components), discard, bytesUsed, complete, pixels };
  };
  return { [TEXTURE_DECODE_JOB]: decode };
}
