/**
 * The common case in one call: log in, complete the handshake, keep a world
 * ingested (cache misses requested from the simulator) and its systems
 * running, and log out. Built from the pieces the reference viewer composes
 * (AgentSession, MessageBus, createIngestion + subscribeIngestion,
 * WORLD_SYSTEMS on core's scheduler, setSourceRegion), for bots and custom
 * viewers; a renderer joins with `use({ renderer: renderer.state },
 * RENDER_SYSTEMS)`: its state beside the ingestion, its systems after the
 * world's, type-checked against what they read.
 *
 * The transport decides where it runs: `@slv/net/node`'s UdpTransport in
 * Node (or `connectWorldOverUdp` from `@slv/world/node`), the relay's
 * WebSocketTransport with `relayFetch` in a browser.
 */
import { PerformanceSettingsResource, type PresetName } from '@slv/config';
import {
  addSystems, createResources, createScheduler, getFullId, runFrame,
  type EngineWorld, type Resources, type Scheduler, type SystemDef,
} from '@slv/core';
import {
  AgentSession, ChatType, MessageBus,
  type ConnectOptions, type DatagramTransport, type LoginCredentials, type LoginRequestOptions, type SessionEnd, type SessionStage,
} from '@slv/net';
import { uuidToString } from '@slv/protocol';
import { subscribeIngestion } from '../ingestion/create-world-ingestion.ts';
import { createIngestion, createObjectWorld, type WorldIngestion } from '../ingestion/world-ingestion.ts';
import { setSourceRegion } from '../regions/source-regions.ts';
import { WORLD_SYSTEMS } from '../systems/world-systems.ts';
import { requestObjectsOverSession } from './request-objects.ts';

export interface WorldClientOptions {
  loginUri: string;
  credentials: LoginCredentials;
  /** Bound and ready; the session closes it when it ends. */
  transport: DatagramTransport;
  /** Live settings (default: a PerformanceSettingsResource on `preset`). */
  settings?: PerformanceSettingsResource;
  /** The preset when no `settings` are given (default Balanced). */
  preset?: PresetName;
  /** The bus to feed (default a new one); subscribe before connecting to see the first messages. */
  bus?: MessageBus;
  /** HTTP for login, capabilities and the event queue (default globalThis.fetch; `relayFetch` in a browser). */
  fetch?: typeof fetch;
  loginOptions?: LoginRequestOptions;
  /** Progress for humans; never receives secrets. */
  progress?: (stage: SessionStage, detail: string) => void;
  /** A message the world could not ingest (default: ignored). */
  onError?: (error: Error) => void;
  /** Passed to AgentSession.connect (timeouts, capability names, …). */
  session?: Partial<Pick<ConnectOptions, 'handshakeTimeoutMs' | 'silenceTimeoutMs' | 'capabilityNames' | 'circuitListener'>>;
}

/** An object as `objects()` and the arrival and departure callbacks describe it (allocated per call: not for a frame loop). */
export interface WorldObject {
  readonly eid: number;
  readonly localId: number;
  /** The object's UUID, or '' before the simulator named it. */
  readonly fullId: string;
  /** @slv/protocol's PCode (Prim 9, Avatar 47, …). */
  readonly pcode: number;
  /** Region coordinates (the world transform once the systems ran, else the last update's). */
  readonly position: readonly [number, number, number];
}

/** One local chat line (ChatFromSimulator). */
export interface ChatMessage {
  readonly fromName: string;
  readonly message: string;
  /** The speaker (an agent or an object), UUID text. */
  readonly sourceId: string;
  /** @slv/net's ChatSourceType: SYSTEM 0, AGENT 1, OBJECT 2. */
  readonly sourceType: number;
  /** @slv/net's ChatType (WHISPER 0, NORMAL 1, SHOUT 2, START 4, STOP 5, …). */
  readonly chatType: number;
}

/** What every system on a client's scheduler receives: core's resources (the client's bus and settings) and the world's ingestion. */
export type WorldClientResources = Resources<MessageBus, PerformanceSettingsResource> & { readonly ingestion: WorldIngestion };

/**
 * A connected world. `Extra` is what `use` added to its resources (a
 * renderer's `{ renderer }`); a plain client has none.
 */
export interface WorldClient<Extra extends object = object> {
  readonly session: AgentSession;
  readonly bus: MessageBus;
  readonly settings: PerformanceSettingsResource;
  readonly world: EngineWorld;
  readonly ingestion: WorldIngestion;
  readonly resources: WorldClientResources & Extra;
  /** Runs WORLD_SYSTEMS, then the systems `use` added. */
  readonly scheduler: Scheduler<EngineWorld, WorldClientResources & Extra>;
  /** The session's region in the world (core's region index). */
  readonly regionIndex: number;
  /** Resolves when the session ends, for whatever reason. */
  readonly ended: Promise<SessionEnd>;
  /** One frame: the world systems, then the arrival and departure callbacks. Call it from a timer or the animation frame. */
  step(nowMs?: number): void;
  /** Every live object (allocates). */
  objects(): WorldObject[];
  describe(eid: number): WorldObject;
  /** Calls `listener` for each object that appeared since the last step; returns the unsubscribe. */
  onObjectAdded(listener: (object: WorldObject) => void): () => void;
  /** Calls `listener` for each object gone since the last step (its last known state); returns the unsubscribe. */
  onObjectRemoved(listener: (object: WorldObject) => void): () => void;
  /** Local chat heard (including the agent's own lines, which the simulator echoes); returns the unsubscribe. */
  onChat(listener: (chat: ChatMessage) => void): () => void;
  /** Says `text` in local chat (channel 0, NORMAL unless told). */
  say(text: string, options?: { channel?: number; type?: number }): void;
  /** LogoutRequest, waiting up to `timeoutMs` for the reply; the transport is closed after. */
  logout(timeoutMs?: number): Promise<{ replied: boolean }>;
  /**
   * Adds `resources` to the client's resources and `systems` to its
   * scheduler after those already there (each in its phase), and returns
   * this same client typed with them: `client.use({ renderer:
   * renderer.state }, RENDER_SYSTEMS)`. A system that reads a resource the
   * client lacks, or of another type, is a type error here, not at run time.
   * Throws (adding nothing) on a resource name the client already has or a
   * system name its scheduler already runs.
   */
  use<More extends object>(resources: More, systems: readonly SystemDef<EngineWorld, WorldClientResources & Extra & More>[]): WorldClient<Extra & More>;
}

const fullIdScratch = new Uint8Array(16);

/** Logs in through `options.transport` and returns the connected client; throws (transport closed) when login or the handshake fails. */
export async function connectWorld(options: WorldClientOptions): Promise<WorldClient> {
  const settings = options.settings ?? new PerformanceSettingsResource({ profile: options.preset ?? 'Balanced' });
  const bus = options.bus ?? new MessageBus();
  const world = createObjectWorld(settings.settings);
  let session: AgentSession | null = null;
  const ingestion = createIngestion(world, settings.settings, {
    onError: options.onError ?? (() => {}),
    requestObjects: (_region, localIds, missTypes, count) => {
      if (session !== null) requestObjectsOverSession(session, localIds, missTypes, count);
    },
  });
  const unsubscribe = subscribeIngestion(ingestion, bus);
  try {
    session = await AgentSession.connect({
      loginUri: options.loginUri,
      credentials: options.credentials,
      transport: options.transport,
      settings: settings.settings.network,
      bus,
      cacheEmpty: true,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.loginOptions ? { loginOptions: options.loginOptions } : {}),
      ...(options.progress ? { progress: options.progress } : {}),
      ...options.session,
    });
  } catch (error) {
    unsubscribe();
    throw error;
  }
  const connected = session;
  void connected.ended.then(unsubscribe);
  const handle = connected.region.handle;
  const regionIndex = setSourceRegion(ingestion, connected.source, Number(handle >> 32n), Number(handle & 0xffffffffn));
  const resources = { ...createResources({ settings, bus }), ingestion };
  const scheduler = createScheduler<EngineWorld, typeof resources>(world, resources);
  addSystems(scheduler, WORLD_SYSTEMS);
  return createClient(connected, bus, settings, ingestion, resources, scheduler, regionIndex);
}

function createClient(
  session: AgentSession, bus: MessageBus, settings: PerformanceSettingsResource, ingestion: WorldIngestion,
  resources: WorldClientResources, scheduler: Scheduler<EngineWorld, WorldClientResources>, regionIndex: number,
): WorldClient {
  const { components, entities, capacity } = ingestion;
  const known: (WorldObject | null)[] = new Array<WorldObject | null>(capacity).fill(null);
  const added = new Set<(object: WorldObject) => void>();
  const removed = new Set<(object: WorldObject) => void>();
  const subscribe = <T>(set: Set<T>, listener: T): (() => void) => {
    set.add(listener);
    return () => { set.delete(listener); };
  };

  const describe = (eid: number): WorldObject => {
    const valid = components.world.valid[eid] === 1;
    const p = valid ? components.world.position : components.local.position;
    return {
      eid,
      localId: components.identity.localId[eid]!,
      fullId: getFullId(ingestion.world, eid, fullIdScratch) ? uuidToString(fullIdScratch, 0) : '',
      pcode: components.identity.pcode[eid]!,
      position: [p[eid * 3]!, p[eid * 3 + 1]!, p[eid * 3 + 2]!],
    };
  };

  /** Arrivals and departures since the last step: a scan of the live flags, no per-object hooks in ingestion. */
  const notify = (): void => {
    for (let eid = 0; eid < capacity; eid++) {
      const before = known[eid]!;
      const live = entities.live[eid] === 1;
      if (before !== null && (!live || before.localId !== components.identity.localId[eid])) {
        known[eid] = null;
        for (const listener of removed) listener(before);
      }
      if (live && known[eid] === null) {
        const now = describe(eid);
        known[eid] = now;
        for (const listener of added) listener(now);
      }
    }
  };

  const client: WorldClient = {
    session, bus, settings, world: ingestion.world, ingestion, resources, scheduler, regionIndex,
    ended: session.ended,
    step: (nowMs = performance.now()) => {
      runFrame(scheduler, nowMs);
      notify();
    },
    objects: () => {
      const out: WorldObject[] = [];
      for (let eid = 0; eid < capacity; eid++) if (entities.live[eid] === 1) out.push(describe(eid));
      return out;
    },
    describe,
    onObjectAdded: (listener) => subscribe(added, listener),
    onObjectRemoved: (listener) => subscribe(removed, listener),
    onChat: (listener) => bus.on('ChatFromSimulator', (r) => {
      const c = r.ChatData;
      listener({
        fromName: c.FromNameString(), message: c.MessageString(), sourceId: c.SourceIDString(),
        sourceType: c.SourceType(), chatType: c.ChatType(),
      });
    }),
    say: (text, options = {}) => session.sendChat(text, options.channel ?? 0, options.type ?? ChatType.NORMAL),
    logout: (timeoutMs) => session.logout(timeoutMs),
    use: <More extends object>(more: More, systems: readonly SystemDef<EngineWorld, WorldClientResources & More>[]) => {
      const taken = Object.keys(more).filter((key) => key in resources);
      if (taken.length > 0) throw new Error(`WorldClient.use: the resources already have ${taken.join(', ')}`);
      const names = systems.map((s) => s.name);
      const clash = names.filter((name, i) => scheduler.timings.names.includes(name) || names.indexOf(name) !== i);
      if (clash.length > 0) throw new Error(`WorldClient.use: the scheduler already runs ${clash.join(', ')}`);
      // The one object grows: systems added before and after see the same resources.
      const grown = Object.assign(resources, more);
      const typed = scheduler as unknown as Scheduler<EngineWorld, typeof grown>;
      addSystems(typed, systems);
      return client as unknown as WorldClient<More>;
    },
  };
  return client;
}
