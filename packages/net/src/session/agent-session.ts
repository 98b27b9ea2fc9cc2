import type { LLSDValue } from '@slv/protocol';
import { MessageBus, type MessageSource } from '../bus/message-bus.ts';
import { EventQueueClient } from '../caps/event-queue-client.ts';
import { DEFAULT_CAPABILITY_NAMES, fetchCapabilities, redactCapability } from '../caps/seed-capability.ts';
import { Circuit } from '../circuit/circuit.ts';
import { login, type LoginSuccess } from '../login/index.ts';
import { createAgentCamera, createAgentUpdateValue, updateBodyRotation, type AgentCamera, type AgentUpdateValue } from './agent-update.ts';
import { packThrottles } from './throttle.ts';
import { DEFAULT_SILENCE_TIMEOUT_MS, HandshakeReplyFlags, type ConnectOptions, type RegionInfo, type SessionEnd, type SessionStage } from './session-types.ts';

export { DEFAULT_SILENCE_TIMEOUT_MS, HandshakeReplyFlags } from './session-types.ts';
export type { ConnectOptions, RegionInfo, SessionEnd, SessionEndCause, SessionStage } from './session-types.ts';

/**
 * A logged-in agent in one region: login over XML-RPC, the UDP circuit, the
 * handshake (UseCircuitCode → CompleteAgentMovement → RegionHandshake →
 * RegionHandshakeReply → AgentThrottle, periodic AgentUpdate), capabilities and
 * the event queue, all feeding one MessageBus. Isomorphic: the transport and
 * fetch decide whether it runs over UDP (Node) or the relay (browser).
 *
 * It ends (`ended`) by its own logout or close, or when the simulator kicks the
 * agent (KickUser), disables the region (DisableSimulator), goes silent, or its
 * event queue is gone (HTTP 404).
 */
export class AgentSession {
  stage: SessionStage = 'login';
  readonly bus: MessageBus;
  readonly circuit: Circuit;
  readonly camera: AgentCamera;
  readonly source: MessageSource;
  capabilities = new Map<string, string>();
  /**
   * Settles with the region's capabilities once the seed capability has
   * answered (an empty map when there is none or it failed), so texture and
   * mesh fetching can start then.
   */
  readonly capabilitiesReady: Promise<ReadonlyMap<string, string>>;
  private settleCapabilities: (caps: ReadonlyMap<string, string>) => void = () => {};
  region: RegionInfo;
  /** Agent position and look-at from AgentMovementComplete. */
  readonly position = new Float32Array(3);
  readonly lookAt = new Float32Array(3);
  /** AgentControlFlags the AgentUpdate carries (setControls). */
  controlFlags = 0;
  /** Body heading the AgentUpdate carries, radians; NaN faces the camera (setControls). */
  bodyYaw = Number.NaN;
  /** Milliseconds from the first circuit packet to a completed handshake. */
  handshakeMs = Number.NaN;
  /** How the session ended; null while it lasts. */
  endedBy: SessionEnd | null = null;
  /** Resolves once, when the session ends. */
  readonly ended: Promise<SessionEnd>;

  private readonly eventQueue: { client: EventQueueClient | null } = { client: null };
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly agentUpdate: AgentUpdateValue;
  private logoutReplied: (() => void) | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private resolveEnded: (end: SessionEnd) => void = () => {};
  /** Reliable handshake messages sent again when the circuit gives them up, by sequence number. */
  private readonly persistent = new Map<number, { again: () => void; acked?: () => void }>();
  private handshakeDeadline = 0;

  private constructor(
    readonly loginAnswer: LoginSuccess,
    private readonly options: ConnectOptions,
    private readonly now: () => number,
  ) {
    this.bus = options.bus ?? new MessageBus();
    this.camera = createAgentCamera(128);
    this.source = { label: `${loginAnswer.simIp}:${loginAnswer.simPort}` };
    this.region = {
      name: '', handle: loginAnswer.regionHandle, x: loginAnswer.regionX, y: loginAnswer.regionY, waterHeight: 20, id: '',
      terrainTextures: ['', '', '', ''], terrainStart: [0, 0, 0, 0], terrainRange: [1, 1, 1, 1],
    };
    this.agentUpdate = createAgentUpdateValue(loginAnswer.agentId, loginAnswer.sessionId, this.camera);
    this.ended = new Promise((resolve) => { this.resolveEnded = resolve; });
    this.capabilitiesReady = new Promise((resolve) => { this.settleCapabilities = resolve; });
    const { simIp, simPort } = loginAnswer;
    const transport = options.transport;
    const bus = this.bus;
    const source = this.source;
    const extra = options.circuitListener ?? {};
    const silenceMs = options.silenceTimeoutMs ?? DEFAULT_SILENCE_TIMEOUT_MS;
    this.circuit = new Circuit({
      send: (bytes, length) => transport.send(bytes, length, simIp, simPort),
      settings: options.settings,
      now,
      timeoutMs: silenceMs,
      ...(options.maxResends !== undefined ? { maxResends: options.maxResends } : {}),
      listener: {
        message: (decoder) => bus.dispatch(decoder, source),
        acked: (sequence) => {
          const step = this.persistent.get(sequence);
          if (step === undefined) return;
          this.persistent.delete(sequence);
          step.acked?.();
        },
        lost: (sequence, name, c) => {
          const step = this.persistent.get(sequence);
          if (step !== undefined) {
            this.persistent.delete(sequence);
            if (this.stage !== 'closed' && this.now() < this.handshakeDeadline) {
              step.again();
              return;
            }
          }
          extra.lost?.(sequence, name, c);
        },
        ...(extra.decodeError ? { decodeError: extra.decodeError } : {}),
        timeout: (c) => {
          extra.timeout?.(c);
          this.end({ cause: 'silent', reason: `the simulator went silent: no packets and no ping answers for ${Math.round(silenceMs / 1000)} s`, error: true });
        },
      },
    });
    transport.onDatagram((bytes, length, host, port) => {
      if (port === simPort && host === simIp) this.circuit.receive(bytes, length);
    });
    this.unsubscribe.push(bus.on('KickUser', (r) => {
      const reason = r.UserInfo.ReasonString().trim();
      this.end({ cause: 'kicked', reason: `kicked by the simulator: ${reason === '' ? 'no reason given' : reason}`, error: true });
    }));
    this.unsubscribe.push(bus.on('DisableSimulator', () => {
      this.end({ cause: 'disabled', reason: 'the simulator disabled this region (DisableSimulator)', error: true });
    }));
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

  /**
   * Sends a reliable handshake message, and sends it again (a new packet) each time the
   * circuit gives it up, until the handshake's deadline: at heavy loss 3 resends are not
   * enough, and a step given up would stall the handshake for good.
   */
  private sendStep(name: string, value: Readonly<Record<string, unknown>>, acked?: () => void): void {
    if (this.stage === 'closed' || this.circuit.closed) return;
    const sequence = this.circuit.send(name, value, { reliable: true });
    this.persistent.set(sequence, { again: () => this.sendStep(name, value, acked), ...(acked ? { acked } : {}) });
  }

  private async handshake(): Promise<void> {
    const { agentId, sessionId, circuitCode } = this.loginAnswer;
    const circuit = this.circuit;
    const started = this.now();
    this.timers.push(setInterval(() => circuit.tick(), this.options.tickMs ?? 20));
    const timeoutMs = this.options.handshakeTimeoutMs ?? 30_000;
    this.handshakeDeadline = started + timeoutMs;

    let regionHandshake = false;
    let movementComplete = false;
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => { finish = resolve; });
    const check = () => { if (regionHandshake && movementComplete) finish(); };
    const agentData = { AgentID: agentId, SessionID: sessionId };

    this.unsubscribe.push(this.bus.on('RegionHandshake', (r) => {
      const info = r.RegionInfo;
      this.region.name = info.SimNameString();
      this.region.waterHeight = info.WaterHeight();
      this.region.id = r.RegionInfo2.RegionIDString();
      this.region.terrainTextures = [info.TerrainDetail0String(), info.TerrainDetail1String(), info.TerrainDetail2String(), info.TerrainDetail3String()];
      this.region.terrainStart = [info.TerrainStartHeight00(), info.TerrainStartHeight01(), info.TerrainStartHeight10(), info.TerrainStartHeight11()];
      this.region.terrainRange = [info.TerrainHeightRange00(), info.TerrainHeightRange01(), info.TerrainHeightRange10(), info.TerrainHeightRange11()];
      const flags = HandshakeReplyFlags.SEND_ALL_CACHEABLE | (this.options.cacheEmpty ?? true ? HandshakeReplyFlags.CACHE_EMPTY : 0);
      // A RegionHandshake again means the simulator has not seen our reply (it repeats it on a repeated CompleteAgentMovement).
      this.sendStep('RegionHandshakeReply', { AgentData: agentData, RegionInfo: { Flags: flags } });
      if (regionHandshake) return;
      regionHandshake = true;
      this.progress('handshake', `RegionHandshake from "${this.region.name}"`);
      this.sendThrottle();
      this.sendStep('AgentHeightWidth', {
        AgentData: { ...agentData, CircuitCode: circuitCode },
        HeightWidthBlock: { GenCounter: 0, Height: 768, Width: 1024 },
      });
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
    // Ends (kick, silence) during the handshake fail it at once rather than at the deadline.
    const endedEarly = this.ended.then((end) => { throw new Error(`${end.reason} (stage ${this.stage})`); });
    endedEarly.catch(() => {});

    this.progress('circuit', `opening circuit ${circuitCode}`);
    const circuitOpen = new Promise<void>((resolve) => {
      this.sendStep('UseCircuitCode', { CircuitCode: { Code: circuitCode, SessionID: sessionId, ID: agentId } }, resolve);
    });
    await this.within(timeoutMs, 'UseCircuitCode was not acknowledged', Promise.race([circuitOpen, endedEarly]));
    const completeMovement = { AgentData: { ...agentData, CircuitCode: circuitCode } };
    this.sendStep('CompleteAgentMovement', completeMovement);
    this.progress('handshake', 'circuit open; CompleteAgentMovement sent');
    // The simulator's RegionHandshake or AgentMovementComplete may be lost after its own
    // resends; asking again makes it send them again (as a repeated arrival does on a real one).
    let lastAsked = this.now();
    const askAgain = setInterval(() => {
      if (regionHandshake && movementComplete) return;
      if (this.now() - lastAsked < Math.max(3_000, 3 * circuit.resendTimeoutMs)) return;
      lastAsked = this.now();
      this.sendStep('CompleteAgentMovement', completeMovement);
    }, 250);
    this.startCapabilities();
    try {
      await this.within(timeoutMs - (this.now() - started), 'the region handshake did not complete', Promise.race([done, endedEarly]));
    } finally {
      clearInterval(askAgain);
    }
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

  /** How this session makes HTTP requests (the relay's proxy in the browser): capability fetches must go the same way. */
  get httpFetch(): typeof fetch {
    return this.options.fetch ?? fetch;
  }

  private startCapabilities(): void {
    const seed = this.loginAnswer.seedCapability;
    if (!seed) {
      this.settleCapabilities(this.capabilities);
      return;
    }
    const fetchImpl = this.options.fetch;
    fetchCapabilities(seed, this.options.capabilityNames ?? DEFAULT_CAPABILITY_NAMES, fetchImpl ? { fetch: fetchImpl } : {})
      .then((caps) => {
        if (this.stage === 'closed') return;
        this.capabilities = caps;
        this.settleCapabilities(caps);
        this.options.progress?.(this.stage, `${caps.size} capabilities from ${redactCapability(seed)}`);
        const eventQueueUrl = caps.get('EventQueueGet');
        if (!eventQueueUrl) return;
        const client = new EventQueueClient(eventQueueUrl, {
          ...(fetchImpl ? { fetch: fetchImpl } : {}),
          onEvent: (name: string, body: LLSDValue) => this.bus.dispatchEvent(name, body, this.source),
          onError: (error) => this.options.progress?.(this.stage, `event queue: ${error.message}`),
          onGone: (status) => {
            if (this.stage === 'logout' || this.stage === 'closed') return;
            this.end({ cause: 'event-queue-gone', reason: `the simulator no longer knows this session (event queue HTTP ${status})`, error: true });
          },
        });
        this.eventQueue.client = client;
        client.start();
      })
      .catch((error: Error) => {
        this.settleCapabilities(this.capabilities);
        this.options.progress?.(this.stage, `capabilities unavailable: ${error.message}`);
      });
  }

  /** Sends AgentThrottle from the current settings (call again after a settings change). */
  sendThrottle(): void {
    const { agentId, sessionId, circuitCode } = this.loginAnswer;
    const network = this.options.settings;
    this.sendStep('AgentThrottle', {
      AgentData: { AgentID: agentId, SessionID: sessionId, CircuitCode: circuitCode },
      Throttle: { GenCounter: 0, Throttles: packThrottles(network.throttleKbps, network.throttleSplit) },
    });
  }

  private startAgentUpdates(): void {
    let last = 0;
    const tick = () => {
      // Nothing moves once logging out: the simulator is closing the agent.
      if (this.circuit.closed || this.stage === 'logout' || this.stage === 'closed') return;
      const now = this.now();
      if (now - last < 1000 / Math.max(1, this.options.settings.agentUpdateHz)) return;
      last = now;
      this.sendAgentUpdate();
    };
    this.timers.push(setInterval(tick, 25));
  }

  /** Sends one AgentUpdate from `camera` and the controls now (it also goes out at the settings' rate). */
  sendAgentUpdate(): void {
    const data = this.agentUpdate.AgentData;
    updateBodyRotation(this.agentUpdate, this.camera, this.bodyYaw);
    data.ControlFlags = this.controlFlags;
    this.circuit.send('AgentUpdate', this.agentUpdate as unknown as Record<string, unknown>);
  }

  /**
   * What the agent's controls hold (AgentControlFlags bits) and where its body faces
   * (radians, 0 = east; NaN faces the camera). A change of flags goes out at once, as
   * the SL viewer sends one when a key goes down or up; the heading rides the next update.
   */
  setControls(controlFlags: number, bodyYaw: number): void {
    const changed = controlFlags >>> 0 !== this.controlFlags;
    this.controlFlags = controlFlags >>> 0;
    this.bodyYaw = bodyYaw;
    if (changed && this.stage === 'connected' && !this.circuit.closed) this.sendAgentUpdate();
  }

  /** SetAlwaysRun: the simulator runs the avatar instead of walking it (the SL viewer's run mode). */
  setAlwaysRun(run: boolean): void {
    if (this.stage === 'closed' || this.circuit.closed) return;
    const { agentId, sessionId } = this.loginAnswer;
    this.circuit.send('SetAlwaysRun', { AgentData: { AgentID: agentId, SessionID: sessionId, AlwaysRun: run } }, { reliable: true });
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
   * does not always send it) and closes everything either way. An unacknowledged
   * LogoutRequest is not a lost packet: OpenSimulator closes the circuit without acking it.
   */
  async logout(timeoutMs = 5_000): Promise<{ replied: boolean }> {
    if (this.stage === 'closed' || this.stage === 'logout') return { replied: false };
    this.progress('logout', 'logging out');
    const { agentId, sessionId } = this.loginAnswer;
    let replied = false;
    const reply = new Promise<void>((resolve) => { this.logoutReplied = () => { replied = true; resolve(); }; });
    const request = this.circuit.send('LogoutRequest', { AgentData: { AgentID: agentId, SessionID: sessionId } }, { reliable: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([reply, this.ended, new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); })]);
    clearTimeout(timer);
    this.circuit.abandon(request);
    if ((this.stage as SessionStage) === 'closed') return { replied };
    this.circuit.flushAcks();
    await this.eventQueue.client?.stop();
    this.end({ cause: 'logout', reason: replied ? 'logged out' : `no LogoutReply within ${timeoutMs} ms; closed anyway`, error: false });
    return { replied };
  }

  /** Stops timers, the event queue and the circuit, and closes the transport. */
  close(): void {
    this.end({ cause: 'closed', reason: 'closed by the viewer', error: false });
  }

  private end(end: SessionEnd): void {
    if (this.stage === 'closed') return;
    this.stage = 'closed';
    this.endedBy = end;
    for (const timer of this.timers) clearInterval(timer);
    for (const off of this.unsubscribe) off();
    this.persistent.clear();
    void this.eventQueue.client?.stop();
    this.circuit.close();
    this.options.transport.close();
    this.options.progress?.('closed', end.reason);
    this.options.onEnd?.(end);
    this.resolveEnded(end);
  }
}
