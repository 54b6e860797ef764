/**
 * A bounded FIFO of attribute sets waiting to be sent. When full, the oldest entries go first:
 * telemetry is best effort, and the newest data is the most useful once mixer is back.
 */
export class ReportBuffer<T> {
  private items: T[] = [];

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  /** Appends; returns how many old entries were dropped to make room. */
  push(item: T): number {
    this.items.push(item);
    return this.trim();
  }

  /** Puts unsent entries back in front (they are older than anything buffered since). */
  requeue(items: readonly T[]): number {
    this.items = [...items, ...this.items];
    return this.trim();
  }

  /** Removes and returns up to `count` of the oldest entries. */
  take(count: number): T[] {
    return this.items.splice(0, count);
  }

  private trim(): number {
    const excess = this.items.length - this.capacity;
    if (excess <= 0) return 0;
    this.items.splice(0, excess);
    return excess;
  }
}
