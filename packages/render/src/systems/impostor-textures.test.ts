/**
 * render.impostors with textures (render.textures and a stand-in image
 * source, no GPU): a bake asks for its faces' textures at the level the
 * bake needs (finer than a far object's on-screen size asks), waits a while
 * for them, is baked again when they sharpen, and is not when pages are
 * given back; a new residency re-bakes as textures return. The GPU's part
 * of a bake is stood in for by commitImpostorBakes.
 */
import { PerformanceSettingsResource } from '@slv/config';
import { createResources } from '@slv/core';
import { createUuidTable, internUuid, MAX_ENTITY_FACES, uuidText, type UuidTable } from '@slv/world';
import { describe, expect, it } from 'vitest';
import { MAX_TEXTURE_WAIT_FRAMES, VIEWS_PER_IMPOSTOR } from '../impostors/impostor-state.ts';
import { bakeTextureLevel } from '../impostors/linkset.ts';
import type { DrawableMesh, MeshUploader } from '../meshes/mesh-slots.ts';
import { createRenderState, type RenderResources } from '../render-state.ts';
import type { TextureImage, TextureSource } from '../textures/texture-state.ts';
import { vtShape } from '../textures/vt-layout.ts';
import { residentDetail } from '../textures/vt-keep.ts';
import { createVtResidency, offerChain, planUploads, releaseSlot, vtTexture, wantTexture, beginVtFrame } from '../textures/vt-residency.ts';
import { buildMipChain } from '../textures/vt-pages.ts';
import { KEY_CHECK_FRAMES } from './impostors.ts';
import { addTestObject, createTestWorld, impostorFrames } from './test-world.test-support.ts';

const F = MAX_ENTITY_FACES;
const uploader: MeshUploader<DrawableMesh> = { upload: (mesh) => mesh, release: () => {} };
const EYE: [number, number, number] = [128, 96, 30];
const SIDE = 256;

/** Solid-colour images, decoded no finer than `finestDiscard` (a stand-in for a stream that has only so much yet). */
class CappedTextures implements TextureSource {
  readonly asked = new Map<string, number[]>();
  finestDiscard = 5;
  private readonly ready: [string, TextureImage][] = [];
  private readonly best = new Map<string, number>();
  want(id: string, discard: number): void {
    const list = this.asked.get(id) ?? [];
    list.push(discard);
    this.asked.set(id, list);
  }
  update(): void {
    for (const [id, list] of this.asked) {
      const discard = Math.max(list[list.length - 1]!, this.finestDiscard);
      const have = this.best.get(id);
      if (have !== undefined && have <= discard) continue;
      const side = SIDE >> discard;
      const pixels = new Uint8Array(side * side * 4).fill(255); // opaque white: a texture with alpha would make the faces translucent (never baked)
      this.best.set(id, discard);
      this.ready.push([id, { width: side, height: side, pixels, discard, fullWidth: SIDE, fullHeight: SIDE }]);
    }
  }
  drain(receive: (id: string, image: TextureImage) => void): void {
    for (const [id, image] of this.ready.splice(0)) receive(id, image);
  }
  release(id: string): void {
    this.best.delete(id);
  }
}

function setup(distance: number) {
  const t = createTestWorld(32);
  const assets: UuidTable = createUuidTable(32);
  const bytes = new Uint8Array(16);
  bytes[0] = 7;
  bytes[15] = 0xaa;
  const uuid = internUuid(assets, bytes, 0);
  const eid = addTestObject(t, { position: [128, 96 + distance, 27], scale: [2, 2, 2] });
  for (let f = 0; f < F; f++) {
    t.components.textures.textureIndex[eid * F + f] = uuid;
    t.components.textures.scaleS[eid * F + f] = 1;
    t.components.textures.scaleT[eid * F + f] = 1;
  }
  const settings = new PerformanceSettingsResource({ profile: 'Balanced' });
  const renderer = createRenderState<DrawableMesh>({
    capacity: t.world.capacity, lightFormat: 'float', uploader, uuidCapacity: 32,
    caps: { webgl2: false, floatTextures: true, maxAnisotropy: 1, uintIndices: true, maxTextureSize: 8192 },
  });
  const resources: RenderResources = {
    ...createResources({ settings, bus: null }),
    ingestion: { components: t.components, terrain: new Map(), tables: { assets } },
    renderer,
  };
  const source = new CappedTextures();
  renderer.textures.source = source;
  const frame = impostorFrames(t, resources, EYE);
  const texture = () => renderer.textures.residency!.textures.get(uuidText(assets, uuid))!;
  return { eid, renderer, source, frame, texture, stats: renderer.stats, state: renderer.impostors };
}

describe('impostor textures', () => {
  it('residentDetail counts the finest wholly resident level at or coarser than the one needed', () => {
    const r = createVtResidency(64, 4, 64);
    const t = vtTexture(r, 'a')!;
    expect(residentDetail(t, 0)).toBe(0);
    const shape = vtShape(512, 512); // 10 levels, pages at 512, 256 and 128, the tail from 64
    const full = new Uint8Array(512 * 512 * 4);
    offerChain(r, t, buildMipChain(shape, full.subarray(0, 16 * 16 * 4), 16, 16, 5));
    expect(residentDetail(t, 0)).toBe(0); // nothing written yet
    beginVtFrame(r, 1);
    wantTexture(r, t, 0, 100);
    planUploads(r, 64);
    expect(residentDetail(t, 0)).toBe(10 - 5); // the tail, from the 16-texel image
    offerChain(r, t, buildMipChain(shape, full, 512, 512, 0));
    beginVtFrame(r, 2);
    wantTexture(r, t, 0, 100);
    planUploads(r, 64);
    expect(residentDetail(t, 4)).toBe(10 - 4); // the whole tail (64 texels down)
    expect(residentDetail(t, 0)).toBe(10); // every page of level 0
    expect(residentDetail(t, 1)).toBe(10 - 1); // not more than asked
    releaseSlot(r, t, shape.entryOffset[0]); // one level-0 page given back
    expect(residentDetail(t, 0)).toBe(10 - 1);
  });

  it('bakeTextureLevel: a view is FRAME_TEXELS across the linkset, one level finer than its footprint', () => {
    const shape = vtShape(256, 256);
    expect(bakeTextureLevel(shape, 1, 1, 1)).toBe(2); // 32 texels of 256: level 3, one finer
    expect(bakeTextureLevel(shape, 0.5, 1, 1)).toBe(3); // half the linkset: 16 texels
    expect(bakeTextureLevel(shape, 1, 1, 4)).toBe(4); // repeated 4 times: 8 texels of each
    expect(bakeTextureLevel(shape, 1, 1, 1 / 64)).toBe(0); // stretched: the finest
  });

  it('asks for the bake level, waits for it, bakes, bakes again when the texture sharpens, and not when pages go', () => {
    const s = setup(100);
    const id = () => s.texture().id;
    s.frame(3);
    const need = bakeTextureLevel(vtShape(SIDE, SIDE), 1, 1, 1);
    // Baking: the source is asked for the bake's level, finer than the far box's on-screen size asks.
    expect(s.state.jobs.some((j) => j.root === s.eid)).toBe(true);
    const asked = s.source.asked.get(id())!;
    expect(asked[asked.length - 1]).toBe(need);
    // The stream has only a 8-texel image: the job waits for the texture before its first view.
    s.frame(MAX_TEXTURE_WAIT_FRAMES - 8);
    expect(s.stats.impostorsDrawn).toBe(0);
    expect(s.state.jobs.find((j) => j.root === s.eid)?.viewsDone).toBe(0);
    // Then bakes with what there is.
    s.frame(8 + VIEWS_PER_IMPOSTOR / 16 + 2);
    expect(s.stats.impostorsDrawn).toBe(1);
    const blurred = s.state.bakedTextureDetail[s.eid]!;
    expect(blurred).toBeGreaterThan(0);
    expect(s.stats.impostorsStaleByTextures).toBe(0);
    // Drawn as an impostor, with no bake going, it is asked for at its on-screen size only: coarser.
    s.frame();
    expect(asked[asked.length - 1]).toBeGreaterThan(need);
    // The stream sharpens: the next key check finds more detail, the impostor is baked again with it.
    s.source.finestDiscard = 0;
    s.frame(KEY_CHECK_FRAMES + VIEWS_PER_IMPOSTOR / 16 + 4);
    expect(s.stats.impostorsStaleByTextures).toBe(1);
    expect(s.stats.impostorsDrawn).toBe(1);
    expect(s.state.bakedTextureDetail[s.eid]).toBeGreaterThan(blurred);
    expect(residentDetail(s.texture(), need)).toBe(vtShape(SIDE, SIDE).levels - need);
    // Pages given back (here: the tail, written again as wanted) do not make it stale.
    const t = s.texture();
    releaseSlot(s.renderer.textures.residency!, t, t.shape!.entryOffset[t.shape!.firstTailLevel]);
    s.frame(4 * KEY_CHECK_FRAMES);
    expect(s.stats.impostorsStaleByTextures).toBe(1);
    expect(s.stats.impostorsDrawn).toBe(1);
  });

  it('bakes after MAX_TEXTURE_WAIT_FRAMES when a texture never arrives', () => {
    const s = setup(100);
    s.renderer.textures.source = { want: () => {}, update: () => {}, drain: () => {}, release: () => {} };
    s.frame(2 + MAX_TEXTURE_WAIT_FRAMES + VIEWS_PER_IMPOSTOR / 16 + 2);
    expect(s.stats.impostorsDrawn).toBe(1);
    expect(s.state.bakedTextureDetail[s.eid]).toBe(0);
  });

  it('bakes again as the textures come back into a new residency (another source)', () => {
    const s = setup(100);
    s.source.finestDiscard = 0;
    s.frame(3 + VIEWS_PER_IMPOSTOR / 16 + 4);
    expect(s.stats.impostorsDrawn).toBe(1);
    const baked = s.state.bakesCompleted;
    const again = new CappedTextures();
    again.finestDiscard = 0;
    s.renderer.textures.source = again;
    s.frame(2 * KEY_CHECK_FRAMES + VIEWS_PER_IMPOSTOR / 16 + 4);
    expect(s.state.bakesCompleted).toBeGreaterThan(baked);
    expect(s.stats.impostorsDrawn).toBe(1);
  });
});
