import { PacketFlags } from '@slv/protocol';

/** A reliable packet awaiting its ack; slots are pooled and reused. */
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
 * Reliable packets sent and not yet acked, keyed by sequence number. Entry
 * objects and their byte buffers come from a free list, so steady-state
 * sending reuses memory instead of allocating per packet.
 */
export class ResendQueue {
  private readonly pending = new Map<number, PendingReliable>();
  private readonly free: PendingReliable[] = [];

  get size(): number {
    return this.pending.size;
  }

  add(sequence: number, packet: Uint8Array, length: number, messageName: string, now: number): void {
    const entry = this.free.pop() ?? { sequence: 0, bytes: new Uint8Array(0), length: 0, messageName: '', sentAt: 0, firstSentAt: 0, resends: 0 };
    if (entry.bytes.length < length) entry.bytes = new Uint8Array(Math.max(length, 256));
    for (let i = 0; i < length; i++) entry.bytes[i] = packet[i]!;
    entry.sequence = sequence;
    entry.length = length;
    entry.messageName = messageName;
    entry.sentAt = now;
    entry.firstSentAt = now;
    entry.resends = 0;
    this.pending.set(sequence, entry);
  }

  /** Forgets an acked packet; returns whether it was pending. */
  ack(sequence: number): boolean {
    const entry = this.pending.get(sequence);
    if (!entry) return false;
    this.pending.delete(sequence);
    this.free.push(entry);
    return true;
  }

  /** The lowest pending sequence number, or 0 (for StartPingCheck's OldestUnacked). */
  oldest(): number {
    // Map iterates in insertion order, which is sending order.
    for (const entry of this.pending.values()) return entry.sequence;
    return 0;
  }

  /**
   * Calls `resend` for packets unacked for `timeoutMs` (marking them RESENT) and
   * `lost` for those that already had `maxResends` resends.
   */
  service(
    now: number, timeoutMs: number, maxResends: number,
    resend: (entry: PendingReliable) => void, lost: (entry: PendingReliable) => void,
  ): void {
    for (const entry of this.pending.values()) {
      if (now - entry.sentAt < timeoutMs) continue;
      if (entry.resends >= maxResends) {
        this.pending.delete(entry.sequence);
        lost(entry);
        this.free.push(entry);
        continue;
      }
      entry.resends++;
      entry.sentAt = now;
      entry.bytes[0] = entry.bytes[0]! | PacketFlags.RESENT;
      resend(entry);
    }
  }

  /** Gives up on the oldest pending packet, reporting it lost (the queue is at its bound). */
  dropOldest(lost: (entry: PendingReliable) => void): void {
    for (const entry of this.pending.values()) {
      this.pending.delete(entry.sequence);
      lost(entry);
      this.free.push(entry);
      return;
    }
  }

  /** Drops everything, reporting each as lost (circuit closed or timed out). */
  clear(lost?: (entry: PendingReliable) => void): void {
    for (const entry of this.pending.values()) {
      lost?.(entry);
      this.free.push(entry);
    }
    this.pending.clear();
  }
}
