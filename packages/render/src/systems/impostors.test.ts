/**
 * render.impostors without a GPU: selection by distance and by avatar
 * count, the linkset as one impostor, bake scheduling under the view
 * budget, the atlas budget, and what makes a baked impostor stale. The
 * GPU's part of a bake is stood in for by commitImpostorBakes, which
 * render.draw calls after baking the planned views.
 */
import { PerformanceSettingsResource } from '@slv/config';
import type { PresetName } from '@slv/config';
import { createResources } from '@slv/core';
import { MAX_ENTITY_FACES } from '@slv/world';
import { describe, expect, it } from 'vitest';
import { setSunDirection } from '../frame/environment.ts';
import { commitImpostorBakes, JOB_UNSEEN_FRAMES, MAX_BAKE_WAIT_FRAMES, resetImpostors, VIEWS_PER_IMPOSTOR } from '../impostors/impostor-state.ts';
import type { DrawableMesh, MeshUploader } from '../meshes/mesh-slots.ts';
import { createRenderState } from '../render-state.ts';
import type { RenderResources } from '../render-state.ts';
import { KEY_CHECK_FRAMES } from './impostors.ts';
import { RENDER_SYSTEMS } from './render-systems.ts';
import { addTestObject, createTestWorld, impostorFrames } from './test-world.test-support.ts';
import type { TestObject } from './test-world.test-support.ts';

const uploader: MeshUploader<DrawableMesh> = { upload: (mesh) => mesh, release: () => {} };
const EYE: [number, number, number] = [128, 96, 30];
/** Straight ahead of the camera at `d` metres (it looks north, slightly down). */
const ahead = (d: number, x = 128): [number, number, number] => [x, 96 + d, 27];

function setup(profile: PresetName, objects: TestObject[], capacity = 128) {
  const t = createTestWorld(capacity);
  const eids = objects.map((o) => addTestObject(t, o));
  const settings = new PerformanceSettingsResource({ profile });
  const renderer = createRenderState<DrawableMesh>({
    capacity: t.world.capacity,
    caps: { webgl2: false, floatTextures: true, maxAnisotropy: 1, uintIndices: true, maxTextureSize: 8192 },
    uploader,
    lightFormat: 'float',
  });
  const resources: RenderResources = { ...createResources({ settings, bus: null }), ingestion: { components: t.components, terrain: new Map() }, renderer };
  /** One frame, then the views it planned count as baked (what render.draw does on a GPU). */
  const frame = impostorFrames(t, resources, EYE);
  return { t, eids, settings, renderer, resources, frame, stats: renderer.stats, state: renderer.impostors };
}

/** Frames for one linkset to go from wanted to drawn as an impostor: one for render.lod to choose its slots, the views at 16 a frame, one to be drawn. */
const BAKE_FRAMES = 1 + VIEWS_PER_IMPOSTOR / 16 + 1;

/** Eids the frame's batches hold (what render.lod drew normally). */
const batched = (s: ReturnType<typeof setup>) => Array.from(s.renderer.batches.instanceEid.subarray(0, s.renderer.batches.count));

describe('render.impostors', () => {
  it('draws an object normally until its impostor is baked, then from the impostor, left out of the batches', () => {
    const s = setup('Balanced', [{ position: ahead(20) }, { position: ahead(90) }]);
    s.frame();
    expect(s.stats.impostorsDrawn).toBe(0);
    expect(batched(s).sort()).toEqual([...s.eids].sort());
    s.frame(BAKE_FRAMES - 2);
    expect(s.stats.impostorsDrawn).toBe(0);
    s.frame();
    expect(s.stats.impostorsDrawn).toBe(1);
    expect(batched(s)).toEqual([s.eids[0]]);
    expect(s.renderer.meshes.drawnElsewhere[s.eids[1]!]).toBe(1);
    expect(s.stats.impostorTiles).toBe(1);
    expect(s.state.bakesCompleted).toBe(1);
    // The instance: the sphere (centre, radius) and the tile.
    const inst = Array.from(s.state.instances.subarray(0, 6));
    expect(inst.slice(0, 3)).toEqual([128, 186, 27]);
    expect(inst[3]).toBeCloseTo(Math.sqrt(3) / 2, 5);
    // Coming nearer than impostorDistance (64 m on Balanced): drawn normally on the next frame.
    s.t.components.world.matrix[s.eids[1]! * 16 + 13] = 96 + 40;
    s.frame();
    expect(s.stats.impostorsDrawn).toBe(0);
    expect(s.renderer.meshes.drawnElsewhere[s.eids[1]!]).toBe(0);
    expect(batched(s).sort()).toEqual([...s.eids].sort());
  });

  it('Low draws impostors nearer than High: at 50 m Low does, High never', () => {
    const objects = [{ position: ahead(50) }];
    const low = setup('Low', objects);
    const high = setup('High', objects);
    low.frame(BAKE_FRAMES);
    high.frame(BAKE_FRAMES * 3);
    expect(low.stats.impostorsDrawn).toBe(1);
    expect(high.stats.impostorsDrawn).toBe(0);
    expect(high.stats.impostorTiles).toBe(0);
    // Switching Low to High brings it back to geometry on the next frame.
    low.settings.setProfile('High');
    low.frame();
    expect(low.stats.impostorsDrawn).toBe(0);
  });

  it('a linkset is one impostor keyed by its root: every member leaves the batches', () => {
    const s = setup('Balanced', [{ position: ahead(100) }, { position: ahead(100, 130) }, { position: ahead(100, 126) }]);
    const [root, a, b] = s.eids as [number, number, number];
    const { identity, linkset } = s.t.components;
    identity.parentEid[a] = root;
    identity.parentEid[b] = root;
    linkset.firstChild[root] = a;
    linkset.nextSibling[a] = b;
    linkset.nextSibling[b] = -1;
    linkset.childCount[root] = 2;
    s.frame(BAKE_FRAMES);
    expect(s.stats.impostorsDrawn).toBe(1);
    expect(batched(s)).toEqual([]);
    for (const e of s.eids) expect(s.renderer.meshes.drawnElsewhere[e]).toBe(1);
    // The sphere holds all three (1 m cubes 2 m apart on x).
    expect(s.state.instances[3]).toBeGreaterThanOrEqual(2 + Math.sqrt(3) / 2 - 1e-5);
    // A child moving within the linkset makes it stale (found within KEY_CHECK_FRAMES): drawn normally, baked again.
    s.t.components.local.position[a * 3] += 0.5;
    let normal = 0;
    for (let f = 0; f < KEY_CHECK_FRAMES; f++) {
      s.frame();
      if (s.stats.impostorsDrawn === 0) normal++;
    }
    expect(normal).toBeGreaterThan(0);
    s.frame(BAKE_FRAMES);
    expect(s.stats.impostorsDrawn).toBe(1);
    expect(s.state.bakesCompleted).toBe(2);
  });

  it('keeps a bake going through a few frames out of view (occlusion flicker), and drops it and its tile after JOB_UNSEEN_FRAMES', () => {
    const s = setup('Balanced', [{ position: ahead(90) }]);
    const eid = s.eids[0]!;
    const m = s.t.components.world.matrix;
    const y = m[eid * 16 + 13]!;
    const jobOf = () => s.state.jobs.find((j) => j.root === eid);
    s.state.viewsPerFrame = 8;
    s.frame(3);
    const started = jobOf()!.viewsDone;
    expect(started).toBeGreaterThan(0);
    // Behind the eye for two frames: the job keeps its views (it bakes on while unseen) and its tile.
    m[eid * 16 + 13] = 40;
    s.frame(2);
    expect(jobOf()!.viewsDone).toBeGreaterThan(started);
    m[eid * 16 + 13] = y;
    s.frame(VIEWS_PER_IMPOSTOR / 8);
    expect(s.state.bakesCompleted).toBe(1);
    expect(s.stats.impostorsDrawn).toBe(1);

    // A slow bake out of view for longer is dropped, its tile given back.
    const t = setup('Balanced', [{ position: ahead(90) }]);
    const e = t.eids[0]!;
    t.state.viewsPerFrame = 1;
    t.frame(3);
    expect(t.state.jobs.some((j) => j.root === e)).toBe(true);
    t.t.components.world.matrix[e * 16 + 13] = 40;
    t.frame(JOB_UNSEEN_FRAMES + 2);
    expect(t.state.jobs.some((j) => j.root === e)).toBe(false);
    expect([t.stats.impostorTiles, t.state.bakesCompleted]).toEqual([0, 0]);
  });

  it('avatars beyond the nearest maxNonImpostorAvatars are impostors, whatever their distance', () => {
    const avatars = [10, 14, 18, 22, 26].map((d) => ({ position: ahead(d), pcode: 47 }));
    const low = setup('Low', avatars);
    const high = setup('High', avatars);
    low.frame(BAKE_FRAMES * 2);
    high.frame(BAKE_FRAMES * 2);
    // Low keeps 3 in full: the two farthest are impostors. High keeps 16.
    expect(low.stats.impostorsDrawn).toBe(2);
    expect(batched(low).sort()).toEqual(low.eids.slice(0, 3).sort());
    // Baked as render.lod draws them: the procedural figure's slot.
    expect(low.renderer.meshes.avatarSlot).toBeGreaterThanOrEqual(0);
    low.settings.update({ rendering: { maxNonImpostorAvatars: 2 } });
    low.frame();
    const job = low.state.jobs.find((j) => j.root === low.eids[2]);
    expect(Array.from(job!.batches.instanceSlot.subarray(0, job!.batches.count))).toEqual([low.renderer.meshes.avatarSlot]);
    expect(high.stats.impostorsDrawn).toBe(0);
  });

  it('bakes nearest (largest on screen) first, within the views budget, one tile each', () => {
    const s = setup('Balanced', [{ position: ahead(120) }, { position: ahead(70) }, { position: ahead(95), scale: [3, 3, 3] }]);
    s.frame();
    // Frame 2: render.lod chose slots last frame, so the jobs pack; the budget goes to the largest angular size.
    runFrameOnly(s);
    const planned = s.state.jobs.filter((j) => j.root >= 0).map((j) => [j.root, j.viewCount]);
    expect(planned.length).toBe(3);
    expect(planned.reduce((n, [, v]) => n + v!, 0)).toBe(16);
    expect(planned.find(([root]) => root === s.eids[2])![1]).toBe(16);
    commitImpostorBakes(s.state);
    expect(s.state.viewsBaked).toBe(16);
    s.frame(3 * VIEWS_PER_IMPOSTOR / 16 + 1);
    expect(s.stats.impostorsDrawn).toBe(3);
    expect(s.stats.impostorTiles).toBe(3);
  });

  it('holds the atlas to its byte budget: linksets beyond its tiles stay geometry', () => {
    const objects: TestObject[] = [];
    for (let i = 0; i < 30; i++) objects.push({ position: [100 + (i % 10) * 6, 180 + Math.floor(i / 10) * 6, 27] });
    const s = setup('Balanced', objects);
    s.settings.update({ memory: { textureCacheVramMB: 64 } });
    s.frame(200);
    const tiles = s.state.atlas.capacity;
    expect(tiles).toBe(20);
    expect(s.stats.impostorAtlasBudgetBytes).toBeLessThanOrEqual(64 * 1024 * 1024 / 8);
    expect(s.stats.impostorsDrawn).toBe(tiles);
    expect(s.stats.impostorTiles).toBe(tiles);
    expect(s.renderer.batches.count).toBe(30 - tiles);
  });

  it('is stale (drawn normally, baked again) when colour, scale, texture, shape or the lighting bucket change; not for a small sun change or a move; never while spinning', () => {
    const s = setup('Balanced', [{ position: ahead(90) }]);
    const eid = s.eids[0]!;
    const c = s.t.components;
    /** Bakes the change caused (1: it made the impostor stale) and whether it is drawn as an impostor after. */
    const drawnAfter = (change: () => void): [number, number] => {
      const before = s.state.bakesCompleted;
      change();
      s.frame(KEY_CHECK_FRAMES + BAKE_FRAMES);
      return [s.state.bakesCompleted - before, s.stats.impostorsDrawn];
    };
    s.frame(BAKE_FRAMES);
    expect(s.stats.impostorsDrawn).toBe(1);
    expect(drawnAfter(() => { c.textures.color[eid * MAX_ENTITY_FACES * 4] = 10; })).toEqual([1, 1]);
    expect(drawnAfter(() => { c.local.scale[eid * 3 + 2] = 2; })).toEqual([1, 1]);
    expect(drawnAfter(() => { c.textures.textureIndex[eid * MAX_ENTITY_FACES + 2] = 5; })).toEqual([1, 1]);
    expect(drawnAfter(() => { c.shape.params[eid * 18 + 3] = 0.25; })).toEqual([1, 1]);
    expect(drawnAfter(() => setSunDirection(s.renderer.environment, -0.8, 0.1, 0.3))).toEqual([1, 1]);
    expect(drawnAfter(() => setSunDirection(s.renderer.environment, -0.8, 0.1, 0.31))).toEqual([0, 1]);
    // Each was counted as a change of key (the stats say why impostors are baked again).
    expect([s.state.staleByKey, s.state.staleByTextures]).toEqual([5, 0]);
    expect(s.stats.impostorsStaleByKey).toBe(5);
    // Spinning (angular velocity): geometry, however far, and nothing baked for it.
    c.motion.angularVelocity[eid * 3 + 2] = 0.5;
    const spinning = s.state.bakesCompleted;
    s.frame(BAKE_FRAMES);
    expect(s.stats.impostorsDrawn).toBe(0);
    expect(s.state.bakesCompleted).toBe(spinning);
    c.motion.angularVelocity[eid * 3 + 2] = 0;
    s.frame();
    expect(s.stats.impostorsDrawn).toBe(1);
    const completed = s.state.bakesCompleted;
    // Moving (no turn) keeps the impostor: views are world directions, the sphere goes with it.
    expect(drawnAfter(() => { c.world.matrix[eid * 16 + 12] += 3; })).toEqual([0, 1]);
    expect(s.state.bakesCompleted).toBe(completed);
  });

  it('bakes a sculpt without its map as the box render.lod draws, and again when the map arrives', () => {
    const s = setup('Balanced', [{ position: ahead(90), sculptType: 1 }]);
    const eid = s.eids[0]!;
    s.t.components.sculpt.assetIndex[eid] = 7;
    s.frame(BAKE_FRAMES);
    expect(s.stats.impostorsDrawn).toBe(1);
    const baked = s.state.bakesCompleted;
    s.renderer.textures.sculptByUuid.set(7, { id: 'map', image: { width: 4, height: 4, pixels: new Uint8Array(64), discard: 0 }, version: 1, lastWanted: 0 });
    s.frame(KEY_CHECK_FRAMES + BAKE_FRAMES);
    expect(s.stats.impostorsDrawn).toBe(1);
    expect(s.state.bakesCompleted).toBe(baked + 1);
  });

  it('refuses a linkset whose member never gets a slot, after MAX_BAKE_WAIT_FRAMES, instead of holding a job', () => {
    const s = setup('Balanced', [{ position: ahead(90) }, { position: [128, 60, 27] }]);
    const [root, child] = s.eids as [number, number];
    // The child is behind the camera: culled, render.lod never chooses its slot.
    const { identity, linkset } = s.t.components;
    identity.parentEid[child] = root;
    linkset.firstChild[root] = child;
    linkset.nextSibling[child] = -1;
    linkset.childCount[root] = 1;
    s.frame(MAX_BAKE_WAIT_FRAMES + 4);
    expect(s.state.refused[root]).toBe(1);
    expect(s.state.jobs.every((j) => j.root < 0)).toBe(true);
    expect(s.stats.impostorsDrawn).toBe(0);
  });

  it('refuses linksets with translucent faces or a flexible prim (drawn as geometry), and bakes again after a reset (lost context)', () => {
    const s = setup('Balanced', [
      { position: ahead(90), color: [255, 255, 255, 128] }, { position: ahead(90, 124) }, { position: ahead(90, 134), shape: { pathCurve: 0x80 } },
    ]);
    s.frame(BAKE_FRAMES * 2);
    expect(s.stats.impostorsDrawn).toBe(1);
    expect(s.state.refused[s.eids[0]!]).toBe(1);
    expect(s.state.refused[s.eids[2]!]).toBe(1);
    expect(batched(s).sort()).toEqual([s.eids[0], s.eids[2]].sort());
    resetImpostors(s.state);
    expect(s.state.atlas.freeCount).toBe(s.state.atlas.capacity);
    s.frame();
    expect(s.stats.impostorsDrawn).toBe(0);
    expect(Array.from(s.state.atlas.baked).every((b) => b === 0)).toBe(true);
    // Made opaque: its key changed, so it is offered again.
    s.t.components.textures.color.fill(255, s.eids[0]! * MAX_ENTITY_FACES * 4, (s.eids[0]! + 1) * MAX_ENTITY_FACES * 4);
    s.frame(BAKE_FRAMES * 2);
    expect(s.stats.impostorsDrawn).toBe(2);
    expect(s.state.refused[s.eids[2]!]).toBe(1);
  });
});

/** One frame without the stand-in GPU's commit, to look at what was planned: the systems in order. */
function runFrameOnly(s: ReturnType<typeof setup>): void {
  for (const system of RENDER_SYSTEMS) system.run(s.t.world, s.resources);
}
