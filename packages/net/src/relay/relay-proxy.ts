/**
 * The relay's HTTP proxy: `{proxyPath}?url=<absolute URL>` with the session's
 * token in `X-Relay-Session`. It forwards only to the configured login URIs
 * and to capability URLs granted to that session, and reads the login, seed
 * capability and event-queue answers on their way back to learn new grants.
 *
 * Log lines name the method, a redacted URL and the reason; never a body, a
 * query or a header value (the login request carries the password hash).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseHttpUrl, redactUrl, type UrlKind } from './relay-allowlist.ts';
import { grantsFromEventQueue, grantsFromLogin, grantsFromSeed, isLoginAnswerError, type RelayGrants } from './relay-grants.ts';
import { RELAY_OUTCOME_HEADER, RELAY_SESSION_HEADER, type RelayOutcome } from './relay-frame.ts';
import type { RelaySession } from './relay-session.ts';

export const PROXY_METHODS: readonly string[] = Object.freeze(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH']);

// Request headers worth passing on; cookies, auth, origin and the token stay here.
const FORWARD_REQUEST_HEADERS = ['content-type', 'accept', 'range'] as const;
// fetch has already undone any content-encoding, so length and encoding headers would lie.
const FORWARD_RESPONSE_HEADERS = ['content-type', 'content-range', 'accept-ranges', 'cache-control', 'etag', 'last-modified'] as const;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface ProxyLimits {
  maxRequestBytes: number;
  /** Largest login, seed or event-queue answer the relay will buffer to inspect. */
  maxInspectBytes: number;
  upstreamTimeoutMs: number;
  /** Redirect hops followed for capability GETs (texture and mesh caps may redirect to a CDN). */
  maxRedirects: number;
  maxInflight: number;
}

export interface ProxyContext {
  readonly limits: ProxyLimits;
  session(token: string): RelaySession | undefined;
  /** True when the URL is one of the configured login URIs. */
  isLoginUri(url: URL): boolean;
  /** Added to the refusal of a login attempt to another URI ('' for none). */
  readonly loginRefusalAdvice: string;
  log(line: string): void;
  /** In-flight upstream requests, aborted when the relay closes. */
  readonly inflight: Set<AbortController>;
}

class Refusal extends Error {
  constructor(readonly status: number, reason: string) {
    super(reason);
  }
}

/** 502s are the relay failing to get an answer; every other refusal is the relay saying no. */
function outcomeOf(status: number): RelayOutcome {
  return status === 502 ? 'failed' : 'refused';
}

function send(res: ServerResponse, status: number, reason: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', [RELAY_OUTCOME_HEADER]: outcomeOf(status) });
  res.end(`${reason}\n`);
}

async function readRequestBody(req: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new Refusal(413, `request body of ${declared} bytes is over the ${limit}-byte limit`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw new Refusal(413, `request body is over the ${limit}-byte limit`);
    chunks.push(chunk);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

async function readAnswer(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Refusal(502, `upstream answer is over the ${limit}-byte limit for answers the relay inspects`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

async function streamAnswer(body: ReadableStream<Uint8Array> | null, res: ServerResponse): Promise<void> {
  if (body === null) {
    res.end();
    return;
  }
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
    if (res.destroyed) {
      await reader.cancel();
      return;
    }
  }
  res.end();
}

function inspect(kind: UrlKind, body: Uint8Array): { grants?: RelayGrants; note?: string } {
  try {
    if (kind === 'login') return { grants: grantsFromLogin(new TextDecoder().decode(body)) };
    if (kind === 'seed') return { grants: grantsFromSeed(body) };
    if (kind === 'event-queue') return { grants: grantsFromEventQueue(body) };
    return {};
  } catch (err) {
    // A refused login is normal (wrong password); its kind is enough for the log.
    if (isLoginAnswerError(err)) return { note: `login answer grants nothing: the grid answered the login with an error (${err.kind}${err.reason ? `: ${err.reason}` : ''})` };
    return { note: `${kind} answer grants nothing: ${(err as Error).message}` };
  }
}

// Socket error codes in plain words, for the log and the page that shows the reason.
const UNREACHABLE_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing accepts connections at that address and port',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'no such host name',
  EAI_AGAIN: 'the host name could not be looked up',
  EHOSTUNREACH: 'no route to that host',
  ENETUNREACH: 'no route to that network',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate names another host',
};

function upstreamReason(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason.message : 'aborted';
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  const words = code === undefined ? undefined : UNREACHABLE_WORDS[code];
  return `upstream unreachable: ${code ?? cause?.message ?? (err as Error).message}${words === undefined ? '' : ` (${words})`}`;
}

/** A login attempt: XML-RPC is POSTed as text/xml; capabilities speak LLSD. */
function isXmlRpcPost(method: string, req: IncomingMessage): boolean {
  return method === 'POST' && (req.headers['content-type'] ?? '').toLowerCase().startsWith('text/xml');
}

function resolveLocation(location: string, base: URL): URL | undefined {
  try {
    return parseHttpUrl(new URL(location, base).href);
  } catch {
    return undefined;
  }
}

/** What a refused target was, without its content. */
function describeUnusable(text: string): string {
  try {
    return `(a ${new URL(text).protocol} URL)`;
  } catch {
    return '(not a URL)';
  }
}

/** Handles one request to the proxy path; never throws. */
export async function handleProxyRequest(context: ProxyContext, req: IncomingMessage, res: ServerResponse, requestUrl: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const rawTarget = requestUrl.searchParams.get('url');
  const target = rawTarget === null ? undefined : parseHttpUrl(rawTarget);
  const shown = target !== undefined ? redactUrl(target) : rawTarget === null ? '(no URL)' : describeUnusable(rawTarget);
  let session: RelaySession | undefined;
  const who = (): string => (session === undefined ? `from ${req.socket.remoteAddress ?? '?'}` : `session ${session.id}`);
  const controller = new AbortController();
  try {
    if (!PROXY_METHODS.includes(method)) throw new Refusal(405, `method ${method.slice(0, 16)} is not relayed`);
    const token = req.headers[RELAY_SESSION_HEADER];
    if (typeof token !== 'string' || token === '') throw new Refusal(403, 'no relay session token');
    session = context.session(token);
    if (session === undefined) throw new Refusal(403, 'unknown relay session token');
    if (rawTarget === null) throw new Refusal(400, 'no url parameter');
    if (target === undefined) throw new Refusal(403, 'not an absolute http(s) URL without credentials');
    const kind: UrlKind | undefined = context.isLoginUri(target) ? 'login' : session.allowlist.urlGrant(target)?.kind;
    if (kind === undefined) {
      const advice = context.loginRefusalAdvice !== '' && isXmlRpcPost(method, req) ? `; ${context.loginRefusalAdvice}` : '';
      throw new Refusal(403, `not a login URI or a capability granted to this session${advice}`);
    }
    if (context.inflight.size >= context.limits.maxInflight) throw new Refusal(503, 'too many requests in flight');

    const body = method === 'GET' || method === 'HEAD' ? undefined : await readRequestBody(req, context.limits.maxRequestBytes);
    const headers = new Headers();
    for (const name of FORWARD_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }

    context.inflight.add(controller);
    const ms = context.limits.upstreamTimeoutMs;
    const timer = setTimeout(() => controller.abort(new Error(`upstream timed out after ${ms} ms`)), ms);
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client went away'));
    });
    try {
      let url = target;
      let upstream: Response;
      for (let hop = 0; ; hop++) {
        try {
          upstream = await fetch(url, { method, headers, body, redirect: 'manual', signal: controller.signal });
        } catch (err) {
          throw new Refusal(502, upstreamReason(err, controller.signal));
        }
        if (!REDIRECT_STATUSES.has(upstream.status)) break;
        await upstream.body?.cancel();
        const location = upstream.headers.get('location');
        const next = location === null ? undefined : resolveLocation(location, url);
        // A capability server may send a GET on to its CDN; nothing else is followed.
        if (kind !== 'capability' || (method !== 'GET' && method !== 'HEAD') || next === undefined || hop >= context.limits.maxRedirects) {
          throw new Refusal(502, `upstream answered ${upstream.status} redirect, which the relay does not follow here`);
        }
        context.log(`${who()}: following ${upstream.status} redirect from ${redactUrl(url)} to ${redactUrl(next)}`);
        url = next;
      }

      const responseHeaders: Record<string, string> = {};
      for (const name of FORWARD_RESPONSE_HEADERS) {
        const value = upstream.headers.get(name);
        if (value !== null) responseHeaders[name] = value;
      }
      if (kind !== 'capability' && upstream.status === 200 && method !== 'HEAD') {
        let answer: Uint8Array;
        try {
          answer = await readAnswer(upstream.body, context.limits.maxInspectBytes);
        } catch (err) {
          if (err instanceof Refusal) throw err;
          throw new Refusal(502, upstreamReason(err, controller.signal));
        }
        const { grants, note } = inspect(kind, answer);
        if (grants !== undefined) session.grant(grants, `${kind} answer from ${redactUrl(target)}`);
        if (note !== undefined) context.log(`${who()}: ${note}`);
        res.writeHead(upstream.status, responseHeaders);
        res.end(answer);
      } else {
        // The page says the grid answered an error; the log says it too, in the same words.
        if (kind === 'login' && !upstream.ok) context.log(`${who()}: the grid answered the login with HTTP ${upstream.status}${upstream.statusText ? ` ${upstream.statusText}` : ''}`);
        res.writeHead(upstream.status, responseHeaders);
        try {
          await streamAnswer(upstream.body, res);
        } catch (err) {
          context.log(`${who()}: ${method} ${shown}: answer cut off: ${upstreamReason(err, controller.signal)}`);
          res.destroy();
        }
      }
    } finally {
      clearTimeout(timer);
      context.inflight.delete(controller);
    }
  } catch (err) {
    const refusal = err instanceof Refusal ? err : new Refusal(500, `relay error: ${(err as Error).message}`);
    context.log(`${who()}: ${refusal.status === 502 ? 'failed' : 'refused'} ${method.slice(0, 16)} ${shown}: ${refusal.message}`);
    // Unread request bodies would otherwise keep the connection busy.
    if (!req.readableEnded) res.setHeader('connection', 'close');
    send(res, refusal.status, refusal.message);
  }
}
