import { describe, expect, it } from 'vitest';
import { findObjectByName, generateScene } from './generate-scene.ts';
import { TEST_OBJECT_NAMES } from './layouts.ts';
import type { Scene, SceneObject } from './scene-types.ts';
import { SHAPE_FAMILIES, shapeFamilyOf } from './shape-presets.ts';
import { MAX_TERRAIN_HEIGHT, MIN_TERRAIN_HEIGHT, PLATEAU_HEIGHT, terrainHeightAt } from './terrain.ts';

const options = { seed: 7, objects: 60, lights: 4, movers: 3 };

function roots(scene: Scene): SceneObject[] {
  return scene.objects.filter((o) => o.parentId === 0);
}

describe('generateScene', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateScene(options);
    const b = generateScene(options);
    expect(b).toEqual(a);
    const c = generateScene({ ...options, seed: 8 });
    expect(c.objects.map((o) => o.fullId)).not.toEqual(a.objects.map((o) => o.fullId));
    expect(c.heightmap).not.toEqual(a.heightmap);
  });

  it('makes rolling terrain in 10..40 m with a flat plateau at the centre', () => {
    const scene = generateScene(options);
    expect(scene.heightmap.length).toBe(256 * 256);
    let min = Infinity;
    let max = -Infinity;
    for (const h of scene.heightmap) {
      min = Math.min(min, h);
      max = Math.max(max, h);
    }
    expect(min).toBeGreaterThanOrEqual(MIN_TERRAIN_HEIGHT);
    expect(max).toBeLessThanOrEqual(MAX_TERRAIN_HEIGHT);
    expect(max - min).toBeGreaterThan(8);
    expect(min).toBeLessThan(scene.waterHeight);
    for (const [x, y] of [[128, 128], [120, 140], [140, 120]] as const) {
      expect(terrainHeightAt(scene.heightmap, 256, x, y)).toBeCloseTo(PLATEAU_HEIGHT, 5);
    }
    // Smooth: neighbouring samples differ by well under a metre.
    let steepest = 0;
    for (let y = 0; y < 256; y++) {
      for (let x = 1; x < 256; x++) steepest = Math.max(steepest, Math.abs(scene.heightmap[y * 256 + x]! - scene.heightmap[y * 256 + x - 1]!));
    }
    expect(steepest).toBeLessThan(1);
    expect(scene.waterHeight).toBe(20);
  });

  it('covers every shape family, with hollow, cut, twisted, tapered and sheared variants', () => {
    const scene = generateScene({ ...options, objects: 150 });
    const families = new Set(scene.objects.map((o) => shapeFamilyOf(o.shape)));
    for (const family of SHAPE_FAMILIES) expect(families, family).toContain(family);
    const shapes = scene.objects.map((o) => o.shape);
    expect(shapes.some((s) => s.profileHollow > 0)).toBe(true);
    expect(shapes.some((s) => s.profileBegin > 0 || s.profileEnd > 0)).toBe(true);
    expect(shapes.some((s) => s.pathTwist !== 0)).toBe(true);
    expect(shapes.some((s) => s.pathScaleX !== 100 && s.pathCurve === 0x10)).toBe(true);
    expect(shapes.some((s) => s.pathShearX !== 0)).toBe(true);
    // Per-face colours on some, several textures across the scene.
    expect(scene.objects.some((o) => o.faces.length === 6)).toBe(true);
    expect(new Set(scene.objects.flatMap((o) => o.faces.map((f) => f.textureId))).size).toBeGreaterThan(2);
  });

  it('stands objects on the terrain, inside the region', () => {
    const scene = generateScene(options);
    for (const o of roots(scene)) {
      expect(o.position[0]).toBeGreaterThanOrEqual(0);
      expect(o.position[0]).toBeLessThan(256);
      expect(o.position[1]).toBeGreaterThanOrEqual(0);
      expect(o.position[1]).toBeLessThan(256);
      // Roots turn only about z, so their bottom is z - scale.z / 2.
      const bottom = o.position[2] - o.scale[2] / 2;
      expect(bottom, o.name).toBeGreaterThanOrEqual(terrainHeightAt(scene.heightmap, 256, o.position[0], o.position[1]) - 1e-3);
    }
    const statics = roots(scene).filter((o) => o.name.startsWith('Object '));
    const resting = statics.filter((o) => {
      const bottom = o.position[2] - o.scale[2] / 2;
      return bottom - terrainHeightAt(scene.heightmap, 256, o.position[0], o.position[1]) < 2;
    });
    expect(resting.length).toBeGreaterThan(statics.length * 0.8);
  });

  it('builds flat linksets of 1–4 children with parent-relative positions', () => {
    const scene = generateScene({ ...options, objects: 120 });
    const byId = new Map(scene.objects.map((o) => [o.localId, o]));
    const children = scene.objects.filter((o) => o.parentId !== 0);
    expect(children.length).toBeGreaterThan(0);
    const counts = new Map<number, number>();
    for (const child of children) {
      const parent = byId.get(child.parentId)!;
      expect(parent.parentId).toBe(0);
      // Relative offsets are a few metres, not region coordinates.
      expect(Math.hypot(...child.position)).toBeLessThan(10);
      // The parent comes first in the scene.
      expect(scene.objects.indexOf(parent)).toBeLessThan(scene.objects.indexOf(child));
      counts.set(child.parentId, (counts.get(child.parentId) ?? 0) + 1);
    }
    for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(1);
    for (const [parentId, n] of counts) if (byId.get(parentId)!.name.startsWith('Object ')) expect(n).toBeLessThanOrEqual(4);
    // objects counts prims, children included (plus the layout's sign).
    expect(scene.objects.filter((o) => o.name.startsWith('Object ')).length).toBe(120);
  });

  it('puts point lights on lamps and movers on circles', () => {
    const scene = generateScene(options);
    const lit = scene.objects.filter((o) => o.light !== undefined);
    expect(lit).toHaveLength(4);
    for (const o of lit) {
      expect(o.light!.radius).toBeGreaterThan(0);
      expect(o.light!.intensity).toBe(1);
    }
    expect(scene.movers).toHaveLength(3);
    for (const mover of scene.movers) {
      const o = scene.objects.find((x) => x.localId === mover.localId)!;
      const d = Math.hypot(o.position[0] - mover.center[0], o.position[1] - mover.center[1]);
      expect(d).toBeCloseTo(mover.radius, 4);
      expect(mover.center[0] - mover.radius).toBeGreaterThan(0);
      expect(mover.center[0] + mover.radius).toBeLessThan(256);
    }
  });

  it('gives every object a unique local id and UUID', () => {
    const scene = generateScene({ ...options, objects: 200 });
    expect(new Set(scene.objects.map((o) => o.localId)).size).toBe(scene.objects.length);
    expect(new Set(scene.objects.map((o) => o.fullId)).size).toBe(scene.objects.length);
    for (const o of scene.objects) expect(o.fullId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('places the test layout at known spots and adds extra objects', () => {
    const scene = generateScene({
      seed: 1, objects: 0, lights: 0, movers: 0, layout: 'test',
      extraObjects: [{ name: 'probe', shape: 'cylinder', position: [100, 100, 2], aboveTerrain: true, color: [0, 1, 1, 1] }],
    });
    const red = findObjectByName(scene, TEST_OBJECT_NAMES.redBox)!;
    expect(red.position[0]).toBe(128);
    expect(red.position[1]).toBe(140);
    expect(red.position[2]).toBeCloseTo(PLATEAU_HEIGHT + 1, 5);
    expect(red.scale).toEqual([2, 2, 2]);
    expect(red.faces[0]!.color).toEqual([1, 0, 0, 1]);
    expect(shapeFamilyOf(red.shape)).toBe('box');
    expect(findObjectByName(scene, TEST_OBJECT_NAMES.lamp)!.light).toBeDefined();
    const linkset = findObjectByName(scene, TEST_OBJECT_NAMES.linkset)!;
    expect(scene.objects.filter((o) => o.parentId === linkset.localId)).toHaveLength(2);
    expect(scene.movers.map((m) => m.localId)).toEqual([findObjectByName(scene, TEST_OBJECT_NAMES.mover)!.localId]);
    const probe = findObjectByName(scene, 'probe')!;
    expect(probe.position[2]).toBeCloseTo(terrainHeightAt(scene.heightmap, 256, 100, 100) + 2, 5);
    expect(shapeFamilyOf(probe.shape)).toBe('cylinder');
  });

  it('rejects bad options with a clear error', () => {
    expect(() => generateScene({ ...options, objects: -1 })).toThrow(/objects must be an integer/);
    expect(() => generateScene({ ...options, regionX: 100 })).toThrow(/multiples of 256/);
    expect(() => generateScene({ ...options, extraObjects: [{ position: [300, 10, 0] }] })).toThrow(/outside the 256 m region/);
    expect(() => generateScene({
      ...options, extraObjects: [{ position: [10, 10, 0], children: [{ position: [0, 0, 1], children: [{ position: [0, 0, 1] }] }] }],
    })).toThrow(/linksets are flat/);
  });
});
