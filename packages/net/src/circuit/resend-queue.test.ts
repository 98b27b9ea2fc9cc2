import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResendQueue } from './resend-queue.ts';

describe('ResendQueue', () => {
  it('keeps sending order, acks in O(1), resends after the timeout and reports lost after maxResends', () => {
    const q = new ResendQueue(16);
    const packet = Uint8Array.of(0x40, 0, 0, 0, 1, 0, 1);
    for (let s = 1; s <= 5; s++) q.add(s, packet, packet.length, `m${s}`, 0);
    expect(q.size).toBe(5);
    expect(q.oldest()).toBe(1);
    expect(q.ack(1)).toBe(true);
    expect(q.ack(1)).toBe(false);
    expect(q.ack(3)).toBe(true);
    expect(q.oldest()).toBe(2);
    const resent: number[] = [];
    const lost: string[] = [];
    q.service(500, 1000, 2, (e) => resent.push(e.sequence), (e) => lost.push(e.messageName));
    expect(resent).toEqual([]);
    q.service(1000, 1000, 2, (e) => { resent.push(e.sequence); expect(e.bytes[0]! & 0x20).toBe(0x20); }, (e) => lost.push(e.messageName));
    q.service(2000, 1000, 2, (e) => resent.push(e.sequence), (e) => lost.push(e.messageName));
    q.service(3000, 1000, 2, (e) => resent.push(e.sequence), (e) => lost.push(e.messageName));
    expect(resent).toEqual([2, 4, 5, 2, 4, 5]);
    expect(lost).toEqual(['m2', 'm4', 'm5']);
    expect(q.size).toBe(0);
  });

  it('gives up the packet whose slot a much newer one needs', () => {
    const q = new ResendQueue(16);
    const lost: number[] = [];
    const p = Uint8Array.of(1, 2, 3);
    for (let s = 1; s <= 20; s++) q.add(s, p, 3, 'x', 0, (e) => lost.push(e.sequence));
    expect(lost).toEqual([1, 2, 3, 4]);
    expect(q.size).toBe(16);
    expect(q.oldest()).toBe(5);
  });

  it('matches a Map model under random add/ack sequences', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(-1), fc.nat(40)), { maxLength: 300 }), (ops) => {
      const q = new ResendQueue(64);
      const model = new Map<number, number>();
      let next = 1;
      const p = Uint8Array.of(9);
      for (const op of ops) {
        if (op === -1) {
          q.add(next, p, 1, 'x', 0, (e) => model.delete(e.sequence));
          model.set(next, next);
          next++;
        } else {
          const seq = next - 1 - op;
          expect(q.ack(seq)).toBe(model.delete(seq));
        }
        expect(q.size).toBe(model.size);
        expect(q.oldest()).toBe(model.size ? Math.min(...model.keys()) : 0);
      }
    }));
  });
});
