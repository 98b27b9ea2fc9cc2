import { describe, expect, it } from 'vitest';
import { MAX_EXTRAPOLATION_SECONDS } from './interpolation-system.ts';
import { findObject } from '../objects/object-queries.ts';
import { REGION_X, REGION_Y, compressedPacket, objectUpdatePacket, tersePacket } from '../test-support/packets.test-support.ts';
import { createTestWorld } from '../test-support/test-world.test-support.ts';
import type { TestWorld } from '../test-support/test-world.test-support.ts';

const at = (t: TestWorld, localId: number): number => findObject(t.ingestion, REGION_X, REGION_Y, localId);
const worldPos = (t: TestWorld, eid: number): number[] => [...t.ingestion.components.world.position.subarray(eid * 3, eid * 3 + 3)];
const worldRot = (t: TestWorld, eid: number): number[] => [...t.ingestion.components.world.rotation.subarray(eid * 4, eid * 4 + 4)];

describe('interpolation', () => {
  it('extrapolates position from velocity and acceleration since the last update', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1, position: [10, 20, 30], velocity: [2, 0, 0], acceleration: [0, 0, -4] }]));
    t.clock.now += 500;
    t.frame();
    const [x, y, z] = worldPos(t, at(t, 1));
    expect(x).toBeCloseTo(11, 5);
    expect(y).toBeCloseTo(20, 5);
    expect(z).toBeCloseTo(30 - 0.5 * 4 * 0.25, 5);
    // A terse update resets the base: extrapolation restarts from it.
    t.dispatch(tersePacket([{ localId: 1, position: [50, 50, 50], velocity: [0, 1, 0] }]));
    t.clock.now += 1000;
    t.frame();
    const after = worldPos(t, at(t, 1));
    expect(after[0]).toBeCloseTo(50, 5);
    expect(after[1]).toBeCloseTo(51, 2);
  });

  it(`stops extrapolating position ${MAX_EXTRAPOLATION_SECONDS} s after the last update`, () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1, position: [0, 0, 0], velocity: [1, 0, 0] }]));
    t.clock.now += 10_000;
    t.frame();
    expect(worldPos(t, at(t, 1))[0]).toBeCloseTo(MAX_EXTRAPOLATION_SECONDS, 5);
  });

  it('spins objects with angular velocity (llTargetOmega), without limit, and carries their children', () => {
    const t = createTestWorld();
    t.dispatch(compressedPacket([{ localId: 1, position: [100, 100, 20], angularVelocity: [0, 0, Math.PI] }]));
    t.dispatch(objectUpdatePacket([{ localId: 2, parentId: 1, position: [1, 0, 0] }]));
    t.clock.now += 500;
    t.frame();
    const rot = worldRot(t, at(t, 1));
    expect(rot[2]).toBeCloseTo(Math.SQRT1_2, 5);
    expect(rot[3]).toBeCloseTo(Math.SQRT1_2, 5);
    const child = worldPos(t, at(t, 2));
    expect(child[0]).toBeCloseTo(100, 4);
    expect(child[1]).toBeCloseTo(101, 4);
    // Ten seconds on it has turned five full times: back where it started.
    t.clock.now += 10_000;
    t.frame();
    expect(Math.abs(worldRot(t, at(t, 1))[3])).toBeCloseTo(Math.SQRT1_2, 4);
  });

  it('settings.world.interpolation off (a settings change) snaps objects to their last update on the next frame', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1, position: [10, 0, 0], velocity: [1, 0, 0] }]));
    t.clock.now += 1000;
    t.frame();
    expect(worldPos(t, at(t, 1))[0]).toBeCloseTo(11, 5);
    t.settings.update({ world: { interpolation: false } });
    t.clock.now += 1000;
    t.frame();
    expect(worldPos(t, at(t, 1))[0]).toBe(10);
    t.settings.update({ world: { interpolation: true } });
    t.frame();
    expect(worldPos(t, at(t, 1))[0]).toBeCloseTo(12, 5);
  });

  it('objects at rest are not in the moving set and cost the system nothing', () => {
    const t = createTestWorld();
    t.dispatch(objectUpdatePacket([{ localId: 1 }, { localId: 2, velocity: [0, 0, 1] }]));
    expect(t.ingestion.sets.movingCount).toBe(1);
    t.dispatch(tersePacket([{ localId: 2 }]));
    expect(t.ingestion.sets.movingCount).toBe(0);
  });
});
