/**
 * Avatars moved by their agents' controls, end to end on loopback: two real
 * AgentSessions in one embedded region; one walks, runs, turns and flies by
 * the AgentUpdates it sends, and both viewers get its motion as
 * ImprovedTerseObjectUpdates (position, velocity, facing).
 */
import { AgentControlFlags as F, type AgentSession } from '@slv/net';
import { MOTION_FLOATS, Motion, TerseUpdate, decodeTerseUpdate } from '@slv/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { terrainHeightAt } from '../scene/terrain.ts';
import type { AgentInfo, RunningRegion } from '../region/region-options.ts';
import { AgentTestBed, until } from './agent-sessions.test-support.ts';
import { RUN_SPEED, STAND_HEIGHT, WALK_SPEED } from './avatar-physics.ts';

const bed = new AgentTestBed();
afterEach(() => bed.close());

interface Seen { position: number[]; velocity: number[]; rotation: number[] }

/** The latest terse update of avatar `localId` a session received. */
function watchAvatar(session: AgentSession, localId: () => number): { latest: Seen | null; count: number } {
  const seen: { latest: Seen | null; count: number } = { latest: null, count: 0 };
  const update = new TerseUpdate();
  session.bus.on('ImprovedTerseObjectUpdate', (r) => {
    const b = r.ObjectData;
    for (let i = 0; i < b.count; i++) {
      if (!decodeTerseUpdate(b.bytes, b.view, b.DataOffset(i), b.DataLength(i), update) || update.localId !== localId()) continue;
      const m = update.motion;
      seen.count++;
      seen.latest = {
        position: Array.from(m.subarray(Motion.Position, Motion.Position + 3)),
        velocity: Array.from(m.subarray(Motion.Velocity, Motion.Velocity + 3)),
        rotation: Array.from(m.subarray(Motion.Rotation, Motion.Rotation + 4)),
      };
      expect(update.isAvatar).toBe(true);
      expect(m.length).toBe(MOTION_FLOATS);
    }
  });
  return seen;
}

function agent(r: RunningRegion, first: string): AgentInfo {
  const found = r.agents().find((a) => a.firstName === first);
  if (!found) throw new Error(`no agent ${first}`);
  return found;
}

describe('avatars move by their controls', () => {
  it('walks along its heading on the terrain, every viewer sees it, and it stops when the key is let go', async () => {
    const r = await bed.region();
    const walker = await bed.connect(r, 'Walker', 'One', [128, 100]);
    const watcher = await bed.connect(r, 'Watcher', 'Two', [140, 100]);
    const id = () => agent(r, 'Walker').avatarLocalId;
    const seenByWatcher = watchAvatar(watcher, id);
    const seenByWalker = watchAvatar(walker, id);
    const start = agent(r, 'Walker').position;

    walker.setControls(F.AT_POS | F.FAST_AT, Math.PI / 2); // north
    await until(() => agent(r, 'Walker').position[1] > start[1] + 2, 'the walker to go 2 m north');
    const walking = agent(r, 'Walker');
    expect(walking.controlFlags).toBe(F.AT_POS | F.FAST_AT);
    expect(walking.yaw).toBeCloseTo(Math.PI / 2, 3);
    expect(Math.hypot(walking.velocity[0], walking.velocity[1])).toBeCloseTo(WALK_SPEED, 1);
    expect(walking.position[0]).toBeCloseTo(start[0], 3);
    const ground = terrainHeightAt(r.scene.heightmap, r.scene.regionSize, walking.position[0], walking.position[1]);
    expect(walking.position[2]).toBeCloseTo(ground + STAND_HEIGHT, 3);
    await until(() => (seenByWatcher.latest?.velocity[1] ?? 0) > WALK_SPEED - 0.2, 'the watcher to see the walk');
    await until(() => seenByWalker.latest !== null, 'the walker to see its own walk');
    // Facing north: the quaternion about Z by π/2.
    expect(seenByWatcher.latest!.rotation[2]).toBeCloseTo(Math.SQRT1_2, 2);

    walker.setAlwaysRun(true);
    await until(() => Math.abs(agent(r, 'Walker').velocity[1] - RUN_SPEED) < 0.05, 'running');
    expect(agent(r, 'Walker').alwaysRun).toBe(true);

    walker.setControls(0, Math.PI / 2);
    await until(() => seenByWatcher.latest !== null && Math.hypot(...seenByWatcher.latest.velocity) < 0.05, 'the watcher to see it stop');
    const stopped = agent(r, 'Walker').position;
    expect(seenByWatcher.latest!.position[1]).toBeCloseTo(stopped[1], 1);
    // At rest nothing more is sent.
    const count = seenByWatcher.count;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seenByWatcher.count).toBe(count);
  }, 30_000);

  it('flies up while FLY and UP are held, hovers, and falls back to the ground when flying stops', async () => {
    const r = await bed.region();
    const flyer = await bed.connect(r, 'Flyer', 'Three', [120, 120]);
    const ground = agent(r, 'Flyer').position[2];
    flyer.setControls(F.FLY | F.UP_POS | F.FAST_UP, 0);
    await until(() => agent(r, 'Flyer').position[2] > ground + 8, 'flying 8 m up');
    expect(agent(r, 'Flyer').flying).toBe(true);
    flyer.setControls(F.FLY, 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const hovering = agent(r, 'Flyer').position[2];
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(agent(r, 'Flyer').position[2]).toBeCloseTo(hovering, 3);
    flyer.setControls(0, 0);
    await until(() => Math.abs(agent(r, 'Flyer').position[2] - ground) < 1e-3, 'landing');
  }, 30_000);
});
