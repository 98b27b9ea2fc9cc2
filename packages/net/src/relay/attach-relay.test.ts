/**
 * The relay end to end, on real sockets on 127.0.0.1: a fake grid (login,
 * seed capability, event queue, capabilities) over node:http, UDP echo
 * "simulators", and the browser side (WebSocketTransport + relayFetch) on the
 * ws client.
 */
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLLSDMap, formatLLSDXml, LLSDURI } from '@slv/protocol';
import { WebSocket as WsClient } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../login/login-client.ts';
import { formatLoginSuccess, parseLoginRequest } from '../login/login-server.ts';
import { hashPassword } from '../login/md5.ts';
import { UdpTransport } from '../transport/udp-transport.ts';
import { LoginError } from '../login/login-error.ts';
import { RelayProxyError, rejectRelayAnswersFor } from '../transport/relay-proxy-error.ts';
import { relayFetch, WebSocketTransport, type RelayRefusal } from '../transport/websocket-transport.ts';
import { attachRelay, type RelayHandle } from './attach-relay.ts';

const PASSWORD = 'correct horse battery staple';
const PASSWORD_HASH = hashPassword(PASSWORD);

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A UDP "simulator" that echoes every datagram to its sender, and counts them. */
async function echoSim(): Promise<{ udp: UdpTransport; port: number; received: number }> {
  const udp = await UdpTransport.bind(0, '127.0.0.1');
  const sim = { udp, port: udp.port, received: 0 };
  udp.onDatagram((bytes, length, host, port) => {
    sim.received++;
    udp.send(bytes, length, host, port);
  });
  return sim;
}

/** Resolves with the next datagram the transport delivers (copied), or rejects after `ms`. */
function nextDatagram(transport: WebSocketTransport, ms = 2000): Promise<{ bytes: number[]; host: string; port: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no datagram within ${ms} ms`)), ms);
    transport.onDatagram((bytes, length, host, port) => {
      clearTimeout(timer);
      resolve({ bytes: [...bytes.subarray(0, length)], host, port });
    });
  });
}

function nextRefusal(transport: WebSocketTransport, ms = 2000): Promise<RelayRefusal> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no refusal within ${ms} ms`)), ms);
    transport.onRefused((refusal) => {
      clearTimeout(timer);
      resolve(refusal);
    });
  });
}

async function waitFor(check: () => boolean, what: string, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** 1000 bytes, each its own offset modulo 256: a range's body shows where it came from. */
const RANGED_BODY = Uint8Array.from({ length: 1000 }, (_, i) => i & 255);

/** A single `bytes=a-b` range as a texture capability answers it: 206 with Content-Range, 416 past the end, 200 without Range. */
function serveRange(req: IncomingMessage, res: ServerResponse, body: Uint8Array): void {
  const match = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  if (match === null) {
    res.writeHead(200, { 'content-type': 'image/x-j2c', 'accept-ranges': 'bytes' });
    res.end(body);
    return;
  }
  const start = Number(match[1]);
  if (start >= body.length) {
    res.writeHead(416, { 'content-range': `bytes */${body.length}` });
    res.end();
    return;
  }
  const end = Math.min(Number(match[2]), body.length - 1);
  res.writeHead(206, { 'content-type': 'image/x-j2c', 'content-range': `bytes ${start}-${end}/${body.length}`, 'accept-ranges': 'bytes' });
  res.end(body.subarray(start, end + 1));
}


/**
 * Resolves once every socket is open. The relay counts a session at the upgrade, before the client
 * has seen it open, and ws throws when a socket still connecting is closed.
 */
async function opened(sockets: WsClient[]): Promise<void> {
  await Promise.all(sockets.map((ws) => (ws.readyState === WsClient.OPEN ? undefined : once(ws, 'open'))));
}

describe('attachRelay', () => {
  const lines: string[] = [];
  let grid: Server;
  let gridUrl: string;
  let foreign: Server;
  let foreignUrl: string;
  let foreignHits = 0;
  let relayServer: Server;
  let relay: RelayHandle;
  let relayPort: number;
  let sim: Awaited<ReturnType<typeof echoSim>>;
  let neighbour: Awaited<ReturnType<typeof echoSim>>;
  let stranger: Awaited<ReturnType<typeof echoSim>>;
  let deadPort: number;
  let transport: WebSocketTransport;
  let proxied: typeof fetch;
  const gridRequests: string[] = [];
  const gridRanges: (string | null)[] = [];

  beforeAll(async () => {
    [sim, neighbour, stranger] = await Promise.all([echoSim(), echoSim(), echoSim()]);

    const dead = createServer();
    deadPort = await listen(dead);
    await closeServer(dead);

    foreign = createServer((_req, res) => {
      foreignHits++;
      res.end('you should not see this');
    });
    foreignUrl = `http://127.0.0.1:${await listen(foreign)}/`;

    grid = createServer((req: IncomingMessage, res: ServerResponse) => {
      void (async () => {
        const path = new URL(req.url ?? '/', gridUrl).pathname;
        gridRequests.push(`${req.method} ${req.url}`);
        const body = await readBody(req);
        const llsd = (value: Parameters<typeof formatLLSDXml>[0]): void => {
          res.writeHead(200, { 'content-type': 'application/llsd+xml' });
          res.end(formatLLSDXml(value));
        };
        if (path === '/login.cgi') {
          const request = parseLoginRequest(body);
          expect(request.passwdHash).toBe(PASSWORD_HASH);
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(formatLoginSuccess({
            agentId: '11111111-2222-3333-4444-555555555555',
            sessionId: '22222222-2222-3333-4444-555555555555',
            secureSessionId: '33333333-2222-3333-4444-555555555555',
            circuitCode: 123456,
            simIp: '127.0.0.1',
            simPort: sim.port,
            regionX: 256000,
            regionY: 256000,
            seedCapability: `${gridUrl}CAPS/seed-1/`,
            firstName: request.first,
            lastName: request.last,
            inventoryRoot: '44444444-2222-3333-4444-555555555555',
          }));
        } else if (path === '/CAPS/seed-1/') {
          llsd(createLLSDMap({
            EventQueueGet: `${gridUrl}CAPS/eq-1/`,
            FetchInventory2: new LLSDURI(`${gridUrl}CAPS/inv-1/`),
            GetTexture: `${gridUrl}CAPS/tex-1/`,
            Dead: `http://127.0.0.1:${deadPort}/CAPS/dead/`,
            Slow: `${gridUrl}CAPS/slow/`,
            Ranged: `${gridUrl}CAPS/range-1/`,
          }));
        } else if (path === '/CAPS/eq-1/') {
          llsd(createLLSDMap({
            events: [
              createLLSDMap({
                message: 'EnableSimulator',
                body: createLLSDMap({
                  SimulatorInfo: [createLLSDMap({ Handle: Uint8Array.of(0, 3, 0xe8, 0, 0, 3, 0xe9, 0), IP: Uint8Array.of(127, 0, 0, 1), Port: neighbour.port })],
                }),
              }),
              createLLSDMap({
                message: 'EstablishAgentCommunication',
                body: createLLSDMap({ 'agent-id': 'x', 'sim-ip-and-port': `127.0.0.1:${neighbour.port}`, 'seed-capability': `${gridUrl}CAPS/seed-2/` }),
              }),
            ],
            id: 1,
          }));
        } else if (path === '/CAPS/inv-1/') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`inventory ${req.method} ${new URL(req.url ?? '/', gridUrl).search} ${body}`);
        } else if (path === '/CAPS/tex-1/') {
          res.writeHead(302, { location: '/cdn/texture' });
          res.end();
        } else if (path === '/cdn/texture') {
          res.writeHead(200, { 'content-type': 'image/x-j2c' });
          res.end('texture bytes');
        } else if (path === '/CAPS/range-1/') {
          gridRanges.push(req.headers.range ?? null);
          serveRange(req, res, RANGED_BODY);
        } else if (path === '/CAPS/slow/') {
          // Never answers: the relay's timeout must.
        } else {
          res.writeHead(404);
          res.end();
        }
      })();
    });
    gridUrl = `http://127.0.0.1:${await listen(grid)}/`;

    relayServer = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`static ${req.url}`);
    });
    relay = attachRelay(relayServer, {
      loginUris: [`${gridUrl}login.cgi`],
      udpHost: '127.0.0.1',
      log: (line) => lines.push(line),
      maxRequestBytes: 64 << 10,
      // Generous: the grid server shares this process, which a loaded CI machine can stall for 300 ms.
      upstreamTimeoutMs: 2000,
      logIntervalMs: 60_000,
      loginRefusalAdvice: 'start the launcher with --login-uri URI',
    });
    relayPort = await listen(relayServer);
    transport = await WebSocketTransport.connect(`ws://127.0.0.1:${relayPort}/relay`, { WebSocket: WsClient });
    proxied = relayFetch(transport, `http://127.0.0.1:${relayPort}/proxy`);
  });

  afterAll(async () => {
    transport?.close();
    await relay?.close();
    await Promise.all([relayServer, grid, foreign].filter((s) => s !== undefined).map(closeServer));
    for (const s of [sim, neighbour, stranger]) s?.udp.close();
  });

  it('opens a session with a token and leaves other requests to the server\'s own handler', async () => {
    expect(transport.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = relay.sessions.get(transport.token);
    expect(session?.allowedSims()).toEqual([]);
    const page = await fetch(`http://127.0.0.1:${relayPort}/index.html`);
    expect(await page.text()).toBe('static /index.html');
  });

  it('refuses datagrams before any login named a simulator', async () => {
    const refusal = nextRefusal(transport);
    transport.send(Uint8Array.of(1, 2, 3), 3, '127.0.0.1', sim.port);
    expect(await refusal).toEqual({ host: '127.0.0.1', port: sim.port, reason: 'not a simulator named by the login answer or the event queue' });
    expect(sim.received).toBe(0);
    expect(lines.some((l) => l.includes(`refused datagram to 127.0.0.1:${sim.port}`))).toBe(true);
  });

  it('proxies the login, then relays datagrams to the simulator it named and the echo back', async () => {
    const success = await login(`${gridUrl}login.cgi`, { first: 'Test', last: 'User', password: PASSWORD }, { fetch: proxied });
    expect(success.simPort).toBe(sim.port);
    const session = relay.sessions.get(transport.token)!;
    expect(session.allowedSims()).toEqual([`127.0.0.1:${sim.port}`]);
    expect(session.allowedUrls()).toEqual([{ url: `${gridUrl}CAPS/seed-1/`, kind: 'seed' }]);
    expect(lines.some((l) => /login answer from .* grants sim 127\.0\.0\.1:\d+ \(login answer\), seed capability/.test(l))).toBe(true);

    const echo = nextDatagram(transport);
    const scratch = Uint8Array.of(0x40, 0, 0, 0, 1, 0, 0xff, 0xfd, 9, 9);
    transport.send(scratch, 8, '127.0.0.1', sim.port);
    scratch.fill(0);
    expect(await echo).toEqual({ bytes: [0x40, 0, 0, 0, 1, 0, 0xff, 0xfd], host: '127.0.0.1', port: sim.port });
    expect(session.stats.datagramsOut).toBe(1);
    expect(session.stats.datagramsIn).toBe(1);
  });

  it('refuses and logs datagrams to a port the login did not name', async () => {
    const refusal = nextRefusal(transport);
    transport.send(Uint8Array.of(7), 1, '127.0.0.1', stranger.port);
    expect((await refusal).port).toBe(stranger.port);
    await new Promise((r) => setTimeout(r, 50));
    expect(stranger.received).toBe(0);
    expect(lines.some((l) => l.includes(`refused datagram to 127.0.0.1:${stranger.port}`))).toBe(true);
  });

  it('answers malformed frames and text frames with an error message', async () => {
    const raw = new WsClient(`ws://127.0.0.1:${relayPort}/relay`);
    const messages: string[] = [];
    const got = (n: number): Promise<void> => waitFor(() => messages.length >= n, `${n} control messages`);
    raw.on('message', (data, isBinary) => {
      if (!isBinary) messages.push(String(data));
    });
    await got(1);
    expect(JSON.parse(messages[0]!).type).toBe('hello');
    raw.send(Uint8Array.of(127, 0, 0));
    await got(2);
    expect(JSON.parse(messages[1]!)).toEqual({ type: 'error', reason: 'relay frame: 3 bytes, shorter than its 6-byte address header' });
    raw.send('{"type":"hello"}');
    await got(3);
    expect(JSON.parse(messages[2]!)).toEqual({ type: 'error', reason: 'the relay takes only binary datagram frames' });
    raw.close();
  });

  it('drops and logs datagrams that arrive from addresses not granted', async () => {
    const session = relay.sessions.get(transport.token)!;
    stranger.udp.send(Uint8Array.of(1, 2), 2, '127.0.0.1', session.udpPort);
    await waitFor(() => session.stats.dropped === 1, 'the stray datagram');
    expect(lines.some((l) => l.includes(`dropped datagram from 127.0.0.1:${stranger.port}: not a granted simulator`))).toBe(true);
    expect(transport.stats.received).toBe(1);
  });

  it('refuses HTTP requests to foreign URLs with 403 and logs them', async () => {
    const response = await proxied(`${foreignUrl}admin?x=1`, { method: 'POST', body: 'secret' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-relay-outcome')).toBe('refused');
    expect(await response.text()).toBe('not a login URI or a capability granted to this session\n');
    expect(foreignHits).toBe(0);
    const refusal = lines.find((l) => l.includes(`refused POST ${foreignUrl}admin`));
    expect(refusal).toMatch(/^session \d+: refused POST http:\/\/127\.0\.0\.1:\d+\/admin: not a login URI/);
    expect(refusal).not.toContain('x=1');
  });

  it('says how to reach another grid when a login goes to a URI it does not know, in the log and the answer alike', async () => {
    const loginFetch = rejectRelayAnswersFor([`${foreignUrl}login.cgi`], proxied);
    const failure = await login(`${foreignUrl}login.cgi`, { first: 'Test', last: 'User', password: PASSWORD }, { fetch: loginFetch }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LoginError);
    const cause = (failure as LoginError).cause;
    expect(cause).toBeInstanceOf(RelayProxyError);
    const reason = 'not a login URI or a capability granted to this session; start the launcher with --login-uri URI';
    expect(cause).toMatchObject({ outcome: 'refused', status: 403, reason, url: `${foreignUrl}login.cgi` });
    expect(foreignHits).toBe(0);
    expect(lines.some((l) => l.endsWith(`refused POST ${foreignUrl}login.c…: ${reason}`))).toBe(true);
  });

  it('refuses requests without a token, with an unknown token, with other methods, or with bodies over the limit', async () => {
    const proxy = `http://127.0.0.1:${relayPort}/proxy?url=${encodeURIComponent(`${gridUrl}login.cgi`)}`;
    const noToken = await fetch(proxy, { method: 'POST', body: 'x' });
    expect([noToken.status, await noToken.text()]).toEqual([403, 'no relay session token\n']);
    const badToken = await fetch(proxy, { method: 'POST', body: 'x', headers: { 'x-relay-session': 'guessed' } });
    expect([badToken.status, await badToken.text()]).toEqual([403, 'unknown relay session token\n']);
    const options = await fetch(proxy, { method: 'OPTIONS', headers: { 'x-relay-session': transport.token } });
    expect(options.status).toBe(405);
    const big = await proxied(`${gridUrl}login.cgi`, { method: 'POST', body: new Uint8Array(100 << 10) });
    expect(big.status).toBe(413);
    const noUrl = await fetch(`http://127.0.0.1:${relayPort}/proxy`, { headers: { 'x-relay-session': transport.token } });
    expect(noUrl.status).toBe(400);
    const fileUrl = await proxied('file:///etc/passwd');
    expect(fileUrl.status).toBe(403);
    expect(lines.some((l) => /^from 127\.0\.0\.1: refused POST .*: no relay session token$/.test(l))).toBe(true);
    expect(lines.some((l) => l.endsWith('unknown relay session token'))).toBe(true);
    expect(lines.some((l) => l.includes('refused OPTIONS') && l.endsWith('method OPTIONS is not relayed'))).toBe(true);
    expect(lines.some((l) => l.includes('request body') && l.includes('over the 65536-byte limit'))).toBe(true);
  });

  it('grants the URLs of the seed capability answer', async () => {
    const inventoryBefore = await proxied(`${gridUrl}CAPS/inv-1/?folder=1`);
    expect(inventoryBefore.status).toBe(403);
    const seed = await proxied(`${gridUrl}CAPS/seed-1/`, {
      method: 'POST', headers: { 'content-type': 'application/llsd+xml' }, body: formatLLSDXml(['EventQueueGet', 'FetchInventory2']),
    });
    expect(seed.status).toBe(200);
    expect(seed.headers.get('content-type')).toBe('application/llsd+xml');
    const session = relay.sessions.get(transport.token)!;
    expect(session.allowedUrls()).toEqual(expect.arrayContaining([
      { url: `${gridUrl}CAPS/eq-1/`, kind: 'event-queue' },
      { url: `${gridUrl}CAPS/inv-1/`, kind: 'capability' },
    ]));
    const inventory = await proxied(`${gridUrl}CAPS/inv-1/?folder=1`, { method: 'POST', body: 'query', headers: { 'content-type': 'text/plain' } });
    expect([inventory.status, await inventory.text()]).toEqual([200, 'inventory POST ?folder=1 query']);
  });

  it('grants the simulator and seed capability an EnableSimulator / EstablishAgentCommunication event names', async () => {
    const before = nextRefusal(transport);
    transport.send(Uint8Array.of(5), 1, '127.0.0.1', neighbour.port);
    await before;
    const eq = await proxied(`${gridUrl}CAPS/eq-1/`, { method: 'POST', body: formatLLSDXml(createLLSDMap({ ack: null, done: false })) });
    expect(eq.status).toBe(200);
    await eq.text();
    const session = relay.sessions.get(transport.token)!;
    expect(session.allowedSims()).toContain(`127.0.0.1:${neighbour.port}`);
    expect(session.allowedUrls()).toContainEqual({ url: `${gridUrl}CAPS/seed-2/`, kind: 'seed' });
    const echo = nextDatagram(transport);
    transport.send(Uint8Array.of(5, 6), 2, '127.0.0.1', neighbour.port);
    expect(await echo).toEqual({ bytes: [5, 6], host: '127.0.0.1', port: neighbour.port });
  });

  it('follows a capability GET\'s redirect, and nothing else', async () => {
    const texture = await proxied(`${gridUrl}CAPS/tex-1/?texture_id=abc`);
    expect([texture.status, await texture.text()]).toEqual([200, 'texture bytes']);
    expect(lines.some((l) => /following 302 redirect from .*\/CAPS\/te… to .*\/cdn\/tex…/.test(l))).toBe(true);
    const post = await proxied(`${gridUrl}CAPS/tex-1/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(502);
    expect(await post.text()).toMatch(/redirect, which the relay does not follow here/);
  });

  it('passes Range up and 206, 416 and Content-Range back unchanged (texture fetches refine through it)', async () => {
    const partial = await proxied(`${gridUrl}CAPS/range-1/?texture_id=abc`, { headers: { range: 'bytes=600-899' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 600-899/1000');
    expect(partial.headers.get('accept-ranges')).toBe('bytes');
    expect([...new Uint8Array(await partial.arrayBuffer())]).toEqual([...RANGED_BODY.subarray(600, 900)]);
    const past = await proxied(`${gridUrl}CAPS/range-1/?texture_id=abc`, { headers: { range: 'bytes=1000-1599' } });
    expect([past.status, past.headers.get('content-range')]).toEqual([416, 'bytes */1000']);
    const whole = await proxied(`${gridUrl}CAPS/range-1/?texture_id=abc`);
    expect([whole.status, whole.headers.get('content-range'), (await whole.arrayBuffer()).byteLength]).toEqual([200, null, 1000]);
    expect(gridRanges).toEqual(['bytes=600-899', 'bytes=1000-1599', null]);
  });

  it('answers 502 with the reason when the upstream is unreachable or too slow', async () => {
    const dead = await proxied(`http://127.0.0.1:${deadPort}/CAPS/dead/`);
    expect(dead.headers.get('x-relay-outcome')).toBe('failed');
    const unreachable = 'upstream unreachable: ECONNREFUSED (nothing accepts connections at that address and port)';
    expect([dead.status, await dead.text()]).toEqual([502, `${unreachable}\n`]);
    const slow = await proxied(`${gridUrl}CAPS/slow/`);
    expect([slow.status, await slow.text()]).toEqual([502, 'upstream timed out after 2000 ms\n']);
    expect(lines.some((l) => l.endsWith('failed GET http://127.0.0.1:' + deadPort + '/CAPS/de…: ' + unreachable))).toBe(true);
  });

  it('refuses WebSockets from foreign page origins', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WsClient(`ws://127.0.0.1:${relayPort}/relay`, { origin: 'http://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('opened')));
      ws.on('error', () => {});
    });
    expect(status).toBe(403);
    expect(lines.some((l) => l.includes('origin "http://evil.example" is not allowed'))).toBe(true);
    const elsewhere = await new Promise<number>((resolve, reject) => {
      const ws = new WsClient(`ws://127.0.0.1:${relayPort}/not-the-relay`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('opened')));
      ws.on('error', () => {});
    });
    expect(elsewhere).toBe(404);
    const same = await WebSocketTransport.connect(`ws://127.0.0.1:${relayPort}/relay`, {
      WebSocket: class extends WsClient {
        constructor(url: string) {
          super(url, { origin: `http://127.0.0.1:${relayPort}` });
        }
      },
    });
    expect(relay.sessions.has(same.token)).toBe(true);
    same.close();
    await waitFor(() => !relay.sessions.has(same.token), 'the session to close');
  });

  it('forgets the session, its grants and its token when the WebSocket closes', async () => {
    const other = await WebSocketTransport.connect(`ws://127.0.0.1:${relayPort}/relay`, { WebSocket: WsClient });
    const otherFetch = relayFetch(other, `http://127.0.0.1:${relayPort}/proxy`);
    // Grants are per session: the first session's capabilities are not this one's.
    expect((await otherFetch(`${gridUrl}CAPS/inv-1/`)).status).toBe(403);
    const closed = new Promise<number>((resolve) => other.onClose((code) => resolve(code)));
    other.close();
    expect(await closed).toBe(1000);
    await waitFor(() => !relay.sessions.has(other.token), 'the session to close');
    expect((await otherFetch(`${gridUrl}login.cgi`, { method: 'POST', body: 'x' })).status).toBe(403);
    expect(lines.some((l) => /session \d+: closed \(0 datagrams out/.test(l))).toBe(true);
  });

  // Last, so it covers every line the tests above made the relay write.
  it('never logs the password, plain or hashed, nor a request or answer body', () => {
    const log = lines.join('\n');
    if (process.env.SLV_SHOW_RELAY_LOG === '1') console.log(log);
    expect(lines.some((l) => l.includes('login answer from'))).toBe(true);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(PASSWORD_HASH);
    expect(log).not.toContain(PASSWORD_HASH.slice(3));
    for (const fragment of ['passwd', 'methodCall', 'methodResponse', '<llsd>', 'secret', 'inventory POST', 'texture bytes', transport.token]) {
      expect(log).not.toContain(fragment);
    }
  });
});

describe('attachRelay setup and close', () => {
  it('refuses options that would make it an open proxy or ambiguous', () => {
    const server = createServer();
    expect(() => attachRelay(server, { loginUris: [] })).toThrow(/no login URIs/);
    expect(() => attachRelay(server, { loginUris: ['file:///etc/passwd'] })).toThrow(/login URI "file:\/\/\/etc\/passwd" is not an absolute http\(s\) URL/);
    expect(() => attachRelay(server, { loginUris: ['http://grid.example/login'], path: '/x', proxyPath: '/x' })).toThrow(/path and proxyPath are both \/x/);
    expect(() => attachRelay(server, { loginUris: ['http://grid.example/login'], path: 'relay' })).toThrow(/must start with "\/"/);
  });

  it('closes its sessions and gives the server back its own handler', async () => {
    const server = createServer((req, res) => res.end(`static ${req.url}`));
    const lines: string[] = [];
    const relay = attachRelay(server, { loginUris: ['http://grid.example/login'], udpHost: '127.0.0.1', log: (l) => lines.push(l) });
    const port = await listen(server);
    const transport = await WebSocketTransport.connect(`ws://127.0.0.1:${port}/relay`, { WebSocket: WsClient });
    const closed = new Promise<number>((resolve) => transport.onClose((code) => resolve(code)));
    expect(relay.sessions.size).toBe(1);
    await relay.close();
    expect(await closed).toBe(1001);
    expect(relay.sessions.size).toBe(0);
    expect(await (await fetch(`http://127.0.0.1:${port}/proxy?url=x`)).text()).toBe('static /proxy?url=x');
    expect(lines.some((l) => /^session 1: closed/.test(l))).toBe(true);
    await closeServer(server);
  });

  it('limits concurrent sessions, keeping the last one for the relay\'s own page', async () => {
    const server = createServer();
    const lines: string[] = [];
    // Heartbeat far off: this test is about the limit, not a session a stalled machine failed to pong.
    const relay = attachRelay(server, {
      loginUris: ['http://grid.example/login'], udpHost: '127.0.0.1', log: (l) => lines.push(l), maxSessions: 2, heartbeatMs: 60_000,
    });
    const port = await listen(server);
    const first = new WsClient(`ws://127.0.0.1:${port}/relay`);
    await waitFor(() => relay.sessions.size === 1, 'the first session');
    await expect(WebSocketTransport.connect(`ws://127.0.0.1:${port}/relay`, { WebSocket: WsClient })).rejects.toThrow(/WebSocket error before the hello/);
    expect(lines).toContain('refused WebSocket from 127.0.0.1: 1 sessions already open (limit 2, one kept for the viewer\'s page)');
    const ownPage = new WsClient(`ws://127.0.0.1:${port}/relay`, { origin: `http://127.0.0.1:${port}` });
    await waitFor(() => relay.sessions.size === 2, 'the page\'s own session');
    await opened([first, ownPage]);
    first.close();
    ownPage.close();
    await relay.close();
    await closeServer(server);
  });

  it('limits sessions per origin, so one local client cannot hold them all', async () => {
    const server = createServer();
    const lines: string[] = [];
    const relay = attachRelay(server, {
      loginUris: ['http://grid.example/login'], udpHost: '127.0.0.1', log: (l) => lines.push(l), maxSessionsPerOrigin: 2, heartbeatMs: 60_000,
    });
    const port = await listen(server);
    const tools = [new WsClient(`ws://127.0.0.1:${port}/relay`), new WsClient(`ws://127.0.0.1:${port}/relay`)];
    await waitFor(() => relay.sessions.size === 2, 'two sessions without an Origin');
    await opened(tools);
    await expect(WebSocketTransport.connect(`ws://127.0.0.1:${port}/relay`, { WebSocket: WsClient })).rejects.toThrow(/WebSocket error before the hello/);
    expect(lines.some((l) => l.includes('origin "(no origin)" already holds 2 sessions (limit 2)'))).toBe(true);
    // The page itself is not counted against anyone.
    const pages = [1, 2, 3].map(() => new WsClient(`ws://127.0.0.1:${port}/relay`, { origin: `http://127.0.0.1:${port}` }));
    await waitFor(() => relay.sessions.size === 5, 'the page\'s sessions');
    await opened(pages);
    // A closed session frees its origin's slot.
    tools[0]!.close();
    await waitFor(() => relay.sessions.size === 4, 'the closed session to go');
    const again = await WebSocketTransport.connect(`ws://127.0.0.1:${port}/relay`, { WebSocket: WsClient });
    again.close();
    for (const ws of [...tools, ...pages]) ws.close();
    await relay.close();
    await closeServer(server);
  });

  it('answers only the hosts it serves (DNS rebinding): other Host headers get 421 on the WebSocket and the proxy', async () => {
    const server = createServer();
    const lines: string[] = [];
    let port = 0;
    const relay = attachRelay(server, {
      loginUris: ['http://grid.example/login'], udpHost: '127.0.0.1', log: (l) => lines.push(l), heartbeatMs: 60_000,
      allowedHosts: () => [`127.0.0.1:${port}`, `localhost:${port}`],
    });
    port = await listen(server);
    const rebound = new WsClient(`ws://127.0.0.1:${port}/relay`, { headers: { host: `evil.example:${port}` }, origin: `http://evil.example:${port}` });
    const status = await new Promise<number>((resolve) => rebound.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(421);
    const proxied = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/proxy?url=x', method: 'POST', headers: { host: `evil.example:${port}` } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(proxied).toBe(421);
    expect(lines.filter((l) => l.includes('"evil.example:'))).toHaveLength(2);
    const localhost = new WsClient(`ws://localhost:${port}/relay`, { origin: `http://localhost:${port}` });
    // The server can count the session before the client sees its handshake answer; closing before then throws.
    const opened = new Promise<void>((resolve) => localhost.once('open', () => resolve()));
    await waitFor(() => relay.sessions.size === 1, 'a session by localhost');
    await opened;
    localhost.close();
    await relay.close();
    await closeServer(server);
  });

  it('closes sessions that stop answering pings', async () => {
    const server = createServer();
    const lines: string[] = [];
    const relay = attachRelay(server, { loginUris: ['http://grid.example/login'], udpHost: '127.0.0.1', log: (l) => lines.push(l), heartbeatMs: 50 });
    const port = await listen(server);
    const silent = new WsClient(`ws://127.0.0.1:${port}/relay`, { autoPong: false });
    const closed = new Promise<void>((resolve) => silent.on('close', () => resolve()));
    await closed;
    expect(relay.sessions.size).toBe(0);
    expect(lines.some((l) => l === 'session 1: no pong within 50 ms')).toBe(true);
    await relay.close();
    await closeServer(server);
  });
});
