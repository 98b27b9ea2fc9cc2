/**
 * The region's clock and sun (SimulatorViewerTimeMessage) and the minimap's avatar dots
 * (CoarseLocationUpdate). The sun stands still at a mid-morning height so scenes are
 * lit the same way every run.
 */
import type { RegionAgent } from './region-agent.ts';
import type { Region } from './region.ts';

/** OpenSimulator's day and year lengths (seconds). */
const SECONDS_PER_DAY = 14400;
const SECONDS_PER_YEAR = 158400;
/** Sun 60° above the eastern horizon. */
const SUN_PHASE = Math.PI / 3;

export function simulatorViewerTime(): Readonly<Record<string, unknown>> {
  return {
    TimeInfo: {
      UsecSinceStart: BigInt(Date.now()) * 1000n,
      SecPerDay: SECONDS_PER_DAY,
      SecPerYear: SECONDS_PER_YEAR,
      SunDirection: [Math.cos(SUN_PHASE), 0, Math.sin(SUN_PHASE)],
      SunPhase: SUN_PHASE,
      SunAngVelocity: [0, 0, 0],
    },
  };
}

/** Every avatar as a coarse dot (Z in 4 m steps), with `You` pointing at the receiver's own. */
export function coarseLocationUpdate(region: Region, receiver: RegionAgent): Readonly<Record<string, unknown>> {
  const location: { X: number; Y: number; Z: number }[] = [];
  const agents: { AgentID: string }[] = [];
  let you = -1;
  for (const session of region.readySessions()) {
    const avatar = session.avatar;
    if (avatar === null) continue;
    if (session === receiver) you = location.length;
    location.push({
      X: clampByte(avatar.position[0]),
      Y: clampByte(avatar.position[1]),
      Z: clampByte(avatar.position[2] / 4),
    });
    agents.push({ AgentID: session.agentId });
  }
  return { Location: location, Index: { You: you, Prey: -1 }, AgentData: agents };
}

function clampByte(v: number): number {
  return Math.min(255, Math.max(0, Math.floor(v)));
}
