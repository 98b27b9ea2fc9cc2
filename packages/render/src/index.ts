/**
 * @slv/render: prim volume geometry, culling (frustum + HZB), clustered lights,
 * terrain meshes, and the regl renderer that runs them as scheduler systems.
 * The CPU parts (volume, culling, lighting, terrain) run and are tested in Node.
 */
export * from './volume/index.ts';
export * from './culling/index.ts';
export * from './lighting/index.ts';
export * from './terrain/index.ts';
export { createRenderer } from './create-renderer.ts';
export type { Renderer, RendererOptions } from './create-renderer.ts';
export { createRenderState, DEFAULT_MESH_SLOTS, DEFAULT_VOLUME_CACHE_BYTES } from './render-state.ts';
export type { RenderResources, RenderState, RenderStateOptions, RenderWorldInput } from './render-state.ts';
export { RENDER_SYSTEM_NAMES, RENDER_SYSTEMS } from './systems/render-systems.ts';
export { cullSystem } from './systems/cull.ts';
export { lightsSystem } from './systems/lights.ts';
export type { LightingState } from './systems/lights.ts';
export { impostorsSystem } from './systems/impostors.ts';
export { lodSystem, MESH_IDLE_FRAMES } from './systems/lod.ts';
export type { LodState } from './systems/lod.ts';
export { texturesSystem, vtDeviceRows, vtDeviceSlots, vtSlotsFor } from './systems/textures.ts';
export { createTextureState, FIRST_DISCARD, MAX_PAGE_UPLOADS } from './textures/texture-state.ts';
export { StreamedTextureSource } from './textures/streamed-source.ts';
export { StreamedMeshSource, type MeshStreamerLike, type StreamedMeshDelivery } from './meshes/streamed-mesh-source.ts';
export type { MeshGeometryDelivery, MeshGeometrySource, MeshLodIndex } from './meshes/mesh-assets.ts';
export type { MeshFaceGeometry, MeshLodGeometry } from './meshes/mesh-asset-drawable.ts';
export type { TextureImage, TextureSource, TextureState } from './textures/texture-state.ts';
export { MAX_VT_SIDE, PAGE as VT_PAGE, SLOT as VT_SLOT, pageTableRowWidth, vtShape } from './textures/vt-layout.ts';
export type { VtShape } from './textures/vt-layout.ts';
export { BAKE_VIEWS_PER_FRAME, commitImpostorBakes, MAX_TEXTURE_WAIT_FRAMES, resetImpostors, VIEWS_PER_IMPOSTOR } from './impostors/impostor-state.ts';
export type { ImpostorState } from './impostors/impostor-state.ts';
export { FRAME_TEXELS as IMPOSTOR_FRAME_TEXELS, IMPOSTOR_VRAM_FRACTION, impostorTilesFor, TILE_BYTES as IMPOSTOR_TILE_BYTES } from './impostors/impostor-atlas.ts';
export { frameDirection, frameOfDirection, OCT_FRAMES, octDecode, octEncode } from './impostors/octahedral.ts';
export { drawListSystem } from './systems/draw-list.ts';
export { drawSystem } from './systems/draw.ts';
export type { FrameState } from './frame/frame-state.ts';
export { createRenderStats } from './frame/render-stats.ts';
export type { RenderStats } from './frame/render-stats.ts';
export { effectiveAnisotropy, hzbAllowed } from './gpu/render-caps.ts';
export type { RenderCaps } from './gpu/render-caps.ts';
export { computeSceneLighting, createEnvironment, createSceneLighting, DEFAULT_SUN_DIRECTION, DEFAULT_WATER_HEIGHT, setSunDirection, setTerrainTextures } from './frame/environment.ts';
export type { RenderEnvironment, SceneLighting } from './frame/environment.ts';
export { isPerspective, projectionNear, withFarPlane } from './frame/render-projection.ts';
export { contextEventTarget, createGlSetup, OPTIONAL_REGL_EXTENSIONS, REQUIRED_REGL_EXTENSIONS } from './gpu/regl-setup.ts';
export {
  checkGpuContextTimeout, createGpuContextStatus, DEFAULT_RESTORE_TIMEOUT_MS, describeGpuContext, markGpuContextFailed, markGpuContextLost,
  markGpuContextRestored, restoredCapsProblem,
} from './gpu/context-status.ts';
export type { GpuContextState, GpuContextStatus } from './gpu/context-status.ts';
export type { GpuState } from './gpu/context-loss.ts';
export type { GpuResources } from './gpu/gpu-resources.ts';
export type { GpuMesh } from './gpu/mesh-buffers.ts';
export { attachedDepthTexture, scaledTargetSize } from './gpu/render-targets.ts';
export { drawFrame } from './passes/draw-frame.ts';
export type { GlSetup, GlTarget } from './gpu/regl-setup.ts';
export { patchWebGL2ForRegl, sizedInternalFormat } from './gpu/webgl2-compat.ts';
export { addDrawInstance, createDrawBatches, groupDrawBatches, resetDrawBatches } from './instancing/draw-batches.ts';
export type { DrawBatches } from './instancing/draw-batches.ts';
export {
  createInstanceStreams, FACE_RECORD_BYTES, MATRIX_FLOATS, packInstanceStreams, PASS_GLOW_OPAQUE, PASS_GLOW_TRANSLUCENT, PASS_OPAQUE, PASS_TRANSLUCENT,
} from './instancing/instance-streams.ts';
export { gaussianWeights, GLOW_TAPS, glowBlur, glowTargetSize } from './passes/glow-blur.ts';
export type { GlowBlur, GlowQuality } from './passes/glow-blur.ts';
export type { InstanceStreams, MeshFaceTable } from './instancing/instance-streams.ts';
export { appendTranslucentRuns, buildDrawList, createDrawList } from './instancing/draw-list.ts';
export type { DrawList, MeshFaceRanges } from './instancing/draw-list.ts';
export { backToFrontKey, RADIX_COUNTS, radixSortKeys } from './instancing/depth-sort.ts';
export {
  addTranslucentItem, collectTranslucent, createTranslucentQueue, packTranslucent, resetTranslucentQueue, sortTranslucent,
  TRANSLUCENT_INITIAL_CAPACITY,
} from './instancing/translucent-queue.ts';
export type { TranslucentQueue } from './instancing/translucent-queue.ts';
export { acquireMeshSlot, createMeshSlots, findMeshSlot, releaseAllMeshSlots, releaseIdleMeshSlots } from './meshes/mesh-slots.ts';
export type { DrawableMesh, MeshSlots, MeshUploader } from './meshes/mesh-slots.ts';
export { primVolumeMesh } from './meshes/prim-volume-mesh.ts';
export { createLightTextures, lightTexturesFit, packLightTextures, unpack16 } from './lighting/light-textures.ts';
export type { LightTextureFormat, LightTextures } from './lighting/light-textures.ts';
export { createCheckerTexels, createDetailTexels, samplerState } from './gpu/textures.ts';
export type { SamplerState } from './gpu/textures.ts';
export type { ShaderVariant } from './gpu/shaders.ts';
