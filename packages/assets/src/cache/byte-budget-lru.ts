/**
 * A map that keeps the total size of its values under a byte budget,
 * evicting least recently used entries first. `get` counts as a use;
 * `peek` does not. A value larger than the whole budget is not kept.
 */
export class ByteBudgetLru<V> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  constructor(
    private budget: number,
    private readonly sizeOf: (value: V) => number,
    private readonly onEvict: (key: string, value: V) => void = () => {},
  ) {
    assertBudget(budget);
  }

  get bytes(): number {
    return this.used;
  }

  get budgetBytes(): number {
    return this.budget;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Stores `value` as the most recently used; false (and any old value under `key` dropped) when it is larger than the budget. */
  set(key: string, value: V): boolean {
    const bytes = this.sizeOf(value);
    this.delete(key);
    if (bytes > this.budget) return false;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    this.evictDownTo(this.budget);
    return true;
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.used -= entry.bytes;
    return true;
  }

  /** A new budget, applied at once (evicting). */
  setBudget(budget: number): void {
    assertBudget(budget);
    this.budget = budget;
    this.evictDownTo(budget);
  }

  /** Keys, least recently used first. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  private evictDownTo(limit: number): void {
    for (const [key, entry] of this.entries) {
      if (this.used <= limit) break;
      this.entries.delete(key);
      this.used -= entry.bytes;
      this.onEvict(key, entry.value);
    }
  }
}

function assertBudget(budget: number): void {
  if (!Number.isFinite(budget) || budget < 0) throw new RangeError(`a byte budget must be a finite number ≥ 0, got ${budget}`);
}
