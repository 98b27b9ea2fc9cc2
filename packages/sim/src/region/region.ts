/**
 * The simulator's shared state: the scene and an index of its objects, the agents (by
 * agent id, circuit code and UDP address), the settings in force and the counters.
 * The services (login, caps, circuits, streamers) are functions over it.
 */
import type { CircuitStats, FaultInjector, FaultOptions, FaultStats } from '@slv/net';
import type { Mover, Scene, SceneObject } from '../scene/scene-types.ts';
import type { RegionAgent } from './region-agent.ts';
import type { RegionOptions, RegionStats, SimUser } from './region-options.ts';

export interface RegionSettings {
  host: string;
  users: readonly SimUser[] | null;
  duplicateLogin: 'kick' | 'refuse';
  eventQueueHoldMs: number;
  moverHz: number;
  compressedFraction: number;
  cacheProbes: boolean;
  logoutReply: boolean;
  inboundFaults: FaultOptions | null;
  outboundFaults: FaultOptions | null;
  streamPacketsPerTick: number;
  streamMsPerTick: number;
  tickMs: number;
  simStatsIntervalMs: number;
  timeIntervalMs: number;
  circuitTimeoutMs: number;
  maxResends: number;
  loginTimeoutMs: number;
}

/** Avatars get local ids from here up, far from the scene's objects. */
export const FIRST_AVATAR_LOCAL_ID = 0x40000000;

/** Resends when faults drop packets: at 50 % loss each way a packet then fails to arrive once in ~2 million. */
const LOSSY_MAX_RESENDS = 20;

function dropsPackets(faults: RegionOptions['faults']): boolean {
  return (faults?.inbound?.loss ?? 0) > 0 || (faults?.outbound?.loss ?? 0) > 0;
}

export function resolveSettings(options: RegionOptions): RegionSettings {
  const fraction = options.compressedFraction ?? 0.25;
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`compressedFraction must be in [0, 1], got ${fraction}`);
  const positive = (name: string, value: number) => {
    if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
    return value;
  };
  const moverHz = options.moverHz ?? 10;
  if (!(moverHz >= 0 && moverHz <= 100)) throw new RangeError(`moverHz must be in [0, 100], got ${moverHz}`);
  return {
    host: options.host ?? '127.0.0.1',
    users: options.users ?? null,
    duplicateLogin: options.duplicateLogin ?? 'kick',
    eventQueueHoldMs: positive('eventQueueHoldMs', options.eventQueueHoldMs ?? 30_000),
    moverHz,
    compressedFraction: fraction,
    cacheProbes: options.cacheProbes ?? true,
    logoutReply: options.logoutReply ?? true,
    inboundFaults: options.faults?.inbound ?? null,
    outboundFaults: options.faults?.outbound ?? null,
    streamPacketsPerTick: Math.floor(positive('streamPacketsPerTick', options.streamPacketsPerTick ?? 32)),
    streamMsPerTick: positive('streamMsPerTick', options.streamMsPerTick ?? 5),
    tickMs: positive('tickMs', options.tickMs ?? 20),
    simStatsIntervalMs: positive('simStatsIntervalMs', options.simStatsIntervalMs ?? 1000),
    timeIntervalMs: positive('timeIntervalMs', options.timeIntervalMs ?? 2500),
    circuitTimeoutMs: positive('circuitTimeoutMs', options.circuitTimeoutMs ?? 60_000),
    maxResends: positive('maxResends', options.maxResends ?? (dropsPackets(options.faults) ? LOSSY_MAX_RESENDS : 3)),
    loginTimeoutMs: positive('loginTimeoutMs', options.loginTimeoutMs ?? 120_000),
  };
}

export function createStats(): RegionStats {
  return {
    logins: 0, loginFailures: 0, agents: 0, packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0, resends: 0,
    reliableLost: 0, objectUpdates: 0, compressedUpdates: 0, cachedProbes: 0, terseUpdates: 0, layerDataPackets: 0,
    killedObjects: 0, eventsQueued: 0,
    faults: { inbound: emptyFaultStats(), outbound: emptyFaultStats() },
    messagesIn: {},
  };
}

function emptyFaultStats(): FaultStats {
  return { sent: 0, dropped: 0, duplicated: 0, reordered: 0 };
}

export class Region {
  readonly stats = createStats();
  /** Region handle: the corner's global metres, x in the high 32 bits. */
  readonly handle: bigint;
  /** The RegionData block of every object update (time dilation: none). */
  readonly regionData: { readonly RegionHandle: bigint; readonly TimeDilation: number };
  readonly sessions = new Map<string, RegionAgent>();
  readonly byCircuitCode = new Map<number, RegionAgent>();
  readonly byAddress = new Map<string, RegionAgent>();
  readonly objects = new Map<number, SceneObject>();
  readonly movers = new Map<number, Mover>();
  /** Every fault injector made, for the stats. */
  readonly injectors: { inbound: FaultInjector[]; outbound: FaultInjector[] } = { inbound: [], outbound: [] };
  /** Set once the sockets are bound. */
  port = 0;
  httpPort = 0;
  readonly startedAt: number;
  private nextAvatarLocalId = FIRST_AVATAR_LOCAL_ID;

  constructor(
    readonly scene: Scene,
    readonly settings: RegionSettings,
    readonly ownerId: string,
    readonly now: () => number,
    readonly log: (line: string) => void,
  ) {
    this.handle = (BigInt(scene.regionX) << 32n) | BigInt(scene.regionY);
    this.regionData = Object.freeze({ RegionHandle: this.handle, TimeDilation: 65535 });
    for (const object of scene.objects) this.objects.set(object.localId, object);
    for (const mover of scene.movers) this.movers.set(mover.localId, mover);
    this.startedAt = now();
  }

  get host(): string {
    return this.settings.host;
  }


  allocateAvatarLocalId(): number {
    return this.nextAvatarLocalId++;
  }

  /** Agents whose viewer finished the handshake and takes world updates. */
  *readySessions(): IterableIterator<RegionAgent> {
    for (const session of this.sessions.values()) if (session.stage === 'ready') yield session;
  }

  /** Sends now to every ready agent but `except`; returns how many it reached. */
  broadcast(name: string, value: Readonly<Record<string, unknown>>, reliable: boolean, except?: RegionAgent): number {
    let n = 0;
    for (const session of this.sessions.values()) {
      if (session.stage === 'ready' && session !== except && session.send(name, value, reliable)) n++;
    }
    return n;
  }

  /** Children of `parentId`, in scene order. */
  childrenOf(parentId: number): SceneObject[] {
    return this.scene.objects.filter((o) => o.parentId === parentId);
  }

  /**
   * Ends an agent: its circuit and event queue close, the others see its avatar go,
   * and it is forgotten. Safe to call twice.
   */
  endSession(session: RegionAgent): void {
    if (session.stage === 'closed') return;
    session.stage = 'closed';
    session.eventQueue.close();
    session.outbox.clear();
    const circuit = session.circuit;
    if (circuit !== null) {
      circuit.close();
      this.addClosedCircuitStats(circuit.stats);
    }
    if (this.sessions.get(session.agentId) === session) this.sessions.delete(session.agentId);
    if (this.byCircuitCode.get(session.identity.circuitCode) === session) this.byCircuitCode.delete(session.identity.circuitCode);
    if (this.byAddress.get(session.address) === session) this.byAddress.delete(session.address);
    if (session.avatar !== null) {
      this.broadcast('KillObject', { ObjectData: [{ ID: session.avatar.localId }] }, true, session);
      session.avatar = null;
    }
    this.log(`${session.fullName} left`);
  }

  /** Brings the packet counters up to date (closed circuits plus the open ones) and returns them. */
  refreshStats(): RegionStats {
    const s = this.stats;
    const c = this.closedTotals;
    s.packetsIn = c.packetsIn;
    s.packetsOut = c.packetsOut;
    s.bytesIn = c.bytesIn;
    s.bytesOut = c.bytesOut;
    s.resends = c.resends;
    s.reliableLost = c.reliableLost;
    let agents = 0;
    for (const session of this.sessions.values()) {
      const circuit = session.circuit;
      if (circuit === null || circuit.closed) continue;
      agents++;
      s.packetsIn += circuit.stats.packetsIn;
      s.packetsOut += circuit.stats.packetsOut;
      s.bytesIn += circuit.stats.bytesIn;
      s.bytesOut += circuit.stats.bytesOut;
      s.resends += circuit.stats.resends;
      s.reliableLost += circuit.stats.reliableLost;
    }
    s.agents = agents;
    sumFaults(s.faults.inbound, this.injectors.inbound);
    sumFaults(s.faults.outbound, this.injectors.outbound);
    return s;
  }

  private readonly closedTotals = { packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0, resends: 0, reliableLost: 0 };

  private addClosedCircuitStats(stats: CircuitStats): void {
    const c = this.closedTotals;
    c.packetsIn += stats.packetsIn;
    c.packetsOut += stats.packetsOut;
    c.bytesIn += stats.bytesIn;
    c.bytesOut += stats.bytesOut;
    c.resends += stats.resends;
    c.reliableLost += stats.reliableLost;
  }

  countMessage(name: string): void {
    const counts = this.stats.messagesIn;
    counts[name] = (counts[name] ?? 0) + 1;
  }
}

function sumFaults(into: FaultStats, injectors: readonly FaultInjector[]): void {
  into.sent = 0;
  into.dropped = 0;
  into.duplicated = 0;
  into.reordered = 0;
  for (const injector of injectors) {
    into.sent += injector.stats.sent;
    into.dropped += injector.stats.dropped;
    into.duplicated += injector.stats.duplicated;
    into.reordered += injector.stats.reordered;
  }
}
