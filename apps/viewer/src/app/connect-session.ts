/**
 * Logging in from the browser: a WebSocket to the launcher's relay carries the
 * datagrams, the relay's HTTP proxy carries login, capabilities and the event
 * queue, and AgentSession does the rest (login → circuit → handshake → caps).
 * The bus is the viewer's, so world ingestion already listens when the first
 * object arrives.
 */
import type { NetworkSettings } from '@slv/config';
import { AgentSession, WebSocketTransport, rejectRelayAnswersFor, relayFetch, type LoginCredentials, type MessageBus, type SessionStage } from '@slv/net';

export interface RelayLogin {
  loginUri: string;
  credentials: LoginCredentials;
  /** Page-relative paths of the relay's WebSocket and HTTP proxy. */
  relayPath: string;
  proxyPath: string;
}

export interface ConnectDeps {
  bus: MessageBus;
  /** The live network settings (PerformanceSettings.network). */
  network: NetworkSettings;
  progress: (stage: SessionStage, detail: string) => void;
  /** The simulator stopped answering (the circuit timed out). */
  onTimeout?: () => void;
  /** The page's URL (default location.href). */
  pageUrl?: string;
}

/** ws(s):// URL of `path` on the page's own host. */
export function relaySocketUrl(pageUrl: string, path: string): string {
  const url = new URL(path, pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.href;
}

export async function connectThroughRelay(login: RelayLogin, deps: ConnectDeps): Promise<AgentSession> {
  const pageUrl = deps.pageUrl ?? location.href;
  deps.progress('login', 'opening the relay');
  const transport = await WebSocketTransport.connect(relaySocketUrl(pageUrl, login.relayPath));
  transport.onRefused((refusal) => deps.progress('circuit', `relay refused a datagram to ${refusal.host}:${refusal.port}: ${refusal.reason}`));
  transport.onError((reason) => deps.progress('circuit', `relay: ${reason}`));
  try {
    return await AgentSession.connect({
      loginUri: login.loginUri,
      credentials: login.credentials,
      transport,
      settings: deps.network,
      // The relay's own refusal of the login is not the grid's HTTP 403: it rejects as a RelayProxyError.
      fetch: rejectRelayAnswersFor([login.loginUri], relayFetch(transport, new URL(login.proxyPath, pageUrl).href)),
      bus: deps.bus,
      cacheEmpty: true,
      progress: deps.progress,
      ...(deps.onTimeout ? { circuitListener: { timeout: deps.onTimeout } } : {}),
    });
  } catch (error) {
    // AgentSession closes the transport once it has one; a failed login leaves it to us.
    transport.close();
    throw error;
  }
}
