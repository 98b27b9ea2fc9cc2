/**
 * Errors the core throws for bad input or exhausted fixed-size storage. Each
 * carries the numbers that explain it so a caller can log or recover.
 */

/** A fixed-capacity store (entities, regions, a pool's queue) has no room, or an id lies outside it. */
export class CapacityError extends RangeError {
  override readonly name = 'CapacityError';
  /** The configured capacity that was exceeded. */
  readonly capacity: number;
  /** The offending value (an entity id, a count), or -1 when none applies. */
  readonly value: number;

  constructor(message: string, capacity: number, value = -1) {
    super(message);
    this.capacity = capacity;
    this.value = value;
  }
}
