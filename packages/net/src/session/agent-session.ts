import type { NetworkSettings } from '@slv/config';
import type { LLSDValue } from '@slv/protocol';
import { MessageBus, type MessageSource } from '../bus/message-bus.ts';
import { EventQueueClient } from '../caps/event-queue-client.ts';
import { DEFAULT_CAPABILITY_NAMES, fetchCapabilities, redactCapability } from '../caps/seed-capability.ts';
import { Circuit, type CircuitListener } from '../circuit/circuit.ts';
import { login, type LoginCredentials, type LoginRequestOptions, type LoginSuccess } from '../login/index.ts';
import type { DatagramTransport } from '../transport/datagram-transport.ts';
import { createAgentCamera, createAgentUpdateValue, updateBodyRotation, type AgentCamera, type AgentUpdateValue } from './agent-update.ts';
import { packThrottles } from './throttle.ts';

export type SessionStage = 'login' | 'circuit' | 'handshake' | 'connected' | 'logout' | 'closed';

/** RegionHandshakeReply flags (WIRE-NOTES): */
export const HandshakeReplyFlags = {
  SEND_ALL_CACHEABLE: 0x1,
  CACHE_EMPTY: 0x2,
  SELF_APPEARANCE: 0x4,
} as const;

export interface ConnectOptions {
  loginUri: string;
  credentials: LoginCredentials;
  loginOptions?: LoginRequestOptions;
  /** Bound and ready; the session closes it on logout. */
  transport: DatagramTransport;
  /** Network part of PerformanceSettings, read live. */
  settings: NetworkSettings;
  fetch?: typeof fetch;
  bus?: MessageBus;
  /** True when the viewer has no object cache for the region (sets CACHE_EMPTY). */
  cacheEmpty?: boolean;
  handshakeTimeoutMs?: number;
  capabilityNames?: readonly string[];
  /** Progress for humans (stderr in the CLI). Never receives secrets. */
  progress?: (stage: SessionStage, detail: string) => void;
  /** Circuit events, e.g. reliable packets lost. */
  circuitListener?: Pick<CircuitListener, 'lost' | 'decodeError' | 'timeout'>;
  tickMs?: number;
  now?: () => number;
  /** Resends of a reliable packet before it is reported lost (default 3, as the viewer). */
  maxResends?: number;
}

export interface RegionInfo {
  name: string;
  handle: bigint;
  /** Region corner in metres. */
  x: number;
  y: number;
  waterHeight: number;
  id: string;
}

/**
 * A logged-in agent in one region: login over XML-RPC, the UDP circuit, the
 * handshake (UseCircuitCode → CompleteAgentMovement → RegionHandshake →
 * RegionHandshakeReply → AgentThrottle, periodic AgentUpdate), capabilities and
 * the event queue, all feeding one MessageBus. Isomorphic: the transport and
 * fetch decide whether it runs over UDP (Node) or the relay (browser).
 */
export class AgentSession {
  stage: SessionStage = 'login';
  readonly bus: MessageBus;
  readonly circuit: Circuit;
  readonly camera: AgentCamera;
  readonly source: MessageSource;
  capabilities = new Map<string, string>();
  region: RegionInfo;
  /** Agent position and look-at from AgentMovementComplete. */
  readonly position = new Float32Array(3);
  readonly lookAt = new Float32Array(3);
  /** Milliseconds from the first circuit packet to a completed handshake. */
  handshakeMs = Number.NaN;

  private readonly eventQueue: { client: EventQueueClient | null } = { client: null };
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly agentUpdate: AgentUpdateValue;
  private logoutReplied: (() => void) | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  private constructor(
    readonly loginAnswer: LoginSuccess,
    private readonly options: ConnectOptions,
    private readonly now: () => number,
  ) {
    this.bus = options.bus ?? new MessageBus();
    this.camera = createAgentCamera(128);
    this.source = { label: `${loginAnswer.simIp}:${loginAnswer.simPort}` };
    this.region = { name: '', handle: loginAnswer.regionHandle, x: loginAnswer.regionX, y: loginAnswer.regionY, waterHeight: 20, id: '' };
    this.agentUpdate = createAgentUpdateValue(loginAnswer.agentId, loginAnswer.sessionId, this.camera);
    const { simIp, simPort } = loginAnswer;
    const transport = options.transport;
    const bus = this.bus;
    const source = this.source;
    const extra = options.circuitListener ?? {};
    this.circuit = new Circuit({
      send: (bytes, length) => transport.send(bytes, length, simIp, simPort),
      settings: options.settings,
      now,
      ...(options.maxResends !== undefined ? { maxResends: options.maxResends } : {}),
      listener: {
        message: (decoder) => bus.dispatch(decoder, source),
        ...(extra.lost ? { lost: extra.lost } : {}),
        ...(extra.decodeError ? { decodeError: extra.decodeError } : {}),
        ...(extra.timeout ? { timeout: extra.timeout } : {}),
      },
    });
    transport.onDatagram((bytes, length, host, port) => {
      if (port === simPort && host === simIp) this.circuit.receive(bytes, length);
    });
  }

  /** Logs in and completes the region handshake. Rejects with a clear error at the stage that failed. */
  static async connect(options: ConnectOptions): Promise<AgentSession> {
    const progress = options.progress ?? (() => {});
    progress('login', `logging in to ${options.loginUri} as ${options.credentials.first} ${options.credentials.last}`);
    let answer: LoginSuccess;
    try {
      answer = await login(options.loginUri, options.credentials, {
        ...options.loginOptions,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    } catch (error) {
      // The session owns the transport from here on; a failed login has no session to close it.
      options.transport.close();
      throw error;
    }
    progress('login', `logged in; region at ${answer.regionX},${answer.regionY}, simulator ${answer.simIp}:${answer.simPort}`);
    const session = new AgentSession(answer, options, options.now ?? (() => performance.now()));
    try {
      await session.handshake();
    } catch (error) {
      session.close();
      throw error;
    }
    return session;
  }

  private progress(stage: SessionStage, detail: string): void {
    this.stage = stage;
    this.options.progress?.(stage, detail);
  }

  private async handshake(): Promise<void> {
    const { agentId, sessionId, circuitCode } = this.loginAnswer;
    const circuit = this.circuit;
    const started = this.now();
    this.timers.push(setInterval(() => circuit.tick(), this.options.tickMs ?? 20));
    const timeoutMs = this.options.handshakeTimeoutMs ?? 20_000;

    let regionHandshake = false;
    let movementComplete = false;
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => { finish = resolve; });
    const check = () => { if (regionHandshake && movementComplete) finish(); };

    this.unsubscribe.push(this.bus.on('RegionHandshake', (r) => {
      const info = r.RegionInfo;
      this.region.name = info.SimNameString();
      this.region.waterHeight = info.WaterHeight();
      this.region.id = r.RegionInfo2.RegionIDString();
      if (regionHandshake) return; // a resent handshake: already replied
      regionHandshake = true;
      this.progress('handshake', `RegionHandshake from "${this.region.name}"`);
      const flags = HandshakeReplyFlags.SEND_ALL_CACHEABLE | (this.options.cacheEmpty ?? true ? HandshakeReplyFlags.CACHE_EMPTY : 0);
      circuit.send('RegionHandshakeReply', { AgentData: { AgentID: agentId, SessionID: sessionId }, RegionInfo: { Flags: flags } }, { reliable: true });
      this.sendThrottle();
      circuit.send('AgentHeightWidth', {
        AgentData: { AgentID: agentId, SessionID: sessionId, CircuitCode: circuitCode },
        HeightWidthBlock: { GenCounter: 0, Height: 768, Width: 1024 },
      }, { reliable: true });
      this.startAgentUpdates();
      check();
    }));
    this.unsubscribe.push(this.bus.on('AgentMovementComplete', (r) => {
      r.Data.Position(0, this.position);
      r.Data.LookAt(0, this.lookAt);
      this.region.handle = r.Data.RegionHandle();
      this.camera.center.set(this.position);
      this.camera.center[2]! += 2;
      movementComplete = true;
      check();
    }));
    this.unsubscribe.push(this.bus.on('LogoutReply', () => this.logoutReplied?.()));

    this.progress('circuit', `opening circuit ${circuitCode}`);
    const useCircuit = circuit.send('UseCircuitCode', { CircuitCode: { Code: circuitCode, SessionID: sessionId, ID: agentId } }, { reliable: true });
    await this.within(timeoutMs, 'UseCircuitCode was not acknowledged', new Promise<void>((resolve, reject) => {
      const previous = circuit.listener;
      circuit.listener = {
        ...previous,
        acked: (sequence, c) => { previous.acked?.(sequence, c); if (sequence === useCircuit) resolve(); },
        lost: (sequence, name, c) => {
          previous.lost?.(sequence, name, c);
          if (sequence === useCircuit) reject(new Error('UseCircuitCode was lost: the simulator never acknowledged it'));
        },
      };
    }));
    circuit.send('CompleteAgentMovement', { AgentData: { AgentID: agentId, SessionID: sessionId, CircuitCode: circuitCode } }, { reliable: true });
    this.progress('handshake', 'circuit open; CompleteAgentMovement sent');
    this.startCapabilities();
    await this.within(timeoutMs - (this.now() - started), 'the region handshake did not complete', done);
    this.handshakeMs = this.now() - started;
    // An early ping gives an RTT (and so a resend timeout) before the first 5 s interval.
    circuit.sendPing();
    this.progress('connected', `in region "${this.region.name}" after ${this.handshakeMs.toFixed(0)} ms`);
  }

  private async within(ms: number, what: string, promise: Promise<void>): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([promise, new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} within ${Math.round(ms)} ms (stage ${this.stage})`)), Math.max(0, ms));
      })]);
    } finally {
      clearTimeout(timer);
    }
  }

  private startCapabilities(): void {
    const seed = this.loginAnswer.seedCapability;
    if (!seed) return;
    const fetchImpl = this.options.fetch;
    fetchCapabilities(seed, this.options.capabilityNames ?? DEFAULT_CAPABILITY_NAMES, fetchImpl ? { fetch: fetchImpl } : {})
      .then((caps) => {
        if (this.stage === 'closed') return;
        this.capabilities = caps;
        this.options.progress?.(this.stage, `${caps.size} capabilities from ${redactCapability(seed)}`);
        const eventQueueUrl = caps.get('EventQueueGet');
        if (!eventQueueUrl) return;
        const client = new EventQueueClient(eventQueueUrl, {
          ...(fetchImpl ? { fetch: fetchImpl } : {}),
          onEvent: (name: string, body: LLSDValue) => this.bus.dispatchEvent(name, body, this.source),
          onError: (error) => this.options.progress?.(this.stage, `event queue: ${error.message}`),
        });
        this.eventQueue.client = client;
        client.start();
      })
      .catch((error: Error) => this.options.progress?.(this.stage, `capabilities unavailable: ${error.message}`));
  }

  /** Sends AgentThrottle from the current settings (call again after a settings change). */
  sendThrottle(): void {
    const { agentId, sessionId, circuitCode } = this.loginAnswer;
    const network = this.options.settings;
    this.circuit.send('AgentThrottle', {
      AgentData: { AgentID: agentId, SessionID: sessionId, CircuitCode: circuitCode },
      Throttle: { GenCounter: 0, Throttles: packThrottles(network.throttleKbps, network.throttleSplit) },
    }, { reliable: true });
  }

  private startAgentUpdates(): void {
    let last = 0;
    const tick = () => {
      if (this.circuit.closed) return;
      const now = this.now();
      if (now - last < 1000 / Math.max(1, this.options.settings.agentUpdateHz)) return;
      last = now;
      this.sendAgentUpdate();
    };
    this.timers.push(setInterval(tick, 25));
  }

  /** Sends one AgentUpdate from `camera` now (it also goes out at the settings' rate). */
  sendAgentUpdate(): void {
    updateBodyRotation(this.agentUpdate, this.camera);
    this.circuit.send('AgentUpdate', this.agentUpdate as unknown as Record<string, unknown>);
  }

  /** Local chat (type 1 = normal) on `channel`. */
  sendChat(text: string, channel = 0, type = 1): void {
    this.circuit.send('ChatFromViewer', {
      AgentData: { AgentID: this.loginAnswer.agentId, SessionID: this.loginAnswer.sessionId },
      ChatData: { Message: text, Type: type, Channel: channel },
    }, { reliable: true });
  }

  /**
   * LogoutRequest, then waits up to `timeoutMs` for LogoutReply (OpenSimulator
   * does not always send it) and closes everything either way.
   */
  async logout(timeoutMs = 5_000): Promise<{ replied: boolean }> {
    if (this.stage === 'closed') return { replied: false };
    this.progress('logout', 'logging out');
    const { agentId, sessionId } = this.loginAnswer;
    let replied = false;
    const reply = new Promise<void>((resolve) => { this.logoutReplied = () => { replied = true; resolve(); }; });
    this.circuit.send('LogoutRequest', { AgentData: { AgentID: agentId, SessionID: sessionId } }, { reliable: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([reply, new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); })]);
    clearTimeout(timer);
    this.circuit.flushAcks();
    await this.eventQueue.client?.stop();
    this.close();
    this.options.progress?.('closed', replied ? 'logged out' : `no LogoutReply within ${timeoutMs} ms; closed anyway`);
    return { replied };
  }

  /** Stops timers, the event queue and the circuit, and closes the transport. */
  close(): void {
    if (this.stage === 'closed') return;
    this.stage = 'closed';
    for (const timer of this.timers) clearInterval(timer);
    for (const off of this.unsubscribe) off();
    void this.eventQueue.client?.stop();
    this.circuit.close();
    this.options.transport.close();
  }
}

