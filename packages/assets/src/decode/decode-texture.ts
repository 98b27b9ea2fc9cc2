/**
 * Decodes a texture codestream, whole or a prefix, at a discard level.
 * A whole codestream goes to OpenJPEG as it is; a prefix is first cut at its
 * last whole packet (prefix-codestream.ts). Images larger than
 * `maxTextureSize` are decoded at the first discard level that fits, so the
 * full-size image is never allocated.
 */
import { readCodestreamHeader } from '../codestream/codestream-header.ts';
import type { CodestreamHeader } from '../codestream/codestream-header.ts';
import { discardSize } from '../discard/discard-levels.ts';
import { prefixCodestream } from '../discard/prefix-codestream.ts';
import { J2cDecodeError, J2cFormatError } from '../errors.ts';
import { indexPackets, tileCoding } from '../packets/packet-index.ts';
import { decodeWithOpenJpeg } from './openjpeg-wasm.ts';

/** Twice Second Life's largest texture side: the default bound on what one decode allocates. */
export const DEFAULT_MAX_TEXTURE_SIZE = 4096;

export interface DecodeTextureOptions {
  /** Wanted discard level (0 = full size); raised when the image would exceed maxTextureSize. */
  readonly discard?: number;
  /** Largest width or height to produce (default DEFAULT_MAX_TEXTURE_SIZE). */
  readonly maxTextureSize?: number;
  /** Expand gray, gray+alpha and RGB to RGBA. */
  readonly rgba?: boolean;
}

export interface DecodedTexture {
  readonly width: number;
  readonly height: number;
  /** Samples per pixel in `pixels`: the image's own (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA) or 4 with `rgba`. */
  readonly components: number;
  readonly imageComponents: number;
  readonly discard: number;
  /** Row-major interleaved 8-bit samples. */
  readonly pixels: Uint8Array;
  /** Bytes of the input that were decoded: all of it when whole, else up to the last whole packet. */
  readonly bytesUsed: number;
  /** Whether the input was a whole codestream. */
  readonly complete: boolean;
}

/** The discard levels OpenJPEG can reduce by: the fewest decomposition levels of any component, capped at 5. */
export function maxDiscardOf(header: CodestreamHeader): number {
  const { components } = tileCoding(header, header.tileParts[0]);
  return Math.min(5, ...components.map((c) => c.decompositions));
}

/** The discard to decode at: the one asked for, raised until the image fits maxTextureSize. */
export function chooseDiscard(header: CodestreamHeader, options: DecodeTextureOptions = {}): number {
  const max = maxDiscardOf(header);
  const wanted = options.discard ?? 0;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > max) {
    throw new RangeError(`discard ${wanted} is outside 0..${max} for this ${header.width}x${header.height} codestream`);
  }
  const limit = options.maxTextureSize ?? DEFAULT_MAX_TEXTURE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`maxTextureSize must be a positive integer, got ${limit}`);
  let discard = wanted;
  for (;;) {
    const { width, height } = discardSize(header, discard);
    if (width <= limit && height <= limit) return discard;
    if (discard === max) {
      // The codestream's own size (SIZ, right after SOC) is out of bounds for this budget: bad input, not a bad call.
      throw new J2cFormatError(2, `image ${header.width}x${header.height} is ${width}x${height} even at discard ${max}, larger than maxTextureSize ${limit}`);
    }
    discard++;
  }
}

export async function decodeTexture(bytes: Uint8Array, options: DecodeTextureOptions = {}): Promise<DecodedTexture> {
  const header = readCodestreamHeader(bytes);
  const discard = chooseDiscard(header, options);
  let input: Uint8Array;
  let bytesUsed: number;
  if (header.complete) {
    input = bytes;
    bytesUsed = bytes.length;
  } else {
    const index = indexPackets(header, bytes);
    if (index.found === 0) {
      throw new J2cFormatError(Math.min(bytes.length, header.tileParts[0]?.bodyStart ?? header.mainHeaderEnd),
        `the data (${bytes.length} bytes) holds no whole packet to decode`);
    }
    input = prefixCodestream(bytes, header, index, index.found);
    bytesUsed = index.ends[index.found - 1]!;
  }
  const { width, height } = discardSize(header, discard);
  const imageComponents = header.components.length;
  const samples = await decodeWithOpenJpeg(input, discard);
  if (samples.length !== width * height * imageComponents) {
    throw new J2cDecodeError(`OpenJPEG returned ${samples.length} samples, expected ${width}x${height}x${imageComponents}`);
  }
  const pixels = options.rgba === true && imageComponents !== 4 ? expandToRgba(samples, imageComponents) : samples;
  return { width, height, components: options.rgba === true ? 4 : imageComponents, imageComponents, discard, pixels, bytesUsed, complete: header.complete };
}

/** Whether some texel is not fully opaque: an alpha sample (the last of 2 or 4 components) below 255. Images without alpha have none. */
export function hasAlpha(samples: Uint8Array, components: number): boolean {
  if (components !== 2 && components !== 4) return false;
  for (let i = components - 1; i < samples.length; i += components) if (samples[i]! < 255) return true;
  return false;
}

/** Gray → RGB copies, no alpha → opaque. */
export function expandToRgba(samples: Uint8Array, components: number): Uint8Array {
  const pixelCount = samples.length / components;
  const out = new Uint8Array(pixelCount * 4);
  for (let i = 0, s = 0, o = 0; i < pixelCount; i++, s += components, o += 4) {
    const gray = components < 3;
    out[o] = samples[s]!;
    out[o + 1] = gray ? samples[s]! : samples[s + 1]!;
    out[o + 2] = gray ? samples[s]! : samples[s + 2]!;
    out[o + 3] = components === 2 ? samples[s + 1]! : components === 4 ? samples[s + 3]! : 255;
  }
  return out;
}
