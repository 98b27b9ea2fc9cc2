/**
 * `@slv/assets`: textures and meshes. The JPEG2000 codestream reader (header, tile-parts,
 * packet index), Second Life discard levels with their byte counts, prefix
 * cutting at packet boundaries, the OpenJPEG (wasm) decode and its worker job,
 * the Range fetch client by priority, the RAM cache, the codestream store
 * interface with its IndexedDB implementation, and the per-frame streamer
 * that ties fetch, decode workers and the RAM cache together. Meshes: the
 * LLSD mesh asset reader (header, LOD segments, skin), its worker job, and
 * the fetcher that asks for the header and then only the wanted segments,
 * LOD generation with meshoptimizer (the mesh.simplify job), and the
 * per-frame mesh streamer.
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
export { decodeTexture, chooseDiscard, maxDiscardOf, expandToRgba, hasAlpha, DEFAULT_MAX_TEXTURE_SIZE } from './decode/decode-texture.ts';
export type { DecodeTextureOptions, DecodedTexture } from './decode/decode-texture.ts';
export { createTextureDecodeHandlers, TEXTURE_DECODE_JOB } from './decode/texture-decode-job.ts';
export type { TextureDecodePayload, TextureDecodeResult } from './decode/texture-decode-job.ts';
export { TextureFetcher } from './fetch/texture-fetcher.ts';
export type { FetchedCodestream, TextureFetcherOptions, TextureFetcherStats } from './fetch/texture-fetcher.ts';
export { TextureFetchCancelledError, TextureFetchError, TextureMissingError } from './fetch/fetch-errors.ts';
export { planFetch, HEADER_REQUEST_BYTES } from './fetch/fetch-plan.ts';
export type { FetchPlan, FetchPlanOptions } from './fetch/fetch-plan.ts';
export { CodestreamEntry, MAX_CODESTREAM_BYTES } from './fetch/codestream-entry.ts';
export type { StoredCodestream } from './fetch/codestream-entry.ts';
export type { CodestreamStore } from './cache/codestream-store.ts';
export { ByteBudgetLru } from './cache/byte-budget-lru.ts';
export { DecodedTextureCache } from './cache/decoded-texture-cache.ts';
export { IndexedDbCodestreamStore } from './cache/indexeddb-codestream-store.ts';
export type { IndexedDbCodestreamStoreOptions } from './cache/indexeddb-codestream-store.ts';
export { TextureStreamer } from './stream/texture-streamer.ts';
export type { TextureStreamerOptions } from './stream/texture-streamer.ts';
export { TextureDecodeError } from './stream/streamed-texture.ts';
export type { StreamedTexture, TextureStreamerStats } from './stream/streamed-texture.ts';
export { createTextureDecodePool, textureSettingsOf } from './texture-settings.ts';
export type { TextureSettings } from './texture-settings.ts';
export { MeshFormatError } from './mesh/mesh-errors.ts';
export { DEFAULT_MESH_LIMITS } from './mesh/mesh-limits.ts';
export type { MeshDecodeLimits } from './mesh/mesh-limits.ts';
export { MESH_LOD_NAMES, MeshHeaderCutError, isMeshLodName, readMeshHeader } from './mesh/mesh-header.ts';
export type { MeshHeader, MeshLodName, MeshSegmentRange, ReadMeshHeaderOptions } from './mesh/mesh-header.ts';
export type { MeshDomain, MeshFace, MeshWeights } from './mesh/mesh-faces.ts';
export type { MeshSkin } from './mesh/mesh-skin.ts';
export { decodeMeshAsset, decodeMeshSegment } from './mesh/decode-mesh.ts';
export type { DecodedMesh, DecodedSegment, DecodeMeshAssetOptions, MeshDecodeOptions, MeshLod } from './mesh/decode-mesh.ts';
export { createMeshDecodeHandlers, MESH_DECODE_JOB, transferablesOf } from './mesh/mesh-decode-job.ts';
export type { MeshDecodePayload, MeshDecodeResult } from './mesh/mesh-decode-job.ts';
export { MeshFetcher, nearestMeshLod } from './mesh/mesh-fetcher.ts';
export type { FetchedMeshLod, FetchedMeshSegment, MeshFetcherOptions, MeshFetcherStats } from './mesh/mesh-fetcher.ts';
export { MeshFetchCancelledError, MeshFetchError, MeshMissingError } from './mesh/mesh-fetch-errors.ts';
export { MeshStreamer } from './mesh/mesh-streamer.ts';
export type { MeshStreamerOptions } from './mesh/mesh-streamer.ts';
export type { MeshDelivery, MeshLodIndex, MeshStreamerStats } from './mesh/mesh-delivery.ts';
export { loadSimplifier, simplifyMeshLod } from './mesh/simplify/simplify-lod.ts';
export type { SimplifiedLod, SimplifyLodOptions } from './mesh/simplify/simplify-lod.ts';
export { fillMissingLods, generationRatio, lodStepRatio, lodsToGenerate, lodTriangleCounts, USELESS_LOD_SHARE } from './mesh/simplify/lod-plan.ts';
export type { FilledLods, LodToGenerate } from './mesh/simplify/lod-plan.ts';
export { createMeshJobHandlers, createMeshSimplifyHandlers, MESH_SIMPLIFY_JOB } from './mesh/simplify/mesh-simplify-job.ts';
export type { MeshSimplifyPayload, MeshSimplifyResult } from './mesh/simplify/mesh-simplify-job.ts';
