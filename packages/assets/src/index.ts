/**
 * `@slv/assets`: textures. The JPEG2000 codestream reader (header, tile-parts,
 * packet index), Second Life discard levels with their byte counts, prefix
 * cutting at packet boundaries, the OpenJPEG (wasm) decode and its worker job.
 * Node-only parts (wasm bytes from node_modules, PNG writer) are in `./node`.
 */
export { J2cFormatError, J2cDecodeError, NotJpeg2000Error } from './errors.ts';
export { locateCodestream, describeBytes } from './codestream/container.ts';
export { readCodestreamHeader, MAX_IMAGE_SIDE, MAX_TILES, MAX_COMPONENTS } from './codestream/codestream-header.ts';
export type { CodestreamHeader, ImageComponent, TilePart } from './codestream/codestream-header.ts';
export type { CodingStyle, ComponentCoding, ProgressionOrder } from './codestream/coding-style.ts';
export { indexPackets } from './packets/packet-index.ts';
export type { PacketIndex } from './packets/packet-index.ts';
export { tileCoding } from './packets/packet-index.ts';
export { discardLevels, discardSize, estimateDiscardBytes, exactDiscardBytes, availableDiscards, MAX_DISCARD } from './discard/discard-levels.ts';
export type { DiscardLevel } from './discard/discard-levels.ts';
export { prefixCodestream } from './discard/prefix-codestream.ts';
export { installOpenJpeg, openJpegInstalled, decodeWithOpenJpeg } from './decode/openjpeg-wasm.ts';
export { decodeTexture, chooseDiscard, maxDiscardOf, expandToRgba, DEFAULT_MAX_TEXTURE_SIZE } from './decode/decode-texture.ts';
export type { DecodeTextureOptions, DecodedTexture } from './decode/decode-texture.ts';
export { createTextureDecodeHandlers, TEXTURE_DECODE_JOB } from './decode/texture-decode-job.ts';
export type { TextureDecodePayload, TextureDecodeResult } from './decode/texture-decode-job.ts';
