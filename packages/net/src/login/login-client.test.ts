import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { projectFixture } from '@slv/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { login } from './login-client.ts';
import { LoginError } from './login-error.ts';
import { formatLoginFailure, parseLoginRequest, type LoginRequest } from './login-server.ts';
import { md5Hex } from './md5.ts';
import { formatFault } from './xmlrpc-format.ts';

const responseXml = readFileSync(projectFixture('opensim-0.9.2.2/http/login-response.xml'), 'utf8');

const PASSWORD = 'Sw0rdfish!unique';
const PASSWORD_MD5 = md5Hex(PASSWORD);
const credentials = { first: 'Test', last: 'User', password: PASSWORD };

interface TestServer {
  url: string;
  requests: { method: string; contentType: string; body: string }[];
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A login server on 127.0.0.1, port 0, answering with `answer`. */
async function serve(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', contentType: req.headers['content-type'] ?? '', body });
      answer(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests };
}

function xml(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'text/xml' });
  res.end(body);
}

async function loginError(promise: Promise<unknown>): Promise<LoginError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(LoginError);
    return err as LoginError;
  }
  throw new Error('expected the login to fail');
}

/** Every way an error could show its contents: message, stack, JSON, inspect, the cause chain. */
function everyRendering(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    parts.push(String(e), inspect(e, { depth: 6, showHidden: true }));
    if (e instanceof Error) {
      parts.push(e.message, e.stack ?? '', JSON.stringify(e), JSON.stringify(e, Object.getOwnPropertyNames(e)));
      e = e.cause;
    } else {
      parts.push(JSON.stringify(e) ?? '');
      e = undefined;
    }
  }
  return parts.join('\n');
}

function expectNoPassword(err: unknown): void {
  const text = everyRendering(err);
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(PASSWORD_MD5);
}

describe('login', () => {
  it('posts login_to_simulator as text/xml and reads the real answer', async () => {
    const server = await serve((_req, res) => xml(res, responseXml));
    const answer = await login(server.url, credentials, { channel: 'Test Channel', version: '1.2.3.4' });
    expect(answer.agentId).toBe('f32c5c65-f4dd-4a78-be1f-dc74465158bc');
    expect(answer.circuitCode).toBe(1316225762);
    expect(answer.simIp).toBe('127.0.0.1');
    expect(answer.simPort).toBe(9000);
    expect(answer.seedCapability).toBe('http://127.0.0.1:9000/CAPS/78745c08-5ea5-4444-bca1-265b1892da660000/');
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0] as TestServer['requests'][number];
    expect(sent.method).toBe('POST');
    expect(sent.contentType).toBe('text/xml');
    expect(sent.body).not.toContain(PASSWORD);
    const request: LoginRequest = parseLoginRequest(sent.body);
    expect(request).toMatchObject({ first: 'Test', last: 'User', passwdHash: `$1$${PASSWORD_MD5}`, channel: 'Test Channel', version: '1.2.3.4' });
  });

  it('uses an injected fetch', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response(responseXml, { status: 200, headers: { 'Content-Type': 'text/xml' } });
    }) as typeof fetch;
    const answer = await login('https://grid.example/login', credentials, { fetch: fakeFetch });
    expect(answer.regionX).toBe(256000);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://grid.example/login');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(parseLoginRequest(calls[0]?.init?.body as string).first).toBe('Test');
  });

  it('rejects with the grid reason when the grid refuses', async () => {
    const message = 'Could not authenticate your avatar. Please check your username and password, and check the grid if problems persist.';
    const server = await serve((_req, res) => xml(res, formatLoginFailure('key', message)));
    const err = await loginError(login(server.url, credentials));
    expect(err.kind).toBe('rejected');
    expect(err.reason).toBe('key');
    expect(err.gridMessage).toBe(message);
    expectNoPassword(err);
  });

  it('rejects with kind fault on an XML-RPC fault', async () => {
    const server = await serve((_req, res) => xml(res, formatFault(5, 'login service unavailable')));
    const err = await loginError(login(server.url, credentials));
    expect(err.kind).toBe('fault');
    expect(err.faultCode).toBe(5);
    expectNoPassword(err);
  });

  it('rejects with kind http and the status on HTTP 500', async () => {
    const server = await serve((_req, res) => xml(res, 'Internal Server Error', 500));
    const err = await loginError(login(server.url, credentials));
    expect(err.kind).toBe('http');
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/answered HTTP 500/);
    expectNoPassword(err);
  });

  it('times out when the server never answers', async () => {
    const server = await serve(() => {});
    const started = Date.now();
    const err = await loginError(login(server.url, credentials, { timeoutMs: 200 }));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/timed out after 200 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    expectNoPassword(err);
  });

  it('times out when the body stalls', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.write(responseXml.slice(0, 100));
    });
    const err = await loginError(login(server.url, credentials, { timeoutMs: 200 }));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/timed out/);
  });

  it('rejects with kind malformed on garbage XML', async () => {
    const server = await serve((_req, res) => xml(res, '<methodResponse><params><param><value><struct><member>'));
    const err = await loginError(login(server.url, credentials));
    expect(err.kind).toBe('malformed');
    expect(err.message).toMatch(/XML-RPC: line 1/);
    expectNoPassword(err);
  });

  it('rejects with kind malformed on a body that is not UTF-8', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(Buffer.from([0x3c, 0xff, 0xfe, 0x3e]));
    });
    const err = await loginError(login(server.url, credentials));
    expect(err.kind).toBe('malformed');
    expect(err.message).toMatch(/not UTF-8/);
  });

  it('refuses a response over the size limit', async () => {
    const server = await serve((_req, res) => xml(res, responseXml));
    const err = await loginError(login(server.url, credentials, { maxResponseBytes: 1000 }));
    expect(err.kind).toBe('malformed');
    expect(err.message).toMatch(/over the limit of 1000/);
    const chunked = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.write(responseXml.slice(0, 800));
      res.end(responseXml.slice(800));
    });
    expect((await loginError(login(chunked.url, credentials, { maxResponseBytes: 1000 }))).message).toMatch(/over the limit of 1000 bytes/);
  });

  it('rejects with kind network when nothing listens', async () => {
    const server = await serve(() => {});
    const closed = servers.pop() as Server;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await loginError(login(server.url, credentials));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/could not reach the login server/);
    expectNoPassword(err);
  });

  it('stops when the caller aborts', async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const pending = login(server.url, credentials, { signal: controller.signal, timeoutMs: 0 });
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    const err = await loginError(pending);
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/was aborted/);
    expect((err.cause as Error).message).toBe('user cancelled');
    const already = new AbortController();
    already.abort();
    expect((await loginError(login(server.url, credentials, { signal: already.signal }))).kind).toBe('network');
  });

  it('never shows the password or its hash in any error', async () => {
    const throwingFetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const errors: unknown[] = [await loginError(login('http://127.0.0.1:1/', credentials, { fetch: throwingFetch }))];
    for (const bad of ['', ' ']) {
      try {
        await login('http://127.0.0.1:1/', { first: bad, last: 'User', password: PASSWORD });
      } catch (err) {
        errors.push(err);
      }
    }
    expect(errors).toHaveLength(3);
    for (const err of errors) expectNoPassword(err);
  });
});
