/** What `startRegion` takes and what it hands back. */
import type { FaultOptions, FaultStats } from '@slv/net';
import type { LLSDValue } from '@slv/protocol';
import type { PrimSpec, Scene, SceneObject, SceneOptions } from '../scene/scene-types.ts';
import type { SimTextures, TextureServiceOptions } from '../textures/texture-service.ts';
import type { SimMeshes } from '../meshes/mesh-service.ts';
import type { RegionChat } from '../agents/local-chat-relay.ts';

/** An account the login service accepts (when `users` is given, only these). */
export interface SimUser {
  first: string;
  last: string;
  password: string;
}

export interface RegionOptions {
  /** UDP and HTTP port (the same number, as OpenSimulator); 0 (default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A ready scene; otherwise one is generated from `sceneOptions`. */
  scene?: Scene;
  /** Defaults: seed 1, 200 objects, 8 lights, 6 movers, the demo layout. */
  sceneOptions?: Partial<SceneOptions>;
  /** When given, only these accounts may log in; a wrong password gets OpenSimulator's 'key' failure. */
  users?: readonly SimUser[];
  /**
   * A login of an agent already in the region: 'kick' (default) logs the older session
   * out with KickUser, as OpenSimulator does; 'refuse' answers the login with a
   * "presence" failure while the older session lasts, as grids that keep presence do.
   */
  duplicateLogin?: 'kick' | 'refuse';
  /** How long EventQueueGet holds a poll with nothing to say before answering 502 (default 30 s). */
  eventQueueHoldMs?: number;
  /** Terse updates per second for movers (default 10; 0 stops them). */
  moverHz?: number;
  /** Share of objects sent as ObjectUpdateCompressed instead of ObjectUpdate, 0..1 (default 0.25). */
  compressedFraction?: number;
  /** Send ObjectUpdateCached probes to viewers that say they have a cache (default true). */
  cacheProbes?: boolean;
  /** Answer LogoutRequest with LogoutReply (default true; false plays a simulator that went silent). */
  logoutReply?: boolean;
  /** Loss, duplication, reordering and delay: inbound = client→sim before the circuit, outbound = sim→client. */
  faults?: { inbound?: FaultOptions; outbound?: FaultOptions };
  /** Outgoing packets of terrain and objects per client per tick (default 32, at a 20 ms tick). */
  streamPacketsPerTick?: number;
  /**
   * Milliseconds per client per tick that encoding and sending them may take (default 5): the
   * packets wait for the next tick rather than keep the region from reading its socket
   * (pings answered late read as a long round trip). At least one packet goes each tick.
   */
  streamMsPerTick?: number;
  /** Timer period (default 20 ms). */
  tickMs?: number;
  /** SimStats period (default 1000 ms). */
  simStatsIntervalMs?: number;
  /** SimulatorViewerTimeMessage and CoarseLocationUpdate period (default 2500 ms). */
  timeIntervalMs?: number;
  /** A circuit silent this long is dropped (default 60 s). */
  circuitTimeoutMs?: number;
  /**
   * Resends of a reliable packet before it is reported lost (default 3, as the viewer; 20
   * when faults drop packets, as OpenSimulator keeps resending until the circuit times out,
   * so a lossy run still delivers every object).
   */
  maxResends?: number;
  /** A login whose circuit never opens is forgotten after this long (default 120 s). */
  loginTimeoutMs?: number;
  /** Progress and problems, one line each (default: nothing). */
  log?: (line: string) => void;
  /** The texture library served through GetTexture and ViewerAsset: where encodes are cached, and faults to play. */
  textures?: TextureServiceOptions;
}

/** One logged-in agent, as tests and tools see it. */
export interface AgentInfo {
  agentId: string;
  sessionId: string;
  firstName: string;
  lastName: string;
  circuitCode: number;
  /** 'login' until UseCircuitCode, 'circuit' until CompleteAgentMovement, 'arrived' until RegionHandshakeReply, then 'ready'. */
  stage: AgentStage;
  /** host:port of the viewer's UDP socket, '' before its circuit opens. */
  address: string;
  avatarLocalId: number;
  /** The avatar's middle, region metres (it stands STAND_HEIGHT above the ground). */
  position: [number, number, number];
  /** What the avatar moved at in the last step, m/s. */
  velocity: [number, number, number];
  /** Heading, radians (0 = east, counter-clockwise). */
  yaw: number;
  /** ControlFlags of the last AgentUpdate (@slv/net's AgentControlFlags). */
  controlFlags: number;
  /** The last AgentUpdate asked to fly. */
  flying: boolean;
  /** SetAlwaysRun. */
  alwaysRun: boolean;
  /** Last AgentUpdate camera centre. */
  cameraCenter: [number, number, number];
  /** RegionHandshakeReply flags. */
  handshakeFlags: number;
  /** Last AgentThrottle, bits per second: resend, land, wind, cloud, task, texture, asset. */
  throttles: number[];
}

export type AgentStage = 'login' | 'circuit' | 'arrived' | 'ready' | 'closing' | 'closed';

export interface RegionStats {
  logins: number;
  loginFailures: number;
  /** Agents with an open circuit. */
  agents: number;
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
  resends: number;
  reliableLost: number;
  objectUpdates: number;
  compressedUpdates: number;
  cachedProbes: number;
  terseUpdates: number;
  layerDataPackets: number;
  killedObjects: number;
  eventsQueued: number;
  /** What fault injection did: inbound (viewer→sim) and outbound (sim→viewer) datagrams sent, dropped, duplicated, reordered. */
  faults: { inbound: FaultStats; outbound: FaultStats };
  /** Messages received, by name. */
  messagesIn: Record<string, number>;
}

export interface RunningRegion {
  /** The UDP port (sim_port). */
  readonly port: number;
  /** The HTTP port (login, capabilities); equal to `port` unless that was taken. */
  readonly httpPort: number;
  readonly host: string;
  /** `http://host:httpPort/`. */
  readonly loginUri: string;
  readonly scene: Scene;
  readonly stats: RegionStats;
  /** The texture service: its library, the faults it plays (change them any time) and the requests it answered. */
  readonly textures: SimTextures;
  /** The mesh service (GetMesh, GetMesh2, ViewerAsset ?mesh_id=): its library, a fault to play and the requests it answered. */
  readonly meshes: SimMeshes;
  agents(): AgentInfo[];
  /** Adds a prim (and its children) or a ready object; every viewer gets an ObjectUpdate. Returns what was added. */
  addObject(object: PrimSpec | SceneObject): SceneObject[];
  /** Removes an object and its children; every viewer gets KillObject. False when there is no such object. */
  killObject(localId: number): boolean;
  /** Moves an object (region metres for a root, parent-relative for a child; a mover stops circling); every viewer gets a terse update. */
  moveObject(localId: number, position: [number, number, number], rotation?: [number, number, number, number]): boolean;
  /** Queues an event for one agent's EventQueueGet. False when the agent has no queue. */
  enqueueEvent(agentId: string, message: string, body: LLSDValue): boolean;
  /** KickUser with `reason`, then the agent is gone (as an estate manager's kick); false when unknown. */
  kickAgent(agentId: string, reason: string): boolean;
  /** DisableSimulator (the region goes away for this viewer), then the agent is gone; false when unknown. */
  disableSimulator(agentId: string): boolean;
  /** ChatFromSimulator from the region: a system line or an object's chat (owner-say to one agent); returns how many got it. */
  chat(text: string, options?: RegionChat): number;
  stop(): Promise<void>;
}
