/**
 * render.lights (lighting phase): derives the sun, sky and ambient colours
 * from the environment, then collects the local lights of every object with
 * a valid transform (light radius and intensity above 0) into light arrays,
 * assigns the nearest maxLocalLights of those in view to the clusters of the
 * view frustum (16×9×24 or whatever settings.rendering.clusterGrid says),
 * and repacks the result as the shader's light, cluster and index textures.
 * On the 'basic' tier it only counts the lights: nothing is assigned or
 * uploaded. Tier, grid and limits are read from settings.rendering each
 * frame.
 */
import type { RenderingSettings } from '@slv/config';
import type { EngineWorld } from '@slv/core';
import type { WorldComponents } from '@slv/world';
import { assignLightsToClusters, createClusterData, createLightArrays, resizeClusterData } from '../lighting/index.ts';
import type { ClusterData, LightArrays } from '../lighting/index.ts';
import { computeSceneLighting } from '../frame/environment.ts';
import type { FrameState } from '../frame/frame-state.ts';
import { createLightTextures, lightTexturesFit, packLightTextures } from '../lighting/light-textures.ts';
import type { LightTextureFormat, LightTextures } from '../lighting/light-textures.ts';
import type { RenderStats } from '../frame/render-stats.ts';
import type { RenderResources } from '../render-state.ts';

export interface LightingState {
  readonly lights: LightArrays;
  readonly clusters: ClusterData;
  readonly format: LightTextureFormat;
  textures: LightTextures | null;
  /** Lights collected this frame. */
  count: number;
  /** Clusters were assigned and packed this frame (clustered tier). */
  active: boolean;
  /** The camera the clusters are built for; `view` is the frame's view matrix. */
  readonly camera: { near: number; far: number; fovY: number; aspect: number; view: Float32Array };
  /** Limits passed to resizeClusterData, rewritten in place each frame. */
  readonly limits: { grid: { x: number; y: number; z: number }; maxLights: number; maxLightsPerCluster: number };
}

export function lightsSystem(_world: EngineWorld, resources: RenderResources): void {
  const renderer = resources.renderer;
  if (!renderer.enabled) return;
  computeSceneLighting(renderer.scene, renderer.environment);
  const rendering = resources.settings.settings.rendering;
  updateLighting(renderer.lighting, renderer.frame, resources.ingestion.components, rendering, renderer.caps.maxTextureSize, renderer.stats);
}

export function createLightingState(capacity: number, format: LightTextureFormat, state: FrameState): LightingState {
  return {
    lights: createLightArrays(capacity),
    clusters: createClusterData({ grid: { x: 1, y: 1, z: 1 }, maxLights: 0, maxLightsPerCluster: 1 }),
    format,
    textures: null,
    count: 0,
    active: false,
    camera: { near: 0.1, far: 1, fovY: 1, aspect: 1, view: state.view },
    limits: { grid: { x: 1, y: 1, z: 1 }, maxLights: 0, maxLightsPerCluster: 1 },
  };
}

/** Copies the lights of the frame's candidate objects into the light arrays; returns how many. */
export function collectLights(lighting: LightingState, state: FrameState, components: WorldComponents): number {
  const { radius: lightRadius, intensity, color, falloff } = components.light;
  const { x, y, z, radius, red, green, blue, intensity: outIntensity, falloff: outFalloff } = lighting.lights;
  const sx = state.spheres.x;
  const sy = state.spheres.y;
  const sz = state.spheres.z;
  let count = 0;
  for (let k = 0; k < state.candidateCount; k++) {
    const eid = state.candidates[k];
    const r = lightRadius[eid];
    const power = intensity[eid];
    if (!(r > 0) || !(power > 0)) continue;
    x[count] = sx[eid];
    y[count] = sy[eid];
    z[count] = sz[eid];
    radius[count] = r;
    red[count] = color[eid * 3];
    green[count] = color[eid * 3 + 1];
    blue[count] = color[eid * 3 + 2];
    outIntensity[count] = power;
    outFalloff[count] = falloff[eid];
    count++;
  }
  lighting.count = count;
  return count;
}

/**
 * Collects, assigns and packs the frame's lights (assigning only on the
 * clustered tier with a perspective camera); fills the light stats.
 */
export function updateLighting(
  lighting: LightingState,
  state: FrameState,
  components: WorldComponents,
  rendering: RenderingSettings,
  maxTextureSize: number,
  stats: RenderStats,
): void {
  const count = collectLights(lighting, state, components);
  stats.lightsTotal = count;
  const clustered = rendering.shaderTier === 'clustered' && state.perspective;
  lighting.active = clustered;
  if (!clustered) {
    stats.lightsInView = 0;
    stats.clusterMaxLights = 0;
    stats.clusterMeanLights = 0;
    stats.clusterOverflow = 0;
    return;
  }
  const limits = lighting.limits;
  const grid = limits.grid;
  grid.x = rendering.clusterGrid.x;
  grid.y = rendering.clusterGrid.y;
  grid.z = rendering.clusterGrid.z;
  limits.maxLights = rendering.maxLocalLights;
  limits.maxLightsPerCluster = rendering.lightsPerCluster;
  const data = lighting.clusters;
  resizeClusterData(data, limits);
  const p = state.projection;
  const camera = lighting.camera;
  camera.near = state.near;
  camera.far = state.far;
  camera.fovY = 2 * Math.atan(1 / p[5]);
  camera.aspect = p[5] / p[0];
  assignLightsToClusters(lighting.lights, count, camera, grid, rendering.lightsPerCluster, data);
  if (lighting.textures === null || !lightTexturesFit(lighting.textures, data, lighting.format)) {
    lighting.textures = createLightTextures(lighting.format, data, maxTextureSize);
  }
  packLightTextures(lighting.textures, data);
  const s = data.stats;
  stats.lightsInView = s.lightsUsed;
  stats.clusterMaxLights = s.maxOccupancy;
  stats.clusterMeanLights = s.meanOccupancy;
  stats.clusterOverflow = s.droppedAssignments;
}
