/**
 * The browser relay, attached to a Node HTTP server the launcher owns.
 *
 * Browsers cannot send UDP, so the viewer talks to simulators through this
 * relay: datagrams travel over a WebSocket at `path` (one UDP socket per
 * WebSocket), and the login and capability HTTP calls go through the proxy at
 * `proxyPath`. The relay is never an open proxy: a session reaches only the
 * configured login URIs, the simulators and seed capabilities a login answer
 * or an event-queue event (EnableSimulator, TeleportFinish, CrossedRegion,
 * EstablishAgentCommunication) named, and the capability URLs a granted seed
 * capability answered with. Everything else is refused and logged with the
 * reason; request and response bodies are never logged. See README.md.
 *
 * Protocol (relay-frame.ts): on connect the relay sends
 * `{"type":"hello","token":"…"}`; binary frames both ways are
 * `[IPv4: 4][port: u16 BE][datagram]`; a refused datagram is answered with
 * `{"type":"refused","host","port","reason"}`, a malformed frame with
 * `{"type":"error","reason"}`. HTTP: `POST|GET {proxyPath}?url=<encoded URL>`
 * with `X-Relay-Session: <token>`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, RequestListener, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { UdpTransport } from '../transport/udp-transport.ts';
import { parseHttpUrl, urlGrantKey } from './relay-allowlist.ts';
import { formatRelayControl, MAX_RELAY_FRAME } from './relay-frame.ts';
import { handleProxyRequest, type ProxyContext, type ProxyLimits } from './relay-proxy.ts';
import { RelaySession } from './relay-session.ts';

export interface RelayOptions {
  /** Login URIs the proxy may always reach (the grid's login_to_simulator endpoints). */
  loginUris: readonly string[];
  /** WebSocket path; default '/relay'. */
  path?: string;
  /** HTTP proxy path; default '/proxy'. */
  proxyPath?: string;
  /**
   * Appended to the refusal of a login attempt (an XML-RPC POST) to a URI that is not
   * in `loginUris`, in the log and in the answer: how to let the relay reach it
   * (the launcher names its --login-uri flag).
   */
  loginRefusalAdvice?: string;
  /** Where log lines go; default console.log with a "relay: " prefix. */
  log?: (line: string) => void;
  /** Address each session's UDP socket binds to; default '0.0.0.0' (simulators are remote). */
  udpHost?: string;
  /**
   * Page origins allowed to open the WebSocket. A browser always sends Origin;
   * by default only the relay's own origin (the Host it was reached at) is
   * accepted, so other sites cannot hijack a relay running on the user's machine.
   * Clients that send no Origin (Node tools) are accepted.
   */
  allowedOrigins?: readonly string[];
  /** Concurrent WebSocket sessions; default 16. One is kept for the relay's own page (an Origin equal to the Host). */
  maxSessions?: number;
  /** Concurrent sessions per other origin (Node tools without an Origin count as one); default 4. */
  maxSessionsPerOrigin?: number;
  /**
   * Host headers the relay answers (e.g. "127.0.0.1:8080", "localhost:8080"); others get
   * 421. A page on another name that resolves to 127.0.0.1 (DNS rebinding) names that
   * name in Host. Default: every Host (the launcher sets it).
   */
  allowedHosts?: () => readonly string[];
  /** How long closing a session waits for LogoutReply after a LogoutRequest sent on the agent's behalf; default 2 s, 0 sends none. */
  logoutWaitMs?: number;
  /** Largest proxied request body; default 8 MiB. */
  maxRequestBytes?: number;
  /** Largest login, seed or event-queue answer buffered for inspection; default 32 MiB. */
  maxInspectBytes?: number;
  /** Upstream request limit; default 120 s (the event queue holds polls for 30–60 s). */
  upstreamTimeoutMs?: number;
  /** Redirect hops followed for capability GETs; default 3. */
  maxRedirects?: number;
  /** Concurrent proxied requests, all sessions together; default 256. */
  maxInflight?: number;
  /** WebSocket ping interval; a session that misses a pong is closed. Default 30 s. */
  heartbeatMs?: number;
  /** Minimum gap between repeated refused/dropped datagram log lines; default 10 s. */
  logIntervalMs?: number;
}

export interface RelayHandle {
  readonly path: string;
  readonly proxyPath: string;
  /** Live sessions by token. */
  readonly sessions: ReadonlyMap<string, RelaySession>;
  /** The login URIs as granted (scheme, host and path). */
  readonly loginUris: readonly string[];
  /** Closes every session and detaches from the server (which stays open). */
  close(): Promise<void>;
}

function normalizePath(path: string, what: string): string {
  if (!path.startsWith('/')) throw new Error(`attachRelay: ${what} ${JSON.stringify(path)} must start with "/"`);
  return path;
}

function pathOf(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://relay.invalid');
  } catch {
    return undefined;
  }
}

function rejectUpgrade(socket: Duplex, status: string, reason: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason) + 1}\r\n\r\n${reason}\n`);
}

/** True when the request's Host is one the relay answers (or no list was given). */
export function hostAllowed(req: IncomingMessage, allowed: (() => readonly string[]) | undefined): boolean {
  if (allowed === undefined) return true;
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowed().some((h) => h.toLowerCase() === host);
}

/** The relay's own page: a browser Origin whose host is the Host the relay was reached at. */
function isOwnOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function originAllowed(req: IncomingMessage, allowed: readonly string[] | undefined): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed !== undefined) return allowed.includes(origin);
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Attaches the relay's WebSocket and HTTP proxy to `server`. */
export function attachRelay(server: HttpServer | HttpsServer, options: RelayOptions): RelayHandle {
  const path = normalizePath(options.path ?? '/relay', 'path');
  const proxyPath = normalizePath(options.proxyPath ?? '/proxy', 'proxyPath');
  if (path === proxyPath) throw new Error(`attachRelay: path and proxyPath are both ${path}`);
  const log = options.log ?? ((line: string) => console.log(`relay: ${line}`));
  const loginKeys = options.loginUris.map((uri) => {
    const url = parseHttpUrl(uri);
    const key = url === undefined ? undefined : urlGrantKey(url);
    if (key === undefined) throw new Error(`attachRelay: login URI ${JSON.stringify(uri)} is not an absolute http(s) URL without credentials`);
    return key;
  });
  if (loginKeys.length === 0) throw new Error('attachRelay: no login URIs; the proxy would have nothing to reach');
  const loginSet = new Set(loginKeys);
  const maxSessions = options.maxSessions ?? 16;
  const maxSessionsPerOrigin = options.maxSessionsPerOrigin ?? 4;
  /** Open (or opening) sessions per origin other than the relay's own page. */
  const perOrigin = new Map<string, number>();
  const logIntervalMs = options.logIntervalMs ?? 10_000;
  const udpHost = options.udpHost ?? '0.0.0.0';

  const sessions = new Map<string, RelaySession>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_RELAY_FRAME, perMessageDeflate: false });
  let nextId = 1;
  let closed = false;
  let opening = 0;

  const limits: ProxyLimits = {
    maxRequestBytes: options.maxRequestBytes ?? 8 << 20,
    maxInspectBytes: options.maxInspectBytes ?? 32 << 20,
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 120_000,
    maxRedirects: options.maxRedirects ?? 3,
    maxInflight: options.maxInflight ?? 256,
  };
  const proxy: ProxyContext = {
    limits,
    session: (token) => sessions.get(token),
    isLoginUri: (url) => {
      const key = urlGrantKey(url);
      return key !== undefined && loginSet.has(key);
    },
    loginRefusalAdvice: options.loginRefusalAdvice ?? '',
    log,
    inflight: new Set(),
  };

  async function open(ws: WebSocket, req: IncomingMessage): Promise<void> {
    const id = nextId++;
    // Datagrams sent before the hello have nowhere to go yet; the client protocol waits for it.
    let session: RelaySession | undefined;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (session === undefined) {
        ws.send(formatRelayControl({ type: 'error', reason: 'frame before the hello' }));
      } else if (!isBinary) {
        session.send({ type: 'error', reason: 'the relay takes only binary datagram frames' });
      } else {
        session.forward(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data));
      }
    });
    ws.on('error', (err) => log(`session ${id}: WebSocket error: ${err.message}`));
    ws.on('pong', () => {
      if (session !== undefined) session.alive = true;
    });
    let udp: UdpTransport;
    try {
      udp = await UdpTransport.bind(0, udpHost);
    } catch (err) {
      log(`session ${id}: no UDP socket on ${udpHost}: ${(err as Error).message}`);
      ws.send(formatRelayControl({ type: 'error', reason: 'the relay could not open a UDP socket' }));
      ws.close(1011, 'no UDP socket');
      return;
    }
    if (closed || ws.readyState !== ws.OPEN) {
      udp.close();
      return;
    }
    const token = randomBytes(32).toString('base64url');
    session = new RelaySession(id, token, ws, udp, log, logIntervalMs, options.logoutWaitMs ?? 2_000);
    sessions.set(token, session);
    const s = session;
    ws.on('close', () => {
      sessions.delete(token);
      s.close();
    });
    log(`session ${id}: opened from ${req.socket.remoteAddress ?? '?'}, UDP port ${udp.port}`);
    s.send({ type: 'hello', token });
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathOf(req)?.pathname !== path) {
      // Another upgrade handler may own this path; with none, the socket would hang.
      if (server.listenerCount('upgrade') === 1) rejectUpgrade(socket, '404 Not Found', 'no WebSocket here');
      return;
    }
    const from = req.socket.remoteAddress ?? '?';
    const own = isOwnOrigin(req);
    const originKey = req.headers.origin ?? '(no origin)';
    const fromOrigin = own ? 0 : perOrigin.get(originKey) ?? 0;
    if (closed) {
      rejectUpgrade(socket, '503 Service Unavailable', 'relay closed');
    } else if (!hostAllowed(req, options.allowedHosts)) {
      log(`refused WebSocket from ${from}: Host ${JSON.stringify(req.headers.host?.slice(0, 100))} is not one this relay serves`);
      rejectUpgrade(socket, '421 Misdirected Request', 'this relay does not serve that host name');
    } else if (!originAllowed(req, options.allowedOrigins)) {
      log(`refused WebSocket from ${from}: origin ${JSON.stringify(req.headers.origin?.slice(0, 100))} is not allowed`);
      rejectUpgrade(socket, '403 Forbidden', 'origin not allowed');
    } else if (sessions.size + opening >= maxSessions - (own ? 0 : 1)) {
      // The last session is kept for the relay's own page, so other clients cannot lock the viewer out.
      log(`refused WebSocket from ${from}: ${sessions.size + opening} sessions already open (limit ${maxSessions}, one kept for the viewer's page)`);
      rejectUpgrade(socket, '503 Service Unavailable', 'too many relay sessions');
    } else if (!own && fromOrigin >= maxSessionsPerOrigin) {
      log(`refused WebSocket from ${from}: origin ${JSON.stringify(originKey.slice(0, 100))} already holds ${fromOrigin} sessions (limit ${maxSessionsPerOrigin})`);
      rejectUpgrade(socket, '503 Service Unavailable', `too many relay sessions from this origin (limit ${maxSessionsPerOrigin})`);
    } else {
      opening++;
      if (!own) perOrigin.set(originKey, fromOrigin + 1);
      const release = () => {
        if (own) return;
        const left = (perOrigin.get(originKey) ?? 1) - 1;
        if (left > 0) perOrigin.set(originKey, left);
        else perOrigin.delete(originKey);
      };
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.once('close', release);
        void open(ws, req).finally(() => opening--);
      });
    }
  };

  // Requests under proxyPath are ours; everything else goes to the handlers the server already had.
  const previous = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const onRequest: RequestListener = (req, res) => {
    const url = pathOf(req);
    if (url?.pathname === proxyPath) {
      if (!hostAllowed(req, options.allowedHosts)) {
        log(`refused proxy request: Host ${JSON.stringify(req.headers.host?.slice(0, 100))} is not one this relay serves`);
        res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('this relay does not serve that host name\n');
        return;
      }
      void handleProxyRequest(proxy, req, res, url);
      return;
    }
    if (previous.length === 0) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    for (const listener of previous) listener.call(server, req, res);
  };
  server.on('request', onRequest);
  server.on('upgrade', onUpgrade);

  const heartbeat = setInterval(() => {
    for (const session of sessions.values()) {
      if (!session.alive) {
        log(`session ${session.id}: no pong within ${options.heartbeatMs ?? 30_000} ms`);
        session.close(1001, 'no pong', true);
        sessions.delete(session.token);
        continue;
      }
      session.alive = false;
      session.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    path,
    proxyPath,
    sessions,
    loginUris: loginKeys,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      server.off('request', onRequest);
      for (const listener of previous) server.on('request', listener);
      for (const controller of proxy.inflight) controller.abort(new Error('relay closing'));
      const open = [...sessions.values()];
      for (const session of open) session.close(1001, 'relay closing');
      sessions.clear();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Agents still logged in are logged out on their behalf; wait (briefly) for that.
      await Promise.all(open.map((session) => session.finished));
    },
  };
}
