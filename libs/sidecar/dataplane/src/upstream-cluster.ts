import type { ClusterConfig, UpstreamEndpoint } from '@tsmesh/sidecar-xds-client';
import { CircuitBreaker, type CircuitBreakerThresholds, DEFAULT_OVERPROVISIONING_FACTOR, DEFAULT_THRESHOLDS, HashRing, hostsToBalance, OutlierDetector, type HostResult } from '@tsmesh/sidecar-resilience';
import { HostSet } from './host-set';
import { UpstreamHost } from './upstream-host';

export { UpstreamHost };

const MAX_ORIGINAL_DST_HOSTS = 256;

/** Envoy's normalized total health over several priorities is 100 %: Σ min(1, healthy share × 1.4) ≥ 1. */
function prioritiesCarryLoad(hosts: readonly UpstreamHost[], routable: (h: UpstreamHost) => boolean): boolean {
  const byPriority = new Map<number, { healthy: number; total: number }>();
  for (const h of hosts) {
    const p = byPriority.get(h.endpoint.priority ?? 0) ?? { healthy: 0, total: 0 };
    byPriority.set(h.endpoint.priority ?? 0, { healthy: p.healthy + (routable(h) ? 1 : 0), total: p.total + 1 });
  }
  const health = [...byPriority.values()].reduce((s, p) => s + Math.min(1, (p.healthy / p.total) * DEFAULT_OVERPROVISIONING_FACTOR), 0);
  return byPriority.size > 1 && health >= 1;
}

/** Why no host could take the request: UH no healthy host, UO circuit breaker overflow. */
export type PickFailure = { readonly flags: 'UH' | 'UO'; readonly reason: string };

/** Releases what `admit` granted; call exactly once when the attempt ends. */
export type Admission = () => void;

/**
 * One Envoy cluster on the data path: its hosts (one undici pool each), circuit breakers with
 * a FIFO of pending requests, outlier detection with its interval timer, and the load balancer
 * (round robin, least request, random, ring hash; locality/priority aware; panic mode).
 */
export class UpstreamCluster {
  private hosts: UpstreamHost[] = [];
  private set = new HostSet([], 'ROUND_ROBIN');
  private ring?: HashRing<UpstreamHost>;
  private readonly waiting: (() => void)[] = [];
  private readonly originals = new Map<string, UpstreamHost>();
  private sweepTimer?: NodeJS.Timeout;
  private activeRequests = 0;
  private readonly thresholds: CircuitBreakerThresholds;
  readonly breaker: CircuitBreaker;
  readonly outlier?: OutlierDetector;
  panic = false;
  rqTotal = 0;
  rq5xx = 0;
  rqRetry = 0;
  rqTimeout = 0;
  ejections = 0;

  constructor(readonly config: ClusterConfig) {
    this.thresholds = config.circuitBreakers ?? DEFAULT_THRESHOLDS;
    this.breaker = new CircuitBreaker(this.thresholds);
    const od = config.outlierDetection;
    if (od) {
      this.outlier = new OutlierDetector(od, { onEvent: (e) => this.onOutlierEvent(e.action) });
      this.sweepTimer = setInterval(() => this.outlier?.sweep(Date.now()), od.intervalMs).unref();
    }
  }

  get limits(): CircuitBreakerThresholds {
    return this.thresholds;
  }

  get active(): number {
    return this.activeRequests;
  }

  get pendingOverflow(): number {
    const o = this.breaker.stats().overflow;
    return o.pending + o.requests;
  }

  /** Replaces the endpoints, keeping the pools of hosts that stay (their connections survive); returns the hosts that left. */
  setEndpoints(endpoints: readonly UpstreamEndpoint[]): UpstreamHost[] {
    const old = new Map(this.hosts.map((h) => [h.key, h]));
    const next: UpstreamHost[] = [];
    for (const e of endpoints) {
      const key = `${e.address}:${e.port}`;
      const kept = old.get(key);
      if (kept) {
        kept.endpoint = e;
        next.push(kept);
        old.delete(key);
      } else next.push(new UpstreamHost(e, this.config));
    }
    this.hosts = next;
    this.outlier?.setHosts(next.map((h) => h.key));
    this.rebuild();
    return [...old.values()];
  }

  private onOutlierEvent(action: 'eject' | 'uneject'): void {
    if (action === 'eject') this.ejections++;
    this.rebuild();
  }

  /** Recomputes the balancing set: EDS-healthy hosts minus ejected ones, or all of them in panic. */
  private rebuild(): void {
    const routable = (h: UpstreamHost) => h.edsHealthy && !this.outlier?.isEjected(h.key);
    let { hosts, panic } = hostsToBalance(this.hosts, routable, this.config.panicThresholdPercent);
    // Envoy disregards the panic threshold while the priorities together are fully healthy:
    // locality failover then moves the whole load to a lower priority instead.
    if (panic && prioritiesCarryLoad(this.hosts, routable)) ({ hosts, panic } = { hosts: this.hosts.filter(routable), panic: false });
    this.panic = panic && this.hosts.length > 0;
    this.set = new HostSet(hosts, this.config.lbPolicy, panic ? hosts : this.hosts);
    const hashed = this.config.lbPolicy === 'RING_HASH' || this.config.lbPolicy === 'MAGLEV';
    this.ring = hashed ? new HashRing(hosts, this.config.ringHash?.minimumRingSize, this.config.ringHash?.maximumRingSize) : undefined;
  }

  /**
   * ORIGINAL_DST (Istio's PassthroughCluster): the host is the request's own destination. Hosts
   * are made on demand and the least recently used idle ones are closed past a cap.
   */
  pickOriginal(address: string, port: number): UpstreamHost {
    const key = `${address}:${port}`;
    let host = this.originals.get(key);
    if (host) this.originals.delete(key);
    else host = new UpstreamHost({ address, port, weight: 1 }, this.config);
    this.originals.set(key, host);
    if (this.originals.size > MAX_ORIGINAL_DST_HOSTS) {
      for (const [k, h] of this.originals) {
        if (h.active > 0) continue;
        this.originals.delete(k);
        void h.pool.close().catch(() => undefined);
        break;
      }
    }
    return host;
  }

  allHosts(): readonly UpstreamHost[] {
    return this.hosts;
  }

  isEjected(host: UpstreamHost): boolean {
    return this.outlier?.isEjected(host.key) ?? false;
  }

  /** Picks a host: by `hash` on the ring when the cluster hashes, else by the LB policy; `avoid` is the retry predicate. */
  pick(hash: number | undefined, avoid?: (h: UpstreamHost) => boolean): UpstreamHost | PickFailure {
    if (this.set.size === 0) return { flags: 'UH', reason: `no healthy endpoint in cluster ${this.config.name}` };
    if (this.ring && hash !== undefined) {
      const h = this.ring.pick(hash, (x) => !avoid?.(x)) ?? this.ring.pick(hash);
      if (h) return h;
    }
    return this.set.pick(avoid);
  }

  /**
   * Takes a request slot under the circuit breakers. HTTP/1.1 carries one request per
   * connection, so beyond max_connections a request waits as pending (FIFO, bounded by
   * max_pending_requests); beyond max_requests it overflows (UO) at once, as Envoy does.
   */
  admit(): Admission | Promise<Admission> | PickFailure {
    const t = this.thresholds;
    const mustWait = !this.config.http2 && (this.activeRequests >= t.maxConnections || this.waiting.length > 0);
    if (!mustWait) {
      if (!this.breaker.tryAcquire('requests')) return { flags: 'UO', reason: `cluster ${this.config.name} reached max_requests ${t.maxRequests}` };
      this.activeRequests++;
      return this.releaser();
    }
    if (!this.breaker.tryAcquire('pending')) {
      return { flags: 'UO', reason: `cluster ${this.config.name} reached max_pending_requests ${t.maxPendingRequests} with max_connections ${t.maxConnections} busy` };
    }
    return new Promise<Admission>((resolve) => {
      this.waiting.push(() => {
        this.breaker.release('pending');
        this.breaker.tryAcquire('requests');
        this.activeRequests++;
        resolve(this.releaser());
      });
    });
  }

  private releaser(): Admission {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.activeRequests--;
      this.breaker.release('requests');
      if (this.waiting.length > 0 && (this.config.http2 || this.activeRequests < this.thresholds.maxConnections)) this.waiting.shift()?.();
    };
  }

  /** Feeds outlier detection and the host's counters with one attempt's result. */
  record(host: UpstreamHost, result: HostResult): void {
    if (result.kind !== 'response' || result.status >= 500) {
      host.rq5xx++;
      this.rq5xx++;
    }
    this.outlier?.record(host.key, result, Date.now());
  }

  async close(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const w of this.waiting.splice(0)) w();
    await Promise.all([...this.hosts, ...this.originals.values()].map((h) => h.pool.close().catch(() => undefined)));
  }
}
