/**
 * RegionAgent: one logged-in agent on the simulator's side (the viewer's side
 * of the same connection is @slv/net's AgentSession): who it is (from login),
 * its UDP circuit once UseCircuitCode arrives, its avatar, its event queue, what it told us (camera,
 * throttles, handshake flags) and the messages queued for it.
 */
import type { Circuit } from '@slv/net';
import { uuidBytesEqual, uuidToBytes } from '@slv/protocol';
import { AgentControlFlags } from '@slv/net';
import { createAvatarMotion, yawOf, type AvatarMotion } from '../agents/avatar-physics.ts';
import type { SceneObject } from '../scene/scene-types.ts';
import { EventQueue } from './event-queue.ts';
import type { AgentInfo, AgentStage } from './region-options.ts';
import { SendQueue } from './send-queue.ts';

export interface AgentIdentity {
  agentId: string;
  sessionId: string;
  secureSessionId: string;
  circuitCode: number;
  firstName: string;
  lastName: string;
  /** Where the avatar arrives (region metres) and what it faces. */
  spawn: [number, number, number];
  lookAt: [number, number, number];
  /** Capability path ids (secrets: they grant access to the agent's caps). */
  seedCapId: string;
  eventQueueCapId: string;
  featuresCapId: string;
}

export class RegionAgent {
  stage: AgentStage = 'login';
  circuit: Circuit | null = null;
  host = '';
  port = 0;
  avatar: SceneObject | null = null;
  handshakeFlags = 0;
  throttles: number[] = [];
  readonly cameraCenter: [number, number, number] = [0, 0, 0];
  /** What the agent's controls ask of its avatar (AgentUpdate, SetAlwaysRun). */
  readonly motion: AvatarMotion = createAvatarMotion();
  readonly eventQueue: EventQueue;
  /** Terrain and objects, paced. */
  readonly outbox = new SendQueue();
  /** Last AgentHeightWidth: the viewer's window in pixels. */
  viewerHeight = 0;
  viewerWidth = 0;
  /** When the login happened, or closing began (ms, region clock). */
  since: number;
  private readonly agentIdBytes: Uint8Array;
  private readonly sessionIdBytes: Uint8Array;

  constructor(readonly identity: AgentIdentity, eventQueueHoldMs: number, now: number) {
    this.eventQueue = new EventQueue(eventQueueHoldMs);
    this.since = now;
    this.agentIdBytes = uuidToBytes(identity.agentId);
    this.sessionIdBytes = uuidToBytes(identity.sessionId);
  }

  /** True when the AgentID and SessionID at those offsets of `bytes` are this agent's (no allocation). */
  owns(bytes: Uint8Array, agentIdOffset: number, sessionIdOffset: number): boolean {
    return uuidBytesEqual(bytes, agentIdOffset, this.agentIdBytes, 0) && uuidBytesEqual(bytes, sessionIdOffset, this.sessionIdBytes, 0);
  }

  get agentId(): string {
    return this.identity.agentId;
  }

  get address(): string {
    return this.circuit ? `${this.host}:${this.port}` : '';
  }

  get fullName(): string {
    return `${this.identity.firstName} ${this.identity.lastName}`;
  }

  /** Sends now when the circuit is open; false when it is not (the message is dropped). */
  send(name: string, value: Readonly<Record<string, unknown>>, reliable = false): boolean {
    const circuit = this.circuit;
    if (circuit === null || circuit.closed) return false;
    circuit.send(name, value, { reliable });
    return true;
  }

  info(): AgentInfo {
    const avatar = this.avatar;
    return {
      agentId: this.identity.agentId,
      sessionId: this.identity.sessionId,
      firstName: this.identity.firstName,
      lastName: this.identity.lastName,
      circuitCode: this.identity.circuitCode,
      stage: this.stage,
      address: this.address,
      avatarLocalId: avatar ? avatar.localId : 0,
      position: avatar ? [...avatar.position] : [...this.identity.spawn],
      velocity: avatar ? [...avatar.velocity] : [0, 0, 0],
      yaw: avatar ? yawOf(avatar.rotation) : Math.atan2(this.identity.lookAt[1], this.identity.lookAt[0]),
      controlFlags: this.motion.controlFlags,
      flying: (this.motion.controlFlags & AgentControlFlags.FLY) !== 0,
      alwaysRun: this.motion.alwaysRun,
      cameraCenter: [...this.cameraCenter],
      handshakeFlags: this.handshakeFlags,
      throttles: [...this.throttles],
    };
  }
}
