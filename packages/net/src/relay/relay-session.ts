/**
 * One browser's relay session: its WebSocket, its own UDP socket and the
 * allowlist the answers proxied for it have granted. Datagrams go out only to
 * granted simulators and come back only from them.
 */
import type { WebSocket } from 'ws';
import type { UdpTransport } from '../transport/udp-transport.ts';
import { RelayAllowlist, redactUrl, type UrlKind } from './relay-allowlist.ts';
import {
  checkRelayFrame,
  endpointKey,
  formatRelayControl,
  parseIpv4,
  readRelayFrameAddress,
  readRelayFramePort,
  RELAY_FRAME_HEADER,
  formatIpv4,
  writeRelayFrame,
  type RelayControl,
} from './relay-frame.ts';
import type { RelayGrants } from './relay-grants.ts';
import { RateLimitedLog } from './relay-log.ts';
import { logoutOnBehalf, RelayCircuitWatch } from './relay-logout.ts';

export interface RelaySessionStats {
  /** Datagrams sent to simulators. */
  datagramsOut: number;
  /** Datagrams framed back to the browser. */
  datagramsIn: number;
  /** Browser datagrams refused (destination not granted, or a malformed frame). */
  refused: number;
  /** Datagrams that arrived from addresses not granted. */
  dropped: number;
  /** Datagrams dropped because the browser was not reading fast enough. */
  overflow: number;
}

/** Past this much unsent WebSocket data, arriving datagrams are dropped as a congested UDP link would. */
const MAX_BUFFERED = 4 << 20;

export class RelaySession {
  readonly allowlist = new RelayAllowlist();
  readonly stats: RelaySessionStats = { datagramsOut: 0, datagramsIn: 0, refused: 0, dropped: 0, overflow: 0 };
  /** Cleared by each heartbeat ping, set again by the pong. */
  alive = true;
  /** Agents and logouts seen on the circuits this session carries. */
  readonly circuits = new RelayCircuitWatch();
  /** Resolves once the UDP socket is closed (after any logout on the agent's behalf). */
  readonly finished: Promise<void>;
  private finish: () => void = () => {};
  private readonly refusedLog: RateLimitedLog;
  private readonly droppedLog: RateLimitedLog;
  private closed = false;

  constructor(
    readonly id: number,
    readonly token: string,
    private readonly ws: WebSocket,
    private readonly udp: UdpTransport,
    private readonly log: (line: string) => void,
    logIntervalMs: number,
    /** How long a close waits for the LogoutReply to a LogoutRequest sent on the agent's behalf (0: none is sent). */
    private readonly logoutWaitMs = 2_000,
  ) {
    this.finished = new Promise((resolve) => { this.finish = resolve; });
    this.refusedLog = new RateLimitedLog(log, logIntervalMs);
    this.droppedLog = new RateLimitedLog(log, logIntervalMs);
    udp.onDatagram((bytes, length, host, port) => this.receive(bytes, length, host, port));
  }

  get udpPort(): number {
    return this.udp.port;
  }

  /** "host:port" of every simulator this session may reach. */
  allowedSims(): string[] {
    return this.allowlist.simList();
  }

  /** Every capability URL (scheme, host and path) this session may reach, with its kind. */
  allowedUrls(): { url: string; kind: UrlKind }[] {
    return this.allowlist.urlList();
  }

  send(control: RelayControl): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(formatRelayControl(control));
  }

  /** A binary frame from the browser: sent on when its destination is granted, else refused. */
  forward(frame: Buffer): void {
    try {
      checkRelayFrame(frame);
    } catch (err) {
      this.stats.refused++;
      const reason = (err as Error).message;
      this.refusedLog.note(-1, () => `session ${this.id}: refused a frame: ${reason}`);
      this.send({ type: 'error', reason });
      return;
    }
    const address = readRelayFrameAddress(frame);
    const port = readRelayFramePort(frame);
    const grant = this.allowlist.simGrant(address, port);
    if (grant === undefined) {
      this.stats.refused++;
      const host = formatIpv4(address);
      const reason = 'not a simulator named by the login answer or the event queue';
      this.refusedLog.note(endpointKey(address, port), () => `session ${this.id}: refused datagram to ${host}:${port}: ${reason}`);
      this.send({ type: 'refused', host, port, reason });
      return;
    }
    const key = endpointKey(address, port);
    if (this.circuits.ended(key)) {
      this.stats.refused++;
      this.send({ type: 'refused', host: grant.host, port: grant.port, reason: 'the simulator ended this circuit (logout, KickUser or DisableSimulator)' });
      return;
    }
    this.circuits.outgoing(key, grant.host, grant.port, frame, RELAY_FRAME_HEADER, frame.length - RELAY_FRAME_HEADER);
    this.stats.datagramsOut++;
    // The frame is ws's own fresh buffer: dgram can send the datagram straight out of it.
    this.udp.socket.send(frame, RELAY_FRAME_HEADER, frame.length - RELAY_FRAME_HEADER, grant.port, grant.host);
  }

  private receive(bytes: Uint8Array, length: number, host: string, port: number): void {
    const address = parseIpv4(host);
    if (address < 0 || this.allowlist.simGrant(address, port) === undefined) {
      this.stats.dropped++;
      this.droppedLog.note(address < 0 ? -1 : endpointKey(address, port), () => `session ${this.id}: dropped datagram from ${host}:${port}: not a granted simulator`);
      return;
    }
    this.circuits.incoming(endpointKey(address, port), bytes, length);
    if (this.ws.readyState !== this.ws.OPEN || this.ws.bufferedAmount > MAX_BUFFERED) {
      this.stats.overflow++;
      return;
    }
    // ws keeps a reference until the socket has written it, so each frame needs its own buffer.
    const frame = Buffer.allocUnsafe(RELAY_FRAME_HEADER + length);
    writeRelayFrame(frame, address, port, bytes, length);
    this.stats.datagramsIn++;
    this.ws.send(frame, { binary: true });
  }

  /** Grants what an inspected answer named; `via` says which answer, for the log. */
  grant(grants: RelayGrants, via: string): void {
    const granted: string[] = [];
    for (const sim of grants.sims) {
      if (this.allowlist.allowSim(sim.host, sim.port, sim.source)) granted.push(`sim ${sim.host}:${sim.port} (${sim.source})`);
      else granted.push(`no sim ${sim.host}:${sim.port} (allowlist full)`);
    }
    for (const seed of grants.seeds) {
      if (this.allowlist.allowUrl(seed.url, 'seed', seed.source)) granted.push(`seed capability ${redactUrl(seed.url)} (${seed.source})`);
      else granted.push(`no seed capability ${redactUrl(seed.url)} (allowlist full)`);
    }
    let caps = 0;
    for (const cap of grants.capabilities) {
      if (this.allowlist.allowUrl(cap.url, cap.name === 'EventQueueGet' ? 'event-queue' : 'capability', `seed capability ${cap.name}`)) caps++;
    }
    if (grants.capabilities.length > 0) {
      const full = grants.capabilities.length - caps;
      granted.push(`${caps} capability URLs${full > 0 ? ` (${full} left out: allowlist full)` : ''}`);
    }
    if (granted.length > 0) this.log(`session ${this.id}: ${via} grants ${granted.join(', ')}`);
    if (grants.skipped.length > 0) this.log(`session ${this.id}: ${via}: left out ${grants.skipped.join('; ')}`);
  }

  /** Heartbeat: the pong sets `alive` again (the relay listens for it). */
  ping(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  /**
   * Closes the WebSocket (`hard`: without a closing handshake, for dead peers) and then
   * the UDP socket. An agent still logged in (the page went away without "Log out") is
   * logged out first: LogoutRequest on its behalf, waiting up to logoutWaitMs for the reply.
   */
  close(code = 1000, reason = '', hard = false): void {
    if (this.closed) return;
    this.closed = true;
    if (hard) this.ws.terminate();
    else if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
    const s = this.stats;
    this.log(`session ${this.id}: closed (${s.datagramsOut} datagrams out, ${s.datagramsIn} in, ${s.refused} refused, ${s.dropped} dropped, ${s.overflow} overflowed)`);
    const loggedIn = this.logoutWaitMs > 0 ? this.circuits.stillLoggedIn() : [];
    if (loggedIn.length === 0) {
      this.udp.close();
      this.finish();
      return;
    }
    const logouts = loggedIn.map(([, circuit]) => {
      this.log(`session ${this.id}: the page left without logging out; LogoutRequest to ${circuit.host}:${circuit.port} on its behalf`);
      return logoutOnBehalf(circuit, (bytes, length) => this.udp.send(bytes, length, circuit.host, circuit.port), this.logoutWaitMs)
        .then((replied) => this.log(`session ${this.id}: ${replied ? 'LogoutReply' : `no LogoutReply within ${this.logoutWaitMs} ms`} from ${circuit.host}:${circuit.port}`));
    });
    void Promise.all(logouts).finally(() => {
      this.udp.close();
      this.finish();
    });
  }
}
