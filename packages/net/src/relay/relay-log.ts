/**
 * A log channel for events that can arrive in floods (stray datagrams,
 * repeated refusals): the first event from each key (an endpoint) is written
 * at once, repeats at most once per interval with a count of those left out.
 */
const MAX_KEYS = 256;

export class RateLimitedLog {
  private last = Number.NEGATIVE_INFINITY;
  private suppressed = 0;
  // Once full, new keys share the interval limit with the repeats.
  private readonly seen = new Set<number>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `line` is built only when it will be written. */
  note(key: number, line: () => string): void {
    if (!this.seen.has(key) && this.seen.size < MAX_KEYS) {
      this.seen.add(key);
      this.log(line());
      return;
    }
    const t = this.now();
    if (t - this.last < this.intervalMs) {
      this.suppressed++;
      return;
    }
    const extra = this.suppressed > 0 ? ` (and ${this.suppressed} more left out of the log since ${Math.round((t - this.last) / 1000)} s ago)` : '';
    this.last = t;
    this.suppressed = 0;
    this.log(line() + extra);
  }

  /** Events left out since the last line written. */
  get pending(): number {
    return this.suppressed;
  }
}
