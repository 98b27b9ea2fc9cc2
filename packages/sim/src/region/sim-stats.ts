/**
 * SimStats (the viewer's Statistics floater): the 41 stats OpenSimulator 0.9 sends, in
 * its order, with the ones this simulator measures filled in (frame rate and time,
 * objects, movers, agents, packets per second, agent updates per second).
 */
import type { Region } from './region.ts';

/** Region flags SimStats carries (OpenSimulator's default region: 0x14000006). */
export const SIM_STATS_REGION_FLAGS = 0x14000006;

/** Stat ids (LLViewerStats / OpenSimulator's StatsIndex) in the order OpenSimulator sends them. */
const STAT_ORDER = [0, 1, 2, 3, 13, 14, 11, 12, 4, 5, 7, 9, 6, 17, 18, 24, 8, 19, 20, 15, 33, 32, 27, 21, 22, 23, 25, 26, 31, 38, 34, 35, 36, 37, 39, 40, 30, 10, 16, 28, 29];

const StatId = {
  TimeDilation: 0, SimFps: 1, PhysicsFps: 2, AgentUpdates: 3, FrameMs: 4, TotalPrims: 11, ActivePrims: 12, Agents: 13,
  InPackets: 17, OutPackets: 18, UnackedBytes: 24, SimSleepMs: 33,
} as const;

/** Measures between two SimStats messages. */
export class SimStatsMeter {
  private ticks = 0;
  private tickMsTotal = 0;
  private agentUpdates = 0;
  private lastAt: number;
  private lastPacketsIn = 0;
  private lastPacketsOut = 0;
  private readonly values = new Map<number, number>();
  private readonly stat = STAT_ORDER.map((id) => ({ StatID: id, StatValue: 0 }));
  private last: Readonly<Record<string, unknown>> | null = null;

  constructor(now: number) {
    this.lastAt = now;
  }

  recordTick(workMs: number): void {
    this.ticks++;
    this.tickMsTotal += workMs;
  }

  recordAgentUpdate(): void {
    this.agentUpdates++;
  }

  /** The SimStats message of the last period (measuring one now if there was none). */
  latest(region: Region, now: number): Readonly<Record<string, unknown>> {
    return this.last ?? this.message(region, now);
  }

  /** The SimStats message for the period since the last call. */
  message(region: Region, now: number): Readonly<Record<string, unknown>> {
    const seconds = Math.max(0.001, (now - this.lastAt) / 1000);
    const stats = region.refreshStats();
    let ready = 0;
    let unacked = 0;
    for (const session of region.sessions.values()) {
      if (session.stage === 'ready') ready++;
      unacked += session.circuit?.pendingReliable ?? 0;
    }
    const v = this.values;
    v.clear();
    v.set(StatId.TimeDilation, 1);
    v.set(StatId.SimFps, this.ticks / seconds);
    v.set(StatId.PhysicsFps, this.ticks / seconds);
    v.set(StatId.AgentUpdates, this.agentUpdates / seconds);
    v.set(StatId.FrameMs, this.ticks > 0 ? this.tickMsTotal / this.ticks : 0);
    v.set(StatId.SimSleepMs, this.ticks > 0 ? Math.max(0, region.settings.tickMs - this.tickMsTotal / this.ticks) : 0);
    v.set(StatId.TotalPrims, region.objects.size);
    v.set(StatId.ActivePrims, region.movers.size);
    v.set(StatId.Agents, ready);
    v.set(StatId.InPackets, (stats.packetsIn - this.lastPacketsIn) / seconds);
    v.set(StatId.OutPackets, (stats.packetsOut - this.lastPacketsOut) / seconds);
    // Unacked reliable packets: the circuit counts packets, not bytes.
    v.set(StatId.UnackedBytes, unacked);
    for (const entry of this.stat) entry.StatValue = v.get(entry.StatID) ?? 0;
    this.lastAt = now;
    this.lastPacketsIn = stats.packetsIn;
    this.lastPacketsOut = stats.packetsOut;
    this.ticks = 0;
    this.tickMsTotal = 0;
    this.agentUpdates = 0;
    const scene = region.scene;
    this.last = {
      Region: { RegionX: scene.regionX / 256, RegionY: scene.regionY / 256, RegionFlags: SIM_STATS_REGION_FLAGS, ObjectCapacity: 15000 },
      Stat: this.stat,
      PidStat: { PID: process.pid },
      RegionInfo: [{ RegionFlagsExtended: BigInt(SIM_STATS_REGION_FLAGS) }],
    };
    return this.last;
  }
}
