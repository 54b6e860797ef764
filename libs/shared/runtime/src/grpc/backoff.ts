export interface BackoffOptions {
  /** Delay before the first retry; default 100ms. */
  readonly initialMs?: number;
  /** Cap of the un-jittered delay; default 15s. */
  readonly maxMs?: number;
  /** Growth per attempt; default 2. */
  readonly multiplier?: number;
  /** Each delay is spread uniformly over ±jitter of itself; default 0.2. */
  readonly jitter?: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

/**
 * Exponential backoff with jitter, following gRPC's connection-backoff algorithm: the base delay
 * grows by `multiplier` up to `maxMs`, then jitter spreads it by ±`jitter`, so a delay may end
 * up to `jitter` above `maxMs`. Jitter keeps a fleet of sidecars from reconnecting in lockstep
 * when pilot restarts.
 */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
  readonly jitter: number;
  private readonly random: () => number;
  private failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 15_000;
    this.multiplier = options.multiplier ?? 2;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs >= 0 && this.maxMs >= this.initialMs && this.multiplier >= 1 && this.jitter >= 0 && this.jitter <= 1)) {
      throw new RangeError('Backoff needs 0 <= initialMs <= maxMs, multiplier >= 1 and 0 <= jitter <= 1');
    }
  }

  /** Number of delays handed out since construction or the last reset(). */
  get attempt(): number {
    return this.failures;
  }

  /** The delay before the next attempt, in ms; each call moves one step up the curve. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.multiplier ** this.failures);
    this.failures++;
    const spread = base * this.jitter * (2 * this.random() - 1);
    return Math.max(0, Math.round(base + spread));
  }

  /** Back to `initialMs`; call after a connection proved healthy. */
  reset(): void {
    this.failures = 0;
  }
}
