import { SEQUENCE_WRAP } from '@slv/protocol';

export type Deliver = (bytes: Uint8Array, length: number) => void;

interface HeldPacket {
  sequence: number;
  at: number;
  length: number;
  bytes: Uint8Array;
  used: boolean;
}

/**
 * Optional in-order delivery. LLUDP does not order packets; with a window set,
 * a packet that arrives ahead of a gap is held until the gap fills or the
 * window runs out, then delivery goes on past the gap. Nothing is dropped:
 * a packet arriving after its gap was skipped is delivered at once.
 */
export class ReorderBuffer {
  private expected = -1;
  private readonly slots: HeldPacket[] = [];
  held = 0;

  /** Packets held at once; when full the oldest gap is given up on. */
  constructor(private readonly capacity = 256) {}

  private static after(a: number, b: number): number {
    let d = (a - b) % SEQUENCE_WRAP;
    if (d < 0) d += SEQUENCE_WRAP;
    return d;
  }

  /**
   * Decides what to do with an arrival: 'deliver' it now (in order, or late
   * after its gap was skipped), or 'hold' it (call `hold`). After delivering an
   * in-order packet call `releaseReady` for the held ones it unblocked.
   */
  accept(sequence: number): 'deliver' | 'hold' {
    if (this.expected < 0) this.expected = sequence;
    const ahead = ReorderBuffer.after(sequence, this.expected);
    if (ahead === 0) {
      this.expected = (sequence + 1) % SEQUENCE_WRAP;
      return 'deliver';
    }
    return ahead > SEQUENCE_WRAP / 2 ? 'deliver' : 'hold';
  }

  /** Keeps a copy of a packet that arrived ahead of a gap. */
  hold(sequence: number, datagram: Uint8Array, length: number, now: number, deliver: Deliver): void {
    if (this.held >= this.capacity) this.skipGap(deliver);
    let slot = this.slots.find((s) => !s.used);
    if (!slot) {
      slot = { sequence: 0, at: 0, length: 0, bytes: new Uint8Array(length), used: false };
      this.slots.push(slot);
    }
    if (slot.bytes.length < length) slot.bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) slot.bytes[i] = datagram[i]!;
    slot.sequence = sequence;
    slot.at = now;
    slot.length = length;
    slot.used = true;
    this.held++;
  }

  /** Delivers held packets that are now next in order. */
  releaseReady(deliver: Deliver): void {
    for (;;) {
      const next = this.slots.find((s) => s.used && s.sequence === this.expected);
      if (!next) return;
      next.used = false;
      this.held--;
      this.expected = (this.expected + 1) % SEQUENCE_WRAP;
      deliver(next.bytes, next.length);
    }
  }

  /** Releases held packets whose gap has waited `windowMs`. */
  service(now: number, windowMs: number, deliver: Deliver): void {
    while (this.held > 0) {
      let oldestAt = Infinity;
      for (const s of this.slots) if (s.used && s.at < oldestAt) oldestAt = s.at;
      if (now - oldestAt < windowMs) return;
      this.skipGap(deliver);
    }
  }

  /** Gives up on the gap before the lowest held packet and delivers from there. */
  private skipGap(deliver: Deliver): void {
    let lowest: HeldPacket | undefined;
    for (const s of this.slots) {
      if (s.used && (!lowest || ReorderBuffer.after(s.sequence, this.expected) < ReorderBuffer.after(lowest.sequence, this.expected))) lowest = s;
    }
    if (!lowest) return;
    this.expected = lowest.sequence;
    this.releaseReady(deliver);
  }

  reset(): void {
    this.expected = -1;
    this.held = 0;
    for (const s of this.slots) s.used = false;
  }
}
