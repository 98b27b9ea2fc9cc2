import { describe, expect, it } from 'vitest';
import { findObject } from '../objects/object-queries.ts';
import { REGION_X, REGION_Y, objectUpdatePacket } from '../test-support/packets.test-support.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';

// Quarter turns, as (x, y, z, w).
const QUARTER_Z: [number, number, number, number] = [0, 0, Math.SQRT1_2, Math.SQRT1_2];
const QUARTER_X: [number, number, number, number] = [Math.SQRT1_2, 0, 0, Math.SQRT1_2];

describe('world transforms of a rotated child of a rotated root', () => {
  it('rotation = root ⊗ local (local first, then the root), not local ⊗ root', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([
      { localId: 40, position: [100, 50, 20], rotation: QUARTER_Z },
      { localId: 41, parentId: 40, position: [1, 0, 0], rotation: QUARTER_X },
    ]));
    t.frame();
    const child = findObject(t.ingestion, REGION_X, REGION_Y, 41);
    const world = t.ingestion.components.world;
    expect(world.valid[child]).toBe(1);
    // qz ⊗ qx = (½, ½, ½, ½); the swapped order would give (½, -½, ½, ½).
    const rotation = [...world.rotation.subarray(child * 4, child * 4 + 4)];
    const sign = Math.sign(rotation[3]!) || 1;
    expect(rotation.map((v) => Math.round(sign * v * 1e4) / 1e4)).toEqual([0.5, 0.5, 0.5, 0.5]);
    // What that means for the drawn prim: the child's own x axis (which its quarter turn
    // about x leaves alone) is turned onto world +y by the root; the swapped order sends it to +z.
    const m = world.matrix.subarray(child * 16, child * 16 + 16);
    const length = Math.hypot(m[0]!, m[1]!, m[2]!);
    expect([m[0]! / length, m[1]! / length, m[2]! / length].map((v) => Math.round(v * 1e4) / 1e4 + 0)).toEqual([0, 1, 0]);
    // Its z axis: turned onto -y by its own quarter turn about x, then onto +x by the root.
    const zLength = Math.hypot(m[8]!, m[9]!, m[10]!);
    expect([m[8]! / zLength, m[9]! / zLength, m[10]! / zLength].map((v) => Math.round(v * 1e4) / 1e4 + 0)).toEqual([1, 0, 0]);
  });
});
