import { PerformanceSettingsResource } from '@slv/config';
import { addSystems, createResources, createScheduler, runFrame } from '@slv/core';
import { createUuidTable, internUuid, uuidText } from '@slv/world';
import { mat4 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import type { RenderCaps } from '../gpu/render-caps.ts';
import type { DrawableMesh, MeshUploader } from '../meshes/mesh-slots.ts';
import { createRenderState, type RenderResources } from '../render-state.ts';
import type { TextureImage, TextureSource } from '../textures/texture-state.ts';
import { sculptMeshResolution } from '../volume/index.ts';
import { sphereSculptMap } from '../volume/sphere-sculpt-map.test-support.ts';
import { RENDER_SYSTEMS } from './render-systems.ts';
import { addTestObject, createTestWorld } from './test-world.test-support.ts';

const CAPS: RenderCaps = { webgl2: true, floatTextures: true, maxAnisotropy: 16, uintIndices: true, maxTextureSize: 8192 };

/** Hands over each map asked for, whole, once (again after a release). */
class MapSource implements TextureSource {
  readonly asked: string[] = [];
  private readonly ready: [string, TextureImage][] = [];
  private readonly handed = new Set<string>();
  constructor(private readonly maps: Map<string, TextureImage>) {}
  want(id: string): void {
    if (!this.asked.includes(id)) this.asked.push(id);
    const map = this.maps.get(id);
    if (map !== undefined && !this.handed.has(id)) {
      this.handed.add(id);
      this.ready.push([id, map]);
    }
  }
  update(): void {}
  drain(receive: (id: string, image: TextureImage) => void): void {
    for (const [id, image] of this.ready.splice(0)) receive(id, image);
  }
  release(id: string): void {
    this.handed.delete(id);
  }
}

describe('sculpted prims', () => {
  it('draw as boxes until their map arrives, then as the geometry of the map at their LOD', () => {
    const t = createTestWorld(8);
    const assets = createUuidTable(8);
    const eid = addTestObject(t, { position: [128, 104, 30], scale: [2, 2, 2], sculptType: 1 });
    const bytes = new Uint8Array(16).fill(7);
    t.components.sculpt.assetIndex[eid] = internUuid(assets, bytes, 0);
    const id = uuidText(assets, t.components.sculpt.assetIndex[eid]);
    const renderer = createRenderState<DrawableMesh>({ capacity: t.world.capacity, lightFormat: 'float', caps: CAPS, uploader: { upload: (m) => m, release: () => {} } as MeshUploader<DrawableMesh>, uuidCapacity: 8 });
    const maps = new Map<string, TextureImage>();
    const source = new MapSource(maps);
    renderer.textures.source = source;
    const resources: RenderResources = { ...createResources({ settings: new PerformanceSettingsResource({ profile: 'Balanced' }), bus: null }), ingestion: { components: t.components, terrain: new Map(), tables: { assets } }, renderer };
    mat4.lookAt(resources.camera.view as mat4, [128, 96, 30], [128, 140, 30], [0, 0, 1]);
    mat4.perspective(resources.camera.projection as mat4, Math.PI / 3, 4 / 3, 0.5, 1000);
    (resources.camera.position as Float32Array).set([128, 96, 30]);
    const scheduler = createScheduler(t.world, resources);
    addSystems(scheduler, RENDER_SYSTEMS);
    let now = 0;
    runFrame(scheduler, (now += 16));
    // Asked for its map; a box meanwhile.
    expect(source.asked).toEqual([id]);
    expect(renderer.meshes.slot[eid]).toBe(-1);
    expect(renderer.stats.boxesDrawn).toBe(1);

    maps.set(id, { width: 32, height: 32, pixels: sphereSculptMap(32), discard: 0 });
    runFrame(scheduler, (now += 16));
    runFrame(scheduler, (now += 16));
    expect(renderer.stats.boxesDrawn).toBe(0);
    const slot = renderer.meshes.slot[eid];
    const mesh = renderer.meshes.slots.handles[slot]!;
    const level = renderer.meshes.lod[eid] as 0 | 1 | 2 | 3;
    const { s, t: rows } = sculptMeshResolution(32, 32, level);
    expect(mesh.positions.length / 3).toBe((s + 1) * (rows + 1));
    // Round: every vertex about 0.5 from the centre (the unit sphere scaled into the prim's unit box).
    for (let v = 0; v < mesh.positions.length; v += 3) {
      const r = Math.hypot(mesh.positions[v], mesh.positions[v + 1], mesh.positions[v + 2]);
      expect(r).toBeGreaterThan(0.45);
      expect(r).toBeLessThan(0.55);
    }
  });
});
