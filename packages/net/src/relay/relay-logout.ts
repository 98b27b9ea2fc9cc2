/**
 * What the relay learns about each circuit it carries, so it can end the agent's
 * session when the page cannot: a tab closed without "Log out" (pagehide, a lost
 * WebSocket) would otherwise leave the avatar logged in until the simulator's own
 * timeout, and the grid refuses the next login meanwhile. From the browser's
 * datagrams it reads UseCircuitCode (agent and session ids), the highest sequence
 * number and whether LogoutRequest went out; from the simulator's, LogoutReply,
 * KickUser and DisableSimulator (after which the circuit is over and the relay
 * forwards nothing more to it). Only the fixed header and, for these few
 * unencoded Low messages, their first bytes are read: nothing is decoded per packet.
 */
import { PacketFlags, createPacketEncoder } from '@slv/protocol';

/** Low message numbers (all unencoded in the template). */
const USE_CIRCUIT_CODE = 3;
const DISABLE_SIMULATOR = 152;
const KICK_USER = 163;
const LOGOUT_REQUEST = 252;
const LOGOUT_REPLY = 253;

export interface WatchedCircuit {
  /** The simulator. */
  host: string;
  port: number;
  agentId: Uint8Array;
  sessionId: Uint8Array;
  /** Highest sequence number the browser used. */
  lastSequence: number;
  logoutSent: boolean;
  /** LogoutReply, KickUser or DisableSimulator arrived: the simulator is done with this agent. */
  ended: boolean;
  /** Called when LogoutReply arrives (the relay's own logout waits on it). */
  onLogoutReply: ((sequence: number) => void) | null;
}

/** The Low message number of an unencoded datagram, or -1 (another frequency, zero-coded or too short). */
export function lowMessageNumber(bytes: Uint8Array, start: number, length: number): number {
  if (length < 10 || (bytes[start]! & PacketFlags.ZEROCODED) !== 0) return -1;
  const body = start + 6 + bytes[start + 5]!;
  if (body + 4 > start + length || bytes[body] !== 0xff || bytes[body + 1] !== 0xff) return -1;
  return (bytes[body + 2]! << 8) | bytes[body + 3]!;
}

function sequenceOf(bytes: Uint8Array, start: number): number {
  return ((bytes[start + 1]! << 24) | (bytes[start + 2]! << 16) | (bytes[start + 3]! << 8) | bytes[start + 4]!) >>> 0;
}

export class RelayCircuitWatch {
  readonly circuits = new Map<number, WatchedCircuit>();

  /** A browser datagram to simulator `key` (host:port), at bytes[start, start + length). */
  outgoing(key: number, host: string, port: number, bytes: Uint8Array, start: number, length: number): void {
    if (length < 6) return;
    const number = lowMessageNumber(bytes, start, length);
    let circuit = this.circuits.get(key);
    if (number === USE_CIRCUIT_CODE && length >= 6 + bytes[start + 5]! + 4 + 36) {
      const block = start + 6 + bytes[start + 5]! + 4 + 4;
      circuit = {
        host, port, sessionId: bytes.slice(block, block + 16), agentId: bytes.slice(block + 16, block + 32),
        lastSequence: 0, logoutSent: false, ended: false, onLogoutReply: null,
      };
      this.circuits.set(key, circuit);
    }
    if (circuit === undefined) return;
    const sequence = sequenceOf(bytes, start);
    if (sequence > circuit.lastSequence) circuit.lastSequence = sequence;
    if (number === LOGOUT_REQUEST) circuit.logoutSent = true;
  }

  /** A simulator datagram from `key`. */
  incoming(key: number, bytes: Uint8Array, length: number): void {
    const circuit = this.circuits.get(key);
    if (circuit === undefined) return;
    const number = lowMessageNumber(bytes, 0, length);
    if (number === LOGOUT_REPLY) {
      circuit.ended = true;
      circuit.onLogoutReply?.(sequenceOf(bytes, 0));
    } else if (number === KICK_USER || number === DISABLE_SIMULATOR) {
      circuit.ended = true;
    }
  }

  /** True when the simulator ended the circuit (the relay then stops forwarding to it). */
  ended(key: number): boolean {
    return this.circuits.get(key)?.ended === true;
  }

  /** Circuits whose agent is still logged in as far as the relay saw: no LogoutRequest, not ended. */
  stillLoggedIn(): [number, WatchedCircuit][] {
    return [...this.circuits].filter(([, c]) => !c.logoutSent && !c.ended);
  }
}

/**
 * Sends LogoutRequest for `circuit` through `send` and waits up to `waitMs` for the
 * LogoutReply, which it acknowledges. Resolves true when the reply came.
 */
export function logoutOnBehalf(circuit: WatchedCircuit, send: (bytes: Uint8Array, length: number) => void, waitMs: number): Promise<boolean> {
  const encoder = createPacketEncoder();
  circuit.logoutSent = true;
  const sequence = circuit.lastSequence + 1;
  const request = () => {
    const length = encoder.encode('LogoutRequest', { AgentData: { AgentID: circuit.agentId, SessionID: circuit.sessionId } }, { sequence, reliable: true });
    send(encoder.bytes, length);
  };
  return new Promise<boolean>((resolve) => {
    // Resent (same sequence, as a circuit would) in case the first copy is lost.
    const resend = setInterval(request, Math.max(100, waitMs / 4));
    const timer = setTimeout(() => finish(false), waitMs);
    const finish = (replied: boolean) => {
      clearInterval(resend);
      clearTimeout(timer);
      circuit.onLogoutReply = null;
      resolve(replied);
    };
    circuit.onLogoutReply = (replySequence) => {
      const length = encoder.encode('PacketAck', { Packets: [{ ID: replySequence }] }, { sequence: sequence + 1 });
      send(encoder.bytes, length);
      finish(true);
    };
    request();
  });
}
