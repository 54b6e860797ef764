export interface DebounceOptions {
  /** Quiet time after the last event before firing (Istio's PILOT_DEBOUNCE_AFTER, default 100ms). */
  readonly afterMs: number;
  /** Longest a burst can delay a fire (PILOT_DEBOUNCE_MAX, default 10s). */
  readonly maxMs: number;
}

/** Coalesces bursts of config events into one push. */
export class Debouncer {
  readonly #options: DebounceOptions;
  readonly #fire: () => void;
  #timer: NodeJS.Timeout | undefined;
  #firstEventAt: number | undefined;

  constructor(options: DebounceOptions, fire: () => void) {
    this.#options = options;
    this.#fire = fire;
  }

  trigger(): void {
    const now = Date.now();
    this.#firstEventAt ??= now;
    if (this.#timer) clearTimeout(this.#timer);
    const waited = now - this.#firstEventAt;
    const delay = Math.max(0, Math.min(this.#options.afterMs, this.#options.maxMs - waited));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#firstEventAt = undefined;
      this.#fire();
    }, delay);
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }
}
