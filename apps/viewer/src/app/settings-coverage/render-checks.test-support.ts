/**
 * Coverage checks of the settings the renderer reads: each runs the viewer's
 * frame over a small scene (render-scene.test-support.ts) and reports what
 * the render systems decided. Where a setting is read only inside a GPU
 * pass, the check observes the CPU function that pass takes its parameters
 * from (the passes themselves are drawn in Chromium by
 * packages/render/src/renderer-smoke.test.ts).
 */
import { PerformanceSettingsResource } from '@slv/config';
import type { PrimSpec } from '@slv/sim';
import {
  BAKE_VIEWS_PER_FRAME, commitImpostorBakes, effectiveAnisotropy, glowBlur, MAX_TEXTURE_WAIT_FRAMES, samplerState, scaledTargetSize, VIEWS_PER_IMPOSTOR, type RenderState,
} from '@slv/render';
import type { FieldChecks } from './field-checks.test-support.ts';
import { wallCuller } from './wall-culler.test-support.ts';
import { ahead, DESKTOP_CAPS, renderScene, type RenderScene } from './render-scene.test-support.ts';

const LAMP = { color: [1, 0.9, 0.7] as [number, number, number], intensity: 1, radius: 8, cutoff: 0, falloff: 0.75 };
/** Six lamps close together, 20 m ahead: every cluster around them holds all six. */
const LAMPS: PrimSpec[] = [-3, -2, -1, 1, 2, 3].map((dx) => ({ position: ahead(20, 128 + dx), scale: [0.3, 0.3, 0.3], light: LAMP }));
/** Boxes from 8 to 120 m ahead. */
const ROW: PrimSpec[] = [8, 16, 30, 50, 80, 120].map((d) => ({ position: ahead(d) }));
/**
 * Frames for `n` linksets to be baked and then drawn as impostors (views at BAKE_VIEWS_PER_FRAME a
 * frame); `textured`: their faces have a texture the scene's source never delivers (no streamer), so
 * each bake first waits MAX_TEXTURE_WAIT_FRAMES for it.
 */
const bakeFrames = (n: number, textured = false): number => 2 + (n * VIEWS_PER_IMPOSTOR) / BAKE_VIEWS_PER_FRAME + n + (textured ? MAX_TEXTURE_WAIT_FRAMES : 0);
/** What render.draw does on a GPU after baking the views planned this frame. */
const bakeOnCpu = (renderer: RenderState): void => commitImpostorBakes(renderer.impostors);

/** The surface textures' sampler state, as upload-frame makes it: samplerState at the anisotropy the filtering and the device allow. */
function samplers(settings: PerformanceSettingsResource) {
  const { textureFiltering, anisotropy } = settings.settings.rendering;
  return samplerState(textureFiltering, effectiveAnisotropy(textureFiltering, anisotropy, DESKTOP_CAPS.maxAnisotropy));
}

const run = (scene: RenderScene) => (settings: PerformanceSettingsResource) => renderScene(settings, scene);

export const RENDER_CHECKS: FieldChecks = {
  'rendering.drawDistance': {
    sees: 'render.cull: objects visible and frustum-culled',
    to: 64,
    observe: (s) => {
      const { stats } = run({ prims: ROW })(s);
      return { visible: stats.entitiesVisible, culled: stats.entitiesFrustumCulled, far: stats.farPlane };
    },
  },
  'rendering.hzbOcclusion': {
    sees: 'render.cull: objects culled behind a depth pyramid',
    to: false,
    observe: (s) => {
      const renderer = renderScene(s, { prims: ROW }, DESKTOP_CAPS, wallCuller(30));
      return { occluded: renderer.stats.entitiesOcclusionCulled, reason: renderer.stats.hzbReason };
    },
  },
  'rendering.shaderTier': {
    sees: 'render.lights: clusters built, lights assigned',
    to: 'basic',
    observe: (s) => {
      const { lighting, stats } = run({ prims: LAMPS })(s);
      return { clustered: lighting.active, inView: stats.lightsInView };
    },
  },
  'rendering.maxLocalLights': {
    sees: 'render.lights: lights in view after the cap',
    to: 2,
    observe: (s) => run({ prims: LAMPS })(s).stats.lightsInView,
  },
  'rendering.lightsPerCluster': {
    sees: 'render.lights: most lights in a cluster, references dropped',
    to: 2,
    observe: (s) => {
      const { stats } = run({ prims: LAMPS })(s);
      return { most: stats.clusterMaxLights, dropped: stats.clusterOverflow };
    },
  },
  ...Object.fromEntries((['x', 'y', 'z'] as const).map((axis) => [`rendering.clusterGrid.${axis}`, {
    sees: 'render.lights: the cluster grid and its clusters',
    to: 5,
    observe: (s: PerformanceSettingsResource) => {
      const { clusters } = run({ prims: LAMPS })(s).lighting;
      return { grid: { ...clusters.grid }, clusters: clusters.clusterCount };
    },
  }])),
  'rendering.volumeLodFactor': {
    sees: 'render.lod: prims drawn at each LOD',
    to: 0.5,
    observe: (s) => Array.from(run({ prims: ROW })(s).stats.lodCounts),
  },
  'rendering.impostorDistance': {
    sees: 'render.impostors: objects drawn as impostors',
    to: 32,
    observe: (s) => run({ prims: [{ position: ahead(50) }], frames: bakeFrames(1, true), afterFrame: bakeOnCpu })(s).stats.impostorsDrawn,
  },
  'rendering.maxNonImpostorAvatars': {
    sees: 'render.impostors: avatars drawn as impostors',
    to: 1,
    observe: (s) => run({ avatars: [ahead(10), ahead(14), ahead(18)], frames: bakeFrames(2), afterFrame: bakeOnCpu })(s).stats.impostorsDrawn,
  },
  'rendering.textureFiltering': {
    sees: "the draw's samplers (upload-frame: samplerState at the effective anisotropy)",
    to: 'bilinear',
    observe: samplers,
  },
  'rendering.anisotropy': {
    sees: "the draw's samplers (upload-frame: samplerState at the effective anisotropy)",
    base: 'High',
    to: 4,
    observe: samplers,
  },
  'rendering.glow': {
    sees: "the glow pass's blur (glow-targets: glowBlur of the quality; none when off)",
    to: 'wide',
    observe: (s) => {
      const quality = s.settings.rendering.glow;
      return quality === 'off' ? null : glowBlur(quality);
    },
  },
  'rendering.renderScale': {
    sees: "the scene target's size for a 1280×720 drawing buffer (upload-frame: scaledTargetSize)",
    to: 0.5,
    observe: (s) => [scaledTargetSize(1280, s.settings.rendering.renderScale), scaledTargetSize(720, s.settings.rendering.renderScale)],
  },
  'memory.virtualTextureCacheMB': {
    sees: "render.textures: the virtual texture's atlas slots",
    to: 128,
    observe: (s) => run({ prims: ROW })(s).textures.residency?.slotCapacity,
  },
  'memory.textureCacheVramMB': {
    sees: 'render.textures: atlas slots; render.impostors: the impostor atlas budget',
    to: 256,
    observe: (s) => {
      const renderer = run({ prims: ROW })(s);
      return { slots: renderer.textures.residency?.slotCapacity, impostorBytes: renderer.stats.impostorAtlasBudgetBytes };
    },
  },
  'memory.meshCacheMB': {
    sees: 'render.lod: the prim volume and mesh asset budgets',
    to: 64,
    observe: (s) => {
      const { meshes } = run({ prims: ROW })(s);
      return { volumes: meshes.volumes.maxBytes, meshAssets: meshes.meshAssets.maxBytes };
    },
  },
  'assets.maxTextureSize': {
    sees: "render.textures: the page table's row width (largest texture side)",
    to: 1024,
    observe: (s) => run({ prims: ROW })(s).textures.residency?.rowWidth,
  },
};
