/**
 * A bare viewer for the region's tests: the net package's login, a client-side
 * Circuit over a UdpTransport, and every message it receives kept as a plain object.
 */
import {
  Circuit, FaultInjector, login, type FaultOptions, type LoginCredentials, type LoginRequestOptions, type LoginSuccess,
} from '@slv/net';
import { UdpTransport } from '@slv/net/node';
import { readMessageObject, type MessageObject } from '@slv/protocol';
import type { RunningRegion } from './region-options.ts';

export interface Received {
  name: string;
  message: MessageObject;
  reliable: boolean;
  at: number;
}

interface Waiter {
  name: string;
  predicate: (r: Received) => boolean;
  resolve: (r: Received) => void;
}

export class RawClient {
  readonly received: Received[] = [];
  /** Size of every datagram from the simulator. */
  readonly datagramSizes: number[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly timer: ReturnType<typeof setInterval>;

  private constructor(readonly answer: LoginSuccess, readonly transport: UdpTransport, readonly circuit: Circuit) {
    this.timer = setInterval(() => circuit.tick(), 10);
    circuit.listener = {
      message: (decoder) => {
        const r: Received = { name: decoder.message!.name, message: readMessageObject(decoder.reader!), reliable: decoder.reliable, at: performance.now() };
        this.received.push(r);
        for (let i = this.waiters.length - 1; i >= 0; i--) {
          const w = this.waiters[i]!;
          if (w.name === r.name && w.predicate(r)) {
            this.waiters.splice(i, 1);
            w.resolve(r);
          }
        }
      },
    };
  }

  /** Logs in over HTTP and opens a UDP socket (client→sim datagrams through `faults` when given). */
  static async login(
    region: RunningRegion,
    credentials: LoginCredentials = { first: 'Test', last: 'User', password: 'secret' },
    options: { faults?: FaultOptions; login?: LoginRequestOptions } = {},
  ): Promise<RawClient> {
    const answer = await login(region.loginUri, credentials, { ...options.login, timeoutMs: 5000 });
    const faults = options.faults;
    const transport = await UdpTransport.bind(0, '127.0.0.1');
    const forward = (bytes: Uint8Array, length: number) => transport.send(bytes, length, answer.simIp, answer.simPort);
    const injector = faults ? new FaultInjector(faults, forward) : null;
    const circuit = new Circuit({
      send: injector ? (b, n) => injector.send(b, n) : forward,
      settings: { ackCollectionMs: 10, appendedAcks: true, reorderWindowMs: 0 },
      maxResends: 10,
    });
    const client = new RawClient(answer, transport, circuit);
    transport.onDatagram((bytes, length, _host, port) => {
      if (port !== answer.simPort) return;
      client.datagramSizes.push(length);
      circuit.receive(bytes, length);
    });
    return client;
  }

  get agentId(): string {
    return this.answer.agentId;
  }

  get agentData(): { AgentID: string; SessionID: string } {
    return { AgentID: this.answer.agentId, SessionID: this.answer.sessionId };
  }

  /** An AgentUpdate as viewers send several times a second (camera at `center`). */
  sendAgentUpdate(center: [number, number, number] = [128, 120, 25]): void {
    this.circuit.send('AgentUpdate', {
      AgentData: {
        ...this.agentData, BodyRotation: [0, 0, 0, 1], HeadRotation: [0, 0, 0, 1], State: 0, CameraCenter: center,
        CameraAtAxis: [0, 1, 0], CameraLeftAxis: [-1, 0, 0], CameraUpAxis: [0, 0, 1], Far: 128, ControlFlags: 0, Flags: 0,
      },
    });
  }

  /** UseCircuitCode → CompleteAgentMovement → (RegionHandshake) → RegionHandshakeReply with `flags`. */
  async handshake(flags = 0x3, timeoutMs = 5000): Promise<void> {
    const { circuitCode, agentId, sessionId } = this.answer;
    this.circuit.send('UseCircuitCode', { CircuitCode: { Code: circuitCode, SessionID: sessionId, ID: agentId } }, { reliable: true });
    this.circuit.send('CompleteAgentMovement', { AgentData: { ...this.agentData, CircuitCode: circuitCode } }, { reliable: true });
    await this.waitFor('RegionHandshake', () => true, timeoutMs);
    this.circuit.send('RegionHandshakeReply', { AgentData: this.agentData, RegionInfo: { Flags: flags } }, { reliable: true });
    await this.waitFor('AgentMovementComplete', () => true, timeoutMs);
  }

  /** The first message `name` (already received or still to come) that `predicate` accepts. */
  waitFor(name: string, predicate: (r: Received) => boolean = () => true, timeoutMs = 5000): Promise<Received> {
    const seen = this.received.find((r) => r.name === name && predicate(r));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`no ${name} within ${timeoutMs} ms (got ${summary(this.received)})`));
      }, timeoutMs);
      const waiter: Waiter = { name, predicate, resolve: (r) => { clearTimeout(timer); resolve(r); } };
      this.waiters.push(waiter);
    });
  }

  /** Resolves once `check` holds (polled every 20 ms). */
  async until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const end = performance.now() + timeoutMs;
    while (!check()) {
      if (performance.now() > end) throw new Error(`timed out waiting for ${what} (got ${summary(this.received)})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  all(name: string): Received[] {
    return this.received.filter((r) => r.name === name);
  }

  close(): void {
    clearInterval(this.timer);
    this.circuit.close();
    this.transport.close();
  }
}

function summary(received: Received[]): string {
  const counts = new Map<string, number>();
  for (const r of received) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  return [...counts].map(([n, c]) => `${n}×${c}`).join(', ') || 'nothing';
}
