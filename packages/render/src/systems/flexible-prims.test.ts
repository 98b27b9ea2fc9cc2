/**
 * Flexible prims through the render systems without a GPU: a visible one is
 * stepped each frame and drawn from its own slot with geometry along the
 * bent path (a level prim's free end sags under gravity), one out of view
 * is not stepped, and the views over its volume are made once, not per frame.
 */
import { PerformanceSettingsResource } from '@slv/config';
import { addSystems, createResources, createScheduler, runFrame } from '@slv/core';
import { SHAPE_FLOATS, ShapeFloat } from '@slv/protocol';
import { quat } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import type { RenderCaps } from '../gpu/render-caps.ts';
import type { DrawableMesh, MeshUploader } from '../meshes/mesh-slots.ts';
import { createRenderState, type RenderResources } from '../render-state.ts';
import { RENDER_SYSTEMS } from './render-systems.ts';
import { addTestObject, aimTestCamera, createTestWorld } from './test-world.test-support.ts';

const CAPS: RenderCaps = { webgl2: true, floatTextures: true, maxAnisotropy: 16, uintIndices: true, maxTextureSize: 8192 };

function setup(gravity: number) {
  const t = createTestWorld(8);
  // A 0.2 × 0.2 × 3 m rod laid level: rotated about y so its path (local z) runs along world +x.
  const eid = addTestObject(t, { position: [126, 110, 30], scale: [0.2, 0.2, 3] });
  const c = t.components;
  const level = quat.setAxisAngle(quat.create(), [0, 1, 0], Math.PI / 2);
  c.world.rotation.set(level, eid * 4);
  c.local.rotation.set(level, eid * 4);
  c.shape.params[eid * SHAPE_FLOATS + ShapeFloat.PathCurve] = 0x80;
  c.flexible.softness[eid] = 2;
  c.flexible.tension[eid] = 1;
  c.flexible.drag[eid] = 2;
  c.flexible.gravity[eid] = gravity;
  const uploads: DrawableMesh[] = [];
  const renderer = createRenderState<DrawableMesh>({
    capacity: t.world.capacity, lightFormat: 'float', caps: CAPS,
    uploader: { upload: (m) => (uploads.push(m), m), release: () => {} } as MeshUploader<DrawableMesh>,
  });
  const resources: RenderResources = { ...createResources({ settings: new PerformanceSettingsResource({ profile: 'Balanced' }), bus: null }), ingestion: { components: c, terrain: new Map() }, renderer };
  aimTestCamera(resources.camera, [127.5, 100, 30], [127.5, 140, 30]);
  const scheduler = createScheduler(t.world, resources);
  addSystems(scheduler, RENDER_SYSTEMS);
  let now = 0;
  const frame = () => runFrame(scheduler, (now += 16));
  const drawn = () => renderer.meshes.slots.handles[renderer.batches.batchSlot[0]!]!;
  return { eid, renderer, resources, frame, drawn, uploads };
}

/**
 * How far the rod reaches along local +x (world down for this rod), beyond its own half width, in unit space
 * (x is divided by the 0.2 m width, so 1 is 0.2 m of sag).
 */
function tipSag(mesh: DrawableMesh): number {
  let most = -Infinity;
  for (let v = 0; v < mesh.positions.length; v += 3) most = Math.max(most, mesh.positions[v]!);
  return most - 0.5;
}

describe('flexible prims', () => {
  it('a level rod sags at its free end under gravity, drawn from its own slot, stepped every visible frame', () => {
    const { renderer, frame, drawn } = setup(1);
    frame();
    expect(renderer.stats.flexiblePrimsStepped).toBe(1);
    expect(renderer.stats.boxesDrawn).toBe(0);
    const straight = tipSag(drawn());
    expect(Math.abs(straight)).toBeLessThan(0.02);
    for (let i = 0; i < 90; i++) frame();
    expect(renderer.stats.flexiblePrimsStepped).toBe(1);
    // The end hangs: more than 0.2 m (one rod width) below where it started.
    expect(tipSag(drawn())).toBeGreaterThan(1);
  });

  it('no gravity, wind or force: it stays straight', () => {
    const { frame, drawn } = setup(0);
    for (let i = 0; i < 60; i++) frame();
    expect(Math.abs(tipSag(drawn()))).toBeLessThan(0.02);
  });

  it('out of view it is not stepped; the views over its volume are made once, not every frame', () => {
    const { renderer, resources, frame, uploads } = setup(1);
    for (let i = 0; i < 5; i++) frame();
    // The uploader here has no update: each frame's geometry is uploaded afresh, yet from the same views.
    const meshes = new Set(uploads.slice(2)); // after the pinned box and avatar figure
    expect(meshes.size).toBe(1);
    aimTestCamera(resources.camera, [127.5, 100, 30], [127.5, 60, 30]);
    frame();
    expect(renderer.stats.flexiblePrimsStepped).toBe(0);
  });
});
