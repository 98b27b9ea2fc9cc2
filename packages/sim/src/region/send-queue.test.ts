import { describe, expect, it } from 'vitest';
import { SendQueue, type MessageProducer, type QueuedMessage } from './send-queue.ts';

const message = (name: string): QueuedMessage => ({ name, value: {}, reliable: true });

/** A producer of `count` messages that records when each was made. */
function producer(prefix: string, count: number, made: string[]): MessageProducer {
  let n = 0;
  return {
    next: () => {
      if (n === count) return null;
      const name = `${prefix}${n++}`;
      made.push(name);
      return message(name);
    },
  };
}

describe('SendQueue', () => {
  it('keeps the order of messages and streams, and makes a stream\'s messages only when their turn comes', () => {
    const queue = new SendQueue();
    const made: string[] = [];
    queue.push(message('a'));
    queue.pushProducer(producer('land', 2, made));
    queue.pushProducer(producer('obj', 3, made));
    queue.push(message('z'));
    expect(queue.length).toBe(4);
    const sent: string[] = [];
    queue.drain(2, (m) => sent.push(m.name));
    expect(sent).toEqual(['a', 'land0']);
    expect(made).toEqual(['land0']);
    queue.drain(3, (m) => sent.push(m.name));
    expect(sent).toEqual(['a', 'land0', 'land1', 'obj0', 'obj1']);
    expect(made).toEqual(['land0', 'land1', 'obj0', 'obj1']);
    queue.drain(10, (m) => sent.push(m.name));
    expect(sent).toEqual(['a', 'land0', 'land1', 'obj0', 'obj1', 'obj2', 'z']);
    expect(queue.length).toBe(0);
  });

  it('stops when the time budget is spent, after at least one message', () => {
    const queue = new SendQueue();
    const made: string[] = [];
    queue.pushProducer(producer('m', 100, made));
    let now = 0;
    const clock = () => now;
    // Each message costs 2 ms of the 5 ms budget: three go, the rest wait for the next tick.
    const sent: string[] = [];
    const send = (m: QueuedMessage) => { sent.push(m.name); now += 2; };
    queue.drain(32, send, now + 5, clock);
    expect(sent).toEqual(['m0', 'm1', 'm2']);
    expect(made).toHaveLength(3);
    // A budget already spent still lets one message through, so a stream always moves.
    queue.drain(32, send, now - 1, clock);
    expect(sent).toHaveLength(4);
    queue.clear();
    expect(queue.length).toBe(0);
    queue.drain(32, send, Number.POSITIVE_INFINITY, clock);
    expect(sent).toHaveLength(4);
  });
});
