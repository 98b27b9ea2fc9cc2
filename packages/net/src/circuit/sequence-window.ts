import { SEQUENCE_WRAP } from '@slv/protocol';

/**
 * Which recent sequence numbers have arrived, as a sliding bitmap: detects
 * duplicates (resends whose ack was lost, or datagrams the network copied)
 * without a set entry per packet. Sequence numbers wrap at 2^24.
 */
export class SequenceWindow {
  private readonly bits: Uint32Array;
  private readonly size: number;
  private highest = -1;

  /** `size` recent sequence numbers are remembered (a power of two). */
  constructor(size = 8192) {
    if ((size & (size - 1)) !== 0) throw new RangeError('SequenceWindow size must be a power of two');
    this.size = size;
    this.bits = new Uint32Array(size >>> 5);
  }

  /** Signed distance from b to a on the 2^24 circle. */
  private static delta(a: number, b: number): number {
    let d = (a - b) % SEQUENCE_WRAP;
    if (d > SEQUENCE_WRAP / 2) d -= SEQUENCE_WRAP;
    else if (d < -SEQUENCE_WRAP / 2) d += SEQUENCE_WRAP;
    return d;
  }

  /**
   * Records `sequence`; returns true when it was seen before. A number older
   * than the window counts as a duplicate: the sender gives up on a packet
   * long before thousands of newer ones have passed it.
   */
  record(sequence: number): boolean {
    const seq = sequence % SEQUENCE_WRAP;
    if (this.highest < 0) {
      this.highest = seq;
      this.set(seq);
      return false;
    }
    const d = SequenceWindow.delta(seq, this.highest);
    if (d > 0) {
      // Clear the slots the window slides over.
      const clear = Math.min(d, this.size);
      for (let i = 1; i <= clear; i++) this.unset((this.highest + i) % SEQUENCE_WRAP);
      this.highest = seq;
      this.set(seq);
      return false;
    }
    if (-d >= this.size) return true;
    if (this.isSet(seq)) return true;
    this.set(seq);
    return false;
  }

  reset(): void {
    this.bits.fill(0);
    this.highest = -1;
  }

  private set(seq: number): void {
    const slot = seq & (this.size - 1);
    this.bits[slot >>> 5]! |= 1 << (slot & 31);
  }

  private unset(seq: number): void {
    const slot = seq & (this.size - 1);
    this.bits[slot >>> 5]! &= ~(1 << (slot & 31));
  }

  private isSet(seq: number): boolean {
    const slot = seq & (this.size - 1);
    return (this.bits[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }
}
