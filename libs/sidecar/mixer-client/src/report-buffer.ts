import type { AttributeBag } from '@tsmesh/shared-attributes';

/**
 * A bounded FIFO of attribute sets waiting to be sent. When full, the oldest entries go first:
 * telemetry is best effort, and the newest data is the most useful once mixer is back.
 */
export class ReportBuffer {
  private items: AttributeBag[] = [];

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  /** Appends; returns how many old entries were dropped to make room. */
  push(bag: AttributeBag): number {
    this.items.push(bag);
    return this.trim();
  }

  /** Puts unsent entries back in front (they are older than anything buffered since). */
  requeue(bags: readonly AttributeBag[]): number {
    this.items = [...bags, ...this.items];
    return this.trim();
  }

  /** Removes and returns up to `count` of the oldest entries. */
  take(count: number): AttributeBag[] {
    return this.items.splice(0, count);
  }

  private trim(): number {
    const excess = this.items.length - this.capacity;
    if (excess <= 0) return 0;
    this.items.splice(0, excess);
    return excess;
  }
}
