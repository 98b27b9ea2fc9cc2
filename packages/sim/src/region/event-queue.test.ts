import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventQueue, type EventQueueAnswer } from './event-queue.ts';

function poll(queue: EventQueue, ack: number | null, done = false): { answers: EventQueueAnswer[] } {
  const result = { answers: [] as EventQueueAnswer[] };
  queue.poll(ack, done, (a) => result.answers.push(a));
  return result;
}

function batch(answer: EventQueueAnswer): { id: number; messages: string[] } {
  const body = answer.body as { id: number; events: { message: string }[] };
  return { id: body.id, messages: body.events.map((e) => e.message) };
}

describe('EventQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('answers at once when events wait, and holds an empty poll until the hold time, then 502', () => {
    const queue = new EventQueue(1000);
    queue.enqueue('ParcelProperties', { a: 1 });
    const first = poll(queue, null);
    expect(first.answers).toHaveLength(1);
    expect(first.answers[0]!.status).toBe(200);
    expect(batch(first.answers[0]!)).toEqual({ id: 1, messages: ['ParcelProperties'] });

    const second = poll(queue, 1);
    expect(second.answers).toHaveLength(0);
    vi.advanceTimersByTime(999);
    expect(second.answers).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(second.answers).toEqual([{ status: 502, body: null }]);
  });

  it('wakes a held poll when an event arrives', () => {
    const queue = new EventQueue(30_000);
    const held = poll(queue, null);
    queue.enqueue('One', null);
    queue.enqueue('Two', null);
    expect(held.answers).toHaveLength(1);
    expect(batch(held.answers[0]!).messages).toEqual(['One']);
    const next = poll(queue, 1);
    expect(batch(next.answers[0]!)).toEqual({ id: 2, messages: ['Two'] });
  });

  it('sends the last batch again to a poll that did not acknowledge it', () => {
    const queue = new EventQueue(1000);
    queue.enqueue('Lost', null);
    const first = poll(queue, null);
    expect(batch(first.answers[0]!).id).toBe(1);
    queue.enqueue('Later', null);
    // The answer never arrived: the client polls again with its older ack.
    const again = poll(queue, null);
    expect(batch(again.answers[0]!)).toEqual({ id: 1, messages: ['Lost'] });
    const acked = poll(queue, 1);
    expect(batch(acked.answers[0]!)).toEqual({ id: 2, messages: ['Later'] });
  });

  it('ends with done: 502 for that poll, 404 after; a newer poll releases a held one', () => {
    const queue = new EventQueue(30_000);
    const held = poll(queue, null);
    const newer = poll(queue, null);
    expect(held.answers).toEqual([{ status: 502, body: null }]);
    expect(newer.answers).toHaveLength(0);
    const done = poll(queue, null, true);
    expect(newer.answers).toEqual([{ status: 502, body: null }]);
    expect(done.answers).toEqual([{ status: 502, body: null }]);
    expect(poll(queue, null).answers).toEqual([{ status: 404, body: null }]);
    queue.enqueue('Ignored', null);
    expect(queue.pending).toBe(0);
  });

  it('keeps at most 1000 waiting events, dropping the oldest', () => {
    const queue = new EventQueue(1000);
    for (let i = 0; i < 1005; i++) queue.enqueue(`E${i}`, null);
    expect(queue.pending).toBe(1000);
    expect(batch(poll(queue, null).answers[0]!).messages[0]).toBe('E5');
  });
});
