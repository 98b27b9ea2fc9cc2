/**
 * Messages waiting their turn on one circuit: terrain and objects go out a few packets
 * per tick instead of in one burst the viewer's socket buffer would drop.
 */
/** RegionStats counters a queued message adds to once it is sent. */
export type CountedStat = 'layerDataPackets' | 'objectUpdates' | 'compressedUpdates' | 'cachedProbes';

export interface QueuedMessage {
  name: string;
  value: Readonly<Record<string, unknown>>;
  reliable: boolean;
  /** Counter to add `statCount` (default 1) to when the message goes out. */
  stat?: CountedStat;
  statCount?: number;
}

export class SendQueue {
  private items: QueuedMessage[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(message: QueuedMessage): void {
    this.items.push(message);
  }

  /** Takes up to `max` messages, in order, handing each to `send`. */
  drain(max: number, send: (message: QueuedMessage) => void): void {
    let n = 0;
    while (n < max && this.head < this.items.length) {
      const message = this.items[this.head]!;
      this.items[this.head] = undefined as unknown as QueuedMessage;
      this.head++;
      n++;
      send(message);
    }
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
