import type { RetryBudget } from '../circuit-breaker/circuit-breaker';
import { type AttemptOutcome, isRetriable, type RetryPolicy, retryBackoffMs } from './retry-policy';

export type RetryVerdict =
  | { readonly retry: true; readonly backoffMs: number }
  /** `exhausted`: out of attempts; `overflow`: the cluster's max_retries is reached (URX/UO stats). */
  | { readonly retry: false; readonly reason: 'not-retriable' | 'exhausted' | 'overflow' | 'body-not-buffered' };

/**
 * The retry bookkeeping of one request: attempts used, hosts tried (for the previous-hosts
 * predicate) and the retry slot its in-flight retry holds in the cluster's budget. Call
 * `release()` when the request ends, whatever the outcome.
 */
export class RetryState {
  readonly #policy: RetryPolicy;
  readonly #budget: RetryBudget | undefined;
  readonly #triedHosts = new Set<string>();
  #retriesUsed = 0;
  #holdingSlot = false;

  constructor(policy: RetryPolicy, budget?: RetryBudget) {
    this.#policy = policy;
    this.#budget = budget;
  }

  get retriesUsed(): number {
    return this.#retriesUsed;
  }

  recordHost(host: string): void {
    this.#triedHosts.add(host);
  }

  /** True when `host` should be skipped by load balancing for the next attempt. */
  avoids(host: string): boolean {
    return this.#policy.avoidPreviousHosts && this.#triedHosts.has(host);
  }

  get hostSelectionAttempts(): number {
    return this.#policy.avoidPreviousHosts ? Math.max(1, this.#policy.hostSelectionRetryMaxAttempts) : 1;
  }

  /** Decides after a failed attempt; `bodyReplayable` is false when the request body was not buffered. */
  next(outcome: AttemptOutcome, bodyReplayable: boolean, random?: () => number): RetryVerdict {
    if (!isRetriable(outcome, this.#policy)) return { retry: false, reason: 'not-retriable' };
    if (this.#retriesUsed >= this.#policy.numRetries) return { retry: false, reason: 'exhausted' };
    if (!bodyReplayable) return { retry: false, reason: 'body-not-buffered' };
    // max_retries bounds retries in flight across the cluster: the finished attempt's slot is
    // given back before the next retry asks for one.
    this.release();
    if (this.#budget && !this.#budget.tryAcquireRetry()) return { retry: false, reason: 'overflow' };
    this.#holdingSlot = this.#budget !== undefined;
    this.#retriesUsed++;
    return { retry: true, backoffMs: retryBackoffMs(this.#retriesUsed, this.#policy, random) };
  }

  release(): void {
    if (this.#holdingSlot) this.#budget?.releaseRetry();
    this.#holdingSlot = false;
  }
}
