/**
 * The frame's first GPU step: everything the passes read, brought up to
 * date. The scene target is sized to the drawing buffer ×
 * settings.rendering.renderScale; samplers follow the filtering setting;
 * the terrain, both passes' instance streams, the light textures and the
 * virtual texture's new pages and page-table rows are uploaded; the shader variant is chosen (clustered only when this frame
 * has clusters) and the frame uniforms written. The stats of the draws to
 * come start from zero.
 */
import type { RenderingSettings } from '@slv/config';
import { selectShaderVariant } from '../gpu/draw-commands.ts';
import { writeFrameUniforms } from '../gpu/frame-uniforms.ts';
import type { GpuResources } from '../gpu/gpu-resources.ts';
import { uploadLightTextures } from '../gpu/light-texture-upload.ts';
import { effectiveAnisotropy } from '../gpu/render-caps.ts';
import { resizeRenderTargets, scaledTargetSize } from '../gpu/render-targets.ts';
import { uploadInstanceBuffers } from '../gpu/stream-buffer.ts';
import { uploadTerrain } from '../gpu/terrain-upload.ts';
import { updateSamplers } from '../gpu/textures.ts';
import { syncVtAtlas } from '../gpu/vt-atlas.ts';
import type { RenderState } from '../render-state.ts';

export function uploadFrame(gpu: GpuResources, renderer: RenderState, rendering: RenderingSettings): void {
  const { regl, targets, stats } = gpu;
  regl.poll();
  const gl = regl._gl;
  const width = scaledTargetSize(gl.drawingBufferWidth, rendering.renderScale);
  const height = scaledTargetSize(gl.drawingBufferHeight, rendering.renderScale);
  resizeRenderTargets(targets, width, height);

  const filtering = rendering.textureFiltering;
  const anisotropy = effectiveAnisotropy(filtering, rendering.anisotropy, renderer.caps.maxAnisotropy);
  updateSamplers(gpu.textures, regl, filtering, anisotropy);
  uploadTerrain(gpu.terrain, renderer.terrainMesh);
  const { streams, translucent } = renderer;
  uploadInstanceBuffers(gpu.opaque, streams.matrices, renderer.batches.count, streams.faceRecords, streams.faceRecordCount);
  uploadInstanceBuffers(gpu.translucent, translucent.matrices, translucent.count, translucent.faceRecords, translucent.count);
  const lights = uploadLightTextures(gpu.lights, regl, renderer.lighting);
  const tier = lights === null ? 'basic' : 'clustered';
  const textures = renderer.textures;
  textures.viewportHeight = height;
  const virtualTexture = syncVtAtlas(gpu.vt, regl, textures, renderer.environment, renderer.terrainMesh?.regionSize ?? 256, renderer.caps.maxTextureSize, filtering !== 'bilinear', stats);
  stats.virtualTexturing = virtualTexture;
  stats.textureReason = virtualTexture ? '' : textures.disabledReason !== '' ? textures.disabledReason : 'no texture source';
  selectShaderVariant(gpu.commands, regl, tier, rendering.lightsPerCluster, virtualTexture, stats);
  writeFrameUniforms(gpu.scene, renderer.frame, renderer.scene, lights, renderer.lighting, gpu.textures.dummy, width, height);

  stats.activeShaderTier = tier;
  stats.shaderTier = rendering.shaderTier;
  stats.textureFiltering = filtering;
  stats.anisotropy = anisotropy;
  stats.drawCalls = 0;
  stats.triangles = 0;
  stats.primDraws = 0;
  stats.translucentDraws = 0;
  stats.glowDraws = 0;
}
