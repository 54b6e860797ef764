/**
 * Envoy's route retry policy (`retry_on`, `num_retries`, `per_try_timeout`, …) as the sidecar
 * evaluates it. Pure: the router asks "may I retry this outcome?" and "how long do I wait?".
 */
export interface RetryPolicy {
  readonly numRetries: number;
  /** 0 means the route timeout is the only limit. */
  readonly perTryTimeoutMs: number;
  readonly retryOn: ReadonlySet<RetryCondition>;
  readonly retriableStatusCodes: ReadonlySet<number>;
  /** Envoy's `envoy.retry_host_predicates.previous_hosts`: avoid hosts already tried. */
  readonly avoidPreviousHosts: boolean;
  /** How many times host selection may be redone to satisfy the predicate. */
  readonly hostSelectionRetryMaxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export const HTTP_RETRY_CONDITIONS = ['5xx', 'gateway-error', 'reset', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes'] as const;
export const GRPC_RETRY_CONDITIONS = ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'] as const;
export type RetryCondition = (typeof HTTP_RETRY_CONDITIONS)[number] | (typeof GRPC_RETRY_CONDITIONS)[number];

const KNOWN: ReadonlySet<string> = new Set([...HTTP_RETRY_CONDITIONS, ...GRPC_RETRY_CONDITIONS]);
const GRPC_CODE: Readonly<Record<string, number>> = { cancelled: 1, 'deadline-exceeded': 4, 'resource-exhausted': 8, internal: 13, unavailable: 14 };

/** What one attempt ended with. */
export type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly grpcStatus?: number }
  | { readonly kind: 'connect-failure' }
  | { readonly kind: 'refused-stream' }
  /** The upstream reset or closed before any response headers. */
  | { readonly kind: 'reset' }
  | { readonly kind: 'per-try-timeout' };

export class RetryPolicyError extends Error {}

/**
 * Parses Envoy's comma-separated `retry_on` (Istio passes `retryOn` through). Numeric entries
 * (`503`) are added to the retriable status codes and turn on `retriable-status-codes`.
 */
export function parseRetryOn(text: string): { conditions: Set<RetryCondition>; statusCodes: Set<number> } {
  const conditions = new Set<RetryCondition>();
  const statusCodes = new Set<number>();
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    if (/^\d{3}$/.test(item)) {
      statusCodes.add(Number(item));
      conditions.add('retriable-status-codes');
    } else if (KNOWN.has(item)) {
      conditions.add(item as RetryCondition);
    } else {
      throw new RetryPolicyError(`unknown retry_on condition "${item}"; expected one of ${[...KNOWN].join(', ')} or an HTTP status code`);
    }
  }
  return { conditions, statusCodes };
}

/** Whether Envoy would retry this outcome under `policy` (attempt budgets are checked elsewhere). */
export function isRetriable(outcome: AttemptOutcome, policy: RetryPolicy): boolean {
  const on = policy.retryOn;
  switch (outcome.kind) {
    case 'connect-failure':
      return on.has('connect-failure') || on.has('5xx') || on.has('gateway-error');
    case 'refused-stream':
      return on.has('refused-stream') || on.has('5xx');
    case 'reset':
      return on.has('reset') || on.has('5xx');
    case 'per-try-timeout':
      // A per-try timeout counts as a 504 from the upstream.
      return on.has('5xx') || on.has('gateway-error') || on.has('reset');
    case 'response':
      return responseRetriable(outcome.status, outcome.grpcStatus, policy);
  }
}

function responseRetriable(status: number, grpcStatus: number | undefined, policy: RetryPolicy): boolean {
  const on = policy.retryOn;
  if (status >= 500 && on.has('5xx')) return true;
  if ((status === 502 || status === 503 || status === 504) && on.has('gateway-error')) return true;
  if (status === 409 && on.has('retriable-4xx')) return true;
  if (on.has('retriable-status-codes') && policy.retriableStatusCodes.has(status)) return true;
  if (grpcStatus !== undefined) {
    for (const [name, code] of Object.entries(GRPC_CODE)) if (code === grpcStatus && on.has(name as RetryCondition)) return true;
  }
  return false;
}

/**
 * Envoy's fully jittered exponential back-off: before retry `n` (1-based) wait a random time in
 * [0, (2^n − 1) × base], capped at max. `random` is injectable for tests.
 */
export function retryBackoffMs(retry: number, policy: Pick<RetryPolicy, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.backoffMaxMs, (2 ** Math.min(retry, 30) - 1) * policy.backoffBaseMs);
  return Math.floor(random() * ceiling);
}

/** Envoy's defaults for a retry policy without an explicit back-off: 25 ms base, 10× max. */
export const DEFAULT_BACKOFF = { backoffBaseMs: 25, backoffMaxMs: 250 } as const;

/** Istio 1.2's policy for routes with no `retries` block (pilot sends it; kept here for direct use). */
export function istioDefaultRetryPolicy(): RetryPolicy {
  const { conditions, statusCodes } = parseRetryOn('connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes,503');
  return { numRetries: 2, perTryTimeoutMs: 0, retryOn: conditions, retriableStatusCodes: statusCodes, avoidPreviousHosts: true, hostSelectionRetryMaxAttempts: 3, ...DEFAULT_BACKOFF };
}
