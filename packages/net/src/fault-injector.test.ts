import { describe, expect, it } from 'vitest';
import { FaultInjector } from './fault-injector.ts';

describe('FaultInjector', () => {
  it('after close, drops the datagrams it still holds and everything sent later', () => {
    const pending: (() => void)[] = [];
    const delivered: number[] = [];
    const injector = new FaultInjector({ delayMs: 30, seed: 3 }, (bytes) => delivered.push(bytes[0]!), (run) => pending.push(run));
    injector.send(Uint8Array.of(1), 1);
    injector.send(Uint8Array.of(2), 1);
    pending.shift()!();
    injector.close();
    injector.send(Uint8Array.of(3), 1);
    for (const run of pending) run();
    expect(delivered).toEqual([1]);
    expect(injector.stats.sent).toBe(2);
  });
});
