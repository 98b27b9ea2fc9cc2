import type { AddressInfo } from 'node:net';
import { WebSocket as WsClient, WebSocketServer, type WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { formatRelayControl } from '../relay/relay-frame.ts';
import { relayFetch, WebSocketTransport } from './websocket-transport.ts';

/** A bare ws server playing the relay: `onConnect` scripts what it does. */
async function fakeRelay(onConnect: (ws: WebSocket) => void): Promise<{ url: string; server: WebSocketServer }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', onConnect);
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/relay`, server };
}

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function start(onConnect: (ws: WebSocket) => void): Promise<string> {
  const { url, server } = await fakeRelay(onConnect);
  servers.push(server);
  return url;
}

function until<T>(register: (resolve: (value: T) => void) => void, ms = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe('WebSocketTransport', () => {
  it('resolves after the hello and frames datagrams both ways', async () => {
    const frames: number[][] = [];
    const url = await start((ws) => {
      ws.send(formatRelayControl({ type: 'hello', token: 'tok-1' }));
      ws.on('message', (data: Buffer) => {
        frames.push([...data]);
        // Answer from the destination, as the relay would: same header, payload reversed.
        ws.send(Buffer.concat([data.subarray(0, 6), Buffer.from(data.subarray(6)).reverse()]));
      });
    });
    const transport = await WebSocketTransport.connect(url, { WebSocket: WsClient });
    expect(transport.token).toBe('tok-1');
    expect(transport.isOpen).toBe(true);

    const received = until<{ bytes: number[]; length: number; host: string; port: number }>((resolve) => {
      transport.onDatagram((bytes, length, host, port) => resolve({ bytes: [...bytes.subarray(0, length)], length, host, port }));
    });
    const scratch = Uint8Array.of(1, 2, 3, 4, 99);
    transport.send(scratch, 4, '203.0.113.7', 13000);
    scratch.fill(0);
    expect(await received).toEqual({ bytes: [4, 3, 2, 1], length: 4, host: '203.0.113.7', port: 13000 });
    expect(frames).toEqual([[203, 0, 113, 7, 0x32, 0xc8, 1, 2, 3, 4]]);
    expect(transport.stats).toEqual({ sent: 1, received: 1, dropped: 0, refused: 0 });
    transport.close();
    expect(transport.isOpen).toBe(false);
  });

  it('passes on refusals, errors and the close', async () => {
    let server: WebSocket | undefined;
    const url = await start((ws) => {
      server = ws;
      ws.send(formatRelayControl({ type: 'hello', token: 't' }));
    });
    const transport = await WebSocketTransport.connect(url, { WebSocket: WsClient });
    const refused = until((resolve) => transport.onRefused(resolve));
    server!.send(formatRelayControl({ type: 'refused', host: '10.0.0.1', port: 9000, reason: 'not granted' }));
    expect(await refused).toEqual({ host: '10.0.0.1', port: 9000, reason: 'not granted' });
    expect(transport.stats.refused).toBe(1);

    const errors: string[] = [];
    transport.onError((reason) => errors.push(reason));
    server!.send(formatRelayControl({ type: 'error', reason: 'bad frame' }));
    server!.send('not json');
    server!.send(Uint8Array.of(1, 2, 3));
    server!.send(formatRelayControl({ type: 'hello', token: 'again' }));
    await until<void>((resolve) => {
      const poll = (): void => { if (errors.length >= 4) resolve(); else setTimeout(poll, 5); };
      poll();
    });
    expect(errors[0]).toBe('relay error: bad frame');
    expect(errors[1]).toMatch(/^relay control message "not json": not JSON/);
    expect(errors[2]).toBe('relay sent a 3-byte frame, shorter than the 6-byte address header');
    expect(errors[3]).toBe('relay sent a second hello');

    const closed = until<[number, string]>((resolve) => transport.onClose((code, reason) => resolve([code, reason])));
    server!.close(4000, 'bye');
    expect(await closed).toEqual([4000, 'bye']);
    transport.send(Uint8Array.of(1), 1, '10.0.0.1', 9000);
    expect(transport.stats.dropped).toBe(1);
  });

  it('refuses sends it cannot frame', async () => {
    const url = await start((ws) => ws.send(formatRelayControl({ type: 'hello', token: 't' })));
    const transport = await WebSocketTransport.connect(url, { WebSocket: WsClient });
    const bytes = new Uint8Array(4);
    expect(() => transport.send(bytes, 4, 'sim.example.org', 9000)).toThrow(/host "sim.example.org" is not a dotted IPv4 address/);
    expect(() => transport.send(bytes, 4, '10.0.0.1', 0)).toThrow(/port 0 is not in \[1, 65535\]/);
    expect(() => transport.send(bytes, 5, '10.0.0.1', 9000)).toThrow(/length 5 is not in \[0, min\(4, 65507\)\]/);
    transport.close();
  });

  it('rejects connect when the relay says no, closes, stays silent or speaks out of turn', async () => {
    const refusing = await start((ws) => ws.send(formatRelayControl({ type: 'error', reason: 'the relay could not open a UDP socket' })));
    await expect(WebSocketTransport.connect(refusing, { WebSocket: WsClient })).rejects.toThrow(/relay error: the relay could not open a UDP socket/);
    const closing = await start((ws) => ws.close(1011, 'no UDP socket'));
    await expect(WebSocketTransport.connect(closing, { WebSocket: WsClient })).rejects.toThrow(/closed before the hello \(1011 no UDP socket\)/);
    const silent = await start(() => {});
    await expect(WebSocketTransport.connect(silent, { WebSocket: WsClient, timeoutMs: 100 })).rejects.toThrow(/no hello within 100 ms/);
    const binary = await start((ws) => ws.send(Uint8Array.of(1, 2, 3, 4, 5, 6)));
    await expect(WebSocketTransport.connect(binary, { WebSocket: WsClient })).rejects.toThrow(/a binary frame before the hello/);
    const refusedFirst = await start((ws) => ws.send(formatRelayControl({ type: 'refused', host: '1.2.3.4', port: 1, reason: 'r' })));
    await expect(WebSocketTransport.connect(refusedFirst, { WebSocket: WsClient })).rejects.toThrow(/expected the hello, got refused/);
    await expect(WebSocketTransport.connect('ws://127.0.0.1:1/relay', { WebSocket: WsClient })).rejects.toThrow(/WebSocket error before the hello/);
  });
});

describe('relayFetch', () => {
  function capture(): { calls: { url: string; method: string; headers: Headers; body: string | undefined }[]; fetch: typeof fetch } {
    const calls: { url: string; method: string; headers: Headers; body: string | undefined }[] = [];
    const stub = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = init?.body === undefined || init.body === null ? undefined : new TextDecoder().decode(init.body as ArrayBuffer);
      calls.push({ url: String(input), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body });
      return new Response('ok');
    }) as typeof fetch;
    return { calls, fetch: stub };
  }

  it('rewrites requests into the proxy form with the session token', async () => {
    const { calls, fetch: stub } = capture();
    const proxied = relayFetch('tok-9', 'http://127.0.0.1:8080/proxy', stub);
    const response = await proxied('http://sim.example:9000/CAPS/abc/?a=1&b=2', {
      method: 'POST', headers: { 'content-type': 'application/llsd+xml' }, body: '<llsd><undef /></llsd>',
    });
    expect(await response.text()).toBe('ok');
    await proxied(new Request('http://sim.example:9000/cap', { headers: { accept: 'text/plain' } }));
    expect(calls.map((c) => [c.url, c.method, c.headers.get('x-relay-session'), c.headers.get('content-type'), c.headers.get('accept'), c.body])).toEqual([
      ['http://127.0.0.1:8080/proxy?url=http%3A%2F%2Fsim.example%3A9000%2FCAPS%2Fabc%2F%3Fa%3D1%26b%3D2', 'POST', 'tok-9', 'application/llsd+xml', null, '<llsd><undef /></llsd>'],
      ['http://127.0.0.1:8080/proxy?url=http%3A%2F%2Fsim.example%3A9000%2Fcap', 'GET', 'tok-9', null, 'text/plain', undefined],
    ]);
  });

  it('reads the token from a transport and refuses a relative proxy URL without a page', async () => {
    const url = await start((ws) => ws.send(formatRelayControl({ type: 'hello', token: 'from-hello' })));
    const transport = await WebSocketTransport.connect(url, { WebSocket: WsClient });
    const { calls, fetch: stub } = capture();
    await relayFetch(transport, 'http://127.0.0.1:8080/proxy', stub)('http://sim.example/x');
    expect(calls[0]?.headers.get('x-relay-session')).toBe('from-hello');
    transport.close();
    expect(() => relayFetch('t', '/proxy')).toThrow(/proxy URL "\/proxy" is not absolute and there is no page to resolve it against/);
  });
});
