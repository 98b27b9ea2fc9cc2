/**
 * @slv/sim: an embedded region simulator for tests and demos. It speaks the real login
 * (XML-RPC), capability (LLSD) and LLUDP protocols on loopback, generates scenes from a
 * seed (terrain, prims of every shape, linksets, lights, movers) and injects faults.
 * Node only.
 */
export type {
  FaceAppearance, Mover, PointLight, PrimSpec, Scene, SceneObject, SceneOptions, ShapeBytes, ShapeEdits, ShapeFamily, ShapePreset,
} from './scene/scene-types.ts';
export {
  DEFAULT_REGION_NAME, DEFAULT_REGION_X, DEFAULT_REGION_Y, DEFAULT_WATER_HEIGHT, SCENE_TEXTURES, findObjectByName, generateScene,
} from './scene/generate-scene.ts';
export { BLANK_TEXTURE_ID, TEST_BOARD_TEXTURE, TEST_LAYOUT, sculptMapId, TEST_OBJECT_NAMES, demoLayout } from './scene/layouts.ts';
export { DEFAULT_UPDATE_FLAGS, FIRST_OBJECT_LOCAL_ID, PLYWOOD_TEXTURE, SceneBuilder } from './scene/scene-builder.ts';
export { SHAPE_FAMILIES, SHAPE_PRESETS, shapeBytes, shapeFamilyOf } from './scene/shape-presets.ts';
export {
  MAX_TERRAIN_HEIGHT, MIN_TERRAIN_HEIGHT, PLATEAU_HEIGHT, REGION_SIZE, generateHeightmap, maxTerrainHeightAround, terrainHeightAt,
} from './scene/terrain.ts';
export {
  cachedBlock, compressedBlock, encodeCompressedData, encodeObjectExtraParams, encodeObjectTerseData,
  encodeObjectTextureEntry, encodeObjectUpdateBlock, objectMotion, terseBlock, textColorBytes,
  type CachedBlock, type CompressedBlock, type ObjectUpdateBlock, type TerseBlock,
} from './scene/encode-objects.ts';
export { MAX_BODY_BYTES, blockByteSize } from './scene/block-packing.ts';

export { DEFAULT_SCENE_OPTIONS, startRegion } from './region/region-server.ts';
export type { AgentInfo, AgentStage, RegionOptions, RegionStats, RunningRegion, SimUser } from './region/region-options.ts';
export { ALREADY_LOGGED_IN_MESSAGE, AUTHENTICATION_FAILED_MESSAGE, DUPLICATE_LOGIN_REASON } from './region/login-service.ts';
export { SERVED_CAPABILITIES } from './region/caps-service.ts';
export { placeMover } from './region/movers.ts';
export {
  FLY_DOWN_SPEED, FLY_SPEED, FLY_UP_SPEED, RUN_SPEED, STAND_HEIGHT, WALK_SPEED,
} from './agents/avatar-physics.ts';
export { MAX_CHAT_BYTES, type RegionChat } from './agents/local-chat-relay.ts';

export { LIBRARY_TEXTURES, MAX_LIBRARY_TEXTURE_SIZE, texturePixels, type LibraryTexture, type TexturePattern } from './textures/procedural-textures.ts';
export { TextureLibrary, LAYER_RATIOS, defaultTextureCacheDir, type ServedAsset, type TextureLibraryOptions } from './textures/texture-library.ts';
export {
  SimTextures, TEXTURE_CAPABILITIES, type TextureCapability, type TextureFaults, type TextureRequestRecord, type TextureServiceOptions,
} from './textures/texture-service.ts';

export {
  MESH_LOD_NAMES, NO_GEOMETRY_FACE, assembleMeshAsset, compressMeshSegment, encodeMeshAsset, encodeMeshFace, encodeMeshSkin,
  type JointInfluence, type MeshAssetContent, type MeshFaceGeometry, type MeshLodName, type MeshSkinSpec,
} from './meshes/mesh-asset-encoder.ts';
export { coneFaces, discFace, latheFace, torusKnotFace, vaseFace } from './meshes/mesh-shapes.ts';
export { LIBRARY_MESHES, MESH_CONTENT_TYPE, MeshLibrary, type LibraryMesh } from './meshes/mesh-library.ts';
export { MESH_CAPABILITIES, SimMeshes, type MeshCapability, type MeshFaults, type MeshRequestRecord } from './meshes/mesh-service.ts';
