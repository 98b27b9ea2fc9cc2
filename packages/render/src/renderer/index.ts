/**
 * The regl renderer: culling, clustered lighting, prim LOD and instanced
 * drawing as scheduler systems (createRenderer), and the CPU pieces they are
 * built from, usable and tested without a GPU.
 */
export { createRenderer } from './create-renderer.ts';
export type { Renderer, RendererOptions } from './create-renderer.ts';
export { createRenderPipeline, DEFAULT_MESH_SLOTS, DEFAULT_VOLUME_CACHE_BYTES, MESH_IDLE_FRAMES } from './render-pipeline.ts';
export type { RenderPipeline, RenderPipelineOptions } from './render-pipeline.ts';
export { createRenderStats } from './render-stats.ts';
export type { RenderStats } from './render-stats.ts';
export {
  CONFIG_ALL, CONFIG_CLUSTERS, CONFIG_DISTANCE, CONFIG_FILTERING, CONFIG_HZB, CONFIG_LOD, CONFIG_SHADER, createRenderConfig,
  effectiveAnisotropy, readRenderConfig,
} from './render-config.ts';
export type { RenderCaps, RenderConfig } from './render-config.ts';
export { computeSceneLighting, createEnvironment, createSceneLighting, DEFAULT_SUN_DIRECTION, DEFAULT_WATER_HEIGHT, setSunDirection } from './environment.ts';
export type { RenderEnvironment, SceneLighting } from './environment.ts';
export { isPerspective, projectionNear, withFarPlane } from './render-projection.ts';
export { contextEventTarget, createGlSetup, OPTIONAL_REGL_EXTENSIONS, REQUIRED_REGL_EXTENSIONS } from './gl-setup.ts';
export {
  checkGpuContextTimeout, createGpuContextStatus, DEFAULT_RESTORE_TIMEOUT_MS, describeGpuContext, markGpuContextFailed, markGpuContextLost,
  markGpuContextRestored, restoredCapsProblem,
} from './gpu-context.ts';
export type { GpuContextState, GpuContextStatus } from './gpu-context.ts';
export type { GlSetup, GlTarget } from './gl-setup.ts';
export { patchWebGL2ForRegl, sizedInternalFormat } from './webgl2-compat.ts';
export { addDrawInstance, createDrawBatches, groupDrawBatches, resetDrawBatches } from './draw-batches.ts';
export type { DrawBatches } from './draw-batches.ts';
export {
  createInstanceStreams, FACE_RECORD_BYTES, MATRIX_FLOATS, packInstanceStreams, PASS_GLOW_OPAQUE, PASS_GLOW_TRANSLUCENT, PASS_OPAQUE, PASS_TRANSLUCENT,
} from './instance-streams.ts';
export { gaussianWeights, GLOW_TAPS, glowBlur, glowTargetSize } from './glow-pass.ts';
export type { GlowBlur, GlowQuality } from './glow-pass.ts';
export type { InstanceStreams, MeshFaceTable } from './instance-streams.ts';
export { appendTranslucentRuns, buildDrawList, createDrawList } from './draw-list.ts';
export type { DrawList, MeshFaceRanges } from './draw-list.ts';
export { backToFrontKey, RADIX_COUNTS, radixSortKeys } from './depth-sort.ts';
export {
  addTranslucentItem, collectTranslucent, createTranslucentQueue, packTranslucent, resetTranslucentQueue, sortTranslucent,
  TRANSLUCENT_INITIAL_CAPACITY,
} from './translucent-queue.ts';
export type { TranslucentQueue } from './translucent-queue.ts';
export { acquireMeshSlot, createMeshSlots, findMeshSlot, releaseAllMeshSlots, releaseIdleMeshSlots } from './mesh-slots.ts';
export type { DrawableMesh, MeshSlots, MeshUploader } from './mesh-slots.ts';
export { primVolumeMesh } from './prim-volume-mesh.ts';
export { createLightTextures, lightTexturesFit, packLightTextures, unpack16 } from './light-textures.ts';
export type { LightTextureFormat, LightTextures } from './light-textures.ts';
export { createCheckerTexels, createDetailTexels, samplerState } from './textures.ts';
export type { SamplerState } from './textures.ts';
export type { ShaderVariant } from './shaders.ts';
