import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { formatLLSDXml, parseLLSDXml, type LLSDMap } from '@slv/protocol';
import { projectFixture } from '@slv/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { EventQueueClient } from './event-queue-client.ts';
import { CapabilityError, fetchCapabilities, redactCapability } from './seed-capability.ts';

let server: Server | null = null;
afterEach(() => { server?.close(); server = null; });

async function serve(handler: (request: IncomingMessage, body: string) => { status: number; body: string } | Promise<{ status: number; body: string }>): Promise<string> {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', async () => {
      const answer = await handler(request, body);
      response.writeHead(answer.status, { 'content-type': 'application/llsd+xml' });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
}

describe('seed capability', () => {
  it('posts the names and reads the granted map (the real OpenSimulator answer)', async () => {
    const answer = readFileSync(projectFixture('opensim-0.9.2.2/http/seed-capability-response.llsd.xml'), 'utf8');
    let asked: unknown;
    const url = await serve((_req, body) => { asked = parseLLSDXml(body); return { status: 200, body: answer }; });
    const caps = await fetchCapabilities(url, ['EventQueueGet', 'GetTexture']);
    expect(asked).toEqual(['EventQueueGet', 'GetTexture']);
    expect(caps.size).toBe(50);
    expect(caps.get('EventQueueGet')).toMatch(/^http:\/\/127\.0\.0\.1:9000\//);
  });

  it('fails clearly on HTTP errors and non-map answers, without printing the capability', async () => {
    const url = await serve(() => ({ status: 500, body: '' }));
    await expect(fetchCapabilities(`${url}secret-token-123456`)).rejects.toThrow(CapabilityError);
    await expect(fetchCapabilities(`${url}secret-token-123456`)).rejects.not.toThrow(/123456/);
    expect(redactCapability('http://h:9000/abcdef0123456789/')).toBe('http://h:9000/abcdef…');
  });
});

describe('EventQueueClient', () => {
  it('acks ids, delivers events in order, treats 502 as "poll again", and says done on stop', async () => {
    const requests: LLSDMap[] = [];
    let id = 0;
    const url = await serve(async (_req, body) => {
      const request = parseLLSDXml(body) as LLSDMap;
      requests.push(request);
      if (request.done === true) return { status: 200, body: '' };
      if (requests.length === 2) return { status: 502, body: 'Upstream error' };
      if (requests.length > 3) { await new Promise((r) => setTimeout(r, 50)); return { status: 502, body: '' }; }
      id++;
      return { status: 200, body: formatLLSDXml({ id, events: [{ message: 'ParcelProperties', body: { n: id } }, { message: 'Other', body: null }] }) };
    });
    const events: string[] = [];
    const client = new EventQueueClient(url, { onEvent: (name, body) => events.push(`${name}:${JSON.stringify(body)}`) });
    client.start();
    const deadline = Date.now() + 3000;
    while (events.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await client.stop();
    expect(events).toEqual(['ParcelProperties:{"n":1}', 'Other:null', 'ParcelProperties:{"n":2}', 'Other:null']);
    expect(requests[0]).toEqual({ ack: null, done: false });
    expect(requests[1]!.ack).toBe(1);
    expect(requests[2]!.ack).toBe(1);
    expect(requests.at(-1)).toEqual({ ack: 2, done: true });
    expect(client.stats.errors).toBe(0);
  });

  it('backs off and reports failures, then recovers', async () => {
    let calls = 0;
    const url = await serve(() => (++calls <= 2 ? { status: 500, body: '' } : { status: 200, body: formatLLSDXml({ id: 1, events: [{ message: 'Hello', body: 1 }] }) }));
    const errors: string[] = [];
    const events: string[] = [];
    const client = new EventQueueClient(url, { onEvent: (name) => events.push(name), onError: (e) => errors.push(e.message), retryDelayMs: 5 });
    client.start();
    const deadline = Date.now() + 3000;
    while (events.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await client.stop();
    expect(errors.length).toBe(2);
    expect(errors[0]).toMatch(/HTTP 500/);
    expect(events[0]).toBe('Hello');
  });

  it('stops at HTTP 404 (the server forgot the queue: the session is gone) instead of retrying forever', async () => {
    let calls = 0;
    const url = await serve(() => { calls++; return { status: 404, body: '' }; });
    const errors: string[] = [];
    let goneStatus = 0;
    const client = new EventQueueClient(url, { onEvent: () => {}, onError: (e) => errors.push(e.message), onGone: (status) => { goneStatus = status; }, retryDelayMs: 5 });
    client.start();
    const deadline = Date.now() + 5000;
    while (goneStatus === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(goneStatus).toBe(404);
    expect(client.gone).toBe(true);
    // Retrying would have polled again within a few 5 ms back-offs; give it many times that.
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(1);
    expect(errors).toEqual([]);
    await client.stop();
    expect(calls).toBe(1);
  });
});
