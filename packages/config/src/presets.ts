/**
 * The three preset tables. Values that have a counterpart in the Second Life
 * viewer come from its graphics presets and say which; "SL Low/Mid/Ultra"
 * means the `list Low` / `list Mid` / `list Ultra` tables of
 * secondlife/viewer indra/newview/featuretable.txt (version 60), where Mid is
 * the viewer's standard preset and Ultra its highest. Values without an SL
 * counterpart are this engine's own and are marked "ours".
 */
import type { AdaptiveSettings, PerformanceSettings, PresetName } from './settings-types.ts';
import { throttleSplitFor } from './throttle-split.ts';

/**
 * The adaptive scaler's policy moves *between* presets, so it is the same in
 * all of them (see performance-settings-resource.ts): a step down must not
 * change the target it is measured against. The memory budget is per machine,
 * so it starts off and first-launch detection fills it in.
 */
export const ADAPTIVE_DEFAULTS: Readonly<AdaptiveSettings> = Object.freeze({
  enabled: true,
  targetFps: 30,
  minProfile: 'Low',
  memoryBudgetMB: 0,
});

const LOW: PerformanceSettings = {
  rendering: {
    drawDistance: 64, // SL Low: RenderFarClip 64
    shaderTier: 'basic', // SL low_graphics.xml: VertexShaderEnable FALSE (no shader lighting)
    textureFiltering: 'bilinear', // ours: the quality tiers' cheapest (SL Low: RenderAnisotropic 0)
    anisotropy: 1, // SL Low: RenderAnisotropic 0
    maxLocalLights: 8, // SL Low: RenderLocalLightCount 8
    lightsPerCluster: 8, // ours: no more than the lights there are
    clusterGrid: { x: 8, y: 4, z: 8 }, // ours: coarse grid, cheap to rebuild
    volumeLodFactor: 1.125, // SL Low: RenderVolumeLODFactor 1.125
    impostorDistance: 32, // ours: SL impostors by count only
    maxNonImpostorAvatars: 3, // SL Low: RenderAvatarMaxNonImpostors 3
    hzbOcclusion: false, // ours: the pyramid costs more than it culls at 64 m
    glow: 'off', // SL Low: RenderGlow 0
    renderScale: 0.75, // ours: fill rate is what software and weak GPUs lack
  },
  memory: {
    textureCacheVramMB: 256, // ours
    textureCacheRamMB: 256, // ours
    meshCacheMB: 64, // ours
    virtualTextureCacheMB: 128, // ours
  },
  assets: {
    decodeWorkers: 1, // ours
    simplificationAggressiveness: 0.75, // ours
    // SL clamps RenderMaxTextureResolution to 512..2048 (llviewertexture.cpp);
    // Low takes the LowMid-style 1024 cap.
    maxTextureSize: 1024,
  },
  network: {
    ackCollectionMs: 100, // ours: fewer ack-only packets; well under any resend timeout
    appendedAcks: true, // SL: acks ride on outgoing packets (LL_ACK_FLAG)
    agentUpdateHz: 10, // SL: AGENT_UPDATES_PER_SECOND 10 (llappviewer.h)
    throttleKbps: 1000, // SL: the 1000 kbps table, the largest it defines outright
    throttleSplit: throttleSplitFor(1000), // SL llviewerthrottle.cpp BW_PRESET_1000
    reorderWindowMs: 0, // SL delivers out of order; ours is opt-in via Custom
  },
  world: {
    entityCapacity: 16384, // ours
    entityCreationBudgetPerFrame: 128, // ours
    interpolation: true, // SL always interpolates terse updates
  },
  adaptive: { ...ADAPTIVE_DEFAULTS },
};

const BALANCED: PerformanceSettings = {
  rendering: {
    drawDistance: 128, // SL Mid: RenderFarClip 128
    shaderTier: 'clustered', // SL Mid: deferred local lights
    textureFiltering: 'trilinear', // ours: the middle tier (SL Mid turns RenderAnisotropic on)
    anisotropy: 4, // ours: used if a Custom profile turns anisotropic filtering on
    maxLocalLights: 512, // SL Mid: RenderLocalLightCount 512
    lightsPerCluster: 32, // ours
    clusterGrid: { x: 16, y: 9, z: 24 }, // ours: 16:9 screen tiles, 24 depth slices
    volumeLodFactor: 1.25, // SL Mid: RenderVolumeLODFactor 1.25
    impostorDistance: 64, // ours
    maxNonImpostorAvatars: 7, // SL Mid: RenderAvatarMaxNonImpostors 7
    hzbOcclusion: true, // SL: UseOcclusion 1 in every preset
    glow: 'normal', // SL Mid: RenderGlow 1
    renderScale: 1, // ours
  },
  memory: {
    textureCacheVramMB: 1024, // ours
    textureCacheRamMB: 1024, // ours
    meshCacheMB: 256, // ours
    virtualTextureCacheMB: 512, // ours
  },
  assets: {
    decodeWorkers: 2, // ours
    simplificationAggressiveness: 0.5, // ours
    maxTextureSize: 2048, // SL: RenderMaxTextureResolution default 2048 (llviewertexture.cpp)
  },
  network: {
    ackCollectionMs: 50, // ours
    appendedAcks: true, // SL
    agentUpdateHz: 10, // SL: AGENT_UPDATES_PER_SECOND 10
    throttleKbps: 3000, // SL: ThrottleBandwidthKBPS default 3000 (llviewerthrottle.cpp)
    throttleSplit: throttleSplitFor(3000), // SL: extrapolated past BW_PRESET_1000
    reorderWindowMs: 0, // SL: no reordering
  },
  world: {
    entityCapacity: 65536, // ours
    entityCreationBudgetPerFrame: 512, // ours
    interpolation: true, // SL
  },
  adaptive: { ...ADAPTIVE_DEFAULTS },
};

const HIGH: PerformanceSettings = {
  rendering: {
    drawDistance: 256, // SL Ultra: RenderFarClip 256
    shaderTier: 'clustered', // SL Ultra: deferred
    textureFiltering: 'anisotropic', // SL Ultra: RenderAnisotropic 1
    anisotropy: 16, // ours: the WebGL maximum on desktop GPUs
    maxLocalLights: 8192, // SL Ultra: RenderLocalLightCount 8192
    lightsPerCluster: 64, // ours
    clusterGrid: { x: 16, y: 9, z: 32 }, // ours
    volumeLodFactor: 2, // SL Ultra: RenderVolumeLODFactor 2.0
    impostorDistance: 128, // ours
    maxNonImpostorAvatars: 16, // SL Ultra: RenderAvatarMaxNonImpostors 16
    hzbOcclusion: true, // SL: UseOcclusion 1
    glow: 'wide', // SL Ultra: RenderGlow 1; ours: the wider blur
    renderScale: 1, // ours
  },
  memory: {
    textureCacheVramMB: 2048, // ours
    textureCacheRamMB: 2048, // ours
    meshCacheMB: 512, // ours
    virtualTextureCacheMB: 1024, // ours
  },
  assets: {
    decodeWorkers: 4, // ours
    simplificationAggressiveness: 0.25, // ours
    maxTextureSize: 2048, // SL: RenderMaxTextureResolution upper clamp 2048
  },
  network: {
    ackCollectionMs: 25, // ours
    appendedAcks: true, // SL
    agentUpdateHz: 10, // SL: AGENT_UPDATES_PER_SECOND 10
    throttleKbps: 6000, // ours, inside SL's 100..10000 clamp (getMaxBandwidthKbps)
    throttleSplit: throttleSplitFor(6000), // SL: extrapolated past BW_PRESET_1000
    reorderWindowMs: 0, // SL: no reordering
  },
  world: {
    entityCapacity: 262144, // ours
    entityCreationBudgetPerFrame: 2048, // ours
    interpolation: true, // SL
  },
  adaptive: { ...ADAPTIVE_DEFAULTS },
};

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  }
  return Object.freeze(value);
}

/** The preset tables, frozen. Use `presetSettings` for a copy you may edit. */
export const PRESETS: Readonly<Record<PresetName, Readonly<PerformanceSettings>>> = deepFreeze({
  Low: LOW,
  Balanced: BALANCED,
  High: HIGH,
});

/** A fresh, mutable copy of a preset. */
export function presetSettings(name: PresetName): PerformanceSettings {
  return cloneSettings(PRESETS[name]);
}

export function cloneSettings(settings: Readonly<PerformanceSettings>): PerformanceSettings {
  return {
    rendering: { ...settings.rendering, clusterGrid: { ...settings.rendering.clusterGrid } },
    memory: { ...settings.memory },
    assets: { ...settings.assets },
    network: { ...settings.network, throttleSplit: { ...settings.network.throttleSplit } },
    world: { ...settings.world },
    adaptive: { ...settings.adaptive },
  };
}
