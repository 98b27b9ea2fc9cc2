/**
 * @slv/net: the LLUDP circuit, the message bus, login, capabilities and the
 * event queue, and the agent session that ties them together. Isomorphic; the
 * Node-only pieces (UDP transport, relay) are in `@slv/net/node`.
 */
export { Circuit, type CircuitListener, type CircuitNetworkSettings, type CircuitOptions, type CircuitStats, type SendOptions } from './circuit/circuit.ts';
export { SequenceWindow } from './circuit/sequence-window.ts';
export { ReorderBuffer } from './circuit/reorder-buffer.ts';
export { FaultInjector, isFaultFree, type FaultOptions, type FaultStats, type Schedule } from './fault-injector.ts';
export { MessageBus, type AnyMessageHandler, type EventHandler, type MessageHandler, type MessageSource } from './bus/message-bus.ts';
export type { DatagramTransport } from './transport/datagram-transport.ts';
export { CapabilityError, DEFAULT_CAPABILITY_NAMES, fetchCapabilities, redactCapability } from './caps/seed-capability.ts';
export { EventQueueClient, type EventQueueOptions } from './caps/event-queue-client.ts';
export {
  AgentSession, DEFAULT_SILENCE_TIMEOUT_MS, HandshakeReplyFlags, type ConnectOptions, type RegionInfo, type SessionEnd, type SessionEndCause, type SessionStage,
} from './session/agent-session.ts';
export { createAgentCamera, type AgentCamera } from './session/agent-update.ts';
export {
  AGENT_CONTROL_AT, AGENT_CONTROL_LEFT, AGENT_CONTROL_MOVEMENT, AGENT_CONTROL_UP, AgentControlFlags, type AgentControlFlag,
} from './session/agent-control-flags.ts';
export {
  CHAT_NORMAL_RADIUS, CHAT_SHOUT_RADIUS, CHAT_WHISPER_RADIUS, ChatAudible, ChatSourceType, ChatType, chatRadius,
} from './session/local-chat.ts';
export { packThrottles, THROTTLE_ORDER, type ThrottleCategory } from './session/throttle.ts';
export * from './login/index.ts';
export {
  WebSocketTransport, relayFetch,
  type RelaySocket, type RelaySocketConstructor, type WebSocketTransportOptions, type RelayRefusal, type WebSocketTransportStats,
} from './transport/websocket-transport.ts';
export { RelayProxyError, rejectRelayAnswersFor, relayProxyErrorOf } from './transport/relay-proxy-error.ts';
export { RELAY_OUTCOME_HEADER, type RelayOutcome, RELAY_SESSION_HEADER, RELAY_FRAME_HEADER, MAX_RELAY_DATAGRAM, type RelayControl, RelayProtocolError } from './relay/relay-frame.ts';
