/**
 * Envoy's per-cluster circuit breakers (the default priority's thresholds). Istio maps
 * DestinationRule connectionPool onto them: tcp.maxConnections → max_connections,
 * http.http1MaxPendingRequests → max_pending_requests, http.http2MaxRequests → max_requests,
 * http.maxRetries → max_retries. Overflow is refused at once (UO), never queued.
 */
export interface CircuitBreakerThresholds {
  readonly maxConnections: number;
  readonly maxPendingRequests: number;
  readonly maxRequests: number;
  readonly maxRetries: number;
}

/** Envoy's defaults when a cluster sets none. */
export const DEFAULT_THRESHOLDS: CircuitBreakerThresholds = { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 };

export interface RetryBudget {
  tryAcquireRetry(): boolean;
  releaseRetry(): void;
}

export interface CircuitBreakerStats {
  readonly thresholds: CircuitBreakerThresholds;
  readonly active: { readonly connections: number; readonly pending: number; readonly requests: number; readonly retries: number };
  /** Envoy's `upstream_cx_overflow`, `upstream_rq_pending_overflow`, `upstream_rq_retry_overflow`. */
  readonly overflow: { readonly connections: number; readonly pending: number; readonly requests: number; readonly retries: number };
  /** Envoy's `circuit_breakers.default.*_open` gauges: 1 while a resource is at its limit. */
  readonly open: { readonly connections: boolean; readonly pending: boolean; readonly requests: boolean; readonly retries: boolean };
}

type Resource = 'connections' | 'pending' | 'requests' | 'retries';
const LIMIT: Readonly<Record<Resource, keyof CircuitBreakerThresholds>> = {
  connections: 'maxConnections',
  pending: 'maxPendingRequests',
  requests: 'maxRequests',
  retries: 'maxRetries',
};

/** Counts what a cluster has in use and refuses what would exceed a threshold. */
export class CircuitBreaker implements RetryBudget {
  #thresholds: CircuitBreakerThresholds;
  readonly #active: Record<Resource, number> = { connections: 0, pending: 0, requests: 0, retries: 0 };
  readonly #overflow: Record<Resource, number> = { connections: 0, pending: 0, requests: 0, retries: 0 };

  constructor(thresholds: CircuitBreakerThresholds = DEFAULT_THRESHOLDS) {
    this.#thresholds = thresholds;
  }

  /** New thresholds apply to new acquisitions; what is in use stays counted (config updates keep state). */
  update(thresholds: CircuitBreakerThresholds): void {
    this.#thresholds = thresholds;
  }

  tryAcquire(resource: Resource): boolean {
    if (this.#active[resource] >= this.#thresholds[LIMIT[resource]]) {
      this.#overflow[resource]++;
      return false;
    }
    this.#active[resource]++;
    return true;
  }

  release(resource: Resource): void {
    if (this.#active[resource] > 0) this.#active[resource]--;
  }

  tryAcquireRetry(): boolean {
    return this.tryAcquire('retries');
  }

  releaseRetry(): void {
    this.release('retries');
  }

  stats(): CircuitBreakerStats {
    const open = (r: Resource) => this.#active[r] >= this.#thresholds[LIMIT[r]];
    return {
      thresholds: this.#thresholds,
      active: { ...this.#active },
      overflow: { ...this.#overflow },
      open: { connections: open('connections'), pending: open('pending'), requests: open('requests'), retries: open('retries') },
    };
  }
}
