/**
 * Sequence numbers we owe the other side an ack for, oldest first, in a ring.
 * `oldestAt` says when the oldest was queued so the circuit can flush within
 * the ack collection time.
 */
export class AckQueue {
  private readonly ids: Uint32Array;
  private head = 0;
  length = 0;
  oldestAt = 0;

  constructor(readonly capacity = 1024) {
    this.ids = new Uint32Array(capacity);
  }

  /** Queues an ack; returns false when full (flush first). */
  push(id: number, now: number): boolean {
    if (this.length === this.capacity) return false;
    if (this.length === 0) this.oldestAt = now;
    this.ids[(this.head + this.length) % this.capacity] = id;
    this.length++;
    return true;
  }

  /** Moves up to `max` oldest ids into `out`; returns how many. */
  take(out: Uint32Array, max: number, now: number): number {
    const n = Math.min(max, this.length, out.length);
    for (let i = 0; i < n; i++) out[i] = this.ids[(this.head + i) % this.capacity]!;
    this.head = (this.head + n) % this.capacity;
    this.length -= n;
    if (this.length > 0) this.oldestAt = now;
    return n;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
  }
}
