/**
 * Messages waiting their turn on one circuit: terrain and objects go out a few packets
 * per tick instead of in one burst the viewer's socket buffer would drop. Long streams
 * are queued as producers that encode each message when its turn comes, so an arrival
 * costs a tick's worth of work per tick instead of one long stall (during which the
 * region answers no ping and reads no packet).
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

/** Makes a stream's messages one at a time, when they are about to be sent. */
export interface MessageProducer {
  /** The next message, or null once the stream is done. */
  next(): QueuedMessage | null;
}

type Entry = { message: QueuedMessage; producer: null } | { message: null; producer: MessageProducer };

export class SendQueue {
  private items: Entry[] = [];
  private head = 0;

  /** Entries waiting: messages, and producers that may still make any number of messages. */
  get length(): number {
    return this.items.length - this.head;
  }

  push(message: QueuedMessage): void {
    this.items.push({ message, producer: null });
  }

  /** Queues a stream; its messages go out in order, before anything queued after it. */
  pushProducer(producer: MessageProducer): void {
    this.items.push({ message: null, producer });
  }

  /**
   * Takes up to `max` messages, in order, handing each to `send`; with `now`, stops once
   * `now()` reaches `until` (after at least one message).
   */
  drain(max: number, send: (message: QueuedMessage) => void, until = Number.POSITIVE_INFINITY, now?: () => number): void {
    let n = 0;
    while (n < max && this.head < this.items.length && (n === 0 || now === undefined || now() < until)) {
      const entry = this.items[this.head]!;
      let message = entry.message;
      if (entry.producer !== null) {
        message = entry.producer.next();
        if (message === null) {
          this.take();
          continue;
        }
      } else {
        this.take();
      }
      n++;
      send(message!);
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

  private take(): void {
    this.items[this.head] = undefined as unknown as Entry;
    this.head++;
  }
}
