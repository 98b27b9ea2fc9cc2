/**
 * What the renderer did last frame. One object, preallocated by
 * createRenderStats and overwritten in place by the renderer's systems every
 * frame, so an overlay may keep a reference to it. Per-system CPU times are
 * not here: they are the core scheduler's timings (getSystemTimings), under
 * the system names in RENDER_SYSTEM_NAMES.
 */
import type { ShaderTier, TextureFiltering } from '@slv/config';

export interface RenderStats {
  /** Frames the render system has drawn. */
  frames: number;
  /** Draw calls issued last frame (terrain, water and sky included). */
  drawCalls: number;
  /** Triangles submitted last frame, instances counted one by one. */
  triangles: number;
  /** Instanced prim/box draws last frame: one per opaque (mesh, face), one per translucent run. */
  primDraws: number;
  /** Instanced draws of the glow pass (draw-list entries with a glowing face); its blur and composite count in drawCalls only. */
  glowDraws: number;
  /** Translucent (object, face) pairs drawn back to front last frame. */
  translucentFaces: number;
  /** Instanced draws of the translucent pass: runs of consecutive sorted faces sharing (mesh, face). */
  translucentDraws: number;
  /** Distinct meshes drawn last frame. */
  distinctMeshes: number;
  /** Meshes resident on the GPU (vertex and index buffers). */
  residentMeshes: number;
  /** Mesh uploads since the renderer started (flat once every shape in view is resident). */
  meshUploads: number;
  /** CPU bytes of mesh assets' delivered LODs, and of cached prim and sculpt volumes (memory.meshCacheMB bounds both). */
  meshAssetBytes: number;
  volumeCacheBytes: number;
  /** Flexible prims simulated and rebuilt last frame (the visible ones). */
  flexiblePrimsStepped: number;
  /** Objects considered by culling (live, with a valid world transform). */
  entitiesConsidered: number;
  entitiesVisible: number;
  /** Outside the view frustum or beyond the draw distance. */
  entitiesFrustumCulled: number;
  /** Inside the frustum but hidden behind the previous frame's depth. */
  entitiesOcclusionCulled: number;
  /** Visible objects drawn as boxes (avatars, trees, grass; sculpts and meshes until their geometry arrives). */
  boxesDrawn: number;
  /** Visible prims at each LOD, numbered as the viewer does: 0 (coarsest) to 3 (finest). */
  readonly lodCounts: Int32Array;
  /** Local lights in range of the view after the maxLocalLights cap. */
  lightsInView: number;
  /** Lights the light components hold (before culling and the cap). */
  lightsTotal: number;
  /** Most lights touching one cluster, and the mean stored per cluster over all clusters. */
  clusterMaxLights: number;
  clusterMeanLights: number;
  /** Cluster-light references dropped because a cluster held lightsPerCluster already. */
  clusterOverflow: number;
  /** The HZB occlusion test ran this frame (WebGL2, hzbOcclusion on and a pyramid from an earlier frame ready). */
  hzbAvailable: boolean;
  /** Why HZB is not in use: '' when it is. */
  hzbReason: string;
  /** Frustum culling ran in the WebAssembly SIMD kernel (false: the scalar loop, for engines without WebAssembly SIMD). */
  frustumSimd: boolean;
  /** WebGL2 context (HZB possible). */
  webgl2: boolean;
  shaderTier: ShaderTier;
  /** Tier actually drawn: 'basic' also when 'clustered' is asked for with a non-perspective camera (no clusters). */
  activeShaderTier: ShaderTier;
  textureFiltering: TextureFiltering;
  /** Anisotropy applied (1 when the extension is missing or filtering is not anisotropic). */
  anisotropy: number;
  /** Shader programs compiled so far (a profile switch compiles only what changed). */
  shaderCompiles: number;
  /** Far plane used, metres (settings.rendering.drawDistance). */
  farPlane: number;
  /** Terrain mesh rebuilds (heightmap revisions seen). */
  terrainBuilds: number;
  /** Faces sample the virtual texture this frame; why not when they do not ('' when they do). */
  virtualTexturing: boolean;
  textureReason: string;
  /** Textures with a page-table row; atlas slots in use and in the budget; pages written last frame and ever. */
  vtTextures: number;
  vtSlotsUsed: number;
  vtSlots: number;
  vtPageUploads: number;
  vtPagesWritten: number;
  /** The atlas texture's size in texels (it grows with what is resident). */
  vtAtlasWidth: number;
  vtAtlasHeight: number;
  /**
   * The GPU feedback steers the virtual texture (WebGL2: a readback decoded
   * within the last 60 frames); false: the CPU estimate alone. Readbacks
   * decoded ever, pages the last one requested (parents included), and
   * textures whose level and pages came from it this frame.
   */
  vtFeedback: boolean;
  vtFeedbackReadbacks: number;
  vtFeedbackPages: number;
  vtFeedbackTextures: number;
  /** Linksets drawn as impostors last frame (render.impostors). */
  impostorsDrawn: number;
  /** Impostor atlas tiles holding a linkset (baked or baking), and the bytes the atlas's budget allows (colour + depth). */
  impostorTiles: number;
  impostorAtlasBudgetBytes: number;
  /** Bytes of the impostor atlas on the GPU (made at the first bake); octahedral views baked last frame. */
  impostorAtlasBytes: number;
  impostorBakeViews: number;
  /** Linksets being baked at the end of the frame's planning (jobs holding a tile, waiting for textures included). */
  impostorBakeJobs: number;
  /** Baked impostors found stale since the renderer started: by their key (looks, shape, lighting bucket), by textures arriving. */
  impostorsStaleByKey: number;
  impostorsStaleByTextures: number;
}

export function createRenderStats(): RenderStats {
  return {
    frames: 0,
    drawCalls: 0,
    triangles: 0,
    primDraws: 0,
    glowDraws: 0,
    translucentFaces: 0,
    translucentDraws: 0,
    distinctMeshes: 0,
    residentMeshes: 0,
    meshUploads: 0,
    meshAssetBytes: 0,
    volumeCacheBytes: 0,
    flexiblePrimsStepped: 0,
    entitiesConsidered: 0,
    entitiesVisible: 0,
    entitiesFrustumCulled: 0,
    entitiesOcclusionCulled: 0,
    boxesDrawn: 0,
    lodCounts: new Int32Array(4),
    lightsInView: 0,
    lightsTotal: 0,
    clusterMaxLights: 0,
    clusterMeanLights: 0,
    clusterOverflow: 0,
    hzbAvailable: false,
    hzbReason: 'not started',
    frustumSimd: false,
    webgl2: false,
    shaderTier: 'basic',
    activeShaderTier: 'basic',
    textureFiltering: 'bilinear',
    anisotropy: 1,
    shaderCompiles: 0,
    farPlane: 0,
    terrainBuilds: 0,
    virtualTexturing: false,
    textureReason: 'no texture source',
    vtTextures: 0,
    vtSlotsUsed: 0,
    vtSlots: 0,
    vtPageUploads: 0,
    vtPagesWritten: 0,
    vtAtlasWidth: 0,
    vtAtlasHeight: 0,
    vtFeedback: false,
    vtFeedbackReadbacks: 0,
    vtFeedbackPages: 0,
    vtFeedbackTextures: 0,
    impostorsDrawn: 0,
    impostorTiles: 0,
    impostorAtlasBudgetBytes: 0,
    impostorAtlasBytes: 0,
    impostorBakeViews: 0,
    impostorBakeJobs: 0,
    impostorsStaleByKey: 0,
    impostorsStaleByTextures: 0,
  };
}
