/**
 * The types a session is configured and described with: its stages, how it
 * ended, its options, and what it knows of its region.
 */
import type { NetworkSettings } from '@slv/config';
import type { MessageBus } from '../bus/message-bus.ts';
import type { CircuitListener } from '../circuit/circuit.ts';
import type { LoginCredentials, LoginRequestOptions } from '../login/index.ts';
import type { DatagramTransport } from '../transport/datagram-transport.ts';

export type SessionStage = 'login' | 'circuit' | 'handshake' | 'connected' | 'logout' | 'closed';

/** Why a session ended: its own logout or close, or something the other side did (an error). */
export type SessionEndCause = 'logout' | 'closed' | 'kicked' | 'disabled' | 'silent' | 'event-queue-gone';

export interface SessionEnd {
  cause: SessionEndCause;
  /** For people: the grid's own words for a kick, else what happened. */
  reason: string;
  /** True unless the session ended by its own logout or close. */
  error: boolean;
}

/**
 * Silence that ends a session: no packet and no ping answer for this long. The SL
 * viewer's circuit timeout (llstartup's circuit_timeout, 100 s, with a ping every 5 s).
 */
export const DEFAULT_SILENCE_TIMEOUT_MS = 100_000;

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
  /**
   * Deadline for the whole handshake (default 30 s: at 50 % loss each way a login takes up to ~15 s). Until then each step is retried:
   * a handshake message the circuit gives up on is sent again, and CompleteAgentMovement
   * is repeated while RegionHandshake or AgentMovementComplete has not arrived.
   */
  handshakeTimeoutMs?: number;
  /** No packets and no ping answers for this long ends the session as 'silent' (default DEFAULT_SILENCE_TIMEOUT_MS). */
  silenceTimeoutMs?: number;
  /** Called once when the session ends, for whatever reason (also `session.ended`). */
  onEnd?: (end: SessionEnd) => void;
  capabilityNames?: readonly string[];
  /** Progress for humans (stderr in the CLI). Never receives secrets. */
  progress?: (stage: SessionStage, detail: string) => void;
  /** Circuit events, e.g. reliable packets lost (not handshake messages that are sent again, nor an unanswered LogoutRequest). */
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
  /** RegionHandshake's terrain detail textures (TerrainDetail0..3, lowest first), lower-case UUID text. */
  terrainTextures: string[];
  /** Where each terrain texture takes over, at the SW, SE, NW and NE corners (TerrainStartHeight00..11, TerrainHeightRange00..11). */
  terrainStart: number[];
  terrainRange: number[];
}
