/**
 * Mesh objects through the render systems without a GPU: asked of the
 * source at the LOD the viewer picks, a box until geometry arrives, the
 * nearest delivered LOD drawn (lower first), a generated LOD replacing a
 * stand-in, a missing mesh reported once and never asked again, and the
 * geometry held under memory.meshCacheMB.
 */
import { PerformanceSettingsResource } from '@slv/config';
import { addSystems, createResources, createScheduler, runFrame } from '@slv/core';
import { createUuidTable, internUuid, uuidText } from '@slv/world';
import { describe, expect, it } from 'vitest';
import type { RenderCaps } from '../gpu/render-caps.ts';
import type { MeshLodGeometry } from '../meshes/mesh-asset-drawable.ts';
import { drawableLod, type MeshGeometryDelivery, type MeshGeometrySource, type MeshLodIndex } from '../meshes/mesh-assets.ts';
import type { DrawableMesh, MeshUploader } from '../meshes/mesh-slots.ts';
import { createRenderState, type RenderResources } from '../render-state.ts';
import { applyMeshCacheBudget } from './lod.ts';
import { RENDER_SYSTEMS } from './render-systems.ts';
import { addTestObject, aimTestCamera, createTestWorld } from './test-world.test-support.ts';

const CAPS: RenderCaps = { webgl2: true, floatTextures: true, maxAnisotropy: 16, uintIndices: true, maxTextureSize: 8192 };

/** A pyramid of `sides` around z, apex up: 2 faces (the sides, the base), one NoGeometry face between them. */
function pyramid(sides: number): MeshLodGeometry {
  const positions: number[] = [0, 0, 0.5];
  for (let i = 0; i < sides; i++) positions.push(0.5 * Math.cos((2 * Math.PI * i) / sides), 0.5 * Math.sin((2 * Math.PI * i) / sides), -0.5);
  const indices: number[] = [];
  for (let i = 0; i < sides; i++) indices.push(0, 1 + i, 1 + ((i + 1) % sides));
  const base: number[] = [];
  for (let i = 1; i + 1 < sides; i++) base.push(1, 1 + i + 1, 1 + i);
  const face = (p: number[], idx: number[]) => ({
    noGeometry: false, vertexCount: p.length / 3, positions: Float32Array.from(p), normals: null, uvs: null, indices: Uint16Array.from(idx),
  });
  const empty = { noGeometry: true, vertexCount: 0, positions: new Float32Array(0), normals: null, uvs: null, indices: new Uint16Array(0) };
  return { faces: [face(positions, indices), empty, face(positions, base)] };
}

class FakeMeshSource implements MeshGeometrySource {
  readonly wants: [string, number, number][] = [];
  readonly released: string[] = [];
  readonly queue: [string, MeshGeometryDelivery][] = [];
  want(id: string, lod: MeshLodIndex, priority: number): void {
    this.wants.push([id, lod, priority]);
  }
  update(): void {}
  drain(receive: (id: string, delivery: MeshGeometryDelivery) => void): void {
    for (const [id, delivery] of this.queue.splice(0)) receive(id, delivery);
  }
  release(id: string): void {
    this.released.push(id);
  }
  deliver(id: string, lod: MeshLodIndex, geometry: MeshLodGeometry, exact = true, generated = false): void {
    this.queue.push([id, { kind: 'lod', lod, geometry, exact, generated }]);
  }
}

function setup(profile: 'Low' | 'Balanced' | 'High' = 'Balanced', distance = 8) {
  const t = createTestWorld(16);
  const assets = createUuidTable(16);
  const eid = addTestObject(t, { position: [128, 96 + distance, 30], scale: [2, 2, 2], sculptType: 5 });
  t.components.sculpt.assetIndex[eid] = internUuid(assets, new Uint8Array(16).fill(9), 0);
  const id = uuidText(assets, t.components.sculpt.assetIndex[eid]);
  const errors: string[] = [];
  const renderer = createRenderState<DrawableMesh>({
    capacity: t.world.capacity, lightFormat: 'float', caps: CAPS, uuidCapacity: 16,
    uploader: { upload: (m) => m, release: () => {} } as MeshUploader<DrawableMesh>, onMeshError: (meshId, reason) => errors.push(`${meshId}: ${reason}`),
  });
  const source = new FakeMeshSource();
  renderer.meshes.meshAssets.source = source;
  const settings = new PerformanceSettingsResource({ profile });
  const resources: RenderResources = { ...createResources({ settings, bus: null }), ingestion: { components: t.components, terrain: new Map(), tables: { assets } }, renderer };
  aimTestCamera(resources.camera, [128, 96, 30], [128, 140, 30]);
  const scheduler = createScheduler(t.world, resources);
  addSystems(scheduler, RENDER_SYSTEMS);
  let now = 0;
  const frame = () => runFrame(scheduler, (now += 16));
  const drawn = () => renderer.meshes.slots.handles[renderer.meshes.slot[eid]!]!;
  const lookAway = () => aimTestCamera(resources.camera, [128, 96, 30], [128, 50, 30]);
  return { t, eid, id, renderer, source, settings, frame, drawn, errors, lookAway };
}

describe('mesh objects', () => {
  it('are asked for at the LOD the viewer picks, drawn as boxes until geometry arrives, then as the mesh', () => {
    const { eid, id, renderer, source, frame, drawn } = setup();
    frame();
    const level = renderer.meshes.lod[eid]!;
    expect(level).toBeGreaterThanOrEqual(0);
    expect(source.wants).toEqual([[id, level, expect.any(Number)]]);
    expect(source.wants[0]![2]).toBeGreaterThan(0);
    expect(renderer.stats.boxesDrawn).toBe(1);

    source.deliver(id, level as MeshLodIndex, pyramid(5));
    frame();
    expect(renderer.stats.boxesDrawn).toBe(0);
    const mesh = drawn();
    expect(mesh.positions.length / 3).toBe(6 + 6);
    // Face 0 the sides (5 triangles), face 1 NoGeometry (nothing), face 2 the base (3 triangles): TE face = mesh face.
    expect(Array.from(mesh.faceIndexCount)).toEqual([15, 0, 9]);
    expect(Array.from(mesh.faceTe)).toEqual([0, 1, 2]);
    // Normals made from the triangles: unit length.
    for (let v = 0; v < mesh.normals.length; v += 3) expect(Math.hypot(mesh.normals[v]!, mesh.normals[v + 1]!, mesh.normals[v + 2]!)).toBeCloseTo(1, 5);
    expect(renderer.stats.meshAssetBytes).toBeGreaterThan(0);
  });

  it('draws the nearest delivered LOD, lower first, and a generated LOD replaces the stand-in when ready', () => {
    const { eid, id, renderer, source, frame, drawn } = setup('Balanced', 3);
    frame();
    const level = renderer.meshes.lod[eid]!;
    expect(level).toBe(3);
    const entry = renderer.meshes.meshAssets.byId.get(id)!;
    // Only the lowest LOD so far: drawn in place of the finest.
    source.deliver(id, 0, pyramid(4));
    frame();
    expect(drawableLod(entry, 3)).toBe(0);
    expect(drawn().faceIndexCount[0]).toBe(12);
    // A stand-in for LOD 3 (the asset lacks it), then the LOD generated for it.
    source.deliver(id, 3, pyramid(6), false);
    frame();
    expect(drawn().faceIndexCount[0]).toBe(18);
    source.deliver(id, 3, pyramid(8), true, true);
    frame();
    expect(drawn().faceIndexCount[0]).toBe(24);
    expect(entry.generated[3]).toBe(1);
    // A later stand-in never replaces a LOD's own geometry.
    source.deliver(id, 3, pyramid(7), false);
    frame();
    expect(drawn().faceIndexCount[0]).toBe(24);
    // Only a higher LOD arrived for a lower want: it is used.
    const d = entry.drawables;
    d[0] = null;
    expect(drawableLod(entry, 0)).toBe(3);
  });

  it('a missing or broken mesh is reported once, stays a box and is not asked for again', () => {
    const { id, renderer, source, frame, errors } = setup();
    frame();
    source.queue.push([id, { kind: 'unusable', reason: 'mesh x: high_lod: has no faces' }]);
    frame();
    const asked = source.wants.length;
    frame();
    frame();
    expect(source.wants.length).toBe(asked);
    expect(errors).toEqual([`${id}: mesh x: high_lod: has no faces`]);
    expect(renderer.stats.boxesDrawn).toBe(1);
    source.queue.push([id, { kind: 'missing' }]);
    frame();
    expect(errors).toHaveLength(1);
  });

  it('memory.meshCacheMB bounds mesh LODs and prim volumes (half each); meshes not wanted go first', () => {
    const { id, renderer, source, frame, settings, lookAway } = setup();
    frame();
    expect(renderer.meshes.volumes.maxBytes).toBe((settings.settings.memory.meshCacheMB * 1024 * 1024) / 2);
    expect(renderer.meshes.meshAssets.maxBytes).toBe(renderer.meshes.volumes.maxBytes);
    source.deliver(id, 0, pyramid(64));
    frame();
    const assets = renderer.meshes.meshAssets;
    expect(assets.bytes).toBeGreaterThan(0);
    // The setting changes: both budgets follow on the next frame.
    settings.update({ memory: { meshCacheMB: 16 } });
    frame();
    expect(renderer.meshes.volumes.maxBytes).toBe(8 * 1024 * 1024);
    // A budget below what is held: the mesh is let go of once it is no longer wanted (checked every 120 frames).
    applyMeshCacheBudget(renderer.meshes, 16);
    assets.maxBytes = 100;
    const held = assets.bytes;
    for (let i = 0; i < 60; i++) frame();
    expect(assets.bytes).toBe(held); // still in view: kept
    lookAway();
    for (let i = 0; i < 130 && assets.bytes > 0; i++) frame();
    expect(assets.bytes).toBe(0);
    expect(assets.evicted).toBe(1);
    expect(source.released).toContain(id);
  });
});

