/**
 * The one resource every engine system reads. Units are in the field names'
 * comments; ranges live in `settings-schema.ts`, values in `presets.ts`.
 */

/** A named preset, or `Custom`: a user-edited copy of one. */
export type PerformanceProfile = 'Low' | 'Balanced' | 'High' | 'Custom';

/** The profiles that have a fixed table of values. */
export type PresetName = 'Low' | 'Balanced' | 'High';

export type ShaderTier = 'basic' | 'clustered';
/** Bloom of glowing faces: none, or blurred over a normal or a wider radius. */
export type GlowQuality = 'off' | 'normal' | 'wide';
export type TextureFiltering = 'bilinear' | 'trilinear' | 'anisotropic';

export interface ClusterGrid {
  x: number;
  y: number;
  z: number;
}

export interface RenderingSettings {
  /** Far clip, metres (the SL viewer's RenderFarClip). */
  drawDistance: number;
  shaderTier: ShaderTier;
  textureFiltering: TextureFiltering;
  /** Max anisotropy, 1..16; used when textureFiltering is 'anisotropic'. */
  anisotropy: number;
  /** Local lights considered per frame (RenderLocalLightCount). */
  maxLocalLights: number;
  lightsPerCluster: number;
  clusterGrid: ClusterGrid;
  /** Multiplier on the distance at which prims/meshes drop LOD (RenderVolumeLODFactor). */
  volumeLodFactor: number;
  /** Avatars beyond this distance, metres, draw as impostors. */
  impostorDistance: number;
  /** Avatars always drawn in full before impostoring (RenderAvatarMaxNonImpostors). */
  maxNonImpostorAvatars: number;
  /** Occlusion culling against a hierarchical depth pyramid. */
  hzbOcclusion: boolean;
  /** Glow (TextureEntry glow drawn as a bloom, SL's RenderGlow). */
  glow: GlowQuality;
  /** Internal resolution relative to the canvas, 0.25..2. */
  renderScale: number;
}

export interface MemorySettings {
  textureCacheVramMB: number;
  textureCacheRamMB: number;
  meshCacheMB: number;
  virtualTextureCacheMB: number;
}

export interface AssetSettings {
  decodeWorkers: number;
  /** 0 keeps every triangle the budget allows, 1 simplifies as far as it can. */
  simplificationAggressiveness: number;
  /** Largest texture edge fetched and uploaded, texels (a power of two). */
  maxTextureSize: number;
}

/** The seven throttle categories of the AgentThrottle message, in wire order. */
export type ThrottleCategory = 'resend' | 'land' | 'wind' | 'cloud' | 'task' | 'texture' | 'asset';

/** Fractions of `throttleKbps` per category; they sum to 1. */
export type ThrottleSplit = Record<ThrottleCategory, number>;

export interface NetworkSettings {
  /** How long pending acks may wait to be batched, milliseconds. */
  ackCollectionMs: number;
  /** Piggy-back pending acks on outgoing packets. */
  appendedAcks: boolean;
  /** AgentUpdate messages per second while moving. */
  agentUpdateHz: number;
  /** Total bandwidth asked of the simulator, kilobits per second. */
  throttleKbps: number;
  throttleSplit: ThrottleSplit;
  /** Hold out-of-order packets this long to deliver them in order; 0 = off. */
  reorderWindowMs: number;
}

export interface WorldSettings {
  /** Preallocated entity slots (typed-array component capacity). */
  entityCapacity: number;
  /** New entities created per frame; the rest wait in the ingestion queue. */
  entityCreationBudgetPerFrame: number;
  /** Interpolate object motion between terse updates. */
  interpolation: boolean;
}

export interface AdaptiveSettings {
  enabled: boolean;
  targetFps: number;
  /** The scaler never steps below this profile. */
  minProfile: PresetName;
  /** Step down when measured memory exceeds this, MB; 0 = no memory budget. */
  memoryBudgetMB: number;
}

export interface PerformanceSettings {
  rendering: RenderingSettings;
  memory: MemorySettings;
  assets: AssetSettings;
  network: NetworkSettings;
  world: WorldSettings;
  adaptive: AdaptiveSettings;
}

/** Every field optional, at every depth: the shape of user overrides. */
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/** One thing wrong with settings input: where, what was found, and why it was refused. */
export interface SettingsProblem {
  /** Dotted path of the field, e.g. 'rendering.drawDistance'; '' for the whole input. */
  path: string;
  /** The value as found (undefined when missing). */
  value: unknown;
  reason: string;
  /** 1-based position in the settings file, for JSON syntax errors. */
  line?: number;
  column?: number;
}

export const PRESET_NAMES: readonly PresetName[] = ['Low', 'Balanced', 'High'];
export const PROFILE_NAMES: readonly PerformanceProfile[] = ['Low', 'Balanced', 'High', 'Custom'];

export function isPresetName(value: unknown): value is PresetName {
  return value === 'Low' || value === 'Balanced' || value === 'High';
}

export function isPerformanceProfile(value: unknown): value is PerformanceProfile {
  return isPresetName(value) || value === 'Custom';
}

/** Position of a preset on the Low → High ladder (0, 1, 2). */
export function presetLevel(name: PresetName): number {
  return name === 'Low' ? 0 : name === 'Balanced' ? 1 : 2;
}
