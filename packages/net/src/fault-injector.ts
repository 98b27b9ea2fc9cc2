/**
 * Loss, duplication, reordering, delay and jitter on one direction of a link,
 * for tests and the embedded simulator's --loss/--dup/--reorder/--delay-ms.
 * Deterministic for a seed.
 */
import { seededRandom } from '@slv/core';
export interface FaultOptions {
  /** Probability a datagram is dropped. */
  loss?: number;
  /** Probability a datagram is sent twice. */
  duplicate?: number;
  /** Probability a datagram is held back so later ones overtake it. */
  reorder?: number;
  delayMs?: number;
  /** Extra random delay, uniform in [0, jitterMs). */
  jitterMs?: number;
  seed?: number;
}

export type Schedule = (run: () => void, delayMs: number) => void;

export interface FaultStats {
  sent: number;
  dropped: number;
  duplicated: number;
  reordered: number;
}

export function isFaultFree(options: FaultOptions): boolean {
  return !options.loss && !options.duplicate && !options.reorder && !options.delayMs && !options.jitterMs;
}

export class FaultInjector {
  readonly stats: FaultStats = { sent: 0, dropped: 0, duplicated: 0, reordered: 0 };
  private readonly random: () => number;
  private closed = false;

  constructor(
    private readonly options: FaultOptions,
    private readonly forward: (bytes: Uint8Array, length: number) => void,
    private readonly schedule: Schedule = (run, delayMs) => { setTimeout(run, delayMs); },
  ) {
    for (const key of ['loss', 'duplicate', 'reorder'] as const) {
      const p = options[key] ?? 0;
      if (!(p >= 0 && p <= 1)) throw new RangeError(`${key} must be a probability in [0, 1], got ${p}`);
    }
    this.random = seededRandom(options.seed ?? 1);
  }

  /** Sends through the faults. `bytes` may be reused by the caller after this returns. */
  send(bytes: Uint8Array, length: number): void {
    if (this.closed) return;
    this.stats.sent++;
    if (this.random() < (this.options.loss ?? 0)) {
      this.stats.dropped++;
      return;
    }
    const copies = this.random() < (this.options.duplicate ?? 0) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let c = 0; c < copies; c++) {
      let delay = (this.options.delayMs ?? 0) + this.random() * (this.options.jitterMs ?? 0);
      if (this.random() < (this.options.reorder ?? 0)) {
        this.stats.reordered++;
        delay += 5 + this.random() * 20;
      }
      const copy = bytes.slice(0, length);
      this.schedule(() => {
        // A delayed datagram outliving its link is lost, as it would be on a real network.
        if (!this.closed) this.forward(copy, copy.length);
      }, delay);
    }
  }

  /** Drops everything still in flight and everything sent from now on. */
  close(): void {
    this.closed = true;
  }
}
