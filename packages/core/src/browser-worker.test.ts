import { describe, expect, it } from 'vitest';
import { createBrowserWorker, wrapWebWorker } from './browser-worker.ts';

/** The event-handler surface of a Web Worker, driven by the test. */
class FakeWebWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  posted: [unknown, ArrayBuffer[]][] = [];
  terminated = false;
  postMessage(message: unknown, transfer: ArrayBuffer[]): void {
    this.posted.push([message, transfer]);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('browser worker adapter', () => {
  it('forwards messages and transfers, and reports an error once', () => {
    const fake = new FakeWebWorker();
    const worker = wrapWebWorker(fake as unknown as Worker);
    const messages: unknown[] = [];
    const errors: string[] = [];
    worker.onMessage((m) => messages.push(m));
    worker.onError((e) => errors.push(e.message));
    const buffer = new ArrayBuffer(2);
    worker.postMessage({ a: 1 }, [buffer]);
    expect(fake.posted).toEqual([[{ a: 1 }, [buffer]]]);
    fake.onmessage!({ data: 'hello' } as MessageEvent);
    let prevented = false;
    const errorEvent = { message: 'Uncaught TypeError: x', preventDefault: () => (prevented = true) } as unknown as ErrorEvent;
    fake.onerror!(errorEvent);
    fake.onerror!(errorEvent);
    fake.onmessage!({ data: 'after death' } as MessageEvent);
    expect(messages).toEqual(['hello']);
    expect(errors).toEqual(['worker error: Uncaught TypeError: x']);
    expect(prevented).toBe(true);
  });

  it('stays silent after terminate and reports undecodable messages', () => {
    const a = new FakeWebWorker();
    const wa = wrapWebWorker(a as unknown as Worker);
    const errors: string[] = [];
    wa.onError((e) => errors.push(e.message));
    wa.terminate();
    expect(a.terminated).toBe(true);
    a.onmessageerror!({} as MessageEvent);
    expect(errors).toEqual([]);
    const b = new FakeWebWorker();
    const wb = wrapWebWorker(b as unknown as Worker);
    wb.onError((e) => errors.push(e.message));
    b.onmessageerror!({} as MessageEvent);
    expect(errors).toEqual(['worker sent a message that could not be deserialized']);
  });

  it('says so when Web Workers are missing', () => {
    expect(() => createBrowserWorker('worker.js')).toThrow(/Web Workers are not available here/);
  });
});
