/** Replays the real OpenSimulator 0.9.2.2 captures through the packet decoder, the bus and ingestion. */
import { PCode, PathCurve, ProfileShape, SHAPE_FLOATS, ShapeFloat } from '@slv/protocol';
import { projectFixture } from '@slv/testing';
import { describe, expect, it } from 'vitest';
import { avatarName, liveObjects } from '../objects/object-queries.ts';
import { WEATHER_GRID_EDGE } from '../regions/region-terrain.ts';
import { createTestWorld, hexBytes, readCapture } from '../test-support/test-world.test-support.ts';
import type { TestWorld } from '../test-support/test-world.test-support.ts';

function replay(file: string): TestWorld {
  const t = createTestWorld();
  for (const line of readCapture(projectFixture(`opensim-0.9.2.2/${file}`))) {
    if (line.dir === 'sim->client') t.dispatch(hexBytes(line.hex));
  }
  t.frame();
  return t;
}

const vec = (a: Float32Array, eid: number, n = 3): number[] => [...a.subarray(eid * n, eid * n + n)];

describe('OpenSimulator 0.9.2.2 login session', () => {
  const t = replay('session-login.udp.jsonl');
  const ing = t.ingestion;
  const c = ing.components;
  const objects = liveObjects(ing);
  const shapeOf = (eid: number, field: number): number => c.shape.params[eid * SHAPE_FLOATS + field]!;

  it('ingests exactly 7 objects without a decode error or a request', () => {
    expect(objects).toHaveLength(7);
    expect(t.errors).toEqual([]);
    expect(t.requests).toEqual([]);
    expect(ing.stats.objectUpdateBlocks).toBe(7);
  });

  it('holds the avatar Test User at (128, 128, 26.1), standing, with its collision plane', () => {
    const avatars = objects.filter((e) => c.identity.pcode[e] === PCode.Avatar);
    expect(avatars).toHaveLength(1);
    const avatar = avatars[0]!;
    expect(avatarName(ing, avatar)).toEqual({ first: 'Test', last: 'User' });
    const [x, y, z] = vec(c.world.position, avatar);
    expect(x).toBeCloseTo(128, 2);
    expect(y).toBeCloseTo(128, 2);
    expect(z).toBeCloseTo(26.1, 1);
    expect(c.world.valid[avatar]).toBe(1);
    // The avatar's 76-byte ObjectData starts with its collision plane: a plane facing up.
    expect(c.motion.collisionPlane[avatar * 4 + 2]).toBeCloseTo(1, 3);
  });

  it('holds three boxes, a cylinder, a sphere and a torus, in that order along x, at y 128, z 26, 1 m each', () => {
    const prims = objects.filter((e) => c.identity.pcode[e] === PCode.Prim).sort((a, b) => c.world.position[a * 3]! - c.world.position[b * 3]!);
    expect(prims).toHaveLength(6);
    const shapes = prims.map((e) => [shapeOf(e, ShapeFloat.PathCurve), shapeOf(e, ShapeFloat.ProfileCurve) & 0x0f]);
    expect(shapes).toEqual([
      [PathCurve.Line, ProfileShape.Square],
      [PathCurve.Line, ProfileShape.Square],
      [PathCurve.Line, ProfileShape.Square],
      [PathCurve.Line, ProfileShape.Circle],
      [PathCurve.Circle, ProfileShape.HalfCircle],
      [PathCurve.Circle, ProfileShape.Circle],
    ]);
    expect(prims.map((e) => c.world.position[e * 3])).toEqual([120, 123, 126, 130, 133, 136]);
    for (const e of prims) {
      expect(c.world.position[e * 3 + 1]).toBe(128);
      expect(c.world.position[e * 3 + 2]).toBe(26);
      expect(vec(c.local.scale, e)).toEqual([1, 1, 1]);
      expect(c.identity.parentLocalId[e]).toBe(0);
      // Untouched default prims: no cut, no hollow, no twist, one revolution, one face description.
      expect(shapeOf(e, ShapeFloat.PathBegin)).toBe(0);
      expect(shapeOf(e, ShapeFloat.PathEnd)).toBeCloseTo(1, 6);
      expect(shapeOf(e, ShapeFloat.ProfileHollow)).toBe(0);
      expect(shapeOf(e, ShapeFloat.PathTwist)).toBe(0);
      expect(shapeOf(e, ShapeFloat.PathRevolutions)).toBe(1);
      expect(c.textures.faceCount[e]).toBe(1);
      expect(c.textures.textureIndex[e * 9]).toBeGreaterThan(0);
      // A matrix column scaled by 1 and the translation in the last column.
      expect(c.world.matrix[e * 16 + 12]).toBe(c.world.position[e * 3]);
    }
  });

  it('decodes the terrain from its 11 land LayerData packets into a full 256×256 heightmap', () => {
    expect(ing.stats.landPatches).toBe(256);
    const terrain = ing.terrain.get(0)!;
    expect(terrain.landPatches).toBe(256);
    expect(terrain.patchReceived.every((seen) => seen === 1)).toBe(true);
    let min = Infinity;
    let max = -Infinity;
    for (const h of terrain.heightmap) {
      min = Math.min(min, h);
      max = Math.max(max, h);
    }
    expect(min).toBeGreaterThan(-0.2);
    expect(min).toBeLessThan(0);
    expect(max).toBeGreaterThan(24.9);
    expect(max).toBeLessThan(25.1);
  });

  it('decodes its 2 wind packets into the 16×16 wind grids', () => {
    expect(ing.stats.windPatches).toBe(4);
    const terrain = ing.terrain.get(0)!;
    expect(terrain.windRevision).toBe(4);
    expect(terrain.windX).toHaveLength(WEATHER_GRID_EDGE * WEATHER_GRID_EDGE);
    expect(terrain.windX.some((v) => v !== 0)).toBe(true);
    expect(terrain.windY.some((v) => v !== 0)).toBe(true);
    for (const v of [...terrain.windX, ...terrain.windY]) expect(Math.abs(v)).toBeLessThan(1.1);
  });
});

describe('OpenSimulator 0.9.2.2 rez session', () => {
  const t = replay('session-rez.udp.jsonl');
  const ing = t.ingestion;
  const c = ing.components;

  it('follows three rezzed boxes to where they were moved, and the KillObject at logout removes the avatar', () => {
    const objects = liveObjects(ing);
    expect(objects.map((e) => c.identity.pcode[e])).toEqual([PCode.Prim, PCode.Prim, PCode.Prim]);
    const xs = objects.map((e) => c.world.position[e * 3]).sort((a, b) => a! - b!);
    expect(xs).toEqual([120, 123, 126]);
    expect(ing.stats.objectsKilled).toBe(1);
    expect(t.errors).toEqual([]);
  });
});
