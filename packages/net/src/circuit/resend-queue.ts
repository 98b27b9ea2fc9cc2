import { PacketFlags } from '@slv/protocol';

/** A reliable packet awaiting its ack, as handed to the resend and lost callbacks. */
export interface PendingReliable {
  sequence: number;
  /** The packet as first sent, without appended acks (resends carry none). */
  bytes: Uint8Array;
  length: number;
  messageName: string;
  sentAt: number;
  firstSentAt: number;
  resends: number;
}

/**
 * Reliable packets sent and not yet acked. Our own sequence numbers only grow,
 * so a packet lives in slot `sequence & mask` of fixed typed arrays (acks are
 * O(1), no hashing), and a doubly linked list through the slots keeps sending
 * order for the resend scan. Byte buffers are per slot and reused; nothing is
 * allocated per packet once the slots have warmed up.
 */
export class ResendQueue {
  readonly capacity: number;
  private readonly mask: number;
  private readonly sequences: Int32Array;
  private readonly lengths: Int32Array;
  private readonly sentAt: Float64Array;
  private readonly firstSentAt: Float64Array;
  private readonly resends: Uint8Array;
  private readonly names: string[];
  private readonly buffers: Uint8Array[];
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private head = -1;
  private tail = -1;
  size = 0;
  /** One view object handed to callbacks, refilled for each call. */
  private readonly view: PendingReliable = { sequence: 0, bytes: new Uint8Array(0), length: 0, messageName: '', sentAt: 0, firstSentAt: 0, resends: 0 };

  /** Holds at least `minimumCapacity` packets (rounded up to a power of two). */
  constructor(minimumCapacity = 4096) {
    let capacity = 16;
    while (capacity < minimumCapacity) capacity *= 2;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.sequences = new Int32Array(capacity).fill(-1);
    this.lengths = new Int32Array(capacity);
    this.sentAt = new Float64Array(capacity);
    this.firstSentAt = new Float64Array(capacity);
    this.resends = new Uint8Array(capacity);
    this.names = new Array<string>(capacity).fill('');
    this.buffers = new Array<Uint8Array>(capacity);
    this.next = new Int32Array(capacity).fill(-1);
    this.prev = new Int32Array(capacity).fill(-1);
  }

  /**
   * Keeps a copy of a sent reliable packet. If its slot still holds a packet
   * `capacity` sequence numbers older, that one is given up and reported lost.
   */
  add(sequence: number, packet: Uint8Array, length: number, messageName: string, now: number, lost?: (entry: PendingReliable) => void): void {
    const slot = sequence & this.mask;
    if (this.sequences[slot] !== -1) {
      this.fill(slot);
      this.unlink(slot);
      lost?.(this.view);
    }
    let buffer = this.buffers[slot];
    if (buffer === undefined || buffer.length < length) {
      buffer = new Uint8Array(Math.max(length, 256));
      this.buffers[slot] = buffer;
    }
    for (let i = 0; i < length; i++) buffer[i] = packet[i]!;
    this.sequences[slot] = sequence;
    this.lengths[slot] = length;
    this.sentAt[slot] = now;
    this.firstSentAt[slot] = now;
    this.resends[slot] = 0;
    this.names[slot] = messageName;
    this.next[slot] = -1;
    this.prev[slot] = this.tail;
    if (this.tail >= 0) this.next[this.tail] = slot;
    else this.head = slot;
    this.tail = slot;
    this.size++;
  }

  /** Forgets an acked packet; returns whether it was pending. */
  ack(sequence: number): boolean {
    if (sequence < 0) return false;
    const slot = sequence & this.mask;
    if (this.sequences[slot] !== sequence) return false;
    this.unlink(slot);
    return true;
  }

  /** The oldest pending sequence number, or 0 (for StartPingCheck's OldestUnacked). */
  oldest(): number {
    return this.head >= 0 ? this.sequences[this.head]! : 0;
  }

  /**
   * Calls `resend` for packets unacked for `timeoutMs` (marking them RESENT) and
   * `lost` for those that already had `maxResends` resends. The entry handed to
   * the callbacks is valid during the call only.
   */
  service(
    now: number, timeoutMs: number, maxResends: number,
    resend: (entry: PendingReliable) => void, lost: (entry: PendingReliable) => void,
  ): void {
    let slot = this.head;
    while (slot >= 0) {
      const following = this.next[slot]!;
      if (now - this.sentAt[slot]! >= timeoutMs) {
        if (this.resends[slot]! >= maxResends) {
          this.fill(slot);
          this.unlink(slot);
          lost(this.view);
        } else {
          this.resends[slot]!++;
          this.sentAt[slot] = now;
          const buffer = this.buffers[slot]!;
          buffer[0] = buffer[0]! | PacketFlags.RESENT;
          this.fill(slot);
          resend(this.view);
        }
      }
      slot = following;
    }
  }

  /** Gives up on the oldest pending packet, reporting it lost (the queue is at its bound). */
  dropOldest(lost: (entry: PendingReliable) => void): void {
    const slot = this.head;
    if (slot < 0) return;
    this.fill(slot);
    this.unlink(slot);
    lost(this.view);
  }

  /** Drops everything, reporting each as lost (circuit closed or timed out). */
  clear(lost?: (entry: PendingReliable) => void): void {
    while (this.head >= 0) {
      const slot = this.head;
      this.fill(slot);
      this.unlink(slot);
      lost?.(this.view);
    }
  }

  private fill(slot: number): void {
    const v = this.view;
    v.sequence = this.sequences[slot]!;
    v.bytes = this.buffers[slot]!;
    v.length = this.lengths[slot]!;
    v.messageName = this.names[slot]!;
    v.sentAt = this.sentAt[slot]!;
    v.firstSentAt = this.firstSentAt[slot]!;
    v.resends = this.resends[slot]!;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
    this.sequences[slot] = -1;
    this.next[slot] = -1;
    this.prev[slot] = -1;
    this.size--;
  }
}
