import type { CircuitBreakerThresholds, ClusterConfig, UpstreamEndpoint } from '@tsmesh/sidecar-xds-client';
import { Pool } from 'undici';

const DEFAULT_LIMITS: CircuitBreakerThresholds = { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 };

/** One upstream host: its own undici Pool (connection limit from the circuit breaker) and counters. */
export class UpstreamHost {
  readonly pool: Pool;
  active = 0;
  rqTotal = 0;
  rq5xx = 0;
  cxFailures = 0;
  constructor(
    readonly endpoint: UpstreamEndpoint,
    cluster: ClusterConfig,
    limits: CircuitBreakerThresholds,
  ) {
    const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
    this.pool = new Pool(`http://${host}:${endpoint.port}`, {
      connections: limits.maxConnections,
      connectTimeout: cluster.connectTimeoutMs,
      allowH2: cluster.http2,
      // Timeouts are the router's (route timeout → UT), not undici's defaults.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }
  get key(): string {
    return `${this.endpoint.address}:${this.endpoint.port}`;
  }
}

/** Why a host could not be picked: UH no healthy host, UO circuit breaker overflow. */
export type PickFailure = { readonly flags: 'UH' | 'UO'; readonly reason: string };

/**
 * A cluster's load balancer over its healthy hosts. Round robin and random are O(1); least
 * request uses power of two choices. Endpoint sets are swapped whole on EDS updates.
 */
export class UpstreamCluster {
  private hosts: UpstreamHost[] = [];
  private healthy: UpstreamHost[] = [];
  private next = 0;
  readonly limits: CircuitBreakerThresholds;
  active = 0;
  rqTotal = 0;
  rq5xx = 0;
  pendingOverflow = 0;

  constructor(readonly config: ClusterConfig) {
    this.limits = config.circuitBreakers ?? DEFAULT_LIMITS;
  }

  /** Replaces the endpoints, keeping the pools of hosts that stay (so their connections survive). */
  setEndpoints(endpoints: readonly UpstreamEndpoint[]): UpstreamHost[] {
    const old = new Map(this.hosts.map((h) => [h.key, h]));
    const next: UpstreamHost[] = [];
    for (const e of endpoints) {
      const key = `${e.address}:${e.port}`;
      const kept = old.get(key);
      if (kept && kept.endpoint.weight === e.weight && kept.endpoint.health === e.health) {
        next.push(kept);
        old.delete(key);
      } else next.push(new UpstreamHost(e, this.config, this.limits));
    }
    this.hosts = next;
    // Envoy routes to UNKNOWN (health absent) and HEALTHY hosts; weights expand the round-robin ring.
    this.healthy = next.flatMap((h) => (h.endpoint.health === undefined || h.endpoint.health === 'HEALTHY' ? Array<UpstreamHost>(Math.max(1, h.endpoint.weight)).fill(h) : []));
    return [...old.values()];
  }

  allHosts(): readonly UpstreamHost[] {
    return this.hosts;
  }

  pick(): UpstreamHost | PickFailure {
    if (this.active >= this.limits.maxRequests) {
      this.pendingOverflow++;
      return { flags: 'UO', reason: `cluster ${this.config.name} reached max_requests ${this.limits.maxRequests}` };
    }
    const n = this.healthy.length;
    if (n === 0) return { flags: 'UH', reason: `no healthy endpoint in cluster ${this.config.name}` };
    if (this.config.lbPolicy === 'RANDOM') return this.healthy[Math.floor(Math.random() * n)] as UpstreamHost;
    if (this.config.lbPolicy === 'LEAST_REQUEST' && n > 1) {
      const a = this.healthy[Math.floor(Math.random() * n)] as UpstreamHost;
      const b = this.healthy[Math.floor(Math.random() * n)] as UpstreamHost;
      return a.active <= b.active ? a : b;
    }
    this.next = (this.next + 1) % n;
    return this.healthy[this.next] as UpstreamHost;
  }

  async close(): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.pool.close().catch(() => undefined)));
  }
}
