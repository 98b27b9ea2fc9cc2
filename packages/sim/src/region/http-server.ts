/**
 * The region's HTTP side (node:http): the login service at POST / and /login, the seed
 * capability, EventQueueGet and SimulatorFeatures. Bodies are capped; every failure is an
 * HTTP status with a one-line reason.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { LLSDParseError, formatLLSDXml, parseLLSDXml, type LLSDMap, type LLSDValue } from '@slv/protocol';
import type { RegionAgent } from './region-agent.ts';
import { capabilityPath, grantCapabilities, simulatorFeatures } from './caps-service.ts';
import { handleLogin } from './login-service.ts';
import type { Region } from './region.ts';
import { serveTextureCapability } from '../textures/texture-service.ts';
import { serveMeshCapability } from '../meshes/mesh-service.ts';

/** The largest request body accepted (a login is ~2 KB, a seed request ~4 KB). */
export const MAX_BODY_BYTES = 1 << 20;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function createHttpServer(region: Region): Server {
  const server = createServer((req, res) => {
    serve(region, req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) region.log(`http ${req.method} ${req.url}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      send(res, status, 'text/plain', `${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  // Long polls stay open for eventQueueHoldMs; let them.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;
  return server;
}

/** Listens on host:port; resolves with the bound port. Rejects (e.g. EADDRINUSE) without leaving a listener. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

async function serve(region: Region, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  const method = req.method ?? 'GET';
  if (path === '/' || path === '/login' || path === '/login/') {
    if (method !== 'POST') throw new HttpError(405, 'the login service takes a POST of login_to_simulator');
    const body = await readBody(req);
    send(res, 200, 'text/xml', handleLogin(region, body));
    return;
  }
  if (serveMeshCapability(region, path, req, res)) return;
  if (await serveTextureCapability(region, path, req, res)) return;
  if (path.startsWith('/CAPS/')) {
    const match = findCapability(region, path);
    if (match === null) throw new HttpError(404, 'no such capability');
    const { session, kind } = match;
    switch (kind) {
      case 'seed': {
        if (method !== 'POST') throw new HttpError(405, 'the seed capability takes a POST of capability names');
        const granted = grantOrReject(region, session, await readLLSD(req));
        sendLLSD(res, 200, granted);
        return;
      }
      case 'SimulatorFeatures':
        sendLLSD(res, 200, simulatorFeatures(region));
        return;
      case 'EventQueueGet': {
        if (method !== 'POST') throw new HttpError(405, 'EventQueueGet takes a POST of {ack, done}');
        const { ack, done } = pollRequest(await readLLSD(req));
        session.eventQueue.poll(ack, done, (answer) => {
          if (res.destroyed || res.writableEnded) return;
          if (answer.body === null) send(res, answer.status, 'text/plain', answer.status === 502 ? 'Upstream error: no events\n' : 'event queue closed\n');
          else sendLLSD(res, answer.status, answer.body);
        });
        // A client that gives up frees its held poll.
        res.once('close', () => {
          if (!res.writableEnded) session.eventQueue.release();
        });
        return;
      }
    }
  }
  throw new HttpError(404, `nothing at ${path}`);
}

function grantOrReject(region: Region, session: RegionAgent, request: LLSDValue): LLSDMap {
  try {
    return grantCapabilities(region, session, request);
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
}

function findCapability(region: Region, path: string): { session: RegionAgent; kind: 'seed' | 'EventQueueGet' | 'SimulatorFeatures' } | null {
  for (const session of region.sessions.values()) {
    for (const kind of ['seed', 'EventQueueGet', 'SimulatorFeatures'] as const) {
      if (capabilityPath(kind, session) === path) return { session, kind };
    }
  }
  return null;
}

function pollRequest(value: LLSDValue): { ack: number | null; done: boolean } {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array || value instanceof Date) {
    throw new HttpError(400, 'EventQueueGet takes an LLSD map {ack, done}');
  }
  const map = value as LLSDMap;
  const ack = map.ack;
  if (ack !== undefined && ack !== null && typeof ack !== 'number') throw new HttpError(400, 'EventQueueGet ack must be an integer or undef');
  return { ack: typeof ack === 'number' ? ack : null, done: map.done === true };
}

async function readLLSD(req: IncomingMessage): Promise<LLSDValue> {
  const text = await readBody(req);
  try {
    return parseLLSDXml(text);
  } catch (error) {
    if (error instanceof LLSDParseError) throw new HttpError(400, `the body is not LLSD XML: ${error.message}`);
    throw error;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendLLSD(res: ServerResponse, status: number, value: LLSDValue): void {
  send(res, status, 'application/llsd+xml', formatLLSDXml(value));
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
