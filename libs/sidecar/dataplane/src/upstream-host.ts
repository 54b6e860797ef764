import type { ClusterConfig, UpstreamEndpoint } from '@tsmesh/sidecar-xds-client';
import { DEFAULT_THRESHOLDS } from '@tsmesh/sidecar-resilience';
// The whole of undici, not just lib/dispatcher/pool: requiring 'undici' is what adds request(),
// stream() and upgrade() to every Dispatcher (the mirror uses pool.request()).
import { Pool } from 'undici';

/** One upstream host: its own undici Pool (sizes from the cluster's circuit breakers) and counters. */
export class UpstreamHost {
  readonly pool: Pool;
  readonly key: string;
  active = 0;
  rqTotal = 0;
  rq5xx = 0;

  constructor(
    public endpoint: UpstreamEndpoint,
    cluster: ClusterConfig,
  ) {
    const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
    this.key = `${endpoint.address}:${endpoint.port}`;
    const idle = Math.min(cluster.idleTimeoutMs, 600_000);
    this.pool = new Pool(`http://${host}:${endpoint.port}`, {
      connections: (cluster.circuitBreakers ?? DEFAULT_THRESHOLDS).maxConnections,
      connectTimeout: cluster.connectTimeoutMs,
      allowH2: cluster.http2,
      // Upstream h2 without TLS is prior-knowledge h2c (gRPC apps, inbound h2 ports).
      ...({ useH2c: cluster.http2 && !cluster.tls } as object),
      maxRequestsPerClient: cluster.maxRequestsPerConnection > 0 ? cluster.maxRequestsPerConnection : undefined,
      keepAliveMaxTimeout: idle,
      keepAliveTimeout: Math.min(idle, 4_000),
      // Timeouts are the router's (route and per-try timeouts → UT), not undici's defaults.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  /** The ring hash weighs hosts by their EDS load_balancing_weight. */
  get weight(): number {
    return Math.max(1, this.endpoint.weight);
  }

  /** Envoy routes to UNKNOWN (health absent) and HEALTHY hosts. */
  get edsHealthy(): boolean {
    return this.endpoint.health === undefined || this.endpoint.health === 'HEALTHY';
  }
}
