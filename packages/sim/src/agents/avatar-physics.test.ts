import { AgentControlFlags as F } from '@slv/net';
import { describe, expect, it } from 'vitest';
import { createAvatar } from '../region/avatar.ts';
import type { RegionAgent } from '../region/region-agent.ts';
import type { SceneObject } from '../scene/scene-types.ts';
import { generateHeightmap, terrainHeightAt } from '../scene/terrain.ts';
import {
  FLY_DOWN_SPEED, FLY_SPEED, FLY_UP_SPEED, REGION_EDGE_MARGIN, RUN_SPEED, STAND_HEIGHT, WALK_SPEED, createAvatarMotion, stepAvatar, yawOf,
  type AvatarMotion, type Ground,
} from './avatar-physics.ts';

const SIZE = 256;
const flat: Ground = { heightmap: new Float32Array(SIZE * SIZE).fill(20), size: SIZE };
const hills: Ground = { heightmap: generateHeightmap(7), size: SIZE };

function avatarAt(x: number, y: number, z: number, yaw = 0): SceneObject {
  const agent = { identity: { agentId: '00000000-0000-4000-8000-000000000001', firstName: 'A', lastName: 'B', spawn: [x, y, z], lookAt: [Math.cos(yaw), Math.sin(yaw), 0] }, fullName: 'A B' };
  return createAvatar(agent as unknown as RegionAgent, 0x40000000);
}

function facing(motion: AvatarMotion, yaw: number): void {
  motion.bodyRotation.set([0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)]);
}

/** Runs `seconds` of 20 ms ticks, as the region does. */
function run(avatar: SceneObject, motion: AvatarMotion, ground: Ground, seconds: number, each?: () => void): void {
  for (let t = 0; t < Math.round(seconds / 0.02); t++) {
    stepAvatar(avatar, motion, ground, 0.02);
    each?.();
  }
}

describe('stepAvatar', () => {
  it('walks forward along its heading at SL\'s walk speed, and runs at the run speed', () => {
    const avatar = avatarAt(100, 100, 21);
    const motion = createAvatarMotion();
    facing(motion, Math.PI / 2); // north
    motion.controlFlags = F.AT_POS | F.FAST_AT;
    run(avatar, motion, flat, 1);
    expect(avatar.position[0]).toBeCloseTo(100, 4);
    expect(avatar.position[1]).toBeCloseTo(100 + WALK_SPEED, 4);
    expect(avatar.velocity[1]).toBeCloseTo(WALK_SPEED, 4);
    expect(yawOf(avatar.rotation)).toBeCloseTo(Math.PI / 2, 5);
    motion.alwaysRun = true;
    run(avatar, motion, flat, 1);
    expect(avatar.position[1]).toBeCloseTo(100 + WALK_SPEED + RUN_SPEED, 4);
    // Back and sideways (left is the heading turned counter-clockwise: west when facing north).
    motion.alwaysRun = false;
    motion.controlFlags = F.LEFT_POS;
    run(avatar, motion, flat, 1);
    expect(avatar.position[0]).toBeCloseTo(100 - WALK_SPEED, 4);
    motion.controlFlags = F.AT_NEG;
    run(avatar, motion, flat, 0.5);
    expect(avatar.position[1]).toBeCloseTo(100 + WALK_SPEED / 2 + RUN_SPEED, 4);
  });

  it('stops when the keys are let go and turns to face the body rotation', () => {
    const avatar = avatarAt(100, 100, 21);
    const motion = createAvatarMotion();
    motion.controlFlags = F.AT_POS;
    run(avatar, motion, flat, 0.5);
    motion.controlFlags = 0;
    const before = [...avatar.position];
    expect(stepAvatar(avatar, motion, flat, 0.02)).toBe(false);
    expect(avatar.position).toEqual(before);
    expect(Array.from(avatar.velocity)).toEqual([0, 0, 0]);
    facing(motion, -Math.PI / 4);
    expect(stepAvatar(avatar, motion, flat, 0.02)).toBe(true);
    expect(yawOf(avatar.rotation)).toBeCloseTo(-Math.PI / 4, 5);
    expect(avatar.rotation[0]).toBe(0);
    expect(avatar.rotation[1]).toBe(0);
  });

  it('follows the terrain up and down hills and never goes below it', () => {
    const avatar = avatarAt(20, 128, 0);
    const motion = createAvatarMotion();
    motion.controlFlags = F.AT_POS; // east, across the hills and the central plateau
    let lowest = Infinity;
    let highest = -Infinity;
    run(avatar, motion, hills, 80, () => {
      const [x, y, z] = avatar.position;
      const ground = terrainHeightAt(hills.heightmap, SIZE, x, y);
      expect(z - ground).toBeCloseTo(STAND_HEIGHT, 4);
      lowest = Math.min(lowest, ground);
      highest = Math.max(highest, ground);
    });
    expect(highest - lowest).toBeGreaterThan(3); // it did climb and descend
    expect(avatar.position[0]).toBeCloseTo(SIZE - REGION_EDGE_MARGIN, 4);
  });

  it('falls under gravity when not flying and lands on the ground', () => {
    const avatar = avatarAt(100, 100, 60);
    const motion = createAvatarMotion();
    stepAvatar(avatar, motion, flat, 0.5);
    expect(avatar.position[2]).toBeLessThan(60);
    expect(avatar.velocity[2]).toBeLessThan(-3);
    expect(motion.onGround).toBe(false);
    run(avatar, motion, flat, 5);
    expect(avatar.position[2]).toBeCloseTo(20 + STAND_HEIGHT, 5);
    expect(motion.onGround).toBe(true);
    expect(avatar.velocity[2]).toBe(0);
  });

  it('flies: hovers, goes up and down at SL\'s speeds, forward at the fly speed, and stops at the ground', () => {
    const avatar = avatarAt(100, 100, 21);
    const motion = createAvatarMotion();
    motion.controlFlags = F.FLY | F.UP_POS | F.FAST_UP;
    run(avatar, motion, flat, 1);
    expect(avatar.position[2]).toBeCloseTo(21 + FLY_UP_SPEED, 3);
    motion.controlFlags = F.FLY; // hovering: no gravity
    run(avatar, motion, flat, 1);
    expect(avatar.position[2]).toBeCloseTo(21 + FLY_UP_SPEED, 3);
    motion.controlFlags = F.FLY | F.AT_POS;
    run(avatar, motion, flat, 1);
    expect(avatar.position[0]).toBeCloseTo(100 + FLY_SPEED, 3);
    motion.controlFlags = F.FLY | F.UP_NEG;
    run(avatar, motion, flat, 0.5);
    expect(avatar.position[2]).toBeCloseTo(21 + FLY_UP_SPEED - FLY_DOWN_SPEED / 2, 3);
    run(avatar, motion, flat, 2);
    expect(avatar.position[2]).toBeCloseTo(20 + STAND_HEIGHT, 5);
    // Flying off while aloft: it falls.
    motion.controlFlags = F.FLY | F.UP_POS;
    run(avatar, motion, flat, 1);
    motion.controlFlags = 0;
    run(avatar, motion, flat, 0.2);
    expect(avatar.velocity[2]).toBeLessThan(-1);
  });

  it('stays inside the region at every edge, sliding along it', () => {
    const avatar = avatarAt(2, 2, 21);
    const motion = createAvatarMotion();
    facing(motion, (-3 * Math.PI) / 4); // south-west, out of the corner
    motion.controlFlags = F.AT_POS | F.FLY;
    run(avatar, motion, flat, 2);
    expect(avatar.position[0]).toBeCloseTo(REGION_EDGE_MARGIN, 6);
    expect(avatar.position[1]).toBeCloseTo(REGION_EDGE_MARGIN, 6);
    expect(Array.from(avatar.velocity.slice(0, 2))).toEqual([0, 0]);
    facing(motion, Math.PI / 4); // north-east, to the far corner
    run(avatar, motion, flat, 30);
    expect(avatar.position[0]).toBeCloseTo(SIZE - REGION_EDGE_MARGIN, 6);
    expect(avatar.position[1]).toBeCloseTo(SIZE - REGION_EDGE_MARGIN, 6);
  });
});
