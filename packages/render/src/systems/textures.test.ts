import { PerformanceSettingsResource } from '@slv/config';
import { addSystems, createResources, createScheduler, runFrame } from '@slv/core';
import { createUuidTable, internUuid, MAX_ENTITY_FACES, uuidText, type UuidTable } from '@slv/world';
import { mat4 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import type { RenderCaps } from '../gpu/render-caps.ts';
import type { DrawableMesh, MeshUploader } from '../meshes/mesh-slots.ts';
import { createRenderState, type RenderResources } from '../render-state.ts';
import { FIRST_DISCARD, type TextureImage, type TextureSource } from '../textures/texture-state.ts';
import { SLOT, tailCellOrigin, vtShape } from '../textures/vt-layout.ts';
import { RENDER_SYSTEMS } from './render-systems.ts';
import { addTestObject, createTestWorld } from './test-world.test-support.ts';

const CAPS: RenderCaps = { webgl2: true, floatTextures: true, maxAnisotropy: 16, uintIndices: true, maxTextureSize: 8192 };
const F = MAX_ENTITY_FACES;

const uploader: MeshUploader<DrawableMesh> = { upload: (mesh) => mesh, release: () => {} };

/** An image source holding solid-colour textures by id, decoding (here: cutting down) at the discard asked. */
class SolidTextures implements TextureSource {
  readonly asked = new Map<string, { discard: number; priority: number }>();
  private readonly ready: [string, TextureImage][] = [];
  private readonly best = new Map<string, TextureImage>();
  constructor(readonly textures: Map<string, { side: number; rgba: [number, number, number, number] }>) {}
  want(id: string, discard: number, priority: number): void {
    this.asked.set(id, { discard, priority });
  }
  update(): void {
    for (const [id, want] of this.asked) {
      const t = this.textures.get(id);
      const have = this.best.get(id);
      if (t === undefined || (have !== undefined && have.discard <= want.discard)) continue;
      const side = Math.max(1, t.side >> want.discard);
      const pixels = new Uint8Array(side * side * 4);
      for (let i = 0; i < pixels.length; i += 4) pixels.set(t.rgba, i);
      const image = { width: side, height: side, pixels, discard: want.discard, fullWidth: t.side, fullHeight: t.side };
      this.best.set(id, image);
      this.ready.push([id, image]);
    }
  }
  drain(receive: (id: string, image: TextureImage) => void): void {
    for (const [id, image] of this.ready.splice(0)) receive(id, image);
  }
  release(id: string): void {
    // Handed over again when next wanted, as the streamer does.
    this.best.delete(id);
  }
}

function uuidBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes[0] = n;
  bytes[15] = 0xaa;
  return bytes;
}

/** Camera at (128, 96, 30) looking north; objects textured with interned UUIDs. */
function setup(objects: { position: [number, number, number]; texture: number; repeats?: number }[], settings = new PerformanceSettingsResource({ profile: 'Balanced' })) {
  const t = createTestWorld(64);
  const assets: UuidTable = createUuidTable(64);
  const eids = objects.map((o) => {
    const eid = addTestObject(t, { position: o.position, scale: [2, 2, 2] });
    const index = internUuid(assets, uuidBytes(o.texture), 0);
    for (let f = 0; f < F; f++) {
      t.components.textures.textureIndex[eid * F + f] = index;
      t.components.textures.scaleS[eid * F + f] = o.repeats ?? 1;
      t.components.textures.scaleT[eid * F + f] = o.repeats ?? 1;
    }
    return eid;
  });
  const renderer = createRenderState<DrawableMesh>({ capacity: t.world.capacity, lightFormat: 'float', caps: CAPS, uploader, uuidCapacity: 64 });
  const resources: RenderResources = {
    ...createResources({ settings, bus: null }),
    ingestion: { components: t.components, terrain: new Map(), tables: { assets } },
    renderer,
  };
  mat4.lookAt(resources.camera.view as mat4, [128, 96, 30], [128, 140, 30], [0, 0, 1]);
  mat4.perspective(resources.camera.projection as mat4, Math.PI / 3, 4 / 3, 0.5, 1000);
  (resources.camera.position as Float32Array).set([128, 96, 30]);
  const scheduler = createScheduler(t.world, resources);
  addSystems(scheduler, RENDER_SYSTEMS);
  let now = 0;
  const frame = () => runFrame(scheduler, (now += 16));
  const id = (n: number) => uuidText(assets, internUuid(assets, uuidBytes(n), 0));
  return { t, eids, assets, renderer, resources, frame, id };
}

describe('render.textures', () => {
  it('asks for a texture first at a small discard, then at the level its on-screen size needs, finer when nearer', () => {
    const s = setup([
      { position: [128, 104, 30], texture: 1 },
      { position: [128, 200, 30], texture: 2 },
    ]);
    const source = new SolidTextures(new Map([
      [s.id(1), { side: 512, rgba: [255, 0, 0, 255] }],
      [s.id(2), { side: 512, rgba: [0, 0, 255, 255] }],
    ]));
    s.renderer.textures.source = source;
    s.frame();
    expect(source.asked.get(s.id(1))!.discard).toBe(FIRST_DISCARD);
    s.frame();
    const near = source.asked.get(s.id(1))!;
    const far = source.asked.get(s.id(2))!;
    expect(near.discard).toBe(0);
    expect(far.discard).toBeGreaterThan(near.discard);
    expect(near.priority).toBeGreaterThan(far.priority);
  });

  it('writes each wanted texture\'s tail, then its pages, with the image\'s texels, and names the rows', () => {
    const s = setup([{ position: [128, 104, 30], texture: 1 }]);
    const source = new SolidTextures(new Map([[s.id(1), { side: 256, rgba: [10, 200, 30, 255] }]]));
    s.renderer.textures.source = source;
    s.frame();
    const state = s.renderer.textures;
    const r = state.residency!;
    // The first image (discard 5: 8×8) has only tail levels.
    expect(r.uploadCount).toBe(1);
    const shape = vtShape(256, 256);
    const [x, y] = tailCellOrigin(shape, FIRST_DISCARD);
    const o = (y * SLOT + x) * 4;
    expect([...state.staging[0].subarray(o, o + 4)]).toEqual([10, 200, 30, 255]);
    const row = state.rowOfUuid[s.t.components.textures.textureIndex[s.eids[0] * F]] - 1;
    expect(row).toBeGreaterThanOrEqual(0);
    expect([...state.rowUploads.subarray(0, state.rowUploadCount)]).toContain(row);
    // Then level 0 (the near face wants it): a finer tail and the pages.
    for (let i = 0; i < 4; i++) s.frame();
    const t = r.rows[row]!;
    expect(t.tailLevel).toBe(shape.firstTailLevel);
    expect(t.slotOf.every((slot) => slot >= 0)).toBe(true);
    // Complete: the CPU levels are let go.
    expect(t.chain).toBeNull();
    expect(state.rowAlpha[row]).toBe(0);
    // The face record names the row.
    expect(s.renderer.streams.faceFloats[7]).toBe(row + 1);
  });

  it('keeps within the virtual-texture budget and sends faces of textures with alpha to the translucent pass', () => {
    const settings = new PerformanceSettingsResource({ profile: 'Balanced' });
    settings.update({ memory: { virtualTextureCacheMB: 1 } });
    const objects = Array.from({ length: 12 }, (_, i) => ({ position: [120 + (i % 4) * 5, 104 + Math.floor(i / 4) * 3, 30] as [number, number, number], texture: i + 1 }));
    const s = setup(objects, settings);
    const textures = new Map<string, { side: number; rgba: [number, number, number, number] }>();
    for (let i = 1; i <= 12; i++) textures.set(s.id(i), { side: 1024, rgba: [i * 20, 0, 0, i === 3 ? 128 : 255] });
    s.renderer.textures.source = new SolidTextures(textures);
    for (let i = 0; i < 30; i++) {
      s.frame();
      const r = s.renderer.textures.residency!;
      expect(r.slotCapacity - r.freeCount).toBeLessThanOrEqual(r.slotCapacity);
    }
    const r = s.renderer.textures.residency!;
    expect(r.slotCapacity).toBe(Math.floor((1024 * 1024) / (SLOT * SLOT * 4)));
    // The atlas also stays within the GPU texture memory when that is the smaller.
    settings.update({ memory: { virtualTextureCacheMB: 512, textureCacheVramMB: 64 } });
    s.frame();
    expect(s.renderer.textures.residency!.slotCapacity).toBe(Math.floor((64 * 1024 * 1024) / (SLOT * SLOT * 4)));
    // Every texture has at least its tail: no face is left without some level.
    for (const t of r.textures.values()) expect(t.slotOf[t.shape!.entryOffset[t.shape!.firstTailLevel]]).toBeGreaterThanOrEqual(0);
    expect(r.freeCount).toBe(0);
    const alphaRow = s.renderer.textures.rowOfUuid[s.t.components.textures.textureIndex[s.eids[2] * F]] - 1;
    expect(s.renderer.textures.rowAlpha[alphaRow]).toBe(255);
    expect(s.renderer.translucent.count).toBeGreaterThan(0);
  });

  it('writes every page again after the GPU copy is lost, asking the source for the image again', () => {
    const s = setup([{ position: [128, 104, 30], texture: 1 }]);
    s.renderer.textures.source = new SolidTextures(new Map([[s.id(1), { side: 256, rgba: [1, 2, 3, 255] }]]));
    for (let i = 0; i < 6; i++) s.frame();
    const r = s.renderer.textures.residency!;
    const used = r.slotCapacity - r.freeCount;
    expect(used).toBe(vtShape(256, 256).entries);
    s.renderer.textures.gpuReset = true;
    s.frame();
    // Nothing is resident after the reset; the source hands the image over again and every page is written anew.
    expect(r.slotCapacity - r.freeCount).toBe(0);
    let written = 0;
    for (let i = 0; i < 4; i++) {
      s.frame();
      written += r.uploadCount;
    }
    expect(written).toBe(used);
    expect(r.slotCapacity - r.freeCount).toBe(used);
  });

  it('streams everything again into a new residency when the budget changes', () => {
    const settings = new PerformanceSettingsResource({ profile: 'Balanced' });
    const s = setup([{ position: [128, 104, 30], texture: 1 }], settings);
    s.renderer.textures.source = new SolidTextures(new Map([[s.id(1), { side: 256, rgba: [1, 2, 3, 255] }]]));
    for (let i = 0; i < 6; i++) s.frame();
    const before = s.renderer.textures.residency!;
    const used = before.slotCapacity - before.freeCount;
    settings.update({ memory: { virtualTextureCacheMB: 64 } });
    for (let i = 0; i < 6; i++) s.frame();
    const after = s.renderer.textures.residency!;
    expect(after).not.toBe(before);
    expect(after.slotCapacity).toBe(Math.floor((64 * 1024 * 1024) / (SLOT * SLOT * 4)));
    expect(after.slotCapacity - after.freeCount).toBe(used);
  });

  it('streams nothing without a source or without the world\'s UUID table', () => {
    const s = setup([{ position: [128, 104, 30], texture: 1 }]);
    s.frame();
    expect(s.renderer.textures.residency).toBeNull();
    expect(s.renderer.streams.faceFloats[7]).toBe(0);
  });
});
