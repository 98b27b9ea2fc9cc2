/**
 * The region's UDP socket: one server-side Circuit per viewer, keyed by its host:port.
 * A datagram from an unknown address opens a circuit only when it is a UseCircuitCode
 * naming a login's circuit code, session and agent. Optional fault injection sits on
 * both directions: inbound before the circuit sees a datagram, outbound after it sends.
 */
import { Circuit, FaultInjector, isFaultFree, type DatagramTransport, type FaultOptions } from '@slv/net';
import { createPacketDecoder, readerAs } from '@slv/protocol';
import type { RegionAgent } from './region-agent.ts';
import type { Region } from './region.ts';

/** Acks go out within one tick or with the next packet; the sim keeps no reorder window. */
const CIRCUIT_SETTINGS = { ackCollectionMs: 10, appendedAcks: true, reorderWindowMs: 0 };

export interface UdpEndpointEvents {
  /** A decoded message on an agent's circuit. */
  message(session: RegionAgent, circuit: Circuit): void;
}

export class UdpEndpoint {
  private readonly decoder = createPacketDecoder();
  private readonly inbound = new Map<string, FaultInjector>();
  private faultSeed: number;

  constructor(
    private readonly region: Region,
    private readonly transport: DatagramTransport,
    private readonly events: UdpEndpointEvents,
  ) {
    this.faultSeed = region.settings.inboundFaults?.seed ?? region.settings.outboundFaults?.seed ?? 1;
    transport.onDatagram((bytes, length, host, port) => this.receive(bytes, length, host, port));
  }

  private receive(bytes: Uint8Array, length: number, host: string, port: number): void {
    const faults = this.region.settings.inboundFaults;
    if (faults === null || isFaultFree(faults)) {
      this.deliver(bytes, length, host, port);
      return;
    }
    const key = `${host}:${port}`;
    let injector = this.inbound.get(key);
    if (injector === undefined) {
      injector = new FaultInjector(this.seeded(faults), (b, n) => this.deliver(b, n, host, port));
      this.inbound.set(key, injector);
      this.region.injectors.inbound.push(injector);
    }
    injector.send(bytes, length);
  }

  private deliver(bytes: Uint8Array, length: number, host: string, port: number): void {
    const region = this.region;
    const key = `${host}:${port}`;
    const known = region.byAddress.get(key);
    if (known !== undefined && known.circuit !== null && !known.circuit.closed) {
      known.circuit.receive(bytes, length);
      return;
    }
    const decoder = this.decoder;
    if (!decoder.decode(bytes, length)) return;
    const use = readerAs(decoder, 'UseCircuitCode');
    if (use === null) return;
    const block = use.CircuitCode;
    const session = region.byCircuitCode.get(block.Code());
    if (session === undefined || session.stage === 'closed' || session.stage === 'closing') return;
    if (!session.owns(block.bytes, block.IDOffset(), block.SessionIDOffset())) {
      region.log(`UseCircuitCode ${block.Code()} from ${key} names the wrong agent or session; ignored`);
      return;
    }
    this.open(session, host, port);
    session.circuit!.receive(bytes, length);
  }

  /** Binds `session` to host:port with a fresh circuit (a viewer that moved sockets starts over). */
  private open(session: RegionAgent, host: string, port: number): void {
    const region = this.region;
    if (session.circuit !== null) {
      region.byAddress.delete(session.address);
      session.circuit.close();
    }
    const transport = this.transport;
    const forward = (bytes: Uint8Array, length: number) => transport.send(bytes, length, host, port);
    const faults = region.settings.outboundFaults;
    let send = forward;
    if (faults !== null && !isFaultFree(faults)) {
      const injector = new FaultInjector(this.seeded(faults), forward);
      region.injectors.outbound.push(injector);
      send = (bytes, length) => injector.send(bytes, length);
    }
    const circuit = new Circuit({
      send,
      settings: CIRCUIT_SETTINGS,
      now: region.now,
      timeoutMs: region.settings.circuitTimeoutMs,
      maxResends: region.settings.maxResends,
      listener: {
        message: (_decoder, c) => this.events.message(session, c),
        timeout: () => {
          region.log(`${session.fullName}: nothing heard for ${region.settings.circuitTimeoutMs} ms; dropping the circuit`);
          region.endSession(session);
        },
      },
    });
    session.circuit = circuit;
    session.host = host;
    session.port = port;
    region.byAddress.set(`${host}:${port}`, session);
    region.log(`${session.fullName}: circuit ${session.identity.circuitCode} open from ${host}:${port}`);
  }

  /** Each injector gets its own seed, so two clients do not lose the same packets. */
  private seeded(faults: FaultOptions): FaultOptions {
    return { ...faults, seed: this.faultSeed++ };
  }
}
