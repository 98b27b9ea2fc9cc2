import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobReply, JobRequest } from './job-protocol.ts';
import { serveJobs } from './serve-jobs.ts';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function served(handlers: Parameters<typeof serveJobs>[0]): { port: MessagePort; replies: () => Promise<JobReply> } {
  const channel = new MessageChannel();
  channels.push(channel);
  serveJobs(handlers, channel.port2);
  const queue: JobReply[] = [];
  const waiting: ((r: JobReply) => void)[] = [];
  channel.port1.on('message', (m: JobReply) => {
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  return {
    port: channel.port1,
    replies: () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve))),
  };
}

const request = (id: number, type: string, payload: unknown): JobRequest => ({ kind: 'slv-job', id, type, payload });

describe('serveJobs', () => {
  it('answers each request with its handler result, sync or async, transferring listed buffers', async () => {
    const { port, replies } = served({
      add: (p: [number, number]) => p[0] + p[1],
      later: async (p: string) => `${p}!`,
      bytes: (n: number, transferOut: ArrayBuffer[]) => {
        const out = new Uint8Array(n).fill(9);
        transferOut.push(out.buffer);
        return out;
      },
    });
    port.postMessage(request(1, 'add', [2, 3]));
    expect(await replies()).toEqual({ kind: 'slv-job-reply', id: 1, ok: true, result: 5 });
    port.postMessage(request(2, 'later', 'hi'));
    expect(await replies()).toMatchObject({ id: 2, ok: true, result: 'hi!' });
    port.postMessage(request(3, 'bytes', 4));
    const reply = await replies();
    expect(Array.from(reply.result as Uint8Array)).toEqual([9, 9, 9, 9]);
  });

  it('reports thrown errors, unknown types and unsendable results as error replies and keeps serving', async () => {
    const { port, replies } = served({
      boom: () => {
        throw new TypeError('bad payload');
      },
      reject: () => Promise.reject(new Error('async bad')),
      weird: () => {
        throw 'a string';
      },
      fn: () => () => 1,
      ok: () => 'fine',
    });
    port.postMessage(request(1, 'boom', null));
    expect(await replies()).toMatchObject({ id: 1, ok: false, errorName: 'TypeError', errorMessage: 'bad payload' });
    port.postMessage(request(2, 'reject', null));
    expect(await replies()).toMatchObject({ id: 2, ok: false, errorMessage: 'async bad' });
    port.postMessage(request(3, 'weird', null));
    expect(await replies()).toMatchObject({ id: 3, ok: false, errorName: 'Error', errorMessage: 'a string' });
    port.postMessage(request(4, 'toString', null));
    expect(await replies()).toMatchObject({ id: 4, ok: false, errorName: 'UnknownJobType' });
    port.postMessage(request(5, 'fn', null));
    const unsendable = await replies();
    expect(unsendable).toMatchObject({ id: 5, ok: false, errorName: 'DataCloneError' });
    expect(unsendable.errorMessage).toMatch(/job "fn" result could not be sent/);
    port.postMessage({ something: 'else' });
    port.postMessage(request(6, 'ok', null));
    expect(await replies()).toMatchObject({ id: 6, ok: true, result: 'fine' });
  });

  it('works on a DOM-style port (addEventListener + MessageEvent)', async () => {
    const posted: unknown[] = [];
    let listener: (event: MessageEvent) => void = () => {};
    let started = false;
    serveJobs(
      { echo: (p: unknown) => p },
      {
        postMessage: (m: unknown) => posted.push(m),
        addEventListener: (_type: 'message', l: (event: MessageEvent) => void) => {
          listener = l;
        },
        start: () => {
          started = true;
        },
      } as Parameters<typeof serveJobs>[1],
    );
    expect(started).toBe(true);
    listener({ data: request(1, 'echo', 42) } as MessageEvent);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(posted).toEqual([{ kind: 'slv-job-reply', id: 1, ok: true, result: 42 }]);
  });

  it('refuses to guess a port outside a Web Worker', () => {
    expect(() => serveJobs({})).toThrow(/not inside a Web Worker/);
  });
});
