/**
 * The render systems allocate nothing per frame in steady state: culling,
 * clustered lights, LOD and the draw list (with translucent sorting) over a
 * small scene, render.impostors with impostors drawn, and render.textures once every wanted texture is resident
 * (a sampling heap profile found a settings key string and a layout built
 * every frame there before this test existed), run through the scheduler for 40 000 frames, trigger at most
 * one young-generation collection (the test runner's own traffic in the
 * same isolate can account for one over seconds; a boxed number per prim
 * per frame, this scene's smallest real leak, makes several). render.draw needs
 * a GPU and is not run here; its props objects are made with the GPU
 * resources (gpu/), and the Chromium tests draw with them.
 */
import { PerformanceSettingsResource } from '@slv/config';
import { addSystems, createResources, createScheduler, runFrame } from '@slv/core';
import { measureAllocation } from '@slv/testing/allocation';
import { createUuidTable, internUuid, MAX_ENTITY_FACES, uuidText, type RegionTerrain } from '@slv/world';
import { mat4 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { commitImpostorBakes } from '../impostors/impostor-state.ts';
import type { DrawableMesh, MeshUploader } from '../meshes/mesh-slots.ts';
import { createRenderState } from '../render-state.ts';
import type { RenderResources } from '../render-state.ts';
import { setTerrainTextures } from '../frame/environment.ts';
import type { TextureImage, TextureSource } from '../textures/texture-state.ts';
import { sphereSculptMap } from '../volume/sphere-sculpt-map.test-support.ts';
import { RENDER_SYSTEMS } from './render-systems.ts';
import { addTestObject, createTestWorld } from './test-world.test-support.ts';

const FRAMES = 40_000;

const uploader: MeshUploader<DrawableMesh> = { upload: (mesh) => mesh, release: () => {} };

function flatTerrain(): RegionTerrain {
  return {
    regionIndex: 0, regionSize: 256, heightmap: new Float32Array(256 * 256).fill(21), patchReceived: new Uint8Array(256).fill(1),
    landPatches: 256, revision: 1, windX: new Float32Array(256), windY: new Float32Array(256), windRevision: 0,
    cloud: new Float32Array(256), cloudRevision: 0, ignoredPatches: 0,
  };
}

/** A scheduler running RENDER_SYSTEMS, the camera at (128, 96, 30) looking north and a little down. */
function renderScheduler(world: ReturnType<typeof createTestWorld>['world'], resources: RenderResources) {
  mat4.lookAt(resources.camera.view as mat4, [128, 96, 30], [128, 140, 26], [0, 0, 1]);
  mat4.perspective(resources.camera.projection as mat4, Math.PI / 3, 4 / 3, 0.5, 1000);
  (resources.camera.position as Float32Array).set([128, 96, 30]);
  const scheduler = createScheduler(world, resources);
  addSystems(scheduler, RENDER_SYSTEMS);
  return scheduler;
}

describe('render systems, steady state', () => {
  it('cull, lights, lod and draw-list allocate nothing per frame (Balanced: clustered lights, translucent faces, terrain, a flexible prim)', async () => {
    const t = createTestWorld(64);
    const light = { color: [1, 0.8, 0.6] as [number, number, number], intensity: 1, radius: 8, falloff: 0.5 };
    for (let i = 0; i < 12; i++) {
      addTestObject(t, {
        position: [120 + (i % 6) * 3, 120 + Math.floor(i / 6) * 6, 24],
        color: i % 3 === 0 ? [255, 255, 255, 128] : [200, 100, 50, 255],
        shape: { profileCurve: i % 2 === 0 ? 0x01 : 0x00 },
        ...(i % 4 === 0 ? { light } : {}),
      });
    }
    // A flexible prim: stepped, rebuilt and given to its slot again every frame.
    const flexi = addTestObject(t, { position: [126, 118, 24], scale: [0.2, 0.2, 2], shape: { pathCurve: 0x80 } });
    t.components.flexible.softness[flexi] = 2;
    t.components.flexible.tension[flexi] = 1;
    t.components.flexible.gravity[flexi] = 0.3;
    t.components.flexible.force[flexi * 3] = 0.5;
    const settings = new PerformanceSettingsResource({ profile: 'Balanced' });
    const renderer = createRenderState<DrawableMesh>({
      capacity: t.world.capacity,
      caps: { webgl2: false, floatTextures: true, maxAnisotropy: 1, uintIndices: true, maxTextureSize: 4096 },
      uploader,
      lightFormat: 'float',
    });
    renderer.environment.regionIndex = 0;
    const resources: RenderResources = {
      ...createResources({ settings, bus: null }),
      ingestion: { components: t.components, terrain: new Map([[0, flatTerrain()]]) },
      renderer,
    };
    const scheduler = renderScheduler(t.world, resources);
    let now = 0;
    const { scavenges } = await measureAllocation(() => runFrame(scheduler, (now += 16)), FRAMES, 1, 500);
    expect(renderer.stats.entitiesVisible).toBe(13);
    expect(renderer.stats.flexiblePrimsStepped).toBe(1);
    expect(renderer.stats.translucentFaces).toBeGreaterThan(0);
    expect(renderer.stats.lightsInView).toBeGreaterThan(0);
    expect(renderer.terrainMesh).not.toBeNull();
    expect(scavenges).toBeLessThanOrEqual(1);
  }, 60_000);

  it('render.impostors allocates nothing per frame while linksets and avatars draw as impostors', async () => {
    const t = createTestWorld(64);
    for (let i = 0; i < 12; i++) addTestObject(t, { position: [110 + (i % 6) * 6, i < 6 ? 120 : 180, 24] });
    for (let i = 0; i < 6; i++) addTestObject(t, { position: [116 + i * 4, 130 + i * 3, 24], pcode: 47 });
    const root = addTestObject(t, { position: [128, 200, 24] });
    const child = addTestObject(t, { position: [130, 200, 24] });
    t.components.identity.parentEid[child] = root;
    t.components.linkset.firstChild[root] = child;
    t.components.linkset.nextSibling[child] = -1;
    t.components.linkset.childCount[root] = 1;
    const settings = new PerformanceSettingsResource({ profile: 'Low' });
    settings.update({ rendering: { drawDistance: 160 } });
    const renderer = createRenderState<DrawableMesh>({
      capacity: t.world.capacity,
      caps: { webgl2: false, floatTextures: true, maxAnisotropy: 1, uintIndices: true, maxTextureSize: 4096 },
      uploader,
      lightFormat: 'float',
    });
    const resources: RenderResources = { ...createResources({ settings, bus: null }), ingestion: { components: t.components, terrain: new Map() }, renderer };
    const scheduler = renderScheduler(t.world, resources);
    let now = 0;
    // Bake every impostor first (commitImpostorBakes stands in for render.draw's GPU bake).
    for (let i = 0; i < 200; i++) {
      runFrame(scheduler, (now += 16));
      commitImpostorBakes(renderer.impostors);
    }
    // Then a warm-up as render.textures' below: V8 optimises once-a-frame code late on a loaded machine.
    for (let i = 0; i < 3000; i++) runFrame(scheduler, (now += 16));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { scavenges } = await measureAllocation(() => runFrame(scheduler, (now += 16)), FRAMES, 1, 500);
    // Low: 6 far objects and the linkset beyond 32 m, and the 3 farthest of 6 avatars.
    expect(renderer.stats.impostorsDrawn).toBe(6 + 1 + 3);
    expect(renderer.impostors.jobs.every((job) => job.root < 0)).toBe(true);
    expect(scavenges).toBeLessThanOrEqual(1);
  }, 60_000);

  it('render.textures allocates nothing per frame once every wanted texture is resident (faces, terrain, a sculpt map)', async () => {
    const t = createTestWorld(64);
    const assets = createUuidTable(64);
    const idOf = (n: number): number => {
      const bytes = new Uint8Array(16);
      bytes[0] = n;
      bytes[15] = 0x77;
      return internUuid(assets, bytes, 0);
    };
    for (let i = 0; i < 12; i++) {
      const eid = addTestObject(t, { position: [120 + (i % 6) * 3, 120 + Math.floor(i / 6) * 6, 24], sculptType: i === 5 ? 1 : 0 });
      for (let f = 0; f < MAX_ENTITY_FACES; f++) {
        t.components.textures.textureIndex[eid * MAX_ENTITY_FACES + f] = idOf(1 + (i % 4));
        t.components.textures.scaleS[eid * MAX_ENTITY_FACES + f] = 1;
        t.components.textures.scaleT[eid * MAX_ENTITY_FACES + f] = 1;
      }
      if (i === 5) t.components.sculpt.assetIndex[eid] = idOf(9);
    }
    const ids = [1, 2, 3, 4, 9, 10, 11, 12, 13].map((n) => uuidText(assets, idOf(n)));
    const source = new SteadySource(ids);
    const settings = new PerformanceSettingsResource({ profile: 'Balanced' });
    const renderer = createRenderState<DrawableMesh>({
      capacity: t.world.capacity,
      caps: { webgl2: true, floatTextures: true, maxAnisotropy: 1, uintIndices: true, maxTextureSize: 4096 },
      uploader,
      lightFormat: 'float',
      uuidCapacity: 64,
    });
    renderer.textures.source = source;
    renderer.environment.regionIndex = 0;
    setTerrainTextures(renderer.environment, ids.slice(5), [10, 10, 10, 10], [40, 40, 40, 40]);
    const resources: RenderResources = {
      ...createResources({ settings, bus: null }),
      ingestion: { components: t.components, terrain: new Map([[0, flatTerrain()]]), tables: { assets } },
      renderer,
    };
    const scheduler = renderScheduler(t.world, resources);
    let now = 0;
    // A longer warm-up than the other systems': on a loaded machine V8 optimises these once-a-frame functions
    // late, and until then their doubles are boxed.
    for (let i = 0; i < 5000; i++) runFrame(scheduler, (now += 16));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { scavenges } = await measureAllocation(() => runFrame(scheduler, (now += 16)), FRAMES, 1, 500);
    expect(renderer.textures.residency!.textures.size).toBe(8);
    expect(renderer.textures.residency!.uploadCount).toBe(0);
    expect(renderer.stats.boxesDrawn).toBe(0);
    expect(scavenges).toBeLessThanOrEqual(1);
  }, 60_000);
});

/** Hands each texture over once (solid grey, or a sphere sculpt map), allocating only when it does. */
class SteadySource implements TextureSource {
  private readonly index = new Map<string, number>();
  private readonly handed: Uint8Array;
  private readonly wanted: Uint8Array;
  private readonly ready: number[] = [];
  constructor(private readonly ids: readonly string[]) {
    ids.forEach((id, i) => this.index.set(id, i));
    this.handed = new Uint8Array(ids.length);
    this.wanted = new Uint8Array(ids.length);
  }
  want(id: string): void {
    const i = this.index.get(id);
    if (i !== undefined) this.wanted[i] = 1;
  }
  update(): void {
    for (let i = 0; i < this.ids.length; i++) {
      if (this.wanted[i] === 0 || this.handed[i] === 1) continue;
      this.handed[i] = 1;
      this.ready.push(i);
    }
  }
  drain(receive: (id: string, image: TextureImage) => void): void {
    for (let k = 0; k < this.ready.length; k++) {
      const i = this.ready[k]!;
      const sculpt = this.ids[i] === this.ids[4];
      const pixels = sculpt ? sphereSculptMap(32) : new Uint8Array(64 * 64 * 4).fill(180);
      receive(this.ids[i]!, { width: sculpt ? 32 : 64, height: sculpt ? 32 : 64, pixels, discard: 0 });
    }
    this.ready.length = 0;
  }
  release(id: string): void {
    const i = this.index.get(id);
    if (i !== undefined) this.handed[i] = 0;
  }
}
