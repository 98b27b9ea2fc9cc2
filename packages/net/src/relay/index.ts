/**
 * The browser relay (Node only): datagrams over a WebSocket and an allowlisted
 * HTTP proxy for the login and capability calls. relay-frame.ts, the wire
 * format, is the one isomorphic file here; the browser side imports it through
 * transport/websocket-transport.ts.
 */
export { attachRelay, type RelayHandle, type RelayOptions } from './attach-relay.ts';
export { RelaySession, type RelaySessionStats } from './relay-session.ts';
export {
  MAX_SIM_GRANTS,
  MAX_URL_GRANTS,
  parseHttpUrl,
  redactUrl,
  RelayAllowlist,
  urlGrantKey,
  type SimGrant,
  type UrlGrant,
  type UrlKind,
} from './relay-allowlist.ts';
export {
  grantsFromEventQueue,
  grantsFromLogin,
  grantsFromSeed,
  SIM_GRANTING_EVENTS,
  type CapabilityAddress,
  type RelayGrants,
  type SeedAddress,
  type SimAddress,
} from './relay-grants.ts';
export { PROXY_METHODS, type ProxyLimits } from './relay-proxy.ts';
export { RateLimitedLog } from './relay-log.ts';
export * from './relay-frame.ts';
