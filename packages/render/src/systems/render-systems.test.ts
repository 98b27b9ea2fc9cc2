import { SHAPE_FLOATS, ShapeFloat } from '@slv/protocol';
import { PerformanceSettingsResource } from '@slv/config';
import type { PresetName } from '@slv/config';
import { addSystems, createResources, createScheduler, getSystemTimings, runFrame } from '@slv/core';
import type { RegionTerrain, WorldComponents } from '@slv/world';
import type { HzbCuller } from '../culling/index.ts';
import { mat4 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { createRenderState } from '../render-state.ts';
import type { RenderResources, RenderState, RenderStateOptions } from '../render-state.ts';
import type { DrawableMesh, MeshUploader } from '../meshes/mesh-slots.ts';
import type { RenderCaps } from '../gpu/render-caps.ts';
import { RENDER_SYSTEMS } from './render-systems.ts';
import { addTestObject, createTestWorld } from './test-world.test-support.ts';
import type { TestObject, TestWorld } from './test-world.test-support.ts';

const CAPS: RenderCaps = { webgl2: false, floatTextures: true, maxAnisotropy: 16, uintIndices: true, maxTextureSize: 8192 };

/** Counts uploads and releases; the handle is the mesh itself. */
function countingUploader() {
  const live = new Set<DrawableMesh>();
  const uploader: MeshUploader<DrawableMesh> & { uploads: number; releases: number; live: Set<DrawableMesh> } = {
    uploads: 0,
    releases: 0,
    live,
    upload(mesh) {
      this.uploads++;
      live.add(mesh);
      return mesh;
    },
    release(mesh) {
      this.releases++;
      live.delete(mesh);
    },
  };
  return uploader;
}

function flatTerrain(height: number): RegionTerrain {
  return {
    regionIndex: 0, regionSize: 256, heightmap: new Float32Array(256 * 256).fill(height), patchReceived: new Uint8Array(256).fill(1),
    landPatches: 256, revision: 1, windX: new Float32Array(256), windY: new Float32Array(256), windRevision: 0,
    cloud: new Float32Array(256), cloudRevision: 0, ignoredPatches: 0,
  };
}

/** Render state, resources and a scheduler running RENDER_SYSTEMS (no GPU: render.draw does nothing). */
function renderFrame(
  world: TestWorld['world'],
  components: WorldComponents,
  profile: PresetName,
  options: Omit<RenderStateOptions<DrawableMesh>, 'capacity' | 'lightFormat'>,
  terrain: ReadonlyMap<number, RegionTerrain> = new Map(),
) {
  const resource = new PerformanceSettingsResource({ profile });
  const renderer: RenderState<DrawableMesh> = createRenderState<DrawableMesh>({ capacity: world.capacity, lightFormat: 'float', ...options });
  const resources: RenderResources = { ...createResources({ settings: resource, bus: null }), ingestion: { components, terrain }, renderer };
  mat4.lookAt(resources.camera.view as mat4, [128, 96, 30], [128, 140, 26], [0, 0, 1]);
  mat4.perspective(resources.camera.projection as mat4, Math.PI / 3, 4 / 3, 0.5, 1000);
  (resources.camera.position as Float32Array).set([128, 96, 30]);
  const scheduler = createScheduler(world, resources);
  addSystems(scheduler, RENDER_SYSTEMS);
  return { resource, resources, renderer, scheduler };
}

/** A scene camera at (128, 96, 30) looking north; objects are added by the test. */
function setup(profile: PresetName, objects: TestObject[] = [], capacity = 256, hzb: HzbCuller | null = null) {
  const t: TestWorld = createTestWorld(capacity);
  const eids = objects.map((o) => addTestObject(t, o));
  const uploader = countingUploader();
  const terrain = new Map([[0, flatTerrain(22)]]);
  // The HZB needs WebGL2: claim it when the test brings a culler.
  const { resource, resources, renderer, scheduler } = renderFrame(t.world, t.components, profile, { caps: { ...CAPS, webgl2: hzb !== null }, uploader, hzb }, terrain);
  let now = 0;
  const frame = () => runFrame(scheduler, (now += 16));
  return { t, eids, resource, resources, scheduler, uploader, renderer, terrain, frame };
}

const AHEAD: [number, number, number] = [128, 130, 27];

describe('render pipeline (no GPU)', () => {
  it('runs cull, lights, impostors, lod, textures, draw-list and draw in their phases, timed by the scheduler', () => {
    const s = setup('Balanced', [{ position: AHEAD }]);
    s.frame();
    const timings = getSystemTimings(s.scheduler);
    expect(timings.names).toEqual(['render.cull', 'render.lights', 'render.impostors', 'render.lod', 'render.textures', 'render.draw-list', 'render.draw']);
    expect(timings.phases).toEqual(['culling', 'lighting', 'lod', 'lod', 'lod', 'lod', 'render']);
    expect(timings.frames).toBe(1);
  });

  it('culls by frustum and by draw distance, and counts what it culled', () => {
    const s = setup('Low', [
      { position: AHEAD },
      { position: [128, 60, 27] }, // behind the camera
      { position: [128, 150, 27] }, // 54 m ahead: inside Low's 64 m
      { position: [128, 190, 27] }, // 94 m ahead: beyond Low's 64 m
    ]);
    s.frame();
    const { stats, frame: state } = s.renderer;
    expect(stats.entitiesConsidered).toBe(4);
    expect(stats.entitiesVisible).toBe(2);
    expect(stats.entitiesFrustumCulled).toBe(2);
    expect(stats.entitiesOcclusionCulled).toBe(0);
    expect(Array.from(state.visible.subarray(0, state.visibleCount))).toEqual([s.eids[0], s.eids[2]]);
    expect(stats.farPlane).toBe(64);
    expect(stats.hzbAvailable).toBe(false);
    expect(stats.frustumSimd).toBe(true);

    // An entity without a valid world transform has no sphere: never visible, never counted.
    s.t.components.world.valid[s.eids[2]!] = 0;
    s.frame();
    expect(Array.from(state.visible.subarray(0, state.visibleCount))).toEqual([s.eids[0]]);
    expect(stats.entitiesConsidered).toBe(3);
    s.t.components.world.valid[s.eids[2]!] = 1;

    // Balanced draws to 128 m: the far one shows on the very next frame.
    s.resource.setProfile('Balanced');
    s.frame();
    expect(stats.entitiesVisible).toBe(3);
    expect(stats.farPlane).toBe(128);
  });

  it('drops what the HZB culler hides, once it has a pyramid and settings allow it', () => {
    const hidden = new Set<number>();
    let latest: object | null = null;
    let updates = 0;
    const hzb = {
      available: true,
      reason: '',
      get latest() {
        return latest;
      },
      capture() {},
      update: () => {
        updates++;
        return false;
      },
      cullList(_spheres: unknown, list: Uint32Array, count: number, out: Uint32Array) {
        let n = 0;
        for (let k = 0; k < count; k++) if (!hidden.has(list[k])) out[n++] = list[k];
        return n;
      },
      dispose() {},
    } as unknown as HzbCuller;
    const s = setup('High', [{ position: AHEAD }, { position: [128, 150, 27] }], 16, hzb);
    hidden.add(s.eids[1]);
    s.frame();
    expect(s.renderer.stats.hzbAvailable).toBe(false);
    expect(s.renderer.stats.hzbReason).toBe('waiting for the first depth pyramid');
    expect(s.renderer.stats.entitiesVisible).toBe(2);
    latest = {};
    s.frame();
    expect(updates).toBe(2);
    expect(s.renderer.stats.hzbAvailable).toBe(true);
    expect(s.renderer.stats.entitiesOcclusionCulled).toBe(1);
    expect(s.renderer.stats.entitiesVisible).toBe(1);
    s.resource.update({ rendering: { hzbOcclusion: false } });
    s.frame();
    expect(s.renderer.stats.hzbAvailable).toBe(false);
    expect(s.renderer.stats.hzbReason).toMatch(/off in settings/);
    expect(s.renderer.stats.entitiesVisible).toBe(2);
  });

  it('gives each object a bounding sphere of half its scaled diagonal at its world position', () => {
    const s = setup('Balanced', [{ position: AHEAD, scale: [2, 3, 6] }]);
    s.frame();
    const { spheres } = s.renderer.frame;
    const eid = s.eids[0];
    expect([spheres.x[eid], spheres.y[eid], spheres.z[eid]]).toEqual(AHEAD);
    expect(spheres.radius[eid]).toBeCloseTo(0.5 * Math.hypot(2, 3, 6), 5);
  });

  it('skips objects without a valid world transform', () => {
    const s = setup('Balanced', [{ position: AHEAD }, { position: AHEAD }]);
    s.t.components.world.valid[s.eids[1]] = 0;
    s.frame();
    expect(s.renderer.stats.entitiesConsidered).toBe(1);
  });

  it('uploads one mesh per distinct shape and LOD, shared by every prim of it, once', () => {
    const objects: TestObject[] = [];
    for (let i = 0; i < 20; i++) objects.push({ position: [118 + i, 130, 27] });
    for (let i = 0; i < 5; i++) objects.push({ position: [120 + i * 2, 134, 27], shape: { profileCurve: 0x00 } }); // cylinders
    const s = setup('Balanced', objects);
    s.frame();
    const { stats } = s.renderer;
    expect(stats.entitiesVisible).toBe(25);
    // The pinned stand-in box and avatar figure, one box prim mesh, one cylinder mesh (every prim here is at LOD 0 or 1: see below).
    const meshes = new Set(Array.from(s.renderer.batches.batchSlot.subarray(0, s.renderer.batches.batchCount)));
    // Two shapes, at one or more LODs each, never a mesh per object.
    expect(meshes.size).toBeGreaterThanOrEqual(2);
    expect(meshes.size).toBeLessThanOrEqual(8);
    expect(stats.distinctMeshes).toBe(meshes.size);
    expect(s.uploader.uploads).toBe(2 + meshes.size);
    // Draws: one per (mesh, face), whatever the object count.
    const faces = Array.from(meshes).reduce((sum, slot) => sum + s.renderer.meshes.slots.faceCount[slot], 0);
    expect(s.renderer.drawList.count).toBe(faces);
    s.frame();
    s.frame();
    expect(s.uploader.uploads).toBe(2 + meshes.size);
  });

  it('sorts translucent faces back to front from the camera and follows the camera when it turns round', () => {
    const half = [255, 255, 255, 128] as [number, number, number, number];
    // Ahead of the camera (looking north from y = 96) at three depths, added near to far, one opaque among them.
    const s = setup('Balanced', [
      { position: [128, 110, 27], color: half },
      { position: [129, 130, 27], color: [1, 2, 3, 255] },
      { position: [127, 120, 27], color: half },
      { position: [128, 140, 27], color: half },
    ]);
    s.frame();
    const { stats } = s.renderer;
    const queue = s.renderer.translucent;
    const drawnY = () => Array.from({ length: queue.count / 6 }, (_, k) => queue.matrices[k * 6 * 16 + 13]);
    expect(stats.translucentFaces).toBe(18);
    expect(drawnY()).toEqual([140, 120, 110]);
    const list = s.renderer.drawList;
    expect(list.opaqueCount).toBe(6);
    expect(list.count - list.opaqueCount).toBe(18);
    // The camera moves past them and looks south: the order reverses.
    mat4.lookAt(s.resources.camera.view as mat4, [128, 160, 30], [128, 100, 26], [0, 0, 1]);
    (s.resources.camera.position as Float32Array).set([128, 160, 30]);
    s.frame();
    expect(drawnY()).toEqual([110, 120, 140]);
  });

  it('chooses LOD by distance and size with volumeLodFactor, and a profile switch changes it', () => {
    const s = setup('Low', [
      { position: [128, 98, 30], scale: [1, 1, 1] }, // 2 m away
      { position: [128, 150, 27], scale: [2, 2, 2] }, // 54 m away
    ]);
    s.frame();
    const lodOf = (eid: number) => s.renderer.meshes.lod[eid];
    const near = lodOf(s.eids[0]);
    const far = lodOf(s.eids[1]);
    expect(near).toBe(3);
    expect(far).toBeLessThan(near);
    const counts = Array.from(s.renderer.stats.lodCounts);
    expect(counts[near]).toBeGreaterThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    // A larger volumeLodFactor (High: 2) keeps more detail at the same distance.
    s.resource.update({ rendering: { volumeLodFactor: 4 } });
    s.frame();
    expect(lodOf(s.eids[1])).toBeGreaterThan(far);
  });

  it('draws meshes without geometry yet and trees as the stand-in box, coloured by face, and avatars as the figure', () => {
    const s = setup('Balanced', [
      { position: AHEAD, sculptType: 5, color: [9, 8, 7, 255] },
      { position: [124, 130, 27], pcode: 47 },
      { position: [132, 130, 27], pcode: 111 },
    ]);
    s.frame();
    const { stats } = s.renderer;
    expect(stats.boxesDrawn).toBe(2);
    expect(s.renderer.batches.batchCount).toBe(2);
    const slots = Array.from(s.renderer.batches.batchSlot.subarray(0, 2));
    expect(slots).toContain(s.renderer.meshes.boxSlot);
    expect(slots).toContain(s.renderer.meshes.avatarSlot);
    // The figure: head, upper body, legs.
    expect(s.renderer.meshes.slots.faceCount[s.renderer.meshes.avatarSlot]).toBe(3);
    expect(s.renderer.meshes.slots.faceCount[s.renderer.meshes.boxSlot]).toBe(6);
    expect(Array.from(s.renderer.streams.faceRecords.subarray(0, 4))).toEqual([9, 8, 7, 255]);
  });

  it('regenerates a prim whose shape changed, and keeps it when nothing did', () => {
    const s = setup('Balanced', [{ position: AHEAD }]);
    s.frame();
    const eid = s.eids[0];
    const before = s.renderer.meshes.slot[eid];
    s.frame();
    expect(s.renderer.meshes.slot[eid]).toBe(before);
    s.t.components.shape.params[eid * SHAPE_FLOATS + ShapeFloat.ProfileHollow] = 0.5;
    s.frame();
    expect(s.renderer.meshes.slot[eid]).not.toBe(before);
    expect(s.renderer.meshes.slots.faceCount[s.renderer.meshes.slot[eid]]).toBe(7); // a hollow box gains an inner face
  });

  it('draws a prim whose shape cannot be generated as a box and reports it once', () => {
    const errors: number[] = [];
    const t = createTestWorld(8);
    const eid = addTestObject(t, { position: AHEAD });
    t.components.shape.params[eid * SHAPE_FLOATS + ShapeFloat.PathScaleX] = Number.NaN;
    const { scheduler, renderer: pipeline } = renderFrame(t.world, t.components, 'Balanced', {
      caps: CAPS, uploader: countingUploader(), onShapeError: (e) => errors.push(e),
    });
    runFrame(scheduler, 16);
    runFrame(scheduler, 32);
    expect(errors).toEqual([eid]);
    expect(pipeline.stats.boxesDrawn).toBe(1);
    expect(pipeline.batches.batchSlot[0]).toBe(pipeline.meshes.boxSlot);
  });

  it('assigns lights to clusters on the clustered tier and only counts them on the basic tier', () => {
    const light = { color: [1, 0.5, 0.25] as [number, number, number], intensity: 0.8, radius: 6, falloff: 0.5 };
    const s = setup('Balanced', [
      { position: AHEAD },
      { position: [126, 125, 24], light },
      { position: [130, 110, 24], light },
      { position: [128, 60, 24], light }, // behind the camera
    ]);
    s.frame();
    const { stats, lighting } = s.renderer;
    expect(stats.lightsTotal).toBe(3);
    expect(stats.lightsInView).toBe(2);
    expect(stats.clusterMaxLights).toBeGreaterThanOrEqual(1);
    expect(stats.clusterMeanLights).toBeGreaterThan(0);
    expect(lighting.active).toBe(true);
    expect(lighting.clusters.grid).toEqual({ x: 16, y: 9, z: 24 });
    const textures = lighting.textures!;
    expect(textures.format).toBe('float');
    // The nearest light first, its colour premultiplied by intensity.
    expect(Array.from(textures.lights.data.subarray(4, 8)).map((v) => Math.round(v * 100) / 100)).toEqual([0.8, 0.4, 0.2, 0.5]);

    s.resource.setProfile('Low');
    s.frame();
    expect(lighting.active).toBe(false);
    expect(stats.lightsTotal).toBe(3);
    expect(stats.lightsInView).toBe(0);

    s.resource.setProfile('High');
    s.frame();
    expect(lighting.active).toBe(true);
    expect(lighting.clusters.grid).toEqual({ x: 16, y: 9, z: 32 });
    expect(stats.lightsInView).toBe(2);
  });

  it('builds the terrain mesh from the region heightmap and rebuilds it only on a new revision', () => {
    const s = setup('Balanced');
    s.renderer.environment.regionIndex = 0;
    s.frame();
    const mesh = s.renderer.terrainMesh!;
    expect(mesh.vertexCount).toBe(129 * 129);
    expect(mesh.positions[2]).toBe(22);
    expect(s.renderer.stats.terrainBuilds).toBe(1);
    s.frame();
    expect(s.renderer.stats.terrainBuilds).toBe(1);
    const terrain = s.terrain.get(0)!;
    terrain.heightmap.fill(30);
    terrain.revision++;
    s.frame();
    expect(s.renderer.stats.terrainBuilds).toBe(2);
    expect(s.renderer.terrainMesh!.positions[2]).toBe(30);
    // A new water height recolours the shore.
    s.renderer.environment.waterHeight = 29.5;
    s.frame();
    expect(s.renderer.stats.terrainBuilds).toBe(3);
  });

  it('does nothing once disabled', () => {
    const s = setup('Balanced', [{ position: AHEAD }]);
    s.frame();
    s.renderer.enabled = false;
    s.t.components.world.valid[s.eids[0]] = 0;
    s.frame();
    expect(s.renderer.frame.frameNumber).toBe(1);
    expect(s.renderer.stats.entitiesVisible).toBe(1);
  });

  it('reads the sun from the environment into the scene lighting each frame', () => {
    const s = setup('Balanced');
    s.frame();
    const day = Array.from(s.renderer.scene.sky);
    s.renderer.environment.sunDirection.set([0, 0, -1]);
    s.frame();
    const night = Array.from(s.renderer.scene.sky);
    expect(night[2]).toBeLessThan(day[2]);
    expect(s.renderer.scene.daylight).toBe(0);
  });
});
