/**
 * One agent's EventQueueGet: a long poll. A POST carries `{ack, done}`; the answer is
 * `{events: [{message, body}], id}` as soon as there is something to say, or HTTP 502
 * after the hold time (as OpenSimulator and Second Life answer an empty poll). The last
 * batch stays until a poll acknowledges its id; a poll with any other ack gets it again.
 * `done: true` ends the queue (502 for that poll, 404 for any later one).
 */
import { createLLSDMap, type LLSDMap, type LLSDValue } from '@slv/protocol';

export interface EventQueueAnswer {
  status: number;
  /** An LLSD value to send as XML, or null for an empty body. */
  body: LLSDValue | null;
}

/** At most this many events wait for a poll; the oldest are dropped beyond it. */
const MAX_QUEUED = 1000;

interface HeldPoll {
  answer(result: EventQueueAnswer): void;
  timer: ReturnType<typeof setTimeout>;
}

export class EventQueue {
  closed = false;
  private queued: LLSDMap[] = [];
  private lastSent: { id: number; events: LLSDMap[] } | null = null;
  private nextId = 1;
  private held: HeldPoll | null = null;

  constructor(private readonly holdMs: number) {}

  /** Events waiting for a poll (not counting the batch awaiting its ack). */
  get pending(): number {
    return this.queued.length;
  }

  enqueue(message: string, body: LLSDValue): void {
    if (this.closed) return;
    if (this.queued.length >= MAX_QUEUED) this.queued.shift();
    this.queued.push(createLLSDMap({ message, body }));
    if (this.held !== null) {
      const held = this.held;
      this.held = null;
      clearTimeout(held.timer);
      held.answer(this.sendQueued());
    }
  }

  /** Handles one poll; `answer` is called once, now or when events arrive or the hold time ends. */
  poll(ack: number | null, done: boolean, answer: (result: EventQueueAnswer) => void): void {
    if (this.closed) {
      answer({ status: 404, body: null });
      return;
    }
    // A newer poll replaces a held one, which ends empty.
    this.release();
    if (done) {
      this.close();
      answer({ status: 502, body: null });
      return;
    }
    if (this.lastSent !== null) {
      if (ack === this.lastSent.id) {
        this.lastSent = null;
      } else {
        answer({ status: 200, body: batch(this.lastSent.id, this.lastSent.events) });
        return;
      }
    }
    if (this.queued.length > 0) {
      answer(this.sendQueued());
      return;
    }
    const held: HeldPoll = {
      answer,
      timer: setTimeout(() => {
        if (this.held === held) this.held = null;
        answer({ status: 502, body: null });
      }, this.holdMs),
    };
    this.held = held;
  }

  /** Answers a held poll as empty (502). */
  release(): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    clearTimeout(held.timer);
    held.answer({ status: 502, body: null });
  }

  close(): void {
    this.release();
    this.closed = true;
    this.queued = [];
    this.lastSent = null;
  }

  private sendQueued(): EventQueueAnswer {
    const events = this.queued;
    this.queued = [];
    const id = this.nextId++;
    this.lastSent = { id, events };
    return { status: 200, body: batch(id, events) };
  }
}

function batch(id: number, events: LLSDMap[]): LLSDMap {
  return createLLSDMap({ events: [...events], id });
}
