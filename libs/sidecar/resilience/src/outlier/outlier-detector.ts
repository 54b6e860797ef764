/**
 * Envoy's outlier detection for one cluster: consecutive 5xx and consecutive gateway failures
 * (502/503/504 and connect failures) eject a host at once; it comes back after
 * base_ejection_time × (times it has been ejected); max_ejection_percent bounds how many are
 * out together. Istio 1.2 maps `consecutiveErrors` to gateway failures (5xx enforcing 0).
 * Time is passed in, so the owner decides the clock and runs `sweep` every `intervalMs`.
 */
export interface OutlierDetectionConfig {
  readonly consecutive5xx: number;
  readonly enforcingConsecutive5xx: number;
  readonly consecutiveGatewayFailure: number;
  readonly enforcingConsecutiveGatewayFailure: number;
  readonly intervalMs: number;
  readonly baseEjectionTimeMs: number;
  readonly maxEjectionPercent: number;
}

/** Envoy's defaults for fields a cluster leaves unset. */
export const DEFAULT_OUTLIER_DETECTION: OutlierDetectionConfig = {
  consecutive5xx: 5,
  enforcingConsecutive5xx: 100,
  consecutiveGatewayFailure: 5,
  enforcingConsecutiveGatewayFailure: 0,
  intervalMs: 10_000,
  baseEjectionTimeMs: 30_000,
  maxEjectionPercent: 10,
};

export type HostResult = { readonly kind: 'response'; readonly status: number } | { readonly kind: 'connect-failure' } | { readonly kind: 'reset' } | { readonly kind: 'timeout' };

interface HostState {
  consecutive5xx: number;
  consecutiveGateway: number;
  ejections: number;
  ejectedUntil: number | undefined;
}

export interface OutlierEvent {
  readonly host: string;
  readonly action: 'eject' | 'uneject';
  readonly type?: 'consecutive_5xx' | 'consecutive_gateway_failure';
  readonly ejections?: number;
}

export class OutlierDetector {
  #config: OutlierDetectionConfig;
  readonly #hosts = new Map<string, HostState>();
  readonly #random: () => number;
  readonly #onEvent: ((e: OutlierEvent) => void) | undefined;

  constructor(config: OutlierDetectionConfig, options: { random?: () => number; onEvent?: (e: OutlierEvent) => void } = {}) {
    this.#config = config;
    this.#random = options.random ?? Math.random;
    this.#onEvent = options.onEvent;
  }

  get config(): OutlierDetectionConfig {
    return this.#config;
  }

  update(config: OutlierDetectionConfig): void {
    this.#config = config;
  }

  /** Keeps state for hosts still present (an EDS update must not forgive an ejected host). */
  setHosts(hosts: readonly string[]): void {
    const keep = new Set(hosts);
    for (const h of [...this.#hosts.keys()]) if (!keep.has(h)) this.#hosts.delete(h);
    for (const h of hosts) if (!this.#hosts.has(h)) this.#hosts.set(h, { consecutive5xx: 0, consecutiveGateway: 0, ejections: 0, ejectedUntil: undefined });
  }

  isEjected(host: string): boolean {
    return this.#hosts.get(host)?.ejectedUntil !== undefined;
  }

  ejectedCount(): number {
    let n = 0;
    for (const s of this.#hosts.values()) if (s.ejectedUntil !== undefined) n++;
    return n;
  }

  /** Records the result of one request to `host` (after the response headers, or the failure). */
  record(host: string, result: HostResult, now: number): void {
    const state = this.#hosts.get(host);
    if (!state) return;
    const is5xx = result.kind !== 'response' || result.status >= 500;
    const isGateway = result.kind !== 'response' || result.status === 502 || result.status === 503 || result.status === 504;
    state.consecutive5xx = is5xx ? state.consecutive5xx + 1 : 0;
    state.consecutiveGateway = isGateway ? state.consecutiveGateway + 1 : 0;
    if (state.ejectedUntil !== undefined) return;
    const c = this.#config;
    if (isGateway && state.consecutiveGateway >= c.consecutiveGatewayFailure && this.#enforced(c.enforcingConsecutiveGatewayFailure)) {
      this.#eject(host, state, now, 'consecutive_gateway_failure');
    } else if (is5xx && state.consecutive5xx >= c.consecutive5xx && this.#enforced(c.enforcingConsecutive5xx)) {
      this.#eject(host, state, now, 'consecutive_5xx');
    }
  }

  /** The interval timer's work: return hosts whose ejection ran out; forgive healthy hosts' history. */
  sweep(now: number): void {
    for (const [host, state] of this.#hosts) {
      if (state.ejectedUntil !== undefined && now >= state.ejectedUntil) {
        state.ejectedUntil = undefined;
        state.consecutive5xx = 0;
        state.consecutiveGateway = 0;
        this.#onEvent?.({ host, action: 'uneject' });
      } else if (state.ejectedUntil === undefined && state.ejections > 0) {
        state.ejections--;
      }
    }
  }

  #enforced(percent: number): boolean {
    return percent >= 100 || (percent > 0 && this.#random() * 100 < percent);
  }

  #eject(host: string, state: HostState, now: number, type: 'consecutive_5xx' | 'consecutive_gateway_failure'): void {
    const total = this.#hosts.size;
    if (total === 0 || (100 * this.ejectedCount()) / total >= this.#config.maxEjectionPercent) return;
    state.ejections++;
    state.ejectedUntil = now + this.#config.baseEjectionTimeMs * state.ejections;
    this.#onEvent?.({ host, action: 'eject', type, ejections: state.ejections });
  }
}

/**
 * Envoy's panic mode: when fewer than `panicThresholdPercent` of hosts are healthy, balance
 * across all of them, healthy or not, rather than overload the few that are left.
 */
export function hostsToBalance<T>(hosts: readonly T[], healthy: (h: T) => boolean, panicThresholdPercent = 50): { hosts: readonly T[]; panic: boolean } {
  if (hosts.length === 0) return { hosts, panic: false };
  const ok = hosts.filter(healthy);
  if ((100 * ok.length) / hosts.length < panicThresholdPercent) return { hosts, panic: true };
  return { hosts: ok, panic: false };
}
